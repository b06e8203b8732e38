// Where a warning applies. A drawn polygon must close, have at most 1000 positions and lie within the municipality:
// the convex hull of its areas and address points, with a margin (the outermost houses are not the boundary).
import { MAX_POLYGON_POINTS } from '../../../common/contracts/warnings.ts';
import type { FieldError } from '../../platform/errors.ts';
import { AppError } from '../../platform/errors.ts';
import { validateGeometry } from '../geo/index.ts';

type Position = [number, number]; // [longitude, latitude]
export type WarningPolygonGeometry = { type: 'Polygon'; coordinates: Position[][] };

/** How far outside the hull of the municipality's known places a drawn vertex may lie. */
export const HULL_MARGIN_METRES = 1000;

const fail = (errors: FieldError[]) => new AppError('validation_failed', 'The warning area is not valid.', errors);

/** Checks the ring and its size; returns the polygon without altitudes. */
export function checkPolygon(polygon: unknown, at: string): WarningPolygonGeometry {
  const { geometry, errors } = validateGeometry(polygon, at);
  if (errors.length || !geometry) throw fail(errors.map((e) => ({ ...e, code: e.detail.includes('not closed') ? 'polygon_open' : (e.code ?? 'invalid') })));
  if (geometry.type !== 'Polygon') throw fail([{ pointer: `${at}/type`, detail: 'use a Polygon', code: 'invalid' }]);
  const ring = geometry.coordinates[0];
  if (ring.length > MAX_POLYGON_POINTS + 1) {
    throw fail([
      {
        pointer: `${at}/coordinates/0`,
        detail: `the area has ${ring.length} positions; at most ${MAX_POLYGON_POINTS} are allowed`,
        code: 'too_many_points',
        params: { maximum: MAX_POLYGON_POINTS },
      },
    ]);
  }
  return { type: 'Polygon', coordinates: [ring as Position[]] };
}

/** Andrew's monotone chain: the convex hull of the points, counter-clockwise, not closed. */
export function convexHull(points: Position[]): Position[] {
  const sorted = [...points].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const unique = sorted.filter((p, i) => i === 0 || p[0] !== sorted[i - 1][0] || p[1] !== sorted[i - 1][1]);
  if (unique.length < 3) return unique;
  const cross = (o: Position, a: Position, b: Position) => (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0]);
  const half = (list: Position[]) => {
    const out: Position[] = [];
    for (const p of list) {
      while (out.length >= 2 && cross(out[out.length - 2], out[out.length - 1], p) <= 0) out.pop();
      out.push(p);
    }
    out.pop();
    return out;
  };
  return [...half(unique), ...half([...unique].reverse())];
}

/** Metres from a point to a segment, on a local flat projection (fine at a municipality's scale). */
function distanceToSegment(p: Position, a: Position, b: Position): number {
  const kx = 111_320 * Math.cos((p[1] * Math.PI) / 180);
  const ky = 110_540;
  const [px, py] = [p[0] * kx, p[1] * ky];
  const [ax, ay] = [a[0] * kx, a[1] * ky];
  const [bx, by] = [b[0] * kx, b[1] * ky];
  const dx = bx - ax;
  const dy = by - ay;
  const len = dx * dx + dy * dy;
  const s = len === 0 ? 0 : Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / len));
  return Math.hypot(px - (ax + s * dx), py - (ay + s * dy));
}

function insideConvex(p: Position, hull: Position[]): boolean {
  if (hull.length < 3) return false;
  for (let i = 0; i < hull.length; i++) {
    const a = hull[i];
    const b = hull[(i + 1) % hull.length];
    if ((b[0] - a[0]) * (p[1] - a[1]) - (b[1] - a[1]) * (p[0] - a[0]) < 0) return false;
  }
  return true;
}

/** Whether the point lies in the hull or within the margin of it. */
export function nearHull(p: Position, hull: Position[], margin = HULL_MARGIN_METRES): boolean {
  if (insideConvex(p, hull)) return true;
  if (hull.length === 1) return distanceToSegment(p, hull[0], hull[0]) <= margin;
  return hull.some((a, i) => distanceToSegment(p, a, hull[(i + 1) % hull.length]) <= margin);
}

/** Refuses a polygon with a vertex outside the municipality's known places (or when it has none to check against). */
export function checkWithinTenant(polygon: WarningPolygonGeometry, places: Position[], at: string) {
  const hull = convexHull(places);
  if (!hull.length) {
    throw fail([
      {
        pointer: at,
        detail: 'this municipality has no areas or address points yet, so a drawn area cannot be placed; warn the whole municipality or chosen streets',
        code: 'no_geography',
      },
    ]);
  }
  const ring = polygon.coordinates[0];
  const outside = ring.findIndex((p) => !nearHull(p, hull));
  if (outside >= 0) {
    throw fail([
      {
        pointer: `${at}/coordinates/0/${outside}`,
        detail: 'this point lies outside the municipality (its areas and address points); draw the area within it',
        code: 'outside_tenant',
      },
    ]);
  }
}

/** CAP 1.2 polygon: "lat,lon" pairs separated by spaces, the first repeated at the end. */
export function capPolygon(polygon: WarningPolygonGeometry): string {
  return polygon.coordinates[0].map(([lng, lat]) => `${lat},${lng}`).join(' ');
}

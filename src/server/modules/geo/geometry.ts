// GeoJSON polygons in plain TypeScript: validation with JSON pointers, point in polygon (holes respected), bounding boxes.
import type { FieldError } from '../../platform/errors.ts';

type Position = [number, number]; // GeoJSON order: [longitude, latitude]
type Ring = Position[];
export type AreaGeometry = { type: 'Polygon'; coordinates: Ring[] } | { type: 'MultiPolygon'; coordinates: Ring[][] };

export interface BBox {
  minLat: number;
  maxLat: number;
  minLng: number;
  maxLng: number;
}

function validateRing(ring: unknown, at: string, errors: FieldError[]) {
  if (!Array.isArray(ring) || ring.length < 4) {
    errors.push({ pointer: at, detail: 'a ring needs at least 4 positions (the first repeated at the end)' });
    return;
  }
  ring.forEach((p, i) => {
    if (!Array.isArray(p) || p.length < 2 || typeof p[0] !== 'number' || typeof p[1] !== 'number' || !Number.isFinite(p[0]) || !Number.isFinite(p[1])) {
      errors.push({ pointer: `${at}/${i}`, detail: 'a position is [longitude, latitude] in numbers' });
    } else if (p[0] < -180 || p[0] > 180) errors.push({ pointer: `${at}/${i}/0`, detail: 'longitude must be between -180 and 180 (WGS 84)' });
    else if (p[1] < -90 || p[1] > 90) errors.push({ pointer: `${at}/${i}/1`, detail: 'latitude must be between -90 and 90 (WGS 84)' });
  });
  const first = ring[0] as unknown[];
  const last = ring[ring.length - 1] as unknown[];
  if (Array.isArray(first) && Array.isArray(last) && (first[0] !== last[0] || first[1] !== last[1])) {
    errors.push({ pointer: `${at}/${ring.length - 1}`, detail: 'the ring is not closed: the last position must equal the first' });
  }
}

function validatePolygon(rings: unknown, at: string, errors: FieldError[]) {
  if (!Array.isArray(rings) || rings.length === 0) {
    errors.push({ pointer: at, detail: 'a polygon is a list of rings (outer ring first, then holes)' });
    return;
  }
  for (const [i, ring] of rings.entries()) validateRing(ring, `${at}/${i}`, errors);
}

/** Checks a GeoJSON Polygon or MultiPolygon; every problem comes with a JSON pointer under `at`. */
export function validateGeometry(geometry: unknown, at: string): { geometry?: AreaGeometry; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const g = geometry as { type?: unknown; coordinates?: unknown } | null;
  if (!g || typeof g !== 'object') return { errors: [{ pointer: at, detail: 'must be a GeoJSON Polygon or MultiPolygon object' }] };
  if (g.type === 'Polygon') validatePolygon(g.coordinates, `${at}/coordinates`, errors);
  else if (g.type === 'MultiPolygon') {
    if (!Array.isArray(g.coordinates) || g.coordinates.length === 0)
      errors.push({ pointer: `${at}/coordinates`, detail: 'a MultiPolygon is a list of polygons' });
    else for (const [i, p] of g.coordinates.entries()) validatePolygon(p, `${at}/coordinates/${i}`, errors);
  } else errors.push({ pointer: `${at}/type`, detail: `"${String(g.type)}" is not accepted; use Polygon or MultiPolygon` });
  if (errors.length) return { errors };
  const coordinates = (g.coordinates as unknown[]).map(function strip(x: unknown): unknown {
    return Array.isArray(x) && typeof x[0] === 'number' ? [x[0], x[1]] : (x as unknown[]).map(strip); // drop altitudes
  });
  return { geometry: { type: g.type, coordinates } as AreaGeometry, errors };
}

const polygonsOf = (g: AreaGeometry): Ring[][] => (g.type === 'Polygon' ? [g.coordinates] : g.coordinates);

function inRing(lat: number, lng: number, ring: Ring): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i];
    const [xj, yj] = ring[j];
    if (yi > lat !== yj > lat && lng < ((xj - xi) * (lat - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** Ray casting: inside the outer ring of some polygon and inside none of its holes. */
export function pointInPolygon(lat: number, lng: number, geometry: AreaGeometry): boolean {
  return polygonsOf(geometry).some(([outer, ...holes]) => inRing(lat, lng, outer) && !holes.some((h) => inRing(lat, lng, h)));
}

export function boundingBox(geometry: AreaGeometry): BBox {
  const box = { minLat: 90, maxLat: -90, minLng: 180, maxLng: -180 };
  for (const [outer] of polygonsOf(geometry)) {
    for (const [lng, lat] of outer) {
      box.minLat = Math.min(box.minLat, lat);
      box.maxLat = Math.max(box.maxLat, lat);
      box.minLng = Math.min(box.minLng, lng);
      box.maxLng = Math.max(box.maxLng, lng);
    }
  }
  return box;
}

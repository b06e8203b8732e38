// The rules a feed applies to each alert: status and scope a municipality can pass on, minimum severity, event types,
// and the alert's area (polygons, circles) intersecting the municipality's boundary (the hull of its areas and street
// points). A rule that fails says why, in English, for the console's list of dropped alerts.
import booleanIntersects from '@turf/boolean-intersects';
import circle from '@turf/circle';
import convex from '@turf/convex';
import { featureCollection, multiPoint, point, polygon } from '@turf/helpers';
import { WARNING_SEVERITIES, type WarningSeverity } from '../../../../common/states.ts';
import type { CapAlert, CapArea, LatLon } from './cap-parse.ts';

export type Boundary = NonNullable<ReturnType<typeof convex>> | ReturnType<typeof multiPoint>;

/** Points as [longitude, latitude] (GeoJSON order), from the municipality's areas and street points. */
export function boundaryOf(points: Array<[number, number]>): Boundary | null {
  if (points.length === 0) return null;
  const hull = points.length >= 3 ? convex(featureCollection(points.map((p) => point(p)))) : null;
  return hull ?? multiPoint(points);
}

const ringToLonLat = (ring: LatLon[]) => ring.map(([lat, lon]) => [lon, lat]);

function areaIntersects(area: CapArea, boundary: Boundary): boolean {
  for (const ring of area.polygons) if (booleanIntersects(polygon([ringToLonLat(ring)]), boundary)) return true;
  for (const c of area.circles) {
    const shape = c.radiusKm > 0 ? circle([c.lon, c.lat], c.radiusKm, { steps: 32, units: 'kilometers' }) : point([c.lon, c.lat]);
    if (booleanIntersects(shape, boundary)) return true;
  }
  return false;
}

export interface FeedRules {
  minSeverity: WarningSeverity;
  eventTypes: string[];
  requireAreaIntersection: boolean;
}

const rank = (s: WarningSeverity) => WARNING_SEVERITIES.indexOf(s);

/** Why the alert does not pass, or null when it does. */
export function ruleProblem(alert: CapAlert, rules: FeedRules, boundary: Boundary | null, now = new Date()): string | null {
  if (!['actual', 'exercise', 'test'].includes(alert.status)) return `status ${alert.status || 'missing'} is not passed on`;
  if (alert.scope && alert.scope !== 'public') return `scope ${alert.scope} is not public`;
  const info = alert.info;
  if (!info) return 'the alert has no info block';
  if (info.expires && Date.parse(info.expires) <= now.getTime()) return 'the alert has expired';
  if (!info.severity) return 'severity unknown';
  if (rank(info.severity) < rank(rules.minSeverity)) return `severity ${info.severity} is below ${rules.minSeverity}`;
  if (rules.eventTypes.length && !rules.eventTypes.some((e) => e.toLowerCase() === info.event.toLowerCase()))
    return `event "${info.event.slice(0, 80)}" is not in the feed's list`;
  if (rules.requireAreaIntersection) {
    if (!boundary) return 'the municipality has no areas or street points to compare the alert area with';
    const shaped = info.areas.filter((a) => a.polygons.length || a.circles.length);
    if (!shaped.length) return 'the alert area has no polygon or circle';
    if (!shaped.some((a) => areaIntersects(a, boundary))) return 'the alert area lies outside the municipality';
  }
  return null;
}

/** The same rules on what an index entry tells before its document is fetched (CAP feeds extension). */
export function entryProblem(
  entry: { event: string | null; severity: string | null; polygon: LatLon[] | null; noArea: boolean },
  rules: FeedRules,
  boundary: Boundary | null,
) {
  const severity = entry.severity as WarningSeverity | null;
  if (severity && WARNING_SEVERITIES.includes(severity) && rank(severity) < rank(rules.minSeverity)) return true;
  if (entry.event && rules.eventTypes.length && !rules.eventTypes.some((e) => e.toLowerCase() === entry.event?.toLowerCase())) return true;
  if (rules.requireAreaIntersection && entry.noArea) return true;
  if (rules.requireAreaIntersection && boundary && entry.polygon && !booleanIntersects(polygon([ringToLonLat(entry.polygon)]), boundary)) return true;
  return false;
}

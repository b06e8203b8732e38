// Which follows lie in given streets (house number ranges) or areas (point in polygon). One rule for the audience of a
// message and for the staff's residents list, so a list filtered by place shows whom a message there would reach.
import { inArray, type SQL, sql } from 'drizzle-orm';
import type { Tx } from '../../platform/db/client.ts';
import { areas, streets } from '../../platform/db/schema.ts';
import { invalid } from '../../platform/errors.ts';
import { type AreaGeometry, boundingBox, pointInPolygon } from './geometry.ts';
import { inRanges } from './ranges.ts';

/** SQL for the follow's columns in the caller's query (`f.street_id`, or a Drizzle column). */
export interface PlaceColumns {
  streetId: SQL;
  lat: SQL;
  lng: SQL;
}

export interface PlaceCandidate {
  streetId: string | null;
  houseNumber: string | null;
  lat: number | null;
  lng: number | null;
}

export interface PlaceMatcher {
  /** A coarse condition (street ids, bounding boxes) that keeps every follow that can match. */
  narrow(columns: PlaceColumns): SQL;
  /** The exact rule: on the street within its house number ranges, or inside an area (holes respected). */
  matches(candidate: PlaceCandidate): boolean;
}

/**
 * Loads the streets and areas of this tenant (RLS) and answers the place rule for them; null when none is asked for.
 * An id that does not exist here is refused with a pointer (`pointers.streetIds` / `pointers.areaIds`).
 */
export async function placeMatcher(
  tx: Tx,
  q: { streetIds?: string[]; areaIds?: string[] },
  pointers: { streetIds: string; areaIds: string },
): Promise<PlaceMatcher | null> {
  if (!q.streetIds?.length && !q.areaIds?.length) return null;
  const streetRows = q.streetIds?.length
    ? await tx.select({ id: streets.id, ranges: streets.ranges }).from(streets).where(inArray(streets.id, q.streetIds))
    : [];
  const areaRows = q.areaIds?.length ? await tx.select({ id: areas.id, geometry: areas.geometry }).from(areas).where(inArray(areas.id, q.areaIds)) : [];
  const missingStreet = q.streetIds?.find((id) => !streetRows.some((s) => s.id === id));
  if (missingStreet) throw invalid(pointers.streetIds, `street ${missingStreet} does not exist`, 'not_found_here');
  const missingArea = q.areaIds?.find((id) => !areaRows.some((a) => a.id === id));
  if (missingArea) throw invalid(pointers.areaIds, `area ${missingArea} does not exist`, 'not_found_here');
  const shapes = areaRows.map((a) => a.geometry as unknown as AreaGeometry);
  const boxes = shapes.map(boundingBox);
  const rangesOf = new Map(streetRows.map((s) => [s.id, s.ranges]));
  return {
    narrow(c) {
      const place: SQL[] = [];
      if (streetRows.length) place.push(sql`${c.streetId} = any(${sql.param(streetRows.map((s) => s.id))}::uuid[])`);
      for (const b of boxes) place.push(sql`(${c.lat} between ${b.minLat} and ${b.maxLat} and ${c.lng} between ${b.minLng} and ${b.maxLng})`);
      return place.length ? sql`(${sql.join(place, sql` or `)})` : sql`false`;
    },
    matches(c) {
      const ranges = c.streetId ? rangesOf.get(c.streetId) : undefined;
      if (ranges && inRanges(c.houseNumber, ranges)) return true;
      return c.lat !== null && c.lng !== null && shapes.some((g) => pointInPolygon(c.lat!, c.lng!, g));
    },
  };
}

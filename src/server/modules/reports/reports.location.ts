// Where a report may lie, and the address nearest to its pin. "Inside the municipality" is the bounding box of its
// drawn areas and street points, widened by 500 m: a pin on the edge of town (a bench just past the last house) is
// still accepted, one in another town is not. A municipality with neither accepts any point in Germany.
import { sql } from 'drizzle-orm';
import { queryRows, type Tx } from '../../platform/db/client.ts';

const METRES_PER_DEGREE_LAT = 111_320;
const MARGIN_M = 500;
const GERMANY = { south: 47.2, north: 55.1, west: 5.8, east: 15.1 };
/** How far from the pin an address of the street directory may lie to be offered as the report's address. */
export const NEAREST_ADDRESS_M = 150;

export interface Box {
  south: number;
  north: number;
  west: number;
  east: number;
}

/** Great-circle distance in metres (haversine). */
export function distanceM(a: { lat: number; lng: number }, b: { lat: number; lng: number }): number {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLng = (b.lng - a.lng) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLng / 2) ** 2;
  return 2 * 6_371_000 * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** The degrees of latitude and longitude that `metres` span at this latitude. */
export function degreesFor(metres: number, lat: number): { dLat: number; dLng: number } {
  const dLat = metres / METRES_PER_DEGREE_LAT;
  const cos = Math.max(0.01, Math.cos((lat * Math.PI) / 180));
  return { dLat, dLng: dLat / cos };
}

function eachPosition(geometry: unknown, visit: (lng: number, lat: number) => void) {
  const walk = (node: unknown) => {
    if (!Array.isArray(node)) return;
    if (node.length >= 2 && typeof node[0] === 'number' && typeof node[1] === 'number') visit(node[0], node[1]);
    else for (const child of node) walk(child);
  };
  walk((geometry as { coordinates?: unknown } | null)?.coordinates);
}

/** The municipality's box (areas and street points), widened by the margin; null when it has neither. */
export async function municipalityBox(tx: Tx): Promise<Box | null> {
  let box: Box | null = null;
  const add = (lat: number, lng: number) => {
    if (!Number.isFinite(lat) || !Number.isFinite(lng)) return;
    box = box
      ? { south: Math.min(box.south, lat), north: Math.max(box.north, lat), west: Math.min(box.west, lng), east: Math.max(box.east, lng) }
      : { south: lat, north: lat, west: lng, east: lng };
  };
  const [points] = await queryRows<{ south: number | null; north: number | null; west: number | null; east: number | null }>(
    tx,
    sql`select min(lat) as south, max(lat) as north, min(lng) as west, max(lng) as east from street_points`,
  );
  if (points?.south != null && points.north != null && points.west != null && points.east != null) {
    add(points.south, points.west);
    add(points.north, points.east);
  }
  const areas = await queryRows<{ geometry: unknown }>(tx, sql`select geometry from areas`);
  for (const a of areas) eachPosition(a.geometry, (lng, lat) => add(lat, lng));
  const found = box as Box | null;
  if (!found) return null;
  const margin = degreesFor(MARGIN_M, Math.max(Math.abs(found.south), Math.abs(found.north)));
  return { south: found.south - margin.dLat, north: found.north + margin.dLat, west: found.west - margin.dLng, east: found.east + margin.dLng };
}

const within = (b: Box, p: { lat: number; lng: number }) => p.lat >= b.south && p.lat <= b.north && p.lng >= b.west && p.lng <= b.east;

/** Whether a pin lies inside the municipality (see the file comment). */
export async function insideMunicipality(tx: Tx, p: { lat: number; lng: number }): Promise<boolean> {
  const box = await municipalityBox(tx);
  return within(box ?? GERMANY, p);
}

/** "Hauptstraße 3" (or the street alone) of the street directory nearest to the pin within `maxM`, or null. */
export async function nearestAddress(
  tx: Tx,
  p: { lat: number; lng: number },
  maxM = NEAREST_ADDRESS_M,
): Promise<{ address: string; streetId: string; distanceM: number } | null> {
  const { dLat, dLng } = degreesFor(maxM, p.lat);
  const rows = await queryRows<{ streetId: string; name: string; houseNumber: string; lat: number; lng: number }>(
    tx,
    sql`select s.id as "streetId", s.name, sp.house_number as "houseNumber", sp.lat, sp.lng
          from street_points sp join streets s on s.tenant_id = sp.tenant_id and s.id = sp.street_id
         where sp.lat between ${p.lat - dLat} and ${p.lat + dLat} and sp.lng between ${p.lng - dLng} and ${p.lng + dLng}
         limit 2000`,
  );
  let best: { address: string; streetId: string; distanceM: number } | null = null;
  for (const r of rows) {
    const d = distanceM(p, r);
    if (d > maxM || (best && d >= best.distanceM)) continue;
    best = { address: r.houseNumber ? `${r.name} ${r.houseNumber}` : r.name, streetId: r.streetId, distanceM: d };
  }
  return best;
}

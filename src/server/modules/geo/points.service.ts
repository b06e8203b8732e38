// Coordinates for residents: address points in the street directory, and the follows placed on them, so that drawn
// areas match residents by point in polygon (places.ts) without anyone typing coordinates.
import { sql } from 'drizzle-orm';
import { type Actor, recordAudit } from '../../platform/audit.ts';
import type { AppDeps } from '../../platform/context.ts';
import { executeCount, type Tx } from '../../platform/db/client.ts';
import { streetPoints, streets } from '../../platform/db/schema.ts';
import { type AddressPoint, readPointsCsv, readPointsGeoJson } from './points.ts';
import type { ImportMode, RowError } from './streets.service.ts';

export interface PointImportResult {
  imported: number;
  /** Streets the file named that were not in the directory and were added (the row had a postcode). */
  streetsAdded: number;
  /** Residents whose coordinates were set or moved by this import. */
  residentsPlaced: number;
  committed: boolean;
  errors: RowError[];
}

/**
 * Sets the coordinates of follows from the street directory: the point of their house number, else the street's own
 * point, else the middle of the street's points; none (null) when their street has no point or they have no street.
 */
export async function locateFollows(tx: Tx, which: { followIds: string[] } | { residentIds: string[] } | { streetIds: string[] }): Promise<number> {
  const where =
    'followIds' in which
      ? sql`f.id = any(${sql.param(which.followIds)}::uuid[])`
      : 'residentIds' in which
        ? sql`f.resident_id = any(${sql.param(which.residentIds)}::uuid[])`
        : sql`f.street_id = any(${sql.param(which.streetIds)}::uuid[])`;
  return executeCount(
    tx,
    sql`
    update follows f set (lat, lng) = (
      select c.lat, c.lng from (
        select p.lat, p.lng, 1 as rank from street_points p
         where p.street_id = f.street_id and p.house_number <> '' and p.house_number = lower(regexp_replace(coalesce(f.house_number, ''), '\\s+', '', 'g'))
        union all
        select p.lat, p.lng, 2 from street_points p where p.street_id = f.street_id and p.house_number = ''
        union all
        select avg(p.lat), avg(p.lng), 3 from street_points p where p.street_id = f.street_id having count(*) > 0
      ) c order by c.rank limit 1)
    where ${where}`,
  );
}

type StreetRef = { id: string; name: string; postcode: string };

/** The directory's street for a point: same name (case ignored) and, when the point has one, the same postcode. */
function resolve(byName: Map<string, StreetRef[]>, p: AddressPoint): StreetRef | RowError | null {
  const candidates = (byName.get(p.street.toLowerCase()) ?? []).filter((s) => !p.postcode || s.postcode === p.postcode);
  if (candidates.length === 1) return candidates[0];
  if (candidates.length > 1)
    return {
      line: p.line,
      field: 'postcode',
      detail: `"${p.street}" is in the directory under several postcodes (${candidates.map((s) => s.postcode).join(', ')}); add a postcode`,
    };
  if (!p.postcode)
    return {
      line: p.line,
      field: 'street',
      detail: `"${p.street}" is not in the street directory; import the street list first, or give a postcode to add it`,
    };
  return null; // to be added
}

async function streetsByName(tx: Tx) {
  const byName = new Map<string, StreetRef[]>();
  for (const s of await tx.select({ id: streets.id, name: streets.name, postcode: streets.postcode }).from(streets))
    byName.set(s.name.toLowerCase(), [...(byName.get(s.name.toLowerCase()) ?? []), s]);
  return byName;
}

/** Imports address points (CSV text or a GeoJSON object); residents on the streets concerned get their coordinates. */
export async function importAddressPoints(
  deps: AppDeps,
  actor: Actor,
  tenantId: string,
  input: string | unknown,
  mode: ImportMode = 'valid-rows',
): Promise<PointImportResult> {
  const read = typeof input === 'string' ? readPointsCsv(input) : readPointsGeoJson(input);
  const errors = [...read.errors];
  const nothing = { imported: 0, streetsAdded: 0, residentsPlaced: 0, committed: false };
  if (mode === 'all-or-nothing' && errors.length) return { ...nothing, errors };
  return deps.db.withTenant(tenantId, async (tx) => {
    let byName = await streetsByName(tx);
    const missing = new Map<string, { tenantId: string; name: string; postcode: string }>();
    for (const p of read.points)
      if (resolve(byName, p) === null) missing.set(`${p.street.toLowerCase()}\u0000${p.postcode}`, { tenantId, name: p.street, postcode: p.postcode });
    const rowErrors = read.points.map((p) => resolve(byName, p)).filter((r): r is RowError => r !== null && 'line' in r);
    errors.push(...rowErrors);
    errors.sort((a, b) => a.line - b.line); // in file order, as the file's own errors are
    if ((mode === 'all-or-nothing' && errors.length) || read.points.length === rowErrors.length) return { ...nothing, errors };
    if (missing.size) {
      await tx
        .insert(streets)
        .values([...missing.values()])
        .onConflictDoNothing();
      byName = await streetsByName(tx);
    }
    // one row per street and house number (the last in the file wins), as ON CONFLICT cannot touch a row twice
    const rows = new Map<string, typeof streetPoints.$inferInsert>();
    for (const p of read.points) {
      const street = resolve(byName, p);
      if (street && !('line' in street))
        rows.set(`${street.id}\u0000${p.houseNumber}`, { tenantId, streetId: street.id, houseNumber: p.houseNumber, lat: p.lat, lng: p.lng });
    }
    const values = [...rows.values()];
    for (let i = 0; i < values.length; i += 1000) {
      await tx
        .insert(streetPoints)
        .values(values.slice(i, i + 1000))
        .onConflictDoUpdate({
          target: [streetPoints.tenantId, streetPoints.streetId, streetPoints.houseNumber],
          set: { lat: sql`excluded.lat`, lng: sql`excluded.lng` },
        });
    }
    const residentsPlaced = await locateFollows(tx, { streetIds: [...new Set(values.map((v) => v.streetId))] });
    const imported = read.points.length - rowErrors.length;
    await recordAudit(tx, tenantId, actor, {
      action: 'streets.points-import',
      objectType: 'street',
      details: { imported, streetsAdded: missing.size, residentsPlaced, rejectedRows: new Set(errors.map((e) => e.line)).size },
    });
    return { imported, streetsAdded: missing.size, residentsPlaced, committed: true, errors };
  });
}

/** How many points each street has, for the console's street list. */
export async function pointCounts(tx: Tx): Promise<Map<string, number>> {
  const rows = await tx.select({ streetId: streetPoints.streetId, n: sql<number>`count(*)::int` }).from(streetPoints).groupBy(streetPoints.streetId);
  return new Map(rows.map((r) => [r.streetId, r.n]));
}

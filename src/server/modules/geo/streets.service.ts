// The tenant's street list: CSV import with a row-by-row report, search, population, removal.
import { asc, eq, ilike, sql } from 'drizzle-orm';
import type { Actor } from '../../platform/audit.ts';
import { recordAudit } from '../../platform/audit.ts';
import type { AppDeps } from '../../platform/context.ts';
import { follows, streets } from '../../platform/db/schema.ts';
import { notFound } from '../../platform/errors.ts';
import { parseCsvColumns } from './csv.ts';
import { pointCounts } from './points.service.ts';
import { type HouseRange, parseRanges } from './ranges.ts';

export type ImportMode = 'valid-rows' | 'all-or-nothing';

export interface RowError {
  line: number;
  field: string;
  detail: string;
}

export interface StreetImportResult {
  imported: number;
  committed: boolean;
  errors: RowError[];
}

const COLUMNS = {
  street: ['street', 'strasse', 'straße', 'name', 'streetname', 'strassenname'],
  houseNumbers: ['housenumbers', 'housenumber', 'hausnummern', 'hausnummer', 'ranges', 'range', 'nummern', 'hausnummernbereich'],
  postcode: ['postcode', 'plz', 'postleitzahl', 'zip'],
  district: ['district', 'ortsteil', 'stadtteil', 'bezirk'],
  population: ['population', 'einwohner', 'residents', 'inhabitants'],
} as const;

interface StreetRow {
  name: string;
  postcode: string;
  district: string | null;
  ranges: HouseRange[];
  population: number | null;
}

/** Checks every row; rows of the same street (name and postcode) are merged, their ranges joined. */
export function readStreetsCsv(text: string): { rows: StreetRow[]; errors: RowError[] } {
  const { records, col, errors } = parseCsvColumns(text, COLUMNS);
  if (!col.postcode) errors.push({ line: 1, field: 'postcode', detail: 'no postcode column (PLZ)' });
  if (errors.length) return { rows: [], errors };
  const byKey = new Map<string, StreetRow>();
  for (const { line, values } of records) {
    const name = values[col.street!];
    const postcode = values[col.postcode!];
    const rangesText = col.houseNumbers ? values[col.houseNumbers] : '';
    const popText = col.population ? values[col.population] : '';
    const rowErrors: RowError[] = [];
    if (!name) rowErrors.push({ line, field: 'street', detail: 'is empty' });
    else if (name.length > 200) rowErrors.push({ line, field: 'street', detail: 'is longer than 200 characters' });
    if (!/^\d{4,5}$/.test(postcode))
      rowErrors.push({ line, field: 'postcode', detail: postcode ? `"${postcode}" is not a postcode (4 or 5 digits)` : 'is empty' });
    const ranges = rangesText ? parseRanges(rangesText) : [];
    if (typeof ranges === 'string') rowErrors.push({ line, field: 'houseNumbers', detail: ranges });
    const population = popText ? Number(popText.replace(/[.\s]/g, '')) : null;
    if (population !== null && (!Number.isInteger(population) || population < 0))
      rowErrors.push({ line, field: 'population', detail: `"${popText}" is not a whole number` });
    if (rowErrors.length || typeof ranges === 'string') {
      errors.push(...rowErrors);
      continue;
    }
    const key = `${name.toLowerCase()}\u0000${postcode}`;
    const seen = byKey.get(key);
    if (seen) {
      seen.ranges.push(...ranges);
      if (population !== null) seen.population = (seen.population ?? 0) + population;
    } else byKey.set(key, { name, postcode, district: (col.district && values[col.district]) || null, ranges, population });
  }
  return { rows: [...byKey.values()], errors };
}

/** Imports a street list. Existing streets (same name and postcode) get the file's ranges, district and population. */
export async function importStreetsCsv(
  deps: AppDeps,
  actor: Actor,
  tenantId: string,
  text: string,
  mode: ImportMode = 'valid-rows',
): Promise<StreetImportResult> {
  const { rows, errors } = readStreetsCsv(text);
  if ((mode === 'all-or-nothing' && errors.length) || !rows.length) return { imported: 0, committed: false, errors };
  await deps.db.withTenant(tenantId, async (tx) => {
    for (let i = 0; i < rows.length; i += 1000) {
      await tx
        .insert(streets)
        .values(rows.slice(i, i + 1000).map((r) => ({ tenantId, ...r })))
        .onConflictDoUpdate({
          target: [streets.tenantId, streets.name, streets.postcode],
          set: {
            ranges: sql`excluded.ranges`,
            district: sql`coalesce(excluded.district, streets.district)`,
            population: sql`coalesce(excluded.population, streets.population)`,
          },
        });
    }
    await recordAudit(tx, tenantId, actor, {
      action: 'streets.import',
      objectType: 'street',
      details: { imported: rows.length, rejectedRows: new Set(errors.map((e) => e.line)).size },
    });
  });
  return { imported: rows.length, committed: true, errors };
}

export async function listStreets(deps: AppDeps, tenantId: string, q?: string) {
  const items = await deps.db.withTenant(tenantId, async (tx) => {
    const rows = await tx
      .select()
      .from(streets)
      .where(q ? ilike(streets.name, `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`) : undefined)
      .orderBy(asc(streets.name), asc(streets.postcode))
      .limit(500);
    const points = await pointCounts(tx);
    // how many address points give this street's residents their coordinates (0: areas cannot place them)
    return rows.map((r) => ({ ...r, points: points.get(r.id) ?? 0 }));
  });
  return { items };
}

export async function updateStreet(deps: AppDeps, actor: Actor, tenantId: string, id: string, patch: { population?: number | null; district?: string | null }) {
  return deps.db.withTenant(tenantId, async (tx) => {
    const [row] = await tx.update(streets).set(patch).where(eq(streets.id, id)).returning();
    if (!row) throw notFound('This street');
    await recordAudit(tx, tenantId, actor, { action: 'street.update', objectType: 'street', objectId: id, details: patch });
    return row;
  });
}

/** Removes a street; residents who chose it keep their follow, without a street. */
export async function deleteStreet(deps: AppDeps, actor: Actor, tenantId: string, id: string) {
  await deps.db.withTenant(tenantId, async (tx) => {
    const [row] = await tx.delete(streets).where(eq(streets.id, id)).returning({ id: streets.id });
    if (!row) throw notFound('This street');
    await tx.update(follows).set({ streetId: null }).where(eq(follows.streetId, id));
    await recordAudit(tx, tenantId, actor, { action: 'street.delete', objectType: 'street', objectId: id });
  });
}

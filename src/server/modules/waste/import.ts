// CSV import of collection dates (header typ;bezirk;strasse;datum;hinweis, `;` or `,`, UTF-8 with or without BOM):
// every row is checked and reported with its line; the rows are written in one transaction only when all are valid
// (a dry run never writes). A date that exists already (in the calendar or earlier in the file) is reported, not doubled.
import { sql } from 'drizzle-orm';
import type { WasteImportInput, WasteImportReport, WasteImportRow } from '../../../common/contracts/waste.ts';
import { isoDay } from '../../../common/contracts/waste.ts';
import { eachCsvRecord, findColumn } from '../../../common/csv.ts';
import { type Actor, recordAudit } from '../../platform/audit.ts';
import type { AppDeps } from '../../platform/context.ts';
import { queryRows, type Tx } from '../../platform/db/client.ts';
import { wasteDates } from '../../platform/db/schema.ts';
import type { TenantRow } from '../../platform/tenancy.ts';
import * as repo from './waste.repository.ts';
import { changeWaste } from './waste.service.ts';

export const WASTE_IMPORT_MAX_ROWS = 20_000;

const COLUMNS = {
  typ: ['typ', 'type', 'abfallart'],
  bezirk: ['bezirk', 'district', 'abfuhrbezirk'],
  strasse: ['strasse', 'straße', 'street'],
  datum: ['datum', 'date', 'tag'],
  hinweis: ['hinweis', 'note', 'bemerkung'],
} as const;
type Column = keyof typeof COLUMNS;

interface Lookups {
  types: Map<string, string>;
  districts: Map<string, string>;
  /** Street name (lower case) → ids; a name with two ids (two postcodes) is ambiguous. */
  streets: Map<string, string[]>;
}

interface Candidate {
  typeId: string;
  districtId: string | null;
  streetId: string | null;
  day: string;
  note: string;
}

const key = (c: Candidate) => `${c.typeId}|${c.districtId ?? c.streetId}|${c.day}`;

/** "2026-12-24" or "24.12.2026" as "YYYY-MM-DD", or null when it is no calendar date. */
export function parseDay(text: string): string | null {
  const t = text.trim();
  const german = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(t);
  const iso = german ? `${german[3]}-${german[2].padStart(2, '0')}-${german[1].padStart(2, '0')}` : t;
  return isoDay.safeParse(iso).success ? iso : null;
}

async function loadLookups(tx: Tx, tenantId: string): Promise<Lookups> {
  const types = new Map<string, string>();
  for (const t of await repo.listTypeRows(tx, tenantId)) {
    types.set(t.code.toLowerCase(), t.id);
    types.set(t.name.trim().toLowerCase(), t.id);
  }
  const districts = new Map((await repo.listDistricts(tx, tenantId)).map((d) => [d.name.trim().toLowerCase(), d.id]));
  const streets = new Map<string, string[]>();
  for (const s of await queryRows<{ id: string; name: string }>(tx, sql`select id, name from streets where tenant_id = ${tenantId}`)) {
    const k = s.name.trim().toLowerCase();
    streets.set(k, [...(streets.get(k) ?? []), s.id]);
  }
  return { types, districts, streets };
}

/** One row checked: the date to write, or the errors by column. */
function checkRow(cell: (c: Column) => string, l: Lookups): { candidate?: Candidate; errors: WasteImportRow['errors'] } {
  const errors: WasteImportRow['errors'] = [];
  const typeId = l.types.get(cell('typ').toLowerCase());
  if (!typeId)
    errors.push(
      cell('typ')
        ? { column: 'typ', code: 'unknown_type', message: `"${cell('typ')}" is no waste type code or name` }
        : { column: 'typ', code: 'required', message: 'is missing' },
    );
  const [district, street] = [cell('bezirk'), cell('strasse')];
  let districtId: string | null = null;
  let streetId: string | null = null;
  if (!district === !street) errors.push({ column: district ? 'strasse' : 'bezirk', code: 'one_target', message: 'give exactly one of bezirk and strasse' });
  else if (district) {
    districtId = l.districts.get(district.toLowerCase()) ?? null;
    if (!districtId) errors.push({ column: 'bezirk', code: 'unknown_district', message: `"${district}" is no district` });
  } else {
    const ids = l.streets.get(street.toLowerCase()) ?? [];
    if (ids.length === 1) streetId = ids[0];
    else
      errors.push(
        ids.length
          ? { column: 'strasse', code: 'ambiguous_street', message: `"${street}" names several streets (postcodes)` }
          : { column: 'strasse', code: 'unknown_street', message: `"${street}" is no street of the directory` },
      );
  }
  const day = parseDay(cell('datum'));
  if (!day) errors.push({ column: 'datum', code: 'invalid_date', message: 'must be a date YYYY-MM-DD or DD.MM.YYYY' });
  const note = cell('hinweis');
  if (note.length > 500) errors.push({ column: 'hinweis', code: 'too_long', message: 'must be at most 500 characters' });
  if (errors.length || !typeId || !day) return { errors };
  return { candidate: { typeId, districtId, streetId, day, note }, errors };
}

async function existingKeys(tx: Tx, tenantId: string, cands: Candidate[]): Promise<Set<string>> {
  if (!cands.length) return new Set();
  const days = cands.map((c) => c.day).sort();
  const rows = await queryRows<{ k: string }>(
    tx,
    sql`select type_id || '|' || coalesce(district_id, street_id) || '|' || day::text as k from waste_dates
         where tenant_id = ${tenantId} and day between ${days[0]} and ${days[days.length - 1]}`,
  );
  return new Set(rows.map((r) => r.k));
}

interface Checked {
  rows: WasteImportRow[];
  fresh: Candidate[];
  fileError?: WasteImportRow;
}

async function checkFile(tx: Tx, tenantId: string, csv: string): Promise<Checked> {
  const records: Array<{ cells: string[]; line: number }> = [];
  eachCsvRecord(csv, (cells, line) => records.push({ cells, line }));
  const [head, ...body] = records;
  const header = head?.cells.map((h) => h.trim()) ?? [];
  const index = {} as Record<Column, number>;
  const missing: string[] = [];
  for (const col of Object.keys(COLUMNS) as Column[]) {
    const found = findColumn(header, [...COLUMNS[col]]);
    index[col] = found === undefined ? -1 : header.indexOf(found);
    if (found === undefined && col !== 'hinweis') missing.push(col);
  }
  const headErr = (message: string) => ({
    rows: [],
    fresh: [],
    fileError: { line: head?.line ?? 1, status: 'error' as const, errors: [{ column: '', code: 'file', message }] },
  });
  if (missing.length) return headErr(`the header typ;bezirk;strasse;datum;hinweis lacks: ${missing.join(', ')}`);
  if (!body.length) return headErr('there are no rows below the header');
  if (body.length > WASTE_IMPORT_MAX_ROWS) return headErr(`at most ${WASTE_IMPORT_MAX_ROWS} rows per file`);
  const lookups = await loadLookups(tx, tenantId);
  const checked = body.map((r) => ({ line: r.line, ...checkRow((c) => (index[c] >= 0 ? (r.cells[index[c]] ?? '').trim() : ''), lookups) }));
  const existing = await existingKeys(
    tx,
    tenantId,
    checked.flatMap((r) => (r.candidate ? [r.candidate] : [])),
  );
  const fresh: Candidate[] = [];
  const rows = checked.map((r): WasteImportRow => {
    if (!r.candidate) return { line: r.line, status: 'error', errors: r.errors };
    const k = key(r.candidate);
    if (existing.has(k)) return { line: r.line, status: 'duplicate', errors: [] };
    existing.add(k);
    fresh.push(r.candidate);
    return { line: r.line, status: 'ok', errors: [] };
  });
  return { rows, fresh };
}

function reportOf(rows: WasteImportRow[], written: boolean): WasteImportReport {
  const count = (s: WasteImportRow['status']) => rows.filter((r) => r.status === s).length;
  return { written, rows, totals: { rows: rows.length, ok: count('ok'), duplicates: count('duplicate'), errors: count('error') } };
}

export async function importWasteCsv(deps: AppDeps, actor: Actor, tenant: TenantRow, input: Required<WasteImportInput>): Promise<WasteImportReport> {
  const checked = await deps.db.withTenant(tenant.id, (tx) => checkFile(tx, tenant.id, input.csv));
  if (checked.fileError) return reportOf([checked.fileError], false);
  const report = reportOf(checked.rows, false);
  if (input.dryRun || report.totals.errors > 0 || checked.fresh.length === 0) return report;
  // checked again inside the writing transaction, so a date added meanwhile is reported rather than a unique violation
  return changeWaste(deps, tenant, async (tx) => {
    const again = await checkFile(tx, tenant.id, input.csv);
    const final = reportOf(again.rows, true);
    if (final.totals.errors) return { ...final, written: false };
    for (let i = 0; i < again.fresh.length; i += 1000)
      await tx.insert(wasteDates).values(again.fresh.slice(i, i + 1000).map((c) => ({ ...c, tenantId: tenant.id, source: 'import' })));
    await recordAudit(tx, tenant.id, actor, {
      action: 'waste_dates.imported',
      objectType: 'waste_date',
      details: { rows: final.totals.rows, written: again.fresh.length, duplicates: final.totals.duplicates },
    });
    return final;
  });
}

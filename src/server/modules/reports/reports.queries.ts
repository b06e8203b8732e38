// Reports, the read side: the staff list (keyset pages, newest first), the map (reports.map.ts),
// one report in full (the reporter's contact only when asked for, and then audited), the CSV rows, and the public view
// for the portal (no personal data). Every query runs in the tenant's transaction (row-level security on every table).
import { and, desc, eq, gte, inArray, isNull, lt, lte, or, type SQL, sql } from 'drizzle-orm';
import type { z } from 'zod';
import { REPORT_TOTAL_CAP, type ReportSummary, type reportList, type reportListQuery } from '../../../common/contracts/reports.ts';
import { OPEN_REPORT_STATUSES } from '../../../common/states.ts';
import type { AppDeps } from '../../platform/context.ts';
import { queryRows, type Tx } from '../../platform/db/client.ts';
import { departments, reportCategories, reports, staffUsers } from '../../platform/db/schema.ts';
import { decodeCursor, encodeCursor, type KeysetCursor as Cursor, olderThan } from '../../platform/cursor.ts';
import { presentSummary } from './reports.present.ts';
import type { ReportWho } from './reports.service.ts';

export { getReport } from './reports.detail.ts';
export { type PublicReportsQuery, publicReport, publicReports } from './reports.public.ts';
export { type MapQuery, mapStatuses, mapWhere, reportMapJson, reportMapQuery } from './reports.map.ts';

export type ListQuery = z.output<typeof reportListQuery>;
export type ListFilter = Omit<ListQuery, 'cursor' | 'limit'>;

const OPEN = inArray(reports.status, [...OPEN_REPORT_STATUSES]);
/** `%` and `_` typed by a user are searched as themselves. */
const likeEscape = (q: string) => q.replace(/[\\%_]/g, (c) => `\\${c}`);

/** The conditions of a list cut; `userId` is whoever asks (for "mine"). Only reports columns: the count reuses them. */
export function listWhere(tenantId: string, userId: string, f: ListFilter): SQL {
  const w: Array<SQL | undefined> = [eq(reports.tenantId, tenantId)];
  if (f.view === 'open') w.push(OPEN);
  if (f.view === 'mine') w.push(OPEN, eq(reports.assigneeId, userId));
  if (f.view === 'unassigned') w.push(OPEN, isNull(reports.assigneeId));
  if (f.view === 'overdue') w.push(OPEN, lt(reports.nextDueAt, sql`now()`));
  if (f.status) w.push(eq(reports.status, f.status));
  if (f.categoryId) w.push(eq(reports.categoryId, f.categoryId));
  if (f.departmentId) w.push(eq(reports.departmentId, f.departmentId));
  if (f.assigneeId) w.push(eq(reports.assigneeId, f.assigneeId));
  if (f.from) w.push(gte(reports.createdAt, new Date(f.from)));
  if (f.to) w.push(lte(reports.createdAt, new Date(f.to)));
  if (f.q) {
    const like = `%${likeEscape(f.q)}%`;
    const text = or(sql`${reports.description} ilike ${like}`, sql`${reports.address} ilike ${like}`);
    w.push(/^\d{1,15}$/.test(f.q) ? or(eq(reports.number, Number(f.q)), text) : text);
  }
  return and(...w) as SQL;
}

const summaryFields = {
  id: reports.id,
  number: reports.number,
  status: reports.status,
  categoryId: reports.categoryId,
  categoryName: reportCategories.name,
  description: reports.description,
  lat: reports.lat,
  lng: reports.lng,
  address: reports.address,
  source: reports.source,
  contactKind: reports.contactKind,
  departmentId: reports.departmentId,
  departmentName: departments.name,
  assigneeId: reports.assigneeId,
  assigneeName: sql<string | null>`coalesce(nullif(${staffUsers.name}, ''), ${staffUsers.email})`,
  photoCount: sql<number>`(select count(*)::int from report_photos p where p.tenant_id = ${reports.tenantId} and p.report_id = ${reports.id})`,
  pendingPhotos: sql<number>`(select count(*)::int from report_photos p
    where p.tenant_id = ${reports.tenantId} and p.report_id = ${reports.id} and p.status = 'pending')`,
  nextDueAt: reports.nextDueAt,
  expectedAt: reports.expectedAt,
  closedAt: reports.closedAt,
  createdAt: reports.createdAt,
  updatedAt: reports.updatedAt,
  // the exact position for the next page: a Date would lose the microseconds
  cursorAt: sql<string>`${reports.createdAt}::text`,
};

function summaryQuery(tx: Tx) {
  return tx
    .select(summaryFields)
    .from(reports)
    .leftJoin(reportCategories, and(eq(reportCategories.tenantId, reports.tenantId), eq(reportCategories.id, reports.categoryId)))
    .leftJoin(departments, and(eq(departments.tenantId, reports.tenantId), eq(departments.id, reports.departmentId)))
    .leftJoin(staffUsers, eq(staffUsers.id, reports.assigneeId))
    .$dynamic();
}

/** One page of rows, newest first, after the cursor's position (reports_created_idx answers the order). */
async function pageRows(tx: Tx, where: SQL, limit: number, after: Cursor | null) {
  const keyset = after ? olderThan(reports.createdAt, reports.id, after) : undefined;
  return summaryQuery(tx).where(and(where, keyset)).orderBy(desc(reports.createdAt), desc(reports.id)).limit(limit);
}

/** How many match, counted up to `cap` only: an exact count over a hundred thousand rows is not worth its cost. */
async function countUpTo(tx: Tx, where: SQL, cap: number): Promise<number> {
  const [row] = await queryRows<{ n: number }>(tx, sql`select count(*)::int as n from (select 1 from reports where ${where} limit ${cap}) t`);
  return Number(row?.n ?? 0);
}

export async function listReports(deps: AppDeps, who: ReportWho, query: ListQuery): Promise<z.input<typeof reportList>> {
  const { cursor, limit, ...filter } = query;
  const after = decodeCursor(cursor);
  return deps.db.withTenant(who.tenant.id, async (tx) => {
    const where = listWhere(who.tenant.id, who.userId, filter);
    const rows = await pageRows(tx, where, limit + 1, after);
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    const next = rows.length > limit && last ? encodeCursor(last.cursorAt, last.id) : null;
    return { items: page.map(presentSummary), next, total: await countUpTo(tx, where, REPORT_TOTAL_CAP) };
  });
}

/** Every matching report in pages (the CSV export): `visit` gets each page; stops after `max` rows. */
export async function eachReportPage(deps: AppDeps, who: ReportWho, filter: ListFilter, max: number, visit: (rows: ReportSummary[]) => void): Promise<number> {
  const PAGE = 1000;
  let after: Cursor | null = null;
  let seen = 0;
  while (seen < max) {
    const rows = await deps.db.withTenant(who.tenant.id, (tx) => pageRows(tx, listWhere(who.tenant.id, who.userId, filter), Math.min(PAGE, max - seen), after));
    if (!rows.length) break;
    visit(rows.map(presentSummary));
    seen += rows.length;
    const last = rows.at(-1)!;
    after = { at: last.cursorAt, id: last.id };
    if (rows.length < PAGE) break;
  }
  return seen;
}

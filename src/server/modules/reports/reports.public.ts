// Reports as the public sees them (the portal's list, map and report page): category, status, place, expected date,
// approved photo ids and public comments. Never the reporter, internal comments, assignees or pending photos.
import { and, asc, desc, eq, inArray, type SQL, sql } from 'drizzle-orm';
import type { PublicReport } from '../../../common/contracts/reports.ts';
import { OPEN_REPORT_STATUSES, REPORT_STATUSES, type ReportStatus } from '../../../common/states.ts';
import type { AppDeps } from '../../platform/context.ts';
import type { Tx } from '../../platform/db/client.ts';
import { reportCategories, reportItems, reportPhotos, reports } from '../../platform/db/schema.ts';
import { decodeCursor, encodeCursor, olderThan } from '../../platform/cursor.ts';
import { invalid } from '../../platform/errors.ts';
import type { TenantRow } from '../../platform/tenancy.ts';

export interface PublicReportsQuery {
  /** west,south,east,north in degrees, as a string or numbers. */
  bbox?: string | [number, number, number, number];
  /** One status, or 'open' (the three open ones) or 'closed' (the others). */
  status?: ReportStatus | 'open' | 'closed';
  categoryId?: string;
  /** 1–500, default 20. */
  limit?: number;
  cursor?: string;
}

const CLOSED = REPORT_STATUSES.filter((s) => !(OPEN_REPORT_STATUSES as readonly string[]).includes(s));

const publicFields = {
  id: reports.id,
  number: reports.number,
  status: reports.status,
  categoryName: reportCategories.name,
  description: reports.description,
  lat: reports.lat,
  lng: reports.lng,
  address: reports.address,
  expectedAt: reports.expectedAt,
  createdAt: reports.createdAt,
  updatedAt: reports.updatedAt,
  cursorAt: sql<string>`${reports.createdAt}::text`,
};

function selectPublic(tx: Tx, where: SQL | undefined) {
  return tx
    .select(publicFields)
    .from(reports)
    .leftJoin(reportCategories, and(eq(reportCategories.tenantId, reports.tenantId), eq(reportCategories.id, reports.categoryId)))
    .where(where);
}
type Row = Awaited<ReturnType<typeof selectPublic>>[number];

/** Approved photos and public comments of these reports, two queries for a whole page. */
async function present(tx: Tx, tenantId: string, rows: Row[]): Promise<PublicReport[]> {
  if (!rows.length) return [];
  const ids = rows.map((r) => r.id);
  const photos = await tx
    .select({ id: reportPhotos.id, reportId: reportPhotos.reportId })
    .from(reportPhotos)
    .where(and(eq(reportPhotos.tenantId, tenantId), inArray(reportPhotos.reportId, ids), eq(reportPhotos.status, 'approved')))
    .orderBy(asc(reportPhotos.position), asc(reportPhotos.createdAt));
  const comments = await tx
    .select({ reportId: reportItems.reportId, body: reportItems.body, createdAt: reportItems.createdAt })
    .from(reportItems)
    .where(and(eq(reportItems.tenantId, tenantId), inArray(reportItems.reportId, ids), eq(reportItems.kind, 'public')))
    .orderBy(asc(reportItems.createdAt), asc(reportItems.id));
  return rows.map((r) => ({
    number: r.number,
    status: r.status,
    categoryName: r.categoryName ?? '',
    description: r.description,
    lat: r.lat,
    lng: r.lng,
    address: r.address,
    expectedAt: r.expectedAt ? r.expectedAt.toISOString() : null,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
    photos: photos.filter((p) => p.reportId === r.id).map((p) => p.id),
    publicComments: comments.filter((c) => c.reportId === r.id).map((c) => ({ body: c.body, createdAt: c.createdAt.toISOString() })),
  }));
}

function parseBbox(bbox: PublicReportsQuery['bbox']): [number, number, number, number] | null {
  if (!bbox) return null;
  const box = (typeof bbox === 'string' ? bbox.split(',').map(Number) : bbox) as [number, number, number, number];
  const [w, s, e, n] = box;
  if (box.length !== 4 || !box.every(Number.isFinite) || !(w < e && s < n))
    throw invalid('/querystring/bbox', 'west,south,east,north in degrees, west < east and south < north');
  return box;
}

/** The public list, newest first, in keyset pages: `next` is the cursor of the following page, null at the end. */
export async function publicReports(deps: AppDeps, tenant: TenantRow, q: PublicReportsQuery = {}): Promise<{ items: PublicReport[]; next: string | null }> {
  const limit = Math.min(Math.max(Math.trunc(q.limit ?? 20), 1), 500);
  const box = parseBbox(q.bbox);
  const after = decodeCursor(q.cursor);
  const statuses = q.status === 'open' ? [...OPEN_REPORT_STATUSES] : q.status === 'closed' ? CLOSED : q.status ? [q.status] : null;
  const where = and(
    eq(reports.tenantId, tenant.id),
    statuses ? inArray(reports.status, statuses) : undefined,
    box ? sql`${reports.lat} between ${box[1]} and ${box[3]} and ${reports.lng} between ${box[0]} and ${box[2]}` : undefined,
    q.categoryId ? eq(reports.categoryId, q.categoryId) : undefined,
    after ? olderThan(reports.createdAt, reports.id, after) : undefined,
  );
  return deps.db.withTenant(tenant.id, async (tx) => {
    const rows = await selectPublic(tx, where)
      .orderBy(desc(reports.createdAt), desc(reports.id))
      .limit(limit + 1);
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    const next = rows.length > limit && last ? encodeCursor(last.cursorAt, last.id) : null;
    return { items: await present(tx, tenant.id, page), next };
  });
}

/** One report by its public number, or null (unknown, or another municipality's). */
export async function publicReport(deps: AppDeps, tenant: TenantRow, number: number): Promise<PublicReport | null> {
  if (!Number.isSafeInteger(number) || number < 1) return null;
  return deps.db.withTenant(tenant.id, async (tx) => {
    const rows = await selectPublic(tx, and(eq(reports.tenantId, tenant.id), eq(reports.number, number)));
    return (await present(tx, tenant.id, rows))[0] ?? null;
  });
}

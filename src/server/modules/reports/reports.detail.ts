// One report in full for staff: its history with authors' names, photo information (never the bytes), the category's
// fields, duplicate and forwarding state, and the reporter's contact, opened only when asked for (reports.work), in
// which case the view is in the audit log.
import { and, asc, eq, sql } from 'drizzle-orm';
import type { ReportDetail } from '../../../common/contracts/reports.ts';
import { type Actor, recordAudit } from '../../platform/audit.ts';
import { unseal } from '../../platform/auth/crypto.ts';
import type { AppDeps } from '../../platform/context.ts';
import { queryRows, type Tx } from '../../platform/db/client.ts';
import { departments, reportCategories, reportItems, reportPhotos, reports, staffUsers } from '../../platform/db/schema.ts';
import { notFound } from '../../platform/errors.ts';
import { iso, presentSummary } from './reports.present.ts';
import type { ReportWho } from './reports.service.ts';

async function detailRow(tx: Tx, tenantId: string, id: string) {
  const [row] = await tx
    .select({
      r: reports,
      categoryName: reportCategories.name,
      fields: reportCategories.fields,
      departmentName: departments.name,
      assigneeName: sql<string | null>`coalesce(nullif(${staffUsers.name}, ''), ${staffUsers.email})`,
      duplicateNumber: sql<number | null>`(select d.number from reports d where d.tenant_id = ${reports.tenantId} and d.id = ${reports.duplicateOf})`,
      followers: sql<number>`(select count(*)::int from report_followers f where f.tenant_id = ${reports.tenantId} and f.report_id = ${reports.id})`,
    })
    .from(reports)
    .leftJoin(reportCategories, and(eq(reportCategories.tenantId, reports.tenantId), eq(reportCategories.id, reports.categoryId)))
    .leftJoin(departments, and(eq(departments.tenantId, reports.tenantId), eq(departments.id, reports.departmentId)))
    .leftJoin(staffUsers, eq(staffUsers.id, reports.assigneeId))
    .where(and(eq(reports.tenantId, tenantId), eq(reports.id, id)));
  return row;
}

/** The resident behind a report, opened (only a resident who follows this tenant: the tenant wall of follows). */
async function residentContact(tx: Tx, key: Buffer, residentId: string) {
  const [r] = await queryRows<{ name_enc: string | null; phone_enc: string | null; email_enc: string | null }>(
    tx,
    sql`select r.name_enc, r.phone_enc, r.email_enc from residents r
      where r.id = ${residentId} and exists (select 1 from follows f where f.resident_id = r.id)`,
  );
  if (!r) return null;
  return { name: unseal(key, r.name_enc), address: unseal(key, r.email_enc) ?? unseal(key, r.phone_enc) };
}

type Row = NonNullable<Awaited<ReturnType<typeof detailRow>>>;

async function contactOf(deps: AppDeps, tx: Tx, r: Row['r']): Promise<ReportDetail['contact']> {
  const key = deps.config.secretKey;
  const own = { name: unseal(key, r.contactNameEnc), address: unseal(key, r.contactEnc) };
  const resident = r.residentId ? await residentContact(tx, key, r.residentId) : null;
  return {
    kind: r.contactKind,
    residentId: r.residentId,
    name: own.name ?? resident?.name ?? null,
    address: own.address ?? resident?.address ?? null,
  };
}

/**
 * The whole report. With `withContact` (callers holding reports.work) the reporter's contact is opened and the view
 * audited as 'report.contact_viewed'; an anonymous report has none to open.
 */
export async function getReport(deps: AppDeps, actor: Actor, who: ReportWho, id: string, opts: { withContact: boolean }): Promise<ReportDetail> {
  const tenantId = who.tenant.id;
  return deps.db.withTenant(tenantId, async (tx) => {
    const row = await detailRow(tx, tenantId, id);
    if (!row) throw notFound('This report');
    const r = row.r;
    const photos = await tx
      .select({
        id: reportPhotos.id,
        status: reportPhotos.status,
        width: reportPhotos.width,
        height: reportPhotos.height,
        size: reportPhotos.size,
        contentType: reportPhotos.contentType,
      })
      .from(reportPhotos)
      .where(and(eq(reportPhotos.tenantId, tenantId), eq(reportPhotos.reportId, id)))
      .orderBy(asc(reportPhotos.position), asc(reportPhotos.createdAt));
    const items = await tx
      .select({
        id: reportItems.id,
        kind: reportItems.kind,
        authorId: reportItems.authorId,
        authorName: sql<string | null>`coalesce(nullif(${staffUsers.name}, ''), ${staffUsers.email})`,
        body: reportItems.body,
        event: reportItems.event,
        createdAt: reportItems.createdAt,
      })
      .from(reportItems)
      .leftJoin(staffUsers, eq(staffUsers.id, reportItems.authorId))
      .where(and(eq(reportItems.tenantId, tenantId), eq(reportItems.reportId, id)))
      .orderBy(asc(reportItems.createdAt), asc(reportItems.id));
    let contact: ReportDetail['contact'] = null;
    if (opts.withContact && r.contactKind !== 'anonymous') {
      contact = await contactOf(deps, tx, r);
      await recordAudit(tx, tenantId, actor, { action: 'report.contact_viewed', objectType: 'report', objectId: id, details: { number: r.number } });
    }
    return {
      ...presentSummary({
        ...r,
        categoryName: row.categoryName,
        departmentName: row.departmentName,
        assigneeName: row.assigneeName,
        photoCount: photos.length,
        pendingPhotos: photos.filter((p) => p.status === 'pending').length,
      }),
      attributes: r.attributes ?? {},
      fields: row.fields ?? [],
      contact,
      followers: Number(row.followers),
      duplicateOf: r.duplicateOf && row.duplicateNumber !== null ? { id: r.duplicateOf, number: Number(row.duplicateNumber) } : null,
      rejectReason: r.rejectReason,
      firstResponseDueAt: iso(r.firstResponseDueAt),
      resolutionDueAt: iso(r.resolutionDueAt),
      firstRespondedAt: iso(r.firstRespondedAt),
      reopenCount: r.reopenCount,
      conversationId: r.conversationId,
      forward: r.forwardState
        ? { state: r.forwardState, remoteId: r.forwardRemoteId, attempts: r.forwardAttempts, error: r.forwardError, nextAt: iso(r.forwardNextAt) }
        : null,
      photos,
      items: items.map((i) => ({ ...i, event: i.event ?? null, createdAt: new Date(i.createdAt).toISOString() })),
    };
  });
}

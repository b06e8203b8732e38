// SQL of forwarding reports to a back office and polling their status back. Every function but the two cross-tenant
// "who has work" reads takes the tenant transaction (RLS); the claims are single UPDATE … RETURNING statements, so two
// workers never take the same report, and the lease (forward_next_at pushed ahead) hands a report whose worker died
// to the next sweep.
import { and, eq, inArray, isNotNull, isNull, lte, sql } from 'drizzle-orm';
import { OPEN_REPORT_STATUSES } from '../../../common/states.ts';
import { type Database, queryRows, type Tx } from '../../platform/db/client.ts';
import { departments, memberships, reportCategories, reportItems, reports } from '../../platform/db/schema.ts';

const at = (d: Date) => sql`${d.toISOString()}::timestamptz`;

/** Tenants with forwards due at `now` (reports_forward_idx); read without the tenant wall, ids only. */
export async function tenantsWithDueForwards(db: Database, now: Date): Promise<string[]> {
  const rows = await db.system
    .selectDistinct({ tenantId: reports.tenantId })
    .from(reports)
    .where(and(eq(reports.forwardState, 'pending'), lte(reports.forwardNextAt, now)));
  return rows.map((r) => r.tenantId);
}

/** Tenants with forwarded reports still open there (reports_forward_poll_idx). */
export async function tenantsWithSentOpen(db: Database): Promise<string[]> {
  const rows = await db.system
    .selectDistinct({ tenantId: reports.tenantId })
    .from(reports)
    .where(and(eq(reports.forwardState, 'sent'), inArray(reports.status, [...OPEN_REPORT_STATUSES])));
  return rows.map((r) => r.tenantId);
}

export interface ClaimedForward {
  id: string;
  number: number;
  categoryId: string;
  departmentId: string | null;
  description: string;
  lat: number;
  lng: number;
  address: string;
  attributes: Record<string, string | number | string[]>;
  attempts: number;
}

/** Takes one due report: its attempt counted and its next try pushed `leaseMs` ahead, so no other worker takes it. */
export async function claimDue(tx: Tx, now: Date, leaseMs: number): Promise<ClaimedForward | null> {
  const [row] = await queryRows<Omit<ClaimedForward, 'number'> & { number: number | string }>(
    tx,
    sql`
    update reports set forward_attempts = forward_attempts + 1, forward_next_at = ${at(new Date(now.getTime() + leaseMs))}
    where (tenant_id, id) = (
      select tenant_id, id from reports
      where forward_state = 'pending' and forward_next_at <= ${at(now)}
      order by forward_next_at limit 1 for update skip locked)
    returning id, number, category_id as "categoryId", department_id as "departmentId", description, lat, lng, address,
      attributes, forward_attempts as "attempts"`,
  );
  return row ? { ...row, number: Number(row.number) } : null;
}

export async function forwardTarget(tx: Tx, categoryId: string) {
  const [row] = await tx
    .select({
      code: reportCategories.code,
      url: reportCategories.forwardUrl,
      serviceCode: reportCategories.forwardServiceCode,
      jurisdictionId: reportCategories.forwardJurisdictionId,
    })
    .from(reportCategories)
    .where(eq(reportCategories.id, categoryId));
  return row ?? null;
}

/** Writes the outcome of an attempt, only if the report is still this worker's claim (same attempt, still pending). */
export async function settle(
  tx: Tx,
  claim: { id: string; attempts: number },
  patch: Partial<Pick<typeof reports.$inferInsert, 'forwardState' | 'forwardRemoteId' | 'forwardToken' | 'forwardNextAt' | 'forwardError' | 'forwardPolledAt'>>,
): Promise<boolean> {
  const rows = await tx
    .update(reports)
    .set(patch)
    .where(and(eq(reports.id, claim.id), eq(reports.forwardState, 'pending'), eq(reports.forwardAttempts, claim.attempts)))
    .returning({ id: reports.id });
  return rows.length > 0;
}

export async function insertEvent(tx: Tx, tenantId: string, reportId: string, event: Record<string, unknown>, body = ''): Promise<string> {
  const [row] = await tx.insert(reportItems).values({ tenantId, reportId, kind: 'event', body, event }).returning({ id: reportItems.id });
  return row.id;
}

export async function insertPublicComment(tx: Tx, tenantId: string, reportId: string, body: string, event: Record<string, unknown>): Promise<void> {
  await tx.insert(reportItems).values({ tenantId, reportId, kind: 'public', body, event });
}

/** Who hears that forwarding failed: the department's members, else its lead, else the owners and admins. */
export async function failureRecipients(tx: Tx, tenantId: string, departmentId: string | null): Promise<string[]> {
  const rows = await tx
    .select({ userId: memberships.userId, departmentId: memberships.departmentId, role: memberships.role })
    .from(memberships)
    .where(eq(memberships.tenantId, tenantId));
  if (departmentId) {
    const staff = rows.filter((r) => r.departmentId === departmentId).map((r) => r.userId);
    if (staff.length) return staff;
    const [dept] = await tx
      .select({ lead: departments.leadUserId })
      .from(departments)
      .where(and(eq(departments.tenantId, tenantId), eq(departments.id, departmentId)));
    if (dept?.lead && rows.some((r) => r.userId === dept.lead)) return [dept.lead];
  }
  return rows.filter((r) => r.role === 'owner' || r.role === 'admin').map((r) => r.userId);
}

// ---------------------------------------------------------------------------------------------------------------
// Polling

export interface SentReport {
  id: string;
  number: number;
  categoryId: string;
  remoteId: string | null;
  token: string | null;
}

/** Forwarded reports still open here, the longest unpolled first. */
export async function listSentOpen(tx: Tx, limit: number): Promise<SentReport[]> {
  const rows = await tx
    .select({ id: reports.id, number: reports.number, categoryId: reports.categoryId, remoteId: reports.forwardRemoteId, token: reports.forwardToken })
    .from(reports)
    .where(and(eq(reports.forwardState, 'sent'), inArray(reports.status, [...OPEN_REPORT_STATUSES])))
    .orderBy(sql`${reports.forwardPolledAt} asc nulls first`)
    .limit(limit);
  return rows;
}

export async function setRemoteId(tx: Tx, reportId: string, remoteId: string): Promise<boolean> {
  const rows = await tx
    .update(reports)
    .set({ forwardRemoteId: remoteId })
    .where(and(eq(reports.id, reportId), isNull(reports.forwardRemoteId), isNotNull(reports.forwardToken)))
    .returning({ id: reports.id });
  return rows.length > 0;
}

export async function markPolled(tx: Tx, reportIds: string[], now: Date): Promise<void> {
  if (reportIds.length) await tx.update(reports).set({ forwardPolledAt: now }).where(inArray(reports.id, reportIds));
}

/** The back office's notes last taken over as a public comment (so an unchanged note is not added again). */
export async function lastRemoteNotes(tx: Tx, reportId: string): Promise<string | null> {
  const [row] = await tx
    .select({ body: reportItems.body })
    .from(reportItems)
    .where(and(eq(reportItems.reportId, reportId), eq(reportItems.kind, 'public'), sql`${reportItems.event}->>'source' = 'forward'`))
    .orderBy(sql`${reportItems.createdAt} desc`)
    .limit(1);
  return row?.body ?? null;
}

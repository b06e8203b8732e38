// SQL of the reports' write side: locking a report, its history entries, followers, the department a report goes to
// and the calendar its deadlines count in. Every function takes the caller's tenant transaction.
import { sql } from 'drizzle-orm';
import type { OpeningHours } from '../../../common/opening-hours.ts';
import { OPEN_REPORT_STATUSES, type ReportContactKind, type ReportItemKind } from '../../../common/states.ts';
import { queryRows, type Tx } from '../../platform/db/client.ts';
import { updateStamped } from '../../platform/stamped-update.ts';
import { reportItems, reports } from '../../platform/db/schema.ts';

export type ReportRow = typeof reports.$inferSelect;
export type ReportItemRow = typeof reportItems.$inferSelect;

export const OPEN_SQL = sql.raw(OPEN_REPORT_STATUSES.map((s) => `'${s}'`).join(', '));

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Whether a string can be an id at all (anything else is "not found", not a database error). */
export const isUuid = (value: string) => UUID.test(value);

export async function lockReport(tx: Tx, id: string): Promise<ReportRow | null> {
  if (!isUuid(id)) return null;
  const [row] = await tx.select().from(reports).where(sql`${reports.id} = ${id}`).for('update');
  return row ?? null;
}

export async function lockReportByNumber(tx: Tx, number: number): Promise<ReportRow | null> {
  if (!Number.isSafeInteger(number) || number < 1) return null;
  const [row] = await tx.select().from(reports).where(sql`${reports.number} = ${number}`).for('update');
  return row ?? null;
}

export async function updateReport(tx: Tx, id: string, patch: Partial<ReportRow>) {
  await updateStamped(tx, reports, id, patch);
}

export async function insertItem(
  tx: Tx,
  v: { tenantId: string; reportId: string; kind: ReportItemKind; authorId: string | null; body?: string; event?: Record<string, unknown> | null },
): Promise<ReportItemRow> {
  const [row] = await tx
    .insert(reportItems)
    .values({ tenantId: v.tenantId, reportId: v.reportId, kind: v.kind, authorId: v.authorId, body: v.body ?? '', event: v.event ?? null })
    .returning();
  return row;
}

/** An event in a report's history (filed, status, assigned, …); `authorId` null: the system or the reporter. */
export const insertEvent = (tx: Tx, tenantId: string, reportId: string, authorId: string | null, event: Record<string, unknown>) =>
  insertItem(tx, { tenantId, reportId, kind: 'event', authorId, event });

export interface DepartmentFacts {
  id: string;
  name: string;
  openingHours: OpeningHours | null;
  leadUserId: string | null;
}

export async function findDepartment(tx: Tx, id: string | null): Promise<DepartmentFacts | null> {
  if (!id) return null;
  const [d] = await queryRows<DepartmentFacts>(
    tx,
    sql`select id, name, opening_hours as "openingHours", lead_user_id as "leadUserId" from departments where id = ${id}`,
  );
  return d ?? null;
}

export interface CategoryFacts {
  id: string;
  name: string;
  active: boolean;
  departmentId: string | null;
  resolutionHours: number;
  firstResponseHours: number | null;
}

export async function findCategoryFacts(tx: Tx, id: string): Promise<CategoryFacts | null> {
  const [c] = await queryRows<CategoryFacts>(
    tx,
    sql`select id, name, active, department_id as "departmentId", resolution_hours as "resolutionHours",
               first_response_hours as "firstResponseHours"
          from report_categories where id = ${id}`,
  );
  return c ?? null;
}

/** Staff of this municipality among these users, with their display names. */
export async function members(tx: Tx, userIds: string[]): Promise<Array<{ userId: string; name: string; email: string }>> {
  if (!userIds.length) return [];
  return queryRows(
    tx,
    sql`select m.user_id as "userId", coalesce(u.name, '') as name, u.email
          from memberships m join staff_users u on u.id = m.user_id
         where m.user_id = any(${sql.param(userIds)}::uuid[])`,
  );
}

export interface FollowerRow {
  id: string;
  contactKind: ReportContactKind;
  residentId: string | null;
  contactHash: string | null;
  contactEnc: string | null;
  language: string;
}

export async function listFollowers(tx: Tx, reportId: string): Promise<FollowerRow[]> {
  return queryRows<FollowerRow>(
    tx,
    sql`select id, contact_kind as "contactKind", resident_id as "residentId", contact_hash as "contactHash",
               contact_enc as "contactEnc", language
          from report_followers where report_id = ${reportId} order by created_at`,
  );
}

/** Adds a follower unless this person already follows (same resident, or same contact hash); true when added. */
export async function addFollower(
  tx: Tx,
  v: {
    tenantId: string;
    reportId: string;
    contactKind: ReportContactKind;
    residentId: string | null;
    contactHash: string | null;
    contactEnc: string | null;
    language: string;
  },
): Promise<boolean> {
  const rows = await queryRows<{ id: string }>(
    tx,
    sql`insert into report_followers (tenant_id, report_id, contact_kind, resident_id, contact_hash, contact_enc, language)
        values (${v.tenantId}, ${v.reportId}, ${v.contactKind}, ${v.residentId}, ${v.contactHash}, ${v.contactEnc}, ${v.language})
        on conflict do nothing returning id`,
  );
  return rows.length > 0;
}

/** Whether the conversation exists in the tenant (a report filed from the inbox names it). */
export async function conversationExists(tx: Tx, id: string): Promise<boolean> {
  if (!isUuid(id)) return false;
  const rows = await queryRows<{ id: string }>(tx, sql`select id from conversations where id = ${id}`);
  return rows.length > 0;
}

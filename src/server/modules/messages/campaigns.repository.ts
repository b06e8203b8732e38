// SQL for staff messages (campaigns). Every function takes the tenant's transaction (RLS on campaigns, versions,
// recipients, templates, messages, deliveries, audit_log).
import { and, asc, count, desc, eq, ilike, inArray, type SQL, sql } from 'drizzle-orm';
import type { CampaignStatus } from '../../../common/states.ts';
import { queryRows, type Tx } from '../../platform/db/client.ts';
import { updateStampedReturning } from '../../platform/stamped-update.ts';
import { auditLog, campaignRecipients, campaigns, campaignVersions, deliveries, networks } from '../../platform/db/schema.ts';
import type { StoredVersion } from './versions.ts';

export type CampaignRow = typeof campaigns.$inferSelect;
export type NewCampaign = typeof campaigns.$inferInsert;

export async function insertCampaign(tx: Tx, values: NewCampaign): Promise<CampaignRow> {
  const [row] = await tx.insert(campaigns).values(values).returning();
  return row;
}

/** The campaign, locked for the rest of the transaction when `lock` (workflow transitions). */
export async function findCampaign(tx: Tx, id: string, lock = false): Promise<CampaignRow | undefined> {
  const q = tx.select().from(campaigns).where(eq(campaigns.id, id));
  const [row] = lock ? await q.for('update') : await q;
  return row;
}

export async function updateCampaign(tx: Tx, id: string, patch: Partial<NewCampaign>): Promise<CampaignRow> {
  return updateStampedReturning(tx, campaigns, id, patch);
}

export async function replaceVersions(tx: Tx, tenantId: string, campaignId: string, versions: StoredVersion[]) {
  await tx.delete(campaignVersions).where(eq(campaignVersions.campaignId, campaignId));
  if (versions.length) await tx.insert(campaignVersions).values(versions.map((v) => ({ ...v, tenantId, campaignId })));
}

export async function listVersions(tx: Tx, campaignId: string): Promise<StoredVersion[]> {
  return tx
    .select({
      language: campaignVersions.language,
      channel: campaignVersions.channel,
      subject: campaignVersions.subject,
      text: campaignVersions.text,
      html: campaignVersions.html,
      edited: campaignVersions.edited,
    })
    .from(campaignVersions)
    .where(eq(campaignVersions.campaignId, campaignId))
    .orderBy(asc(campaignVersions.language), asc(campaignVersions.channel));
}

export interface CampaignFilter {
  status?: CampaignStatus;
  topic?: string;
  author?: string;
  q?: string;
  page: number;
  pageSize: number;
}

export async function listCampaigns(tx: Tx, f: CampaignFilter): Promise<{ rows: CampaignRow[]; total: number }> {
  const where: SQL[] = [];
  if (f.status) where.push(eq(campaigns.status, f.status));
  if (f.topic) where.push(eq(campaigns.topic, f.topic));
  if (f.author) where.push(eq(campaigns.authorId, f.author));
  if (f.q) where.push(ilike(campaigns.title, `%${f.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`));
  const cond = where.length ? and(...where) : undefined;
  const rows = await tx
    .select()
    .from(campaigns)
    .where(cond)
    .orderBy(desc(campaigns.createdAt), desc(campaigns.id))
    .limit(f.pageSize)
    .offset((f.page - 1) * f.pageSize);
  const [{ n }] = await tx.select({ n: count() }).from(campaigns).where(cond);
  return { rows, total: Number(n) };
}

/** Per engine message: deliveries delivered (or sent where no receipt came) and their cost. */
export async function reachOf(tx: Tx, messageIds: string[]): Promise<Map<string, { delivered: number; costCents: number }>> {
  const out = new Map<string, { delivered: number; costCents: number }>();
  if (!messageIds.length) return out;
  const rows = await tx
    .select({
      messageId: deliveries.messageId,
      delivered: sql<number>`count(*) filter (where ${deliveries.status} in ('delivered', 'sent'))`.mapWith(Number),
      costCents: sql<number>`coalesce(sum(${deliveries.costCents}), 0)`.mapWith(Number),
    })
    .from(deliveries)
    .where(inArray(deliveries.messageId, messageIds))
    .groupBy(deliveries.messageId);
  for (const r of rows) out.set(r.messageId, { delivered: r.delivered, costCents: r.costCents });
  return out;
}

export async function insertRecipients(tx: Tx, tenantId: string, campaignId: string, list: Array<{ residentId: string; language: string }>) {
  for (let i = 0; i < list.length; i += 5000) {
    await tx
      .insert(campaignRecipients)
      .values(list.slice(i, i + 5000).map((r) => ({ tenantId, campaignId, ...r })))
      .onConflictDoNothing();
  }
}

export async function recipientIds(tx: Tx, campaignId: string): Promise<string[]> {
  const rows = await tx.select({ id: campaignRecipients.residentId }).from(campaignRecipients).where(eq(campaignRecipients.campaignId, campaignId));
  return rows.map((r) => r.id);
}

/** The workflow's transitions, from the audit log (oldest first). */
export async function history(tx: Tx, campaignId: string) {
  return tx
    .select({ action: auditLog.action, at: auditLog.at, by: auditLog.actorEmail, details: auditLog.details })
    .from(auditLog)
    .where(and(eq(auditLog.objectType, 'campaign'), eq(auditLog.objectId, campaignId)))
    .orderBy(asc(auditLog.at), asc(auditLog.id));
}

export async function networkName(tx: Tx, id: string): Promise<string | null> {
  const rows = await queryRows<{ name: string }>(tx, sql`select ${networks.name} as name from ${networks} where ${networks.id} = ${id}`);
  return rows[0]?.name ?? null;
}

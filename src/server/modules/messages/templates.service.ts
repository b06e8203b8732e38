// Message templates: a municipality's own, and those its networks share with it (read-only here).
import { and, asc, eq, sql } from 'drizzle-orm';
import type { MessageTemplate, TemplateInput } from '../../../common/contracts/messages.ts';
import { type Actor, recordAudit } from '../../platform/audit.ts';
import type { AppDeps } from '../../platform/context.ts';
import type { Tx } from '../../platform/db/client.ts';
import { messageTemplates, networks, topics } from '../../platform/db/schema.ts';
import { AppError, invalid, notFound } from '../../platform/errors.ts';
import type { TenantRow } from '../../platform/tenancy.ts';

type TemplateRow = typeof messageTemplates.$inferSelect;

const present = (row: TemplateRow, tenantId: string, networkName: string | null): MessageTemplate => ({
  id: row.id,
  name: row.name,
  title: row.title,
  body: row.body,
  topic: row.topic,
  network: row.networkId && !row.tenantId ? { id: row.networkId, name: networkName ?? '' } : null,
  readOnly: row.tenantId !== tenantId,
  version: row.version,
  updatedAt: row.updatedAt.toISOString(),
});

async function checkTopic(tx: Tx, topic: string | null | undefined) {
  if (!topic) return;
  const [known] = await tx.select({ key: topics.key }).from(topics).where(eq(topics.key, topic));
  if (!known) throw invalid('/body/topic', `"${topic}" is not a topic of this municipality`, 'not_found_here');
}

/** The municipality's templates and its networks' (row-level security shows exactly these). */
export async function listTemplates(deps: AppDeps, tenant: TenantRow): Promise<{ items: MessageTemplate[] }> {
  return deps.db.withTenant(tenant.id, async (tx) => {
    const rows = await tx
      .select({ t: messageTemplates, networkName: networks.name })
      .from(messageTemplates)
      .leftJoin(networks, eq(networks.id, messageTemplates.networkId))
      .orderBy(sql`${messageTemplates.tenantId} is null`, asc(messageTemplates.name));
    return { items: rows.map((r) => present(r.t, tenant.id, r.networkName)) };
  });
}

export async function createTemplate(deps: AppDeps, actor: Actor, tenant: TenantRow, input: TemplateInput): Promise<MessageTemplate> {
  return deps.db.withTenant(tenant.id, async (tx) => {
    await checkTopic(tx, input.topic);
    const [row] = await tx
      .insert(messageTemplates)
      .values({ tenantId: tenant.id, name: input.name, title: input.title ?? '', body: input.body, topic: input.topic ?? null, createdBy: actor.userId })
      .returning();
    await recordAudit(tx, tenant.id, actor, {
      action: 'message-template.created',
      objectType: 'message-template',
      objectId: row.id,
      details: { name: row.name },
    });
    return present(row, tenant.id, null);
  });
}

async function ownTemplate(tx: Tx, tenantId: string, id: string): Promise<TemplateRow> {
  const [row] = await tx.select().from(messageTemplates).where(eq(messageTemplates.id, id));
  if (!row) throw notFound('This template');
  if (row.tenantId !== tenantId) throw new AppError('forbidden', 'This template belongs to a network; only the network can change it.');
  return row;
}

export async function updateTemplate(deps: AppDeps, actor: Actor, tenant: TenantRow, id: string, patch: Partial<TemplateInput>) {
  return deps.db.withTenant(tenant.id, async (tx) => {
    const row = await ownTemplate(tx, tenant.id, id);
    if (patch.topic !== undefined) await checkTopic(tx, patch.topic);
    const [updated] = await tx
      .update(messageTemplates)
      .set({ ...patch, topic: patch.topic === undefined ? row.topic : patch.topic, version: row.version + 1, updatedAt: new Date() })
      .where(and(eq(messageTemplates.id, id), eq(messageTemplates.tenantId, tenant.id)))
      .returning();
    await recordAudit(tx, tenant.id, actor, {
      action: 'message-template.updated',
      objectType: 'message-template',
      objectId: id,
      details: { fields: Object.keys(patch) },
    });
    return present(updated, tenant.id, null);
  });
}

export async function deleteTemplate(deps: AppDeps, actor: Actor, tenant: TenantRow, id: string) {
  await deps.db.withTenant(tenant.id, async (tx) => {
    await ownTemplate(tx, tenant.id, id);
    await tx.delete(messageTemplates).where(and(eq(messageTemplates.id, id), eq(messageTemplates.tenantId, tenant.id)));
    await recordAudit(tx, tenant.id, actor, { action: 'message-template.deleted', objectType: 'message-template', objectId: id });
  });
}

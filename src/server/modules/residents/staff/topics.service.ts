// Topics a tenant writes about: add, rename, mark as mandatory (warnings), delete when nobody follows them.
import type { z } from 'zod';
import { type Actor, recordAudit } from '../../../platform/audit.ts';
import type { AppDeps } from '../../../platform/context.ts';
import type { topics } from '../../../platform/db/schema.ts';
import { AppError, invalid, notFound } from '../../../platform/errors.ts';
import type { TenantRow } from '../../../platform/tenancy.ts';
import * as repo from './residents.repository.ts';
import type { topicBody, topicPatch } from './residents.schemas.ts';

const presentTopic = (t: typeof topics.$inferSelect) => ({
  id: t.id,
  key: t.key,
  nameDe: t.nameDe,
  nameEn: t.nameEn,
  mandatory: t.mandatory,
  position: t.position,
});

export async function listTopics(deps: AppDeps, tenant: TenantRow) {
  const rows = await deps.db.withTenant(tenant.id, repo.listTopics);
  return { items: rows.map(presentTopic), warningsOptional: tenant.warningsOptional };
}

export async function createTopic(deps: AppDeps, actor: Actor, tenant: TenantRow, body: z.infer<typeof topicBody>) {
  return deps.db.withTenant(tenant.id, async (tx) => {
    const row = await repo.insertTopic(tx, { tenantId: tenant.id, ...body });
    if (!row) throw invalid('/body/key', `a topic "${body.key}" already exists`, 'already_exists');
    await recordAudit(tx, tenant.id, actor, { action: 'topic.created', objectType: 'topic', objectId: row.id, details: { key: row.key } });
    return presentTopic(row);
  });
}

export async function updateTopic(deps: AppDeps, actor: Actor, tenant: TenantRow, id: string, patch: z.infer<typeof topicPatch>) {
  return deps.db.withTenant(tenant.id, async (tx) => {
    if (!(await repo.findTopic(tx, id))) throw notFound('This topic');
    const row = await repo.updateTopic(tx, id, patch);
    await recordAudit(tx, tenant.id, actor, { action: 'topic.updated', objectType: 'topic', objectId: id, details: { fields: Object.keys(patch) } });
    return presentTopic(row);
  });
}

/** A topic residents still follow stays: deleting it would silently change what they agreed to. */
export async function deleteTopic(deps: AppDeps, actor: Actor, tenant: TenantRow, id: string) {
  await deps.db.withTenant(tenant.id, async (tx) => {
    const row = await repo.findTopic(tx, id);
    if (!row) throw notFound('This topic');
    const followers = await repo.countActiveFollowers(tx, row.key);
    if (followers > 0)
      throw new AppError('conflict', `${followers} resident(s) follow "${row.nameDe}". Rename it instead, or delete it when nobody follows it.`, [], {
        followers,
      });
    await repo.deleteTopic(tx, id);
    await recordAudit(tx, tenant.id, actor, { action: 'topic.deleted', objectType: 'topic', objectId: id, details: { key: row.key } });
  });
}

// Canned responses (Textbausteine) of a municipality: one list for all staff, titles unique per municipality so the
// picker never shows two entries of the same name. Filled in by renderCanned (src/common/canned.ts) in the console.
import { asc, eq, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { cannedResponseInput } from '../../../common/contracts/inbox.ts';
import { type Actor, recordAudit } from '../../platform/audit.ts';
import type { AppDeps } from '../../platform/context.ts';
import { cannedResponses } from '../../platform/db/schema.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import type { TenantRow } from '../../platform/tenancy.ts';

type Input = z.infer<typeof cannedResponseInput>;

const present = (r: typeof cannedResponses.$inferSelect) => ({ id: r.id, title: r.title, body: r.body, updatedAt: r.updatedAt.toISOString() });

const titleTaken = (title: string) =>
  new AppError('conflict', `A canned response titled "${title}" already exists. Choose another title or edit that one.`, [
    { pointer: '/body/title', detail: 'is already used by another canned response', code: 'already_exists' },
  ]);

export async function listCanned(deps: AppDeps, tenant: TenantRow) {
  const rows = await deps.db.withTenant(tenant.id, (tx) => tx.select().from(cannedResponses).orderBy(asc(cannedResponses.title)));
  return { items: rows.map(present) };
}

export async function createCanned(deps: AppDeps, actor: Actor, tenant: TenantRow, input: Input) {
  return deps.db.withTenant(tenant.id, async (tx) => {
    const [row] = await tx
      .insert(cannedResponses)
      .values({ tenantId: tenant.id, title: input.title, body: input.body, createdBy: actor.userId })
      .onConflictDoNothing()
      .returning();
    if (!row) throw titleTaken(input.title);
    await recordAudit(tx, tenant.id, actor, { action: 'inbox.canned_created', objectType: 'canned_response', objectId: row.id });
    return present(row);
  });
}

export async function updateCanned(deps: AppDeps, actor: Actor, tenant: TenantRow, id: string, patch: Partial<Input>) {
  const fields = Object.keys(patch).filter((k) => patch[k as keyof Input] !== undefined);
  if (fields.length === 0) {
    throw new AppError('validation_failed', 'The request has invalid fields.', [
      { pointer: '/body', detail: 'change at least one field', code: 'empty_patch' },
    ]);
  }
  return deps.db.withTenant(tenant.id, async (tx) => {
    const [existing] = await tx.select().from(cannedResponses).where(eq(cannedResponses.id, id)).for('update');
    if (!existing) throw notFound('This canned response');
    if (patch.title !== undefined && patch.title !== existing.title) {
      const [other] = await tx.select({ id: cannedResponses.id }).from(cannedResponses).where(eq(cannedResponses.title, patch.title));
      if (other) throw titleTaken(patch.title);
    }
    const [row] = await tx
      .update(cannedResponses)
      .set({ ...(patch.title !== undefined ? { title: patch.title } : {}), ...(patch.body !== undefined ? { body: patch.body } : {}), updatedAt: sql`now()` })
      .where(eq(cannedResponses.id, id))
      .returning();
    await recordAudit(tx, tenant.id, actor, { action: 'inbox.canned_updated', objectType: 'canned_response', objectId: id, details: { fields } });
    return present(row);
  });
}

export async function deleteCanned(deps: AppDeps, actor: Actor, tenant: TenantRow, id: string) {
  await deps.db.withTenant(tenant.id, async (tx) => {
    const rows = await tx.delete(cannedResponses).where(eq(cannedResponses.id, id)).returning({ id: cannedResponses.id });
    if (rows.length === 0) throw notFound('This canned response');
    await recordAudit(tx, tenant.id, actor, { action: 'inbox.canned_deleted', objectType: 'canned_response', objectId: id });
  });
}

// API keys of Open311 integrators: a random key shown once, stored only as its SHA-256 (random 32 bytes need no slow
// hash), listed by name and prefix, revoked but kept for the audit trail. The Open311 server checks keys here.
import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { open311Key, open311KeyCreated, open311KeyInput } from '../../../common/contracts/reports.ts';
import { type Actor, recordAudit } from '../../platform/audit.ts';
import { randomToken, sha256 } from '../../platform/auth/crypto.ts';
import type { AppDeps } from '../../platform/context.ts';
import { open311Keys } from '../../platform/db/schema.ts';
import { notFound } from '../../platform/errors.ts';
import type { TenantRow } from '../../platform/tenancy.ts';

type Open311Key = z.input<typeof open311Key>;
type KeyRow = typeof open311Keys.$inferSelect;

/** The first characters shown in the console, so staff can tell keys apart without seeing them. */
const PREFIX_LENGTH = 8;
/** A key no longer than this is worth hashing; anything longer is no key of ours. */
const KEY_MAX = 200;

const present = (k: KeyRow): Open311Key => ({
  id: k.id,
  name: k.name,
  prefix: k.prefix,
  createdAt: k.createdAt.toISOString(),
  lastUsedAt: k.lastUsedAt?.toISOString() ?? null,
  revokedAt: k.revokedAt?.toISOString() ?? null,
});

/** The keys, newest first, as the list's body (`{ items }`). */
export async function listOpen311Keys(deps: AppDeps, tenant: TenantRow): Promise<{ items: Open311Key[] }> {
  return deps.db.withTenant(tenant.id, async (tx) => {
    const rows = await tx.select().from(open311Keys).where(eq(open311Keys.tenantId, tenant.id)).orderBy(desc(open311Keys.createdAt));
    return { items: rows.map(present) };
  });
}

/** A new key: the answer holds the key itself, the only time it is ever shown. */
export async function createOpen311Key(
  deps: AppDeps,
  actor: Actor,
  tenant: TenantRow,
  input: z.output<typeof open311KeyInput>,
): Promise<z.input<typeof open311KeyCreated>> {
  const key = randomToken(32);
  return deps.db.withTenant(tenant.id, async (tx) => {
    const [row] = await tx
      .insert(open311Keys)
      .values({ tenantId: tenant.id, name: input.name, keyHash: sha256(key), prefix: key.slice(0, PREFIX_LENGTH), createdBy: actor.userId })
      .returning();
    await recordAudit(tx, tenant.id, actor, {
      action: 'open311_key.created',
      objectType: 'open311_key',
      objectId: row.id,
      details: { name: row.name, prefix: row.prefix },
    });
    return { ...present(row), key };
  });
}

/** Revokes a key (it stays listed with its revocation date); revoking a revoked key changes nothing. */
export async function revokeOpen311Key(deps: AppDeps, actor: Actor, tenant: TenantRow, id: string): Promise<void> {
  await deps.db.withTenant(tenant.id, async (tx) => {
    const [row] = await tx
      .select()
      .from(open311Keys)
      .where(and(eq(open311Keys.tenantId, tenant.id), eq(open311Keys.id, id)))
      .for('update');
    if (!row) throw notFound('This API key');
    if (row.revokedAt) return;
    await tx.update(open311Keys).set({ revokedAt: new Date() }).where(eq(open311Keys.id, id));
    await recordAudit(tx, tenant.id, actor, {
      action: 'open311_key.revoked',
      objectType: 'open311_key',
      objectId: id,
      details: { name: row.name, prefix: row.prefix },
    });
  });
}

/**
 * The integrator a key belongs to, or null (unknown, revoked, another municipality's). The hash is looked up through
 * its unique index, so no comparison of secrets happens in our code; last_used_at is written at most once a minute.
 */
export async function verifyOpen311Key(deps: AppDeps, tenant: TenantRow, key: string | null | undefined): Promise<{ id: string } | null> {
  if (typeof key !== 'string' || !key || key.length > KEY_MAX) return null;
  const hash = sha256(key);
  return deps.db.withTenant(tenant.id, async (tx) => {
    const [row] = await tx
      .select({ id: open311Keys.id })
      .from(open311Keys)
      .where(and(eq(open311Keys.keyHash, hash), eq(open311Keys.tenantId, tenant.id), isNull(open311Keys.revokedAt)));
    if (!row) return null;
    await tx
      .update(open311Keys)
      .set({ lastUsedAt: sql`now()` })
      .where(and(eq(open311Keys.id, row.id), sql`(${open311Keys.lastUsedAt} is null or ${open311Keys.lastUsedAt} < now() - interval '1 minute')`));
    return { id: row.id };
  });
}

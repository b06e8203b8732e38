// Provider settings per tenant: validated per kind, secrets encrypted and never returned, every change audited.
import { and, desc, eq, sql } from 'drizzle-orm';
import type { z } from 'zod';
import { isReceiveOnly } from '../../../common/provider-kinds.ts';
import { HttpSmsConfig } from '../../channels/sms-http/index.ts';
import { type Actor, recordAudit } from '../../platform/audit.ts';
import type { AppDeps } from '../../platform/context.ts';
import { providers, providerWeightLog } from '../../platform/db/schema.ts';
import { AppError, type FieldError, notFound } from '../../platform/errors.ts';
import type { TenantRow } from '../../platform/tenancy.ts';
import { type ProviderInput, type ProviderKind, providerKinds, type providerPatch } from './providers.schemas.ts';
import { sealSecrets, toRecord } from './providers.repository.ts';

type Row = typeof providers.$inferSelect;

/** `inUse`: whether sends of this tenant go through it (an installation default stands aside once the tenant has its own). */
export function presentProvider(deps: AppDeps, row: Row, inUse = row.enabled) {
  const record = toRecord(deps.config.secretKey, row);
  return {
    id: row.id,
    installation: row.tenantId === null,
    inUse,
    // where the provider posts delivery receipts (its status callback), to be copied into the provider's settings
    receiptUrl: row.kind === 'sms-http' ? `${deps.config.publicUrl}/hooks/sms/${row.id}` : null,
    channel: row.channel,
    kind: row.kind,
    name: row.name,
    config: row.config,
    secretsSet: Object.keys(record.secrets),
    weight: row.weight,
    enabled: row.enabled,
    ratePerSecond: row.ratePerSecond,
    maxConnections: row.maxConnections,
    centsPerMessage: row.centsPerMessage,
    healthFactor: row.healthFactor,
    updatedAt: row.updatedAt.toISOString(),
  };
}

function issues(prefix: string, error: z.ZodError): FieldError[] {
  return error.issues.map((i) => ({ pointer: `${prefix}/${i.path.join('/')}`.replace(/\/$/, ''), detail: i.message }));
}

function validate(kind: ProviderKind, channel: string, config: Record<string, unknown>, secrets: Record<string, string>, secretsComplete: boolean) {
  const spec = providerKinds[kind];
  const errors: FieldError[] = [];
  if (!(spec.channels as readonly string[]).includes(channel))
    errors.push({ pointer: '/body/channel', detail: `a ${kind} provider carries ${spec.channels.join(', ')}` });
  const c = spec.config.safeParse(config);
  if (!c.success) errors.push(...issues('/body/config', c.error));
  const s = (secretsComplete ? spec.secrets : spec.secrets.partial()).safeParse(secrets);
  if (!s.success) errors.push(...issues('/body/secrets', s.error));
  if (kind === 'sms-http' && c.success && secretsComplete) {
    const full = HttpSmsConfig.safeParse({ ...config, ...secrets });
    if (!full.success) errors.push(...issues('/body/config', full.error));
  }
  if (errors.length) throw new AppError('validation_failed', 'The provider settings have invalid fields.', errors);
}

export async function listProviders(deps: AppDeps, tenant: TenantRow) {
  const rows = await deps.db.withTenant(tenant.id, (tx) => tx.select().from(providers).orderBy(providers.channel, providers.name));
  // the routing rule of loadUsableProviders: the tenant's own enabled providers of a channel, else the installation's;
  // a receive-only mailbox sends nothing, so it leaves the installation's senders in use (and is in use when enabled)
  const sends = (r: Row) => !isReceiveOnly(r.kind);
  const ownChannels = new Set(rows.filter((r) => r.tenantId !== null && r.enabled && sends(r)).map((r) => r.channel));
  return { items: rows.map((r) => presentProvider(deps, r, r.enabled && (r.tenantId !== null || !sends(r) || !ownChannels.has(r.channel)))) };
}

export async function createProvider(deps: AppDeps, actor: Actor, tenant: TenantRow, input: ProviderInput) {
  validate(input.kind, input.channel, input.config, input.secrets, true);
  const row = await deps.db.withTenant(tenant.id, async (tx) => {
    const [r] = await tx
      .insert(providers)
      // the input names exactly the provider's columns (a strict schema); only the secrets are stored sealed
      .values({ ...input, tenantId: tenant.id, secrets: sealSecrets(deps.config.secretKey, input.secrets) })
      .returning();
    await recordAudit(tx, tenant.id, actor, {
      action: 'provider.created',
      objectType: 'provider',
      objectId: r.id,
      details: { kind: r.kind, channel: r.channel, name: r.name },
    });
    return r;
  });
  deps.delivery.forgetProviders();
  return presentProvider(deps, row);
}

async function ownProvider(deps: AppDeps, tenant: TenantRow, id: string): Promise<Row> {
  const [row] = await deps.db.withTenant(tenant.id, (tx) =>
    tx
      .select()
      .from(providers)
      .where(and(eq(providers.id, id), eq(providers.tenantId, tenant.id))),
  );
  if (!row) throw notFound('This provider (installation providers cannot be changed here)');
  return row;
}

export async function updateProvider(deps: AppDeps, actor: Actor, tenant: TenantRow, id: string, patch: z.infer<typeof providerPatch>) {
  const row = await ownProvider(deps, tenant, id);
  const current = toRecord(deps.config.secretKey, row);
  const secrets = { ...current.secrets, ...(patch.secrets ?? {}) };
  const config = patch.config ?? row.config;
  validate(row.kind, row.channel, config, secrets, true);
  const updated = await deps.db.withTenant(tenant.id, async (tx) => {
    const [r] = await tx
      .update(providers)
      .set({
        name: patch.name,
        config,
        secrets: sealSecrets(deps.config.secretKey, secrets),
        weight: patch.weight,
        enabled: patch.enabled,
        ratePerSecond: patch.ratePerSecond,
        maxConnections: patch.maxConnections,
        centsPerMessage: patch.centsPerMessage,
        updatedAt: sql`now()`,
      })
      .where(eq(providers.id, id))
      .returning();
    const changed = Object.keys(patch).map((k) => (k === 'secrets' ? `secrets(${Object.keys(patch.secrets ?? {}).join(',')})` : k));
    await recordAudit(tx, tenant.id, actor, { action: 'provider.updated', objectType: 'provider', objectId: id, details: { changed } });
    return r;
  });
  deps.delivery.forgetProviders();
  return presentProvider(deps, updated);
}

export async function deleteProvider(deps: AppDeps, actor: Actor, tenant: TenantRow, id: string) {
  const row = await ownProvider(deps, tenant, id);
  await deps.db.withTenant(tenant.id, async (tx) => {
    await tx.delete(providers).where(eq(providers.id, id));
    await recordAudit(tx, tenant.id, actor, { action: 'provider.deleted', objectType: 'provider', objectId: id, details: { name: row.name } });
  });
  deps.delivery.forgetProviders();
}

export async function providerWeightHistory(deps: AppDeps, tenant: TenantRow, id: string) {
  const items = await deps.db.withTenant(tenant.id, async (tx) => {
    // row-level security shows only this tenant's providers (and the installation's), so the log is theirs
    const [row] = await tx.select({ id: providers.id }).from(providers).where(eq(providers.id, id));
    if (!row) throw notFound('This provider');
    return tx.select().from(providerWeightLog).where(eq(providerWeightLog.providerId, id)).orderBy(desc(providerWeightLog.at)).limit(100);
  });
  return { items: items.map((i) => ({ from: i.fromFactor, to: i.toFactor, reason: i.reason, at: i.at.toISOString() })) };
}

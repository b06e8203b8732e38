// The installation operator's work, above all tenants: municipalities created while the server runs, and the
// installation's own mails (password resets) in the dev outbox.
import { type Actor, recordAccountEvent, recordAudit } from '../../platform/audit.ts';
import type { AppDeps } from '../../platform/context.ts';
import { notFound } from '../../platform/errors.ts';
import { INSTALLATION_TENANT_ID, type TenantRow } from '../../platform/tenancy.ts';
import { getOutboxItem, listOutbox, openOutboxOriginal } from '../outbox/index.ts';
import { inviteStaff } from '../staff/index.ts';
import { createTenant, findTenantBySlug, listTenants } from '../tenants/index.ts';
import type { CreateMunicipalityInput } from './installation.schemas.ts';

const presentMunicipality = (t: TenantRow) => ({
  id: t.id,
  slug: t.slug,
  name: t.name,
  ags: t.ags,
  locale: t.locale,
  timeZone: t.timeZone,
  createdAt: t.createdAt.toISOString(),
});

export async function listMunicipalities(deps: AppDeps) {
  return { items: (await listTenants(deps.db)).map(presentMunicipality) };
}

/** Creates a municipality; with `ownerEmail` its first owner is invited (the invitation mail comes from the new tenant). */
export async function createMunicipality(deps: AppDeps, actor: Actor, input: CreateMunicipalityInput) {
  const { ownerEmail, ...data } = input;
  const tenant = await createTenant(deps.db, data);
  await deps.db.withTenant(tenant.id, (tx) =>
    recordAudit(tx, tenant.id, actor, {
      action: 'tenant.created',
      objectType: 'tenant',
      objectId: tenant.id,
      details: { slug: tenant.slug, by: 'installation operator' },
    }),
  );
  const invitation = ownerEmail ? await inviteStaff(deps, actor, { tenant, role: 'owner', departmentId: null }, { email: ownerEmail, role: 'owner' }) : null;
  return {
    municipality: presentMunicipality(tenant),
    invitation: invitation ? { id: invitation.id, email: invitation.email, expiresAt: invitation.expiresAt } : null,
  };
}

/** The outbox of the installation (no `tenant`) or of one municipality. */
async function outboxTenant(deps: AppDeps, slug: string | undefined): Promise<string> {
  if (!slug) return INSTALLATION_TENANT_ID;
  const tenant = await findTenantBySlug(deps.db, slug);
  if (!tenant) throw notFound('This municipality');
  return tenant.id;
}

export async function operatorOutbox(deps: AppDeps, q: { tenant?: string; limit: number; before?: string }) {
  return listOutbox(deps.db, await outboxTenant(deps, q.tenant), q);
}

export async function operatorOutboxItem(deps: AppDeps, id: string, tenant?: string) {
  return getOutboxItem(deps.db, await outboxTenant(deps, tenant), id);
}

/** Codes and links in clear, as the dev outbox's stand-in recipient got them; every look is recorded. */
export async function operatorOutboxOriginal(deps: AppDeps, actor: Actor, id: string, tenant?: string) {
  const original = await openOutboxOriginal(deps.db, deps.config.secretKey, await outboxTenant(deps, tenant), id);
  await recordAccountEvent(deps.db, actor, 'outbox.original_opened', actor.userId, actor.email);
  return original;
}

// A municipality's message settings: the languages it writes in, when a second person must approve, the SMS part limit.
import { eq } from 'drizzle-orm';
import type { ApprovalPolicy, MessageSettings, MessageSettingsInput } from '../../../common/contracts/messages.ts';
import type { MessageLanguage } from '../../../common/states.ts';
import { type Actor, recordAudit } from '../../platform/audit.ts';
import type { AppDeps } from '../../platform/context.ts';
import { tenants } from '../../platform/db/schema.ts';
import { invalid } from '../../platform/errors.ts';
import { emit } from '../../platform/events.ts';
import type { TenantRow } from '../../platform/tenancy.ts';

export function settingsOf(tenant: TenantRow): MessageSettings {
  const languages = (tenant.languages?.length ? tenant.languages : ['de']) as MessageLanguage[];
  return { languages, approvalPolicy: (tenant.approvalPolicy ?? { mode: 'none' }) as ApprovalPolicy, smsMaxParts: tenant.smsMaxParts ?? 3 };
}

/** Whether a send of this size needs a second person's approval. */
export function needsApproval(policy: ApprovalPolicy, estimate: { recipients: number; costCents: number }): boolean {
  if (policy.mode === 'none') return false;
  if (policy.mode === 'all') return true;
  const byCount = policy.minRecipients !== undefined && estimate.recipients >= policy.minRecipients;
  const byCost = policy.minCostCents !== undefined && estimate.costCents >= policy.minCostCents;
  return byCount || byCost;
}

export async function updateMessageSettings(deps: AppDeps, actor: Actor, tenant: TenantRow, input: MessageSettingsInput): Promise<MessageSettings> {
  const patch: Partial<typeof tenants.$inferInsert> = {};
  if (input.languages) {
    // German is the message's own language: always there, first
    patch.languages = ['de', ...new Set(input.languages.filter((l) => l !== 'de'))];
  }
  if (input.approvalPolicy) {
    const p = input.approvalPolicy;
    if (p.mode === 'threshold' && p.minRecipients === undefined && p.minCostCents === undefined)
      throw invalid('/body/approvalPolicy/minRecipients', 'a threshold needs a recipient count or a cost', 'required');
    patch.approvalPolicy = p.mode === 'threshold' ? p : { mode: p.mode };
  }
  if (input.smsMaxParts !== undefined) patch.smsMaxParts = input.smsMaxParts;
  const row = await deps.db.withTenant(tenant.id, async (tx) => {
    const [updated] = await tx
      .update(tenants)
      .set({ ...patch, updatedAt: new Date() })
      .where(eq(tenants.id, tenant.id))
      .returning();
    await recordAudit(tx, tenant.id, actor, { action: 'message-settings.updated', objectType: 'tenant', objectId: tenant.id, details: { ...patch } });
    return updated;
  });
  emit('tenant.changed', { tenantId: tenant.id, slug: tenant.slug });
  return settingsOf(row ?? { ...tenant, ...patch });
}

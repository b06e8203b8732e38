// The workflow of a staff message: draft → in_review → approved → scheduled | sending → sent (rejected back to the
// author, cancelled while scheduled). A municipality may require a second person's approval for every message or
// above a recipient count or cost; nobody approves their own message. Every transition is audited.
import { z } from 'zod';
import type { CampaignStatus, MessageLanguage } from '../../../common/states.ts';
import { type Actor, recordAudit } from '../../platform/audit.ts';
import type { AppDeps } from '../../platform/context.ts';
import { AppError, invalid, notFound } from '../../platform/errors.ts';
import { emit } from '../../platform/events.ts';
import { defineJob } from '../../platform/jobs.ts';
import type { TenantRow } from '../../platform/tenancy.ts';
import { acceptSend, type EngineSendInput } from '../delivery/index.ts';
import { resolveAudience } from '../geo/index.ts';
import { findTenantById } from '../tenants/index.ts';
import { listAttachments } from './attachments.service.ts';
import * as repo from './campaigns.repository.ts';
import { audienceQuery, EDITABLE, estimateSend, getMessage, permalinkOf, type Staff, sendingChannels, type Viewer } from './campaigns.service.ts';
import { planRecipients, type SendRecipient } from './recipients.ts';
import { needsApproval, settingsOf } from './settings.service.ts';
import { engineContents } from './versions.ts';

type EngineRecipient = EngineSendInput['recipients'][number];

const nameOf = (actor: Staff) => actor.name || actor.email || null;
const statusText = (s: CampaignStatus) => s.replace('_', ' ');

function wrongStatus(row: repo.CampaignRow, action: string, allowed: readonly CampaignStatus[]) {
  return new AppError('conflict', `A message that is ${statusText(row.status)} cannot be ${action}; it must be ${allowed.map(statusText).join(' or ')}.`, [], {
    messageStatus: row.status,
    reason: 'wrong_status',
  });
}

interface Step {
  action: string;
  verb: string;
  from: readonly CampaignStatus[];
  check?: (row: repo.CampaignRow, estimate: { recipients: number; costCents: number }) => void;
  set: (row: repo.CampaignRow) => Partial<repo.NewCampaign>;
  details?: Record<string, unknown>;
  estimate?: boolean;
}

/**
 * One transition in one transaction: lock the message, check its status and the rule, write, audit. The estimate of
 * recipients and cost is refreshed before (it decides whether approval is needed).
 */
async function transition(deps: AppDeps, actor: Staff, tenant: TenantRow, id: string, step: Step) {
  const before = await deps.db.withTenant(tenant.id, async (tx) => {
    const row = await repo.findCampaign(tx, id);
    if (!row) throw notFound('This message');
    return { row, versions: await repo.listVersions(tx, id) };
  });
  if (!step.from.includes(before.row.status)) throw wrongStatus(before.row, step.verb, step.from);
  const e = step.estimate ? await estimateSend(deps, tenant, before.row, before.versions) : null;
  const estimate = e
    ? { recipients: e.recipients, costCents: e.costCents.total }
    : { recipients: before.row.estimatedRecipients ?? 0, costCents: before.row.estimatedCostCents ?? 0 };
  return deps.db.withTenant(tenant.id, async (tx) => {
    const row = await repo.findCampaign(tx, id, true);
    if (!row) throw notFound('This message');
    if (!step.from.includes(row.status)) throw wrongStatus(row, step.verb, step.from);
    step.check?.(row, estimate);
    const updated = await repo.updateCampaign(tx, id, {
      ...step.set(row),
      ...(e ? { estimatedRecipients: estimate.recipients, estimatedCostCents: estimate.costCents } : {}),
    });
    await recordAudit(tx, tenant.id, actor, {
      action: step.action,
      objectType: 'campaign',
      objectId: id,
      details: { from: row.status, to: updated.status, ...step.details },
    });
    return updated;
  });
}

/** A step the staff takes from the console: the transition, answered with the message as the viewer now sees it. */
async function takeStep(deps: AppDeps, actor: Staff, tenant: TenantRow, id: string, viewer: Viewer, step: Step) {
  await transition(deps, actor, tenant, id, step);
  return getMessage(deps, tenant, id, viewer);
}

const isOwn = (row: repo.CampaignRow, actor: Actor) => !!actor.userId && (row.authorId === actor.userId || row.submittedBy === actor.userId);
/** The check of a step another person must take (approve, reject): refused to whoever wrote or submitted the message. */
const notOwn = (actor: Actor, what: 'approve' | 'reject') => (row: repo.CampaignRow) => {
  if (!isOwn(row, actor)) return;
  throw new AppError(
    'conflict',
    `You wrote or submitted this message; another person must ${what} it.`,
    [{ pointer: '/params/id', detail: `cannot ${what} one's own message`, code: 'own_message' }],
    { reason: 'own_message' },
  );
};

export async function submitMessage(deps: AppDeps, actor: Staff, tenant: TenantRow, id: string, viewer: Viewer) {
  return takeStep(deps, actor, tenant, id, viewer, {
    action: 'campaign.submitted',
    verb: 'submitted for review',
    from: EDITABLE,
    estimate: true,
    set: () => ({ status: 'in_review', submittedBy: actor.userId, submittedByName: nameOf(actor), submittedAt: new Date(), rejectionReason: null }),
  });
}

export async function approveMessage(deps: AppDeps, actor: Staff, tenant: TenantRow, id: string, viewer: Viewer) {
  return takeStep(deps, actor, tenant, id, viewer, {
    action: 'campaign.approved',
    verb: 'approved',
    from: ['in_review'],
    estimate: true,
    check: notOwn(actor, 'approve'),
    set: () => ({ status: 'approved', approvedBy: actor.userId, approvedByName: nameOf(actor), approvedAt: new Date() }),
  });
}

export async function rejectMessage(deps: AppDeps, actor: Staff, tenant: TenantRow, id: string, reason: string, viewer: Viewer) {
  return takeStep(deps, actor, tenant, id, viewer, {
    action: 'campaign.rejected',
    verb: 'rejected',
    from: ['in_review'],
    check: notOwn(actor, 'reject'),
    set: () => ({ status: 'rejected', rejectionReason: reason }),
    details: { reason },
  });
}

/** Approved, or a draft that the policy lets go out without a second person. */
function checkSendable(tenant: TenantRow) {
  return (row: repo.CampaignRow, estimate: { recipients: number; costCents: number }) => {
    if (row.status === 'draft' && needsApproval(settingsOf(tenant).approvalPolicy, estimate))
      throw new AppError(
        'conflict',
        'This municipality requires a second person’s approval for this message; submit it for review.',
        [{ pointer: '/params/id', detail: 'needs approval first', code: 'approval_required' }],
        { reason: 'approval_required', ...estimate },
      );
  };
}

export async function scheduleMessage(deps: AppDeps, actor: Staff, tenant: TenantRow, id: string, at: Date, viewer: Viewer) {
  if (at.getTime() <= Date.now()) throw invalid('/body/at', 'must be in the future; to send now, use send', 'not_in_future');
  if (at.getTime() > Date.now() + 366 * 24 * 3600_000) throw invalid('/body/at', 'must be within a year', 'not_allowed');
  await transition(deps, actor, tenant, id, {
    action: 'campaign.scheduled',
    verb: 'scheduled',
    from: ['approved', 'draft'],
    estimate: true,
    check: checkSendable(tenant),
    set: () => ({ status: 'scheduled', scheduledAt: at }),
    details: { at: at.toISOString() },
  });
  await deps.jobs?.send(scheduledSendJob, { tenantId: tenant.id, campaignId: id }, { startAfter: at });
  return getMessage(deps, tenant, id, viewer);
}

export async function cancelMessage(deps: AppDeps, actor: Staff, tenant: TenantRow, id: string, viewer: Viewer) {
  return takeStep(deps, actor, tenant, id, viewer, {
    action: 'campaign.cancelled',
    verb: 'cancelled',
    from: ['scheduled'],
    set: () => ({ status: 'cancelled', cancelledAt: new Date() }),
  });
}

/** POST /messages/:id/send: now, from approved (or a draft where no approval is needed). */
export async function sendMessage(deps: AppDeps, actor: Staff, tenant: TenantRow, id: string, viewer: Viewer) {
  await performSend(deps, actor, tenant, id, ['approved', 'draft']);
  return getMessage(deps, tenant, id, viewer);
}

/** The residents and their addresses the send goes to; a correction goes to the original's residents (who still follow). */
async function recipientsOf(deps: AppDeps, tenant: TenantRow, row: repo.CampaignRow) {
  const channels = sendingChannels(row.channels);
  if (!channels.length) return { recipients: [] as SendRecipient[], residents: 0 };
  if (row.correctionOf) {
    const original = await deps.db.withTenant(tenant.id, (tx) => repo.recipientIds(tx, row.correctionOf!));
    const ids = new Set(original);
    const resolved = await resolveAudience(deps, tenant.id, { channels: [...channels] }, { at: '/body/audience' });
    return planRecipients(resolved.recipients.filter((r) => ids.has(r.residentId)));
  }
  const resolved = await resolveAudience(deps, tenant.id, audienceQuery(row.audience, row.topic, row.channels), { at: '/body/audience' });
  return planRecipients(resolved.recipients);
}

/**
 * The send: resolve the audience now, group the residents by language (theirs when the message has it, else German),
 * hand each language's versions to the delivery engine, record who got which language.
 */
export async function performSend(deps: AppDeps, actor: Staff, tenant: TenantRow, id: string, from: readonly CampaignStatus[]) {
  const row0 = await deps.db.withTenant(tenant.id, (tx) => repo.findCampaign(tx, id));
  if (!row0) throw notFound('This message');
  if (!from.includes(row0.status)) throw wrongStatus(row0, 'sent', from);
  const plan = await recipientsOf(deps, tenant, row0);
  if (!plan.recipients.length && !row0.channels.includes('portal'))
    throw new AppError('validation_failed', 'Nobody in this audience can be reached on these channels; nothing was sent.', [
      { pointer: '/body/audience', detail: 'reaches nobody', code: 'audience_empty' },
    ]);
  const { row, versions, attachments } = await deps.db.withTenant(tenant.id, async (tx) => {
    const locked = await repo.findCampaign(tx, id, true);
    if (!locked) throw notFound('This message');
    if (!from.includes(locked.status)) throw wrongStatus(locked, 'sent', from);
    if (locked.status === 'draft') {
      const estimate = { recipients: plan.residents, costCents: locked.estimatedCostCents ?? 0 };
      checkSendable(tenant)(locked, estimate);
    }
    const updated = await repo.updateCampaign(tx, id, { status: 'sending' });
    await recordAudit(tx, tenant.id, actor, {
      action: 'campaign.sending',
      objectType: 'campaign',
      objectId: id,
      details: { from: locked.status, to: 'sending' },
    });
    return { row: updated, versions: await repo.listVersions(tx, id), attachments: await listAttachments(deps, tx, tenant, id) };
  });
  const languages = new Set(versions.map((v) => v.language));
  const byLanguage = new Map<MessageLanguage, SendRecipient[]>();
  const chosen = new Map<string, MessageLanguage>();
  for (const r of plan.recipients) {
    const language = (languages.has(r.language as MessageLanguage) ? r.language : 'de') as MessageLanguage;
    // appended in place: copying the list for each resident made a 100,000-resident send quadratic
    const list = byLanguage.get(language);
    if (list) list.push(r);
    else byLanguage.set(language, [r]);
    if (r.residentId) chosen.set(r.residentId, language);
  }
  const permalink = permalinkOf(deps, tenant, id);
  const messageIds: string[] = [];
  try {
    for (const [language, list] of byLanguage) {
      for (const content of engineContents(versions, language, row.title, permalink, attachments)) {
        const recipients = list
          .map((r) => {
            // an urgent message is not held back by quiet hours
            const own: EngineRecipient = { residentId: r.residentId, language: r.language, ...(row.urgent ? { notBefore: new Date() } : {}) };
            for (const ch of content.channels) if (r[ch]) own[ch] = r[ch];
            return own;
          })
          .filter((r) => r.sms || r.email || r.push);
        if (!recipients.length) continue;
        const accepted = await acceptSend(
          deps,
          actor,
          tenant,
          {
            kind: 'message',
            subject: content.subject,
            text: content.text,
            html: content.html,
            smsText: content.smsText,
            url: permalink,
            recipients,
            campaignId: id,
            language,
          },
          { skipLimit: true, audit: { campaignId: id, language } },
        );
        messageIds.push(accepted.id);
      }
    }
  } catch (err) {
    if (!messageIds.length) {
      // nothing went out: the message is as it was
      await deps.db.withTenant(tenant.id, (tx) => repo.updateCampaign(tx, id, { status: row0.status }));
      throw err;
    }
    deps.log.error({ err, campaignId: id }, 'message send stopped part way; the languages handed over so far go out');
  }
  await deps.db.withTenant(tenant.id, async (tx) => {
    await repo.insertRecipients(
      tx,
      tenant.id,
      id,
      [...chosen].map(([residentId, language]) => ({ residentId, language })),
    );
    await repo.updateCampaign(tx, id, { status: 'sent', sentAt: new Date(), recipients: chosen.size, deliveryMessageIds: messageIds });
    await recordAudit(tx, tenant.id, actor, {
      action: 'campaign.sent',
      objectType: 'campaign',
      objectId: id,
      details: {
        from: 'sending',
        to: 'sent',
        recipients: chosen.size,
        languages: Object.fromEntries([...byLanguage].map(([l, list]) => [l, list.length])),
        messageIds,
        ...(row.correctionOf ? { correctionOf: row.correctionOf } : {}),
      },
    });
  });
  if (row.channels.includes('portal')) emit('portal.content', { tenantId: tenant.id });
}

const scheduledPayload = z.object({ tenantId: z.uuid(), campaignId: z.uuid() });

/** A scheduled message goes out when its time comes; a cancelled or already sent one is left alone. */
export const scheduledSendJob = defineJob({
  name: 'messages.scheduled-send',
  payload: scheduledPayload,
  retryLimit: 3,
  retryDelaySeconds: 30,
  expireInSeconds: 3600,
  async handle(payload, ctx) {
    const tenant = await findTenantById(ctx.db, payload.tenantId);
    if (!tenant) return;
    const row = await ctx.db.withTenant(tenant.id, (tx) => repo.findCampaign(tx, payload.campaignId));
    if (row?.status !== 'scheduled' || !row.scheduledAt) return;
    if (row.scheduledAt.getTime() > Date.now() + 1000) {
      // rescheduled later than this job: the job for the new time does it
      return;
    }
    const actor: Staff = { userId: row.approvedBy ?? row.authorId, email: 'scheduled-send', ip: null, userAgent: null, requestId: ctx.jobId };
    await performSend(ctx, actor, tenant, row.id, ['scheduled']);
  },
});

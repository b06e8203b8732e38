// Staff messages (campaigns): write a draft, edit it while it is a draft (or was rejected), preview each channel's
// version with counts and cost, list and show them. The workflow's transitions and the send live in
// workflow.service.ts.
import { eq } from 'drizzle-orm';
import type { MessageCreateInput, MessageDetail, MessagePreview, MessageRow, MessageUpdateInput, VersionInput } from '../../../common/contracts/messages.ts';
import { can as roleCan } from '../../../common/permissions.ts';
import type { Role } from '../../../common/roles.ts';
import type { CampaignChannel, MessageLanguage } from '../../../common/states.ts';
import { analyzeSms } from '../../../common/sms/segments.ts';
import { type Actor, recordAudit } from '../../platform/audit.ts';
import type { AppDeps } from '../../platform/context.ts';
import type { Tx } from '../../platform/db/client.ts';
import { type CampaignAudience, type CampaignTranslation, topics } from '../../platform/db/schema.ts';
import { AppError, invalid, notFound } from '../../platform/errors.ts';
import type { TenantRow } from '../../platform/tenancy.ts';
import { countWaiting } from '../delivery/index.ts';
import { type AudienceQuery, matchAudience } from '../geo/index.ts';
import { listAttachments } from './attachments.service.ts';
import * as repo from './campaigns.repository.ts';
import { needsApproval, settingsOf } from './settings.service.ts';
import { buildVersions, type EditedVersion, presentVersion, type StoredVersion } from './versions.ts';

/** The person acting; `name` is shown as the author (the API's callers may leave it out: the e-mail is shown). */
export type Staff = Actor & { name?: string | null };
/** Who looks at a message, for what the console offers them (buttons). */
export interface Viewer {
  userId: string | null;
  role: Role | null;
}

const SENDING = ['sms', 'email', 'push'] as const;
export const EDITABLE = ['draft', 'rejected'] as const;

export const permalinkOf = (deps: AppDeps, tenant: TenantRow, id: string) => `${deps.config.publicUrl}/m/${tenant.slug}/news/${id}`;
export const sendingChannels = (channels: readonly CampaignChannel[]) => SENDING.filter((c) => channels.includes(c));
const iso = (d: Date | null | undefined) => d?.toISOString() ?? null;
const nameOf = (actor: Staff) => actor.name || actor.email || null;

/** The audience query for the geo module: the message's topic stands in when the audience names no topics. */
export function audienceQuery(audience: CampaignAudience, topic: string | null | undefined, channels: readonly CampaignChannel[]): AudienceQuery {
  const q: AudienceQuery & { tags?: string[] } = {
    topics: audience.topics?.length ? audience.topics : topic ? [topic] : [],
    areaIds: audience.areaIds ?? [],
    streetIds: audience.streetIds ?? [],
    channels: [...sendingChannels(channels)],
  };
  if (audience.tags?.length) q.tags = audience.tags;
  return q;
}

interface Content {
  title: string;
  body: string;
  topic: string | null;
  audience: CampaignAudience;
  channels: CampaignChannel[];
  translations: CampaignTranslation[];
  urgent: boolean;
}

/** Checks what the request names against this municipality: the topic, enabled languages, no duplicates. */
async function checkContent(tx: Tx, tenant: TenantRow, c: Content) {
  if (c.topic) {
    const [known] = await tx.select({ key: topics.key }).from(topics).where(eq(topics.key, c.topic));
    if (!known) throw invalid('/body/topic', `"${c.topic}" is not a topic of this municipality`, 'not_found_here');
  }
  const enabled = settingsOf(tenant).languages;
  const seen = new Set<string>(['de']);
  c.translations.forEach((t, i) => {
    if (t.language === 'de') throw invalid(`/body/translations/${i}/language`, 'German is the message’s own title and body', 'not_allowed');
    if (!enabled.includes(t.language))
      throw invalid(`/body/translations/${i}/language`, `${t.language} is not enabled for this municipality`, 'not_enabled', { values: enabled });
    if (seen.has(t.language)) throw invalid(`/body/translations/${i}/language`, `${t.language} is given twice`, 'duplicate');
    seen.add(t.language);
  });
  const dup = c.channels.findIndex((ch, i) => c.channels.indexOf(ch) !== i);
  if (dup >= 0) throw invalid(`/body/channels/${dup}`, `${c.channels[dup]} is given twice`, 'duplicate');
}

/** Versions for every language × channel: given edited versions are checked; stored ones are kept where they still fit. */
function versionsFor(deps: AppDeps, tenant: TenantRow, id: string, c: Content, given: VersionInput[] | undefined, stored: StoredVersion[]) {
  const texts = [{ language: 'de' as MessageLanguage, title: c.title, body: c.body }, ...c.translations];
  const common = { texts, channels: c.channels, permalink: permalinkOf(deps, tenant, id), smsMaxParts: settingsOf(tenant).smsMaxParts };
  if (given) return buildVersions({ ...common, edited: given });
  const kept: EditedVersion[] = stored.filter(
    (v) =>
      v.edited &&
      texts.some((t) => t.language === v.language) &&
      c.channels.includes(v.channel) &&
      (v.channel !== 'sms' || analyzeSms(v.text).segments <= common.smsMaxParts),
  );
  return buildVersions({ ...common, edited: kept });
}

async function priceOf(deps: AppDeps, tenantId: string) {
  const price = async (channel: (typeof SENDING)[number]) => {
    const list = await deps.delivery.providersFor(tenantId, channel);
    return list.length ? Math.round(list.reduce((a, p) => a + p.centsPerMessage, 0) / list.length) : 0;
  };
  return { sms: await price('sms'), email: await price('email'), push: await price('push') };
}

export interface Estimate {
  recipients: number;
  /** Residents whose quiet hours would hold the message back if it went out now (0 for urgent messages). */
  waiting: number;
  byChannel: Record<string, number>;
  byLanguage: Record<string, number>;
  costCents: { sms: number; email: number; push: number; total: number };
}

/** Counts and cost of a send now, without personal data (residents reached on at least one channel). */
export async function estimateSend(deps: AppDeps, tenant: TenantRow, c: Content, versions: StoredVersion[], at = '/body'): Promise<Estimate> {
  const channels = sendingChannels(c.channels);
  const byChannel: Record<string, number> = Object.fromEntries(channels.map((ch) => [ch, 0]));
  const byLanguage: Record<string, number> = {};
  const costCents = { sms: 0, email: 0, push: 0, total: 0 };
  if (!channels.length) return { recipients: 0, waiting: 0, byChannel, byLanguage, costCents };
  const matches = await matchAudience(deps, tenant.id, audienceQuery(c.audience, c.topic, c.channels), { at: `${at}/audience` });
  const languages = new Set(versions.map((v) => v.language));
  const smsParts = new Map(versions.filter((v) => v.channel === 'sms').map((v) => [v.language, analyzeSms(v.text).segments]));
  const price = await priceOf(deps, tenant.id);
  let recipients = 0;
  const reached: typeof matches = [];
  for (const m of matches) {
    const reachable = channels.filter(
      (ch) => m.channels.includes(ch) && ((ch === 'sms' && m.hasPhone) || (ch === 'email' && m.hasEmail) || (ch === 'push' && m.hasPush)),
    );
    if (!reachable.length) continue;
    recipients++;
    reached.push(m);
    const language = languages.has(m.language as MessageLanguage) ? m.language : 'de';
    byLanguage[language] = (byLanguage[language] ?? 0) + 1;
    for (const ch of reachable) {
      byChannel[ch]++;
      costCents[ch] += ch === 'sms' ? price.sms * (smsParts.get(language as MessageLanguage) ?? 1) : price[ch];
    }
  }
  costCents.total = costCents.sms + costCents.email + costCents.push;
  const waiting = c.urgent ? 0 : countWaiting(reached, tenant.timeZone);
  return { recipients, waiting, byChannel, byLanguage, costCents };
}

const contentOf = (input: MessageCreateInput): Content => ({
  title: input.title,
  body: input.body,
  topic: input.topic ?? null,
  audience: input.audience,
  channels: input.channels,
  translations: input.translations ?? [],
  urgent: input.urgent ?? false,
});

/** POST /messages/preview: derived versions, counts per channel and language, cost, and whether approval is needed. */
export async function previewMessage(deps: AppDeps, tenant: TenantRow, input: MessageCreateInput): Promise<MessagePreview> {
  const c = contentOf(input);
  await deps.db.withTenant(tenant.id, (tx) => checkContent(tx, tenant, c));
  // the permalink's length counts in the SMS; a preview has no id yet, so it measures with a placeholder of the same length
  const versions = versionsFor(deps, tenant, '00000000-0000-4000-8000-000000000000', c, input.versions, []);
  const estimate = await estimateSend(deps, tenant, c, versions);
  const settings = settingsOf(tenant);
  return {
    versions: versions.map(presentVersion),
    recipients: estimate.recipients,
    byChannel: estimate.byChannel,
    byLanguage: estimate.byLanguage,
    waitingForQuietHours: estimate.waiting,
    costCents: estimate.costCents,
    needsApproval: needsApproval(settings.approvalPolicy, { recipients: estimate.recipients, costCents: estimate.costCents.total }),
    smsMaxParts: settings.smsMaxParts,
  };
}

/** A new draft (also the networks' and the API's entry point). */
export async function createMessage(
  deps: AppDeps,
  actor: Staff,
  tenant: TenantRow,
  input: MessageCreateInput,
  opts: { originNetworkId?: string; correctionOf?: string; viewer?: Viewer } = {},
): Promise<MessageDetail> {
  const c = contentOf(input);
  const id = crypto.randomUUID();
  await deps.db.withTenant(tenant.id, (tx) => checkContent(tx, tenant, c));
  const versions = versionsFor(deps, tenant, id, c, input.versions, []);
  const estimate = await estimateSend(deps, tenant, c, versions);
  await deps.db.withTenant(tenant.id, async (tx) => {
    await repo.insertCampaign(tx, {
      tenantId: tenant.id,
      id,
      ...c,
      authorId: actor.userId,
      authorName: nameOf(actor),
      originNetworkId: opts.originNetworkId ?? null,
      correctionOf: opts.correctionOf ?? null,
      estimatedRecipients: estimate.recipients,
      estimatedCostCents: estimate.costCents.total,
    });
    await repo.replaceVersions(tx, tenant.id, id, versions);
    await recordAudit(tx, tenant.id, actor, {
      action: 'campaign.created',
      objectType: 'campaign',
      objectId: id,
      details: {
        channels: c.channels,
        languages: ['de', ...c.translations.map((t) => t.language)],
        ...(opts.correctionOf ? { correctionOf: opts.correctionOf } : {}),
      },
    });
  });
  return getMessage(deps, tenant, id, opts.viewer ?? { userId: actor.userId, role: null });
}

export async function updateMessage(deps: AppDeps, actor: Staff, tenant: TenantRow, id: string, patch: MessageUpdateInput, viewer: Viewer) {
  const current = await deps.db.withTenant(tenant.id, async (tx) => {
    const row = await repo.findCampaign(tx, id);
    if (!row) throw notFound('This message');
    return { row, versions: await repo.listVersions(tx, id) };
  });
  const { row } = current;
  if (!(EDITABLE as readonly string[]).includes(row.status))
    throw new AppError('conflict', `A message that is ${row.status.replace('_', ' ')} cannot be edited; only drafts and rejected messages can.`, [], {
      messageStatus: row.status,
      reason: 'wrong_status',
    });
  const c: Content = {
    title: patch.title ?? row.title,
    body: patch.body ?? row.body,
    topic: patch.topic === undefined ? row.topic : patch.topic,
    audience: patch.audience ?? row.audience,
    channels: patch.channels ?? row.channels,
    translations: patch.translations ?? row.translations,
    urgent: patch.urgent ?? row.urgent,
  };
  await deps.db.withTenant(tenant.id, (tx) => checkContent(tx, tenant, c));
  const versions = versionsFor(deps, tenant, id, c, patch.versions, current.versions);
  const estimate = await estimateSend(deps, tenant, c, versions);
  await deps.db.withTenant(tenant.id, async (tx) => {
    const locked = await repo.findCampaign(tx, id, true);
    if (!locked || locked.updatedAt.getTime() !== row.updatedAt.getTime() || locked.status !== row.status)
      throw new AppError('conflict', 'The message was changed in the meantime; load it again.');
    await repo.updateCampaign(tx, id, { ...c, estimatedRecipients: estimate.recipients, estimatedCostCents: estimate.costCents.total });
    await repo.replaceVersions(tx, tenant.id, id, versions);
    await recordAudit(tx, tenant.id, actor, { action: 'campaign.updated', objectType: 'campaign', objectId: id, details: { fields: Object.keys(patch) } });
  });
  return getMessage(deps, tenant, id, viewer);
}

function presentRow(row: repo.CampaignRow, reach: Map<string, { delivered: number; costCents: number }>): MessageRow {
  const sent = row.deliveryMessageIds.length > 0;
  let delivered = 0;
  let cost = 0;
  for (const m of row.deliveryMessageIds) {
    delivered += reach.get(m)?.delivered ?? 0;
    cost += reach.get(m)?.costCents ?? 0;
  }
  return {
    id: row.id,
    status: row.status,
    title: row.title,
    topic: row.topic,
    author: row.authorId || row.authorName ? { id: row.authorId ?? '00000000-0000-4000-8000-000000000000', name: row.authorName ?? '' } : null,
    audience: {
      topics: row.audience.topics ?? [],
      areaIds: row.audience.areaIds ?? [],
      streetIds: row.audience.streetIds ?? [],
      tags: row.audience.tags ?? [],
    },
    channels: row.channels,
    createdAt: row.createdAt.toISOString(),
    scheduledAt: iso(row.scheduledAt),
    sentAt: iso(row.sentAt),
    recipients: row.status === 'sent' || row.status === 'sending' ? (row.recipients ?? 0) : null,
    delivered: sent ? delivered : null,
    costCents: sent ? cost : null,
  };
}

export async function listMessages(deps: AppDeps, tenant: TenantRow, f: repo.CampaignFilter) {
  return deps.db.withTenant(tenant.id, async (tx) => {
    const { rows, total } = await repo.listCampaigns(tx, f);
    const reach = await repo.reachOf(
      tx,
      rows.flatMap((r) => r.deliveryMessageIds),
    );
    return { items: rows.map((r) => presentRow(r, reach)), total, page: f.page, pageSize: f.pageSize };
  });
}

/** What the viewer may do with the message now (the console's buttons; the server checks the same rules again). */
export function abilities(row: repo.CampaignRow, tenant: TenantRow, viewer: Viewer): MessageDetail['can'] {
  const has = (p: 'messages.write' | 'messages.approve' | 'messages.send') => viewer.role !== null && roleCan(viewer.role, p);
  const own = !!viewer.userId && (row.authorId === viewer.userId || row.submittedBy === viewer.userId);
  const approval = needsApproval(settingsOf(tenant).approvalPolicy, { recipients: row.estimatedRecipients ?? 0, costCents: row.estimatedCostCents ?? 0 });
  const editable = (EDITABLE as readonly string[]).includes(row.status);
  const sendable = row.status === 'approved' || (row.status === 'draft' && !approval);
  return {
    edit: editable && has('messages.write'),
    submit: editable && has('messages.write'),
    approve: row.status === 'in_review' && has('messages.approve') && !own,
    approveBlockedBy: row.status !== 'in_review' ? 'status' : !has('messages.approve') ? 'role' : own ? 'own_message' : null,
    reject: row.status === 'in_review' && has('messages.approve') && !own,
    send: sendable && has('messages.send'),
    needsApproval: approval,
    schedule: sendable && has('messages.send'),
    cancel: row.status === 'scheduled' && has('messages.send'),
    correct: row.status === 'sent' && has('messages.write'),
  };
}

export async function getMessage(deps: AppDeps, tenant: TenantRow, id: string, viewer: Viewer): Promise<MessageDetail> {
  return deps.db.withTenant(tenant.id, async (tx) => {
    const row = await repo.findCampaign(tx, id);
    if (!row) throw notFound('This message');
    const versions = await repo.listVersions(tx, id);
    const reach = await repo.reachOf(tx, row.deliveryMessageIds);
    const events = await repo.history(tx, id);
    const network = row.originNetworkId ? { id: row.originNetworkId, name: (await repo.networkName(tx, row.originNetworkId)) ?? '' } : null;
    const person = (userId: string | null, name: string | null) => (userId ? { id: userId, name: name ?? '' } : null);
    return {
      ...presentRow(row, reach),
      body: row.body,
      urgent: row.urgent,
      translations: row.translations,
      versions: versions.map(presentVersion),
      attachments: await listAttachments(deps, tx, tenant, id),
      submittedBy: person(row.submittedBy, row.submittedByName),
      submittedAt: iso(row.submittedAt),
      approvedBy: person(row.approvedBy, row.approvedByName),
      approvedAt: iso(row.approvedAt),
      rejectionReason: row.rejectionReason,
      cancelledAt: iso(row.cancelledAt),
      correctionOf: row.correctionOf,
      originNetwork: network,
      estimatedRecipients: row.estimatedRecipients,
      estimatedCostCents: row.estimatedCostCents,
      deliveryMessageIds: row.deliveryMessageIds,
      can: abilities(row, tenant, viewer),
      history: events.map((e) => ({ action: e.action, at: e.at.toISOString(), by: e.by, details: e.details })),
    };
  });
}

/** A correction ("Korrektur"): a new draft linked to a sent message, later sent to the same residents. */
export async function createCorrection(deps: AppDeps, actor: Staff, tenant: TenantRow, id: string, viewer?: Viewer) {
  const original = await deps.db.withTenant(tenant.id, async (tx) => {
    const row = await repo.findCampaign(tx, id);
    if (!row) throw notFound('This message');
    return row;
  });
  if (original.status !== 'sent')
    throw new AppError('conflict', 'Only a sent message can be corrected.', [], { messageStatus: original.status, reason: 'wrong_status' });
  const input: MessageCreateInput = {
    title: `Korrektur: ${original.title}`.slice(0, 200),
    body: original.body,
    topic: original.topic,
    audience: original.audience,
    channels: original.channels,
    translations: original.translations,
    urgent: original.urgent,
  };
  return createMessage(deps, actor, tenant, input, { correctionOf: id, originNetworkId: original.originNetworkId ?? undefined, viewer });
}

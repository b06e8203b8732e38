// Watching a message arrive: the delivery engine's progress over the message's sends (one per language), and a
// follow-up on another channel to the residents it did not reach.
import type { DeliveryProgress } from '../../../common/contracts/delivery-progress.ts';
import type { MessageLanguage } from '../../../common/states.ts';
import type { AppDeps } from '../../platform/context.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import type { TenantRow } from '../../platform/tenancy.ts';
import { deliveryProgress, followUp } from '../delivery/index.ts';
import * as repo from './campaigns.repository.ts';
import { permalinkOf, type Staff } from './campaigns.service.ts';
import { settingsOf } from './settings.service.ts';
import { buildVersions, engineContents } from './versions.ts';

async function load(deps: AppDeps, tenant: TenantRow, id: string) {
  return deps.db.withTenant(tenant.id, async (tx) => {
    const row = await repo.findCampaign(tx, id);
    if (!row) throw notFound('This message');
    return { row, versions: await repo.listVersions(tx, id) };
  });
}

/** Counts by channel and status over every send of the message; `done` once it was sent and nothing is pending. */
export async function messageProgress(deps: AppDeps, tenant: TenantRow, id: string): Promise<DeliveryProgress> {
  const { row } = await load(deps, tenant, id);
  const progress = await deliveryProgress(deps, tenant.id, row.deliveryMessageIds);
  return { ...progress, done: row.status === 'sent' && progress.done };
}

/** A follow-up on `channel` (its German version: derived when the message did not go out on that channel). */
export async function followUpMessage(deps: AppDeps, actor: Staff, tenant: TenantRow, id: string, channel: 'sms' | 'email' | 'push') {
  const { row, versions } = await load(deps, tenant, id);
  if (row.status !== 'sent' || !row.deliveryMessageIds.length)
    throw new AppError('conflict', 'Only a message that was sent can be followed up.', [], { messageStatus: row.status, reason: 'wrong_status' });
  const permalink = permalinkOf(deps, tenant, id);
  const german = { language: 'de' as MessageLanguage, title: row.title, body: row.body };
  const own = versions.filter((v) => v.language === 'de' && v.channel === channel);
  const channelVersions = own.length
    ? own
    : buildVersions({ texts: [german], channels: [channel], edited: [], permalink, smsMaxParts: settingsOf(tenant).smsMaxParts });
  const [content] = engineContents(channelVersions, 'de', row.title, permalink);
  return followUp(deps, actor, tenant, row.deliveryMessageIds, channel, {
    subject: content.subject,
    text: content.text,
    html: content.html,
    smsText: content.smsText,
    url: permalink,
  });
}

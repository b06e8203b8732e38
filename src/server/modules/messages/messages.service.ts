// Sending a message to an audience: who receives it is decided on the server at send time, from the follows with
// consent for the channel and topic (not withdrawn). The tenant API never takes raw numbers or addresses; those
// remain for the server's own transactional messages and for staff test sends to their own address.
import { z } from 'zod';
import type { Actor } from '../../platform/audit.ts';
import type { AppDeps } from '../../platform/context.ts';
import { AppError, invalid } from '../../platform/errors.ts';
import type { TenantRow } from '../../platform/tenancy.ts';
import { acceptSend, normalizePhone, type SendInput } from '../delivery/index.ts';
import { type Recipient, resolveAudience } from '../geo/index.ts';
import type { MessageAccepted, MessageInput } from './messages.schemas.ts';

const SENDABLE = ['sms', 'email', 'push'] as const;
const emailSchema = z.email();
type SendRecipient = SendInput['recipients'][number];

export async function sendToAudience(deps: AppDeps, actor: Actor, tenant: TenantRow, input: MessageInput): Promise<MessageAccepted> {
  const warning = input.kind === 'warning';
  const { audience } = input;
  if (audience.warning !== undefined && audience.warning !== warning) {
    throw invalid('/body/audience/warning', 'follows the kind of the message: leave it out, or send with kind "warning"', 'not_allowed');
  }
  const notSendable = audience.channels.findIndex((c) => !(SENDABLE as readonly string[]).includes(c));
  if (notSendable >= 0) {
    throw invalid(`/body/audience/channels/${notSendable}`, `messages cannot go out on ${audience.channels[notSendable]} yet`, 'not_allowed', {
      values: [...SENDABLE],
    });
  }
  const resolved = await resolveAudience(deps, tenant.id, { ...audience, warning }, { at: '/body/audience' });
  const plan = planRecipients(resolved.recipients);
  if (!plan.recipients.length) {
    throw new AppError('validation_failed', 'Nobody in this audience can be reached on these channels; nothing was sent.', [
      { pointer: '/body/audience', detail: 'reaches nobody', code: 'audience_empty' },
    ]);
  }
  const { kind, subject, text, html, smsText, url, expiresAt } = input;
  // the audit entry names the audience (no personal data) and how many residents it reached
  const recorded = {
    topics: audience.topics ?? [],
    areaIds: audience.areaIds ?? [],
    streetIds: audience.streetIds ?? [],
    channels: audience.channels,
    warning,
  };
  const accepted = await acceptSend(
    deps,
    actor,
    tenant,
    { kind, subject, text, html, smsText, url, expiresAt, recipients: plan.recipients },
    { skipLimit: true, audit: { audience: recorded, recipients: plan.residents } },
  );
  return { id: accepted.id, recipients: plan.residents, deliveries: accepted.deliveries, skipped: plan.skipped + accepted.skipped.length };
}

/**
 * One send record per resident, each address at most once per channel (two residents sharing an address get one
 * message). Each record carries the resident and their language: the seam where the messages issue decides quiet
 * hours and the text variant per resident. A stored address no longer valid for the channel is left out, not fatal.
 */
export function planRecipients(list: Recipient[]): { recipients: SendRecipient[]; residents: number; skipped: number } {
  const seen = { sms: new Set<string>(), email: new Set<string>(), push: new Set<string>() };
  const recipients: SendRecipient[] = [];
  let residents = 0;
  let skipped = 0;
  const take = (channel: keyof typeof seen, address: string | null) => {
    if (!address || seen[channel].has(address)) {
      skipped++;
      return undefined;
    }
    seen[channel].add(address);
    return address;
  };
  for (const r of list) {
    const base = { residentId: r.residentId, language: r.language };
    const own: SendRecipient = { ...base };
    if (r.sms) own.sms = take('sms', normalizePhone(r.sms));
    if (r.email) {
      const email = r.email.trim().toLowerCase();
      own.email = take('email', emailSchema.safeParse(email).success ? email : null);
    }
    const devices = (r.push ?? []).map((id) => take('push', id)).filter((id): id is string => !!id);
    own.push = devices.shift();
    const records = [own, ...devices.map((push): SendRecipient => ({ ...base, push }))].filter((x) => x.sms || x.email || x.push);
    if (!records.length) continue;
    residents++;
    recipients.push(...records.map((x) => Object.fromEntries(Object.entries(x).filter(([, v]) => v !== undefined)) as SendRecipient));
  }
  return { recipients, residents, skipped };
}

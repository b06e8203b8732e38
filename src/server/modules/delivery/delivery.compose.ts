// Turns a message into what one channel carries to one recipient: sender ids, reply address, unsubscribe headers.
import type { ChannelKind, OutgoingMessage, PushTarget } from '../../channels/types.ts';
import type { AppDeps } from '../../platform/context.ts';
import type { MessageRow } from './delivery.repository.ts';
import { deliveryToken } from './tokens.ts';

export interface TenantBrand {
  id: string;
  slug: string;
  name: string;
  smsSenderId: string | null;
  emailFromName: string | null;
}

/** An alphanumeric sender id has at most 11 characters from [A-Za-z0-9 ]. */
export function defaultSmsSenderId(name: string): string {
  const ascii = name
    .normalize('NFKD')
    .replace(/[^A-Za-z0-9 ]/g, '')
    .trim();
  return (ascii || 'Civicast').slice(0, 11).trim();
}

const quoteName = (name: string) => `"${name.replace(/["\\\r\n]/g, '')}"`;

function replyAddress(base: string, token: string): string {
  const [local, domain] = base.split('@');
  return `${local}+${token}@${domain}`;
}

export function composeOutgoing(
  deps: AppDeps,
  tenant: TenantBrand,
  message: MessageRow & Pick<OutgoingMessage, 'shown' | 'calendar'> & { headers?: Record<string, string> },
  channel: ChannelKind,
  deliveryId: string,
  to: string | PushTarget,
): OutgoingMessage {
  const { config } = deps;
  const ttlSeconds = message.expiresAt ? Math.max(60, Math.floor((message.expiresAt.getTime() - Date.now()) / 1000)) : undefined;
  const warning = message.kind === 'warning';
  const base = { deliveryId, tenantId: tenant.id, channel, to, ...(message.shown ? { shown: message.shown } : {}) };
  if (channel === 'sms') {
    return { ...base, text: message.smsText ?? message.text, from: tenant.smsSenderId ?? defaultSmsSenderId(tenant.name), ttlSeconds };
  }
  const portal = `${config.publicUrl}/m/${tenant.slug}`;
  if (channel === 'email') {
    // the token (an HMAC) goes into the reply address and the unsubscribe link: only e-mails carry it
    const token = deliveryToken(config.secretKey, deliveryId);
    const unsubscribe = `${portal}/unsubscribe?t=${token}`;
    // a transactional mail (a code, a link, a reset) is not a list: an unsubscribe would not stop it, so none is offered
    const listHeaders =
      message.kind === 'transactional' ? undefined : { 'List-Unsubscribe': `<${unsubscribe}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' };
    return {
      ...base,
      subject: message.subject ?? tenant.name,
      text: message.text,
      html: message.html ?? undefined,
      from: `${quoteName(tenant.emailFromName ?? tenant.name)} <${config.delivery.emailFrom}>`,
      replyTo: replyAddress(config.delivery.replyAddress, token),
      // threading headers of a reply (sealed with a transactional message) travel next to the list headers
      headers: message.headers ? { ...listHeaders, ...message.headers } : listHeaders,
      ...(message.calendar ? { calendar: message.calendar } : {}),
    };
  }
  return {
    ...base,
    subject: message.subject ?? tenant.name,
    text: message.text,
    url: message.url ?? `${portal}/`,
    urgency: warning ? 'high' : 'normal',
    ttlSeconds: ttlSeconds ?? 24 * 3600,
  };
}

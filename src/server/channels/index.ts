// Every channel adapter by provider kind: one table, read by the delivery runtime. Adapters load on first use, so a
// process that never talks SMPP or SMTP does not pay for those libraries at start-up.
import { createDevOutboxSender } from './dev-outbox/dev-outbox.sender.ts';
import type { ProviderRecord, SenderContext, SenderFactory } from './registry.ts';
import { once } from '../platform/once.ts';

const smppModule = once(() => import('./sms-smpp/index.ts'));
const smsHttpModule = once(() => import('./sms-http/index.ts'));
const smtpModule = once(() => import('./email/smtp.sender.ts'));
const pushModule = once(() => import('./push/index.ts'));

const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
const num = (v: unknown) => (typeof v === 'number' ? v : undefined);
/** What every sender is told: the provider it speaks for, where its delivery events go, and its log. */
const senderBase = (p: ProviderRecord, ctx: SenderContext) => ({ providerId: p.id, events: ctx.events, log: ctx.log });
/** The server a provider's config names by host and port (SMPP, SMTP). */
const serverOf = (p: ProviderRecord) => ({ host: String(p.config.host), port: Number(p.config.port) });

const senderFactories: Record<string, SenderFactory> = {
  'dev-outbox': createDevOutboxSender,
  smpp: async (p, ctx) => {
    const { createSmppSender } = await smppModule();
    return createSmppSender({
      ...senderBase(p, ctx),
      ...serverOf(p),
      systemId: String(p.config.systemId),
      systemType: str(p.config.systemType),
      password: p.secrets.password ?? '',
      sourceAddr: str(p.config.sourceAddr) ?? 'Civicast',
      windowSize: num(p.config.windowSize),
      enquireLinkMs: num(p.config.enquireLinkMs),
    });
  },
  'sms-http': async (p, ctx) => {
    const { createHttpSmsSender, HttpSmsConfig } = await smsHttpModule();
    return createHttpSmsSender({ ...senderBase(p, ctx), config: HttpSmsConfig.parse({ ...p.config, ...p.secrets }) });
  },
  smtp: async (p, ctx) => {
    const { createSmtpSender } = await smtpModule();
    return createSmtpSender({
      ...senderBase(p, ctx),
      ...serverOf(p),
      secure: p.config.secure === true,
      requireTLS: p.config.requireTLS === true,
      user: str(p.config.user),
      password: p.secrets.password,
      maxConnections: num(p.config.maxConnections),
      // bounces come back to the reply address, where the inbound receiver reads the delivery reports
      bounceAddress: ctx.config.delivery.replyAddress,
      dkim:
        p.secrets.dkimPrivateKey && str(p.config.dkimDomain) && str(p.config.dkimSelector)
          ? { domainName: String(p.config.dkimDomain), keySelector: String(p.config.dkimSelector), privateKey: p.secrets.dkimPrivateKey }
          : undefined,
    });
  },
  webpush: async (p, ctx) => {
    const [{ createPushSender }, keys] = await Promise.all([pushModule(), ctx.vapidKeys()]);
    return createPushSender({ ...senderBase(p, ctx), vapid: { subject: String(p.config.subject), ...keys } });
  },
};

export function senderFactoryFor(kind: string): SenderFactory {
  const f = Object.hasOwn(senderFactories, kind) ? senderFactories[kind] : undefined;
  if (!f) throw new Error(`no channel adapter for provider kind "${kind}"`);
  return f;
}

export const providerKinds = () => Object.keys(senderFactories);

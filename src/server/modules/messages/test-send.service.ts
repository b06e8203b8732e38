// Staff test sends: one message through the channel's providers, only to the sender's own address. Own means their
// sign-in e-mail, or, for SMS and push, the number and devices of a resident record in this municipality that carries
// their sign-in e-mail confirmed (staff register on the portal like any resident). Anything else is refused, so a test
// send cannot reach a person who never consented.
import { and, eq, isNotNull, sql } from 'drizzle-orm';
import { asLocale, t } from '../../i18n/index.ts';
import type { Actor } from '../../platform/audit.ts';
import type { AppDeps } from '../../platform/context.ts';
import { follows, pushSubscriptions, residents } from '../../platform/db/schema.ts';
import { AppError, invalid } from '../../platform/errors.ts';
import type { TenantRow } from '../../platform/tenancy.ts';
import { type AcceptedSend, acceptSend, normalizePhone } from '../delivery/index.ts';
import { lookupHash, unseal } from '../residents/index.ts';
import type { TestTargets } from './messages.schemas.ts';

export interface TestSender {
  email: string;
  locale: string;
}

export async function ownTestTargets(deps: AppDeps, tenantId: string, email: string): Promise<TestTargets> {
  const key = deps.config.secretKey;
  return deps.db.withTenant(tenantId, async (tx) => {
    // residents are installation-wide; the join on follows (row-level security) keeps this municipality's records
    const own = await tx
      .select({ id: residents.id, phoneEnc: residents.phoneEnc })
      .from(residents)
      .innerJoin(follows, eq(follows.residentId, residents.id))
      .where(and(eq(residents.emailHash, lookupHash(key, 'email', email)), isNotNull(residents.emailVerifiedAt)));
    const ids = own.map((r) => r.id);
    const devices = ids.length
      ? await tx
          .select({ id: pushSubscriptions.id, userAgent: pushSubscriptions.userAgent, createdAt: pushSubscriptions.createdAt })
          .from(pushSubscriptions)
          .where(sql`${pushSubscriptions.residentId} = any(${sql.param(ids)}::uuid[])`)
      : [];
    const sms = [...new Set(own.map((r) => unseal(key, r.phoneEnc)).filter((p): p is string => !!p))];
    return { email, sms, push: devices.map((d) => ({ ...d, createdAt: d.createdAt.toISOString() })) };
  });
}

const NOT_OWN = {
  email: { code: 'not_own_email', detail: 'test e-mails go only to your own sign-in address' },
  sms: { code: 'not_own_number', detail: 'test SMS go only to your own number: register it on this municipality’s portal with your sign-in e-mail address' },
  push: {
    code: 'not_own_device',
    detail: 'test pushes go only to your own devices: turn notifications on in this municipality’s portal, registered with your sign-in e-mail address',
  },
} as const;

export async function sendTest(
  deps: AppDeps,
  actor: Actor,
  tenant: TenantRow,
  sender: TestSender,
  input: { channel: 'sms' | 'email' | 'push'; address: string; text?: string },
): Promise<AcceptedSend> {
  const { channel } = input;
  const address = input.address.trim();
  let to: string | undefined;
  if (channel === 'email') to = address.toLowerCase() === sender.email.toLowerCase() ? sender.email : undefined;
  else if (channel === 'sms') {
    const phone = normalizePhone(address);
    if (!phone) throw invalid('/body/address', `"${address}" is not a valid mobile number; write it with country code, e.g. +49 170 1234567`, 'phone_invalid');
    to = (await ownTestTargets(deps, tenant.id, sender.email)).sms.includes(phone) ? phone : undefined;
  } else to = (await ownTestTargets(deps, tenant.id, sender.email)).push.find((d) => d.id === address)?.id;
  if (!to) {
    const why = NOT_OWN[channel];
    throw new AppError('forbidden', `A test message goes only to your own address: ${why.detail}.`, [
      { pointer: '/body/address', detail: why.detail, code: why.code },
    ]);
  }
  const locale = asLocale(sender.locale);
  const text = input.text ?? t(locale, 'testSend.text', { tenant: tenant.name });
  try {
    return await acceptSend(deps, actor, tenant, {
      kind: 'test',
      subject: t(locale, 'testSend.subject', { tenant: tenant.name }),
      text,
      recipients: [{ [channel]: to }],
    });
  } catch (err) {
    // the one recipient is this request's address field
    if (err instanceof AppError)
      throw new AppError(
        err.code,
        err.detail,
        err.errors.map((e) => ({ ...e, pointer: '/body/address' })),
      );
    throw err;
  }
}

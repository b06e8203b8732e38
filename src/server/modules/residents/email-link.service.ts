// E-mail links for residents: confirm an address, or sign in without the phone. A random token travels in the link
// and only its hash is stored; a link works once, 24 hours to confirm and 30 minutes to sign in. Limits per address
// and per network keep anyone from flooding a mailbox, and a sign-in request never tells whether an address is known.
import { and, desc, eq, gt, isNotNull, isNull, sql } from 'drizzle-orm';
import { asLocale, t } from '../../i18n/index.ts';
import { randomToken, sha256 } from '../../platform/auth/crypto.ts';
import type { AppDeps } from '../../platform/context.ts';
import { emailLinks, residents } from '../../platform/db/schema.ts';
import { AppError } from '../../platform/errors.ts';
import type { TenantRow } from '../../platform/tenancy.ts';
import { sendTransactional } from '../delivery/index.ts';
import { ipPrefix, lookupHash, unseal } from './residents.crypto.ts';

export type LinkPurpose = 'verify' | 'sign-in';
export const LINK_LIMITS = { perAddressPerHour: 5, perIpPerHour: 20 } as const;
/** The portal's per-address link limit counts under this key: derived from the look-up hash one way, so it is not that hash. */
export const ADDRESS_LIMIT_NAME = 'resident-link:address';
export const addressLimitKey = (emailHash: string) => sha256(`link-limit:${emailHash}`);
const TTL_MS: Record<LinkPurpose, number> = { verify: 24 * 3600_000, 'sign-in': 30 * 60_000 };
const PATHS: Record<LinkPurpose, string> = { verify: 'email/verify', 'sign-in': 'email/sign-in' };
const MAILS = { verify: 'residentEmailVerify', 'sign-in': 'residentEmailSignIn' } as const;
const TOKEN = /^[A-Za-z0-9_-]{43}$/; // 32 random bytes in base64url

export interface LinkRequest {
  ip: string | null;
  language: 'de' | 'en';
}

async function withinLimits(deps: AppDeps, emailHash: string, prefix: string | null): Promise<boolean> {
  const lastHour = gt(emailLinks.createdAt, sql`now() - interval '1 hour'`);
  const count = sql<number>`count(*)::int`;
  const [[address], [network]] = await Promise.all([
    deps.db.system
      .select({ n: count })
      .from(emailLinks)
      .where(and(eq(emailLinks.emailHash, emailHash), lastHour)),
    prefix
      ? deps.db.system
          .select({ n: count })
          .from(emailLinks)
          .where(and(eq(emailLinks.ipPrefix, prefix), lastHour))
      : [{ n: 0 }],
  ]);
  return Number(address.n) < LINK_LIMITS.perAddressPerHour && Number(network.n) < LINK_LIMITS.perIpPerHour;
}

/** Stores a new link and sends it through the tenant's e-mail channel; false when the limits refuse it. */
async function issueLink(deps: AppDeps, tenant: TenantRow, residentId: string, email: string, purpose: LinkPurpose, req: LinkRequest): Promise<boolean> {
  const emailHash = lookupHash(deps.config.secretKey, 'email', email);
  const prefix = ipPrefix(req.ip);
  if (!(await withinLimits(deps, emailHash, prefix))) {
    deps.log.warn({ tenant: tenant.slug, purpose }, 'e-mail link refused: too many requested');
    return false;
  }
  const token = randomToken();
  const expiresAt = new Date(Date.now() + TTL_MS[purpose]);
  await deps.db.system
    .insert(emailLinks)
    .values({ tenantId: tenant.id, residentId, emailHash, tokenHash: sha256(token), purpose, expiresAt, ipPrefix: prefix });
  const lang = asLocale(req.language);
  const link = `${deps.config.publicUrl}/m/${tenant.slug}/${PATHS[purpose]}?token=${token}&lang=${lang}`;
  const vars = { tenant: tenant.name, link };
  // the text names no address, so after an erasure the stored message holds nothing personal
  // transactional: the resident asked for it, so an earlier unsubscribe does not hold it back; staff see it masked
  await sendTransactional(
    deps,
    tenant.id,
    { userId: null, email: null, ip: req.ip, userAgent: null, requestId: null },
    {
      channel: 'email',
      to: email,
      subject: t(lang, `mail.${MAILS[purpose]}.subject`, vars),
      text: t(lang, `mail.${MAILS[purpose]}.body`, vars),
      secrets: [token],
      expiresAt,
    },
  );
  return true;
}

/** The resident's address and whether it is confirmed, or null without one. */
export async function emailStatus(deps: AppDeps, residentId: string): Promise<{ address: string; verified: boolean; linkPending: boolean } | null> {
  const [r] = await deps.db.system
    .select({ emailEnc: residents.emailEnc, emailHash: residents.emailHash, verifiedAt: residents.emailVerifiedAt })
    .from(residents)
    .where(eq(residents.id, residentId));
  const address = r ? unseal(deps.config.secretKey, r.emailEnc) : null;
  if (!r?.emailHash || !address) return null;
  if (r.verifiedAt) return { address, verified: true, linkPending: false };
  const [pending] = await deps.db.system
    .select({ id: emailLinks.id })
    .from(emailLinks)
    .where(
      and(
        eq(emailLinks.residentId, residentId),
        eq(emailLinks.emailHash, r.emailHash),
        eq(emailLinks.purpose, 'verify'),
        isNull(emailLinks.usedAt),
        gt(emailLinks.expiresAt, sql`now()`),
      ),
    )
    .limit(1);
  return { address, verified: false, linkPending: Boolean(pending) };
}

/** Sends a link to confirm the resident's current address; false when there is none or it is confirmed already. */
export async function sendVerificationLink(deps: AppDeps, tenant: TenantRow, residentId: string, req: LinkRequest): Promise<boolean> {
  const status = await emailStatus(deps, residentId);
  if (!status || status.verified) return false;
  if (!(await issueLink(deps, tenant, residentId, status.address, 'verify', req))) {
    throw new AppError('rate_limited', 'Too many links were requested for this address or from this network. Wait an hour and try again.');
  }
  return true;
}

/**
 * Sends a sign-in link when the address belongs to a resident who confirmed it. Unknown and unconfirmed addresses,
 * and requests over the limits, get nothing, quietly: the caller shows the same page in every case.
 */
export async function requestSignInLink(deps: AppDeps, tenant: TenantRow, email: string, req: LinkRequest): Promise<void> {
  const emailHash = lookupHash(deps.config.secretKey, 'email', email);
  // an address shared by several residents signs in the one who confirmed it last
  const [r] = await deps.db.system
    .select({ id: residents.id })
    .from(residents)
    .where(and(eq(residents.emailHash, emailHash), isNotNull(residents.emailVerifiedAt)))
    .orderBy(desc(residents.emailVerifiedAt))
    .limit(1);
  if (r) await issueLink(deps, tenant, r.id, email.trim(), 'sign-in', req);
}

const linkWhere = (tenant: TenantRow, token: string, purpose: LinkPurpose) =>
  TOKEN.test(token)
    ? and(
        eq(emailLinks.tokenHash, sha256(token)),
        eq(emailLinks.tenantId, tenant.id),
        eq(emailLinks.purpose, purpose),
        isNull(emailLinks.usedAt),
        gt(emailLinks.expiresAt, sql`now()`),
      )
    : null;

/** Whether a link can still be used. Looking never uses it up: mail scanners open every link they see. */
export async function isLinkUsable(deps: AppDeps, tenant: TenantRow, token: string, purpose: LinkPurpose): Promise<boolean> {
  const where = linkWhere(tenant, token, purpose);
  if (!where) return false;
  return (await deps.db.system.select({ id: emailLinks.id }).from(emailLinks).where(where).limit(1)).length > 0;
}

/** Marks the link used in one statement, so of two clicks at once only one wins. */
async function consumeLink(deps: AppDeps, tenant: TenantRow, token: string, purpose: LinkPurpose) {
  const where = linkWhere(tenant, token, purpose);
  if (!where) return null;
  const [row] = await deps.db.system
    .update(emailLinks)
    .set({ usedAt: sql`now()` })
    .where(where)
    .returning({ residentId: emailLinks.residentId, emailHash: emailLinks.emailHash });
  return row ?? null;
}

/** Confirms the address the link was sent to; false when the link is unusable or the resident changed the address since. */
export async function confirmEmail(deps: AppDeps, tenant: TenantRow, token: string): Promise<boolean> {
  const link = await consumeLink(deps, tenant, token, 'verify');
  if (!link) return false;
  const done = await deps.db.system
    .update(residents)
    .set({ emailVerifiedAt: sql`coalesce(${residents.emailVerifiedAt}, now())`, updatedAt: sql`now()` })
    .where(and(eq(residents.id, link.residentId), eq(residents.emailHash, link.emailHash)))
    .returning({ id: residents.id });
  return done.length > 0;
}

/** The resident a sign-in link belongs to, while the address is still theirs and confirmed; other sign-in links end. */
export async function signInWithLink(deps: AppDeps, tenant: TenantRow, token: string): Promise<string | null> {
  const link = await consumeLink(deps, tenant, token, 'sign-in');
  if (!link) return null;
  const [r] = await deps.db.system
    .select({ id: residents.id })
    .from(residents)
    .where(and(eq(residents.id, link.residentId), eq(residents.emailHash, link.emailHash), isNotNull(residents.emailVerifiedAt)));
  if (!r) return null;
  await deps.db.system
    .update(emailLinks)
    .set({ usedAt: sql`now()` })
    .where(and(eq(emailLinks.residentId, r.id), eq(emailLinks.purpose, 'sign-in'), isNull(emailLinks.usedAt)));
  return r.id;
}

// One-time SMS codes for residents: 6 digits, 10 minutes, 5 tries, single use, stored hashed, compared in
// constant time; protected against SMS pumping by limits per number, address, prefix and country, and by a daily
// budget per tenant after which no code SMS leaves and staff are told.
import { randomInt } from 'node:crypto';
import { and, eq, gt, inArray, isNull, sql } from 'drizzle-orm';
import { parsePhoneNumberFromString } from 'libphonenumber-js';
import { asLocale, t } from '../../i18n/index.ts';
import { safeEqual, sha256 } from '../../platform/auth/crypto.ts';
import type { AppDeps } from '../../platform/context.ts';
import { codeBudget, memberships, staffUsers, verificationCodes } from '../../platform/db/schema.ts';
import { AppError, invalid } from '../../platform/errors.ts';
import type { TenantRow } from '../../platform/tenancy.ts';
import { acceptSend } from '../delivery/index.ts';
import { deliverMail } from '../outbox/index.ts';
import { ipPrefix, lookupHash } from './residents.crypto.ts';

const CODE_TTL_MS = 10 * 60_000;
const MAX_TRIES = 5;
export const LIMITS = { perNumberPerHour: 3, perIpPerHour: 10, perPrefixPerHour: 30 } as const;

export interface CodeRequest {
  phone: string;
  ip: string | null;
  purpose: 'register' | 'sign-in';
  language: 'de' | 'en';
}

/** Normalises to E.164 and checks the tenant's allowed countries. */
export function checkPhone(tenant: TenantRow, input: string): string {
  const n = parsePhoneNumberFromString(input, 'DE');
  if (!n?.isValid()) throw invalid('/body/phone', 'is not a valid mobile number; write it with country code, e.g. +49 170 1234567', 'phone_invalid');
  if (!n.country || !tenant.allowedCountries.includes(n.country)) throw invalid('/body/phone', `numbers from ${n.country ?? 'this country'} cannot register here`, 'country_not_allowed');
  return n.number;
}

const codeHash = (phoneHash: string, code: string) => sha256(`${phoneHash}:${code}`);

export async function requestCode(deps: AppDeps, tenant: TenantRow, req: CodeRequest): Promise<{ sent: boolean }> {
  const phone = checkPhone(tenant, req.phone);
  const phoneHash = lookupHash(deps.config.secretKey, 'phone', phone);
  const prefix = ipPrefix(req.ip);
  const numberPrefix = phone.slice(0, 7); // country code and operator block
  const [counts] = await deps.db.system
    .select({
      number: sql<number>`count(*) filter (where ${verificationCodes.phoneHash} = ${phoneHash})::int`,
      ip: sql<number>`count(*) filter (where ${verificationCodes.ipPrefix} = ${prefix})::int`,
    })
    .from(verificationCodes)
    .where(gt(verificationCodes.createdAt, sql`now() - interval '1 hour'`));
  if (counts.number >= LIMITS.perNumberPerHour || (prefix && counts.ip >= LIMITS.perIpPerHour)) {
    throw new AppError('rate_limited', 'Too many codes were requested. Wait an hour, or ask the town hall to register you.');
  }
  if ((await prefixCount(deps, numberPrefix)) >= LIMITS.perPrefixPerHour) {
    throw new AppError('rate_limited', 'Too many codes were requested for numbers like this one. Try again later.');
  }
  if (!(await takeBudget(deps, tenant))) {
    throw new AppError('rate_limited', 'No more codes can be sent today. Try again tomorrow, or ask the town hall to register you.');
  }
  const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
  await deps.db.system.insert(verificationCodes).values({ tenantId: tenant.id, phoneHash, codeHash: codeHash(phoneHash, code), purpose: `${req.purpose}:${numberPrefix}`, expiresAt: new Date(Date.now() + CODE_TTL_MS), ipPrefix: prefix });
  const text = req.language === 'en' ? `${code} is your code for ${tenant.name} (valid 10 minutes).` : `${code} ist Ihr Code für ${tenant.name} (10 Minuten gültig).`;
  await acceptSend(deps, { userId: null, email: null, ip: req.ip, userAgent: null, requestId: null }, tenant, { kind: 'test', text, recipients: [{ sms: phone }] });
  return { sent: true };
}

async function prefixCount(deps: AppDeps, numberPrefix: string): Promise<number> {
  const [row] = await deps.db.system
    .select({ n: sql<number>`count(*)::int` })
    .from(verificationCodes)
    .where(and(gt(verificationCodes.createdAt, sql`now() - interval '1 hour'`), sql`${verificationCodes.purpose} like ${`%:${numberPrefix}`}`));
  return Number(row.n);
}

/** Takes one code SMS from today's budget; the first refusal of the day tells staff (audit log). */
async function takeBudget(deps: AppDeps, tenant: TenantRow): Promise<boolean> {
  const day = new Date().toISOString().slice(0, 10);
  const rows = await deps.db.system
    .insert(codeBudget)
    .values({ tenantId: tenant.id, day, sent: 1 })
    .onConflictDoUpdate({ target: [codeBudget.tenantId, codeBudget.day], set: { sent: sql`${codeBudget.sent} + 1` }, setWhere: sql`${codeBudget.sent} < ${tenant.codeSmsDailyBudget}` })
    .returning({ sent: codeBudget.sent });
  if (rows.length) return true;
  const alerted = await deps.db.system
    .update(codeBudget)
    .set({ alerted: true })
    .where(and(eq(codeBudget.tenantId, tenant.id), eq(codeBudget.day, day), eq(codeBudget.alerted, false)))
    .returning();
  if (alerted.length) {
    const { recordAudit } = await import('../../platform/audit.ts');
    await deps.db.withTenant(tenant.id, (tx) =>
      recordAudit(tx, tenant.id, { userId: null, email: 'system', ip: null, userAgent: null, requestId: null }, { action: 'residents.code_budget_exhausted', objectType: 'tenant', objectId: tenant.id, details: { budget: tenant.codeSmsDailyBudget, day } }),
    );
    await tellManagers(deps, tenant, day);
    deps.log.warn({ tenant: tenant.slug, budget: tenant.codeSmsDailyBudget }, 'daily code SMS budget exhausted');
  }
  return false;
}

/** The owners and admins get an e-mail, once a day, when codes stop: registrations fail until the next day. */
async function tellManagers(deps: AppDeps, tenant: TenantRow, day: string) {
  await deps.db.withTenant(tenant.id, async (tx) => {
    const managers = await tx
      .select({ email: staffUsers.email, locale: staffUsers.locale })
      .from(memberships)
      .innerJoin(staffUsers, eq(staffUsers.id, memberships.userId))
      .where(and(eq(memberships.tenantId, tenant.id), inArray(memberships.role, ['owner', 'admin'])));
    for (const m of managers) {
      const locale = asLocale(m.locale);
      const vars = { tenant: tenant.name, budget: String(tenant.codeSmsDailyBudget), day, link: `${deps.config.publicUrl}/admin/t/${tenant.slug}/settings` };
      await deliverMail(deps.db, { tenantId: tenant.id, to: m.email, subject: t(locale, 'mail.codeBudgetExhausted.subject', vars), text: t(locale, 'mail.codeBudgetExhausted.body', vars), meta: { kind: 'code-budget' } }, tx);
    }
  });
}

/** Today's use of the code SMS budget (UTC day), for the console. */
export async function codeBudgetToday(deps: AppDeps, tenant: TenantRow) {
  const day = new Date().toISOString().slice(0, 10);
  const [row] = await deps.db.system.select({ sent: codeBudget.sent }).from(codeBudget).where(and(eq(codeBudget.tenantId, tenant.id), eq(codeBudget.day, day)));
  const sent = row?.sent ?? 0;
  return { day, sent, budget: tenant.codeSmsDailyBudget, exhausted: sent >= tenant.codeSmsDailyBudget };
}

/** Checks a code; returns the verified E.164 number. Every wrong try counts; the fifth wrong try ends the code. */
export async function verifyCode(deps: AppDeps, tenant: TenantRow, phoneInput: string, code: string): Promise<string> {
  const phone = checkPhone(tenant, phoneInput);
  const phoneHash = lookupHash(deps.config.secretKey, 'phone', phone);
  const [row] = await deps.db.system
    .select()
    .from(verificationCodes)
    .where(and(eq(verificationCodes.tenantId, tenant.id), eq(verificationCodes.phoneHash, phoneHash), isNull(verificationCodes.usedAt), gt(verificationCodes.expiresAt, sql`now()`)))
    .orderBy(sql`${verificationCodes.createdAt} desc`)
    .limit(1);
  const wrong = () => invalid('/body/code', 'is wrong or expired; request a new code', 'code_wrong');
  if (!row || row.attempts >= MAX_TRIES) throw wrong();
  const clean = code.replace(/\s+/g, '');
  if (!/^\d{6}$/.test(clean) || !safeEqual(codeHash(phoneHash, clean), row.codeHash)) {
    await deps.db.system.update(verificationCodes).set({ attempts: sql`${verificationCodes.attempts} + 1` }).where(eq(verificationCodes.id, row.id));
    throw wrong();
  }
  const used = await deps.db.system.update(verificationCodes).set({ usedAt: sql`now()` }).where(and(eq(verificationCodes.id, row.id), isNull(verificationCodes.usedAt))).returning();
  if (!used.length) throw wrong();
  return phone;
}

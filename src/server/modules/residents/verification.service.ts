// One-time SMS codes for residents: 6 digits, 10 minutes, 5 tries, single use, stored hashed, compared in
// constant time; protected against SMS pumping by limits per number, address, prefix and country, and by a daily
// budget per tenant after which no code SMS leaves and staff are told.
import { randomInt } from 'node:crypto';
import { and, eq, gt, inArray, isNull, sql } from 'drizzle-orm';
import { checkResidentPhone, PHONE_PROBLEM_DETAIL } from '../../../common/phone.ts';
import { asLocale, t } from '../../i18n/index.ts';
import { safeEqual, sha256 } from '../../platform/auth/crypto.ts';
import type { AppDeps } from '../../platform/context.ts';
import { codeBudget, memberships, staffUsers, verificationCodes } from '../../platform/db/schema.ts';
import { AppError, invalid } from '../../platform/errors.ts';
import type { TenantRow } from '../../platform/tenancy.ts';
import { enqueueSend, type PreparedSend, sendTransactional, writeTransactional } from '../delivery/index.ts';
import { ipPrefix, lookupHash } from './residents.crypto.ts';
import { countStationCode } from './signup-stations.service.ts';

const CODE_TTL_MS = 10 * 60_000;
const MAX_TRIES = 5;
/**
 * Abuse limits for code SMS (see docs/residents.md). Per address range (/24, /48) the hourly limit starts at
 * `perIpPerHour` and grows by one for every number verified from there in the last 24 hours, up to `perIpPerHourMax`;
 * a sign-up station skips it. The limits per number and per number block, and the daily budget, hold for everyone.
 */
export const LIMITS = { perNumberPerHour: 3, perIpPerHour: 10, perIpPerHourMax: 60, perPrefixPerHour: 30 } as const;

/** The hourly code limit of one address range, given how many different numbers were verified from it today. */
export const ipLimit = (verifiedNumbers: number) => Math.min(LIMITS.perIpPerHour + verifiedNumbers, LIMITS.perIpPerHourMax);

export interface CodeRequest {
  phone: string;
  ip: string | null;
  purpose: 'register' | 'sign-in';
  language: 'de' | 'en';
  /** An open sign-up station on the requesting device (checked by the caller): no per-address limit. */
  stationId?: string | null;
}

/**
 * Normalises to E.164 and checks the tenant's allowed countries and the line: a code or an SMS needs a mobile number
 * (`voice` also takes a landline). Refused before any SMS is sent and before the budget is touched.
 */
export function checkPhone(tenant: TenantRow, input: string, channel: 'sms' | 'voice' = 'sms'): string {
  const c = checkResidentPhone(input, tenant.allowedCountries, channel);
  if (c.ok) return c.e164;
  const detail = c.problem === 'country_not_allowed' ? `numbers from ${c.country ?? 'this country'} cannot register here` : PHONE_PROBLEM_DETAIL[c.problem];
  throw invalid('/body/phone', detail, c.problem);
}

const codeHash = (phoneHash: string, code: string) => sha256(`${phoneHash}:${code}`);

export async function requestCode(deps: AppDeps, tenant: TenantRow, req: CodeRequest): Promise<{ sent: boolean }> {
  const phone = checkPhone(tenant, req.phone);
  const phoneHash = lookupHash(deps.config.secretKey, 'phone', phone);
  const prefix = ipPrefix(req.ip);
  const numberPrefix = phone.slice(0, 7); // country code and operator block
  // the limits per number and per address range are the portal's (@fastify/rate-limit, portal/code-limits.ts)
  if ((await prefixCount(deps, numberPrefix)) >= LIMITS.perPrefixPerHour) {
    throw new AppError('rate_limited', 'Too many codes were requested for numbers like this one. Try again later.');
  }
  if (!(await takeBudget(deps, tenant))) {
    throw new AppError('rate_limited', 'No more codes can be sent today. Try again tomorrow, or ask the town hall to register you.');
  }
  const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
  await deps.db.system.insert(verificationCodes).values({
    tenantId: tenant.id,
    phoneHash,
    codeHash: codeHash(phoneHash, code),
    purpose: `${req.purpose}:${numberPrefix}`,
    expiresAt: new Date(Date.now() + CODE_TTL_MS),
    ipPrefix: prefix,
  });
  const text =
    req.language === 'en' ? `${code} is your code for ${tenant.name} (valid 10 minutes).` : `${code} ist Ihr Code für ${tenant.name} (10 Minuten gültig).`;
  await sendTransactional(
    deps,
    tenant.id,
    { userId: null, email: null, ip: req.ip, userAgent: null, requestId: null },
    { channel: 'sms', to: phone, text, secrets: [code], expiresAt: new Date(Date.now() + CODE_TTL_MS) },
  );
  if (req.stationId) await countStationCode(deps, tenant.id, req.stationId);
  return { sent: true };
}

/** How many different numbers received their code from this address range in the last 24 hours (it earns room). */
export async function verifiedNumbersFrom(deps: AppDeps, prefix: string): Promise<number> {
  const [row] = await deps.db.system
    .select({ n: sql<number>`count(distinct ${verificationCodes.phoneHash})::int` })
    .from(verificationCodes)
    .where(
      and(
        eq(verificationCodes.ipPrefix, prefix),
        gt(verificationCodes.createdAt, sql`now() - interval '24 hours'`),
        sql`${verificationCodes.usedAt} is not null`,
      ),
    );
  return Number(row.n);
}

/** The per-number code limit counts under this key: derived from the look-up hash one way, so it is not that hash. */
export const NUMBER_LIMIT_NAME = 'resident-code:number';
export const numberLimitKey = (phoneHash: string) => sha256(`code-limit:${phoneHash}`);

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
    .onConflictDoUpdate({
      target: [codeBudget.tenantId, codeBudget.day],
      set: { sent: sql`${codeBudget.sent} + 1` },
      setWhere: sql`${codeBudget.sent} < ${tenant.codeSmsDailyBudget}`,
    })
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
      recordAudit(
        tx,
        tenant.id,
        { userId: null, email: 'system', ip: null, userAgent: null, requestId: null },
        { action: 'residents.code_budget_exhausted', objectType: 'tenant', objectId: tenant.id, details: { budget: tenant.codeSmsDailyBudget, day } },
      ),
    );
    await tellManagers(deps, tenant, day);
    deps.log.warn({ tenant: tenant.slug, budget: tenant.codeSmsDailyBudget }, 'daily code SMS budget exhausted');
  }
  return false;
}

/** The owners and admins get an e-mail, once a day, when codes stop: registrations fail until the next day. */
async function tellManagers(deps: AppDeps, tenant: TenantRow, day: string) {
  const system = { userId: null, email: 'system', ip: null, userAgent: null, requestId: null };
  const mails = await deps.db.withTenant(tenant.id, async (tx) => {
    const out: PreparedSend[] = [];
    const managers = await tx
      .select({ email: staffUsers.email, locale: staffUsers.locale })
      .from(memberships)
      .innerJoin(staffUsers, eq(staffUsers.id, memberships.userId))
      .where(and(eq(memberships.tenantId, tenant.id), inArray(memberships.role, ['owner', 'admin'])));
    for (const m of managers) {
      const locale = asLocale(m.locale);
      const vars = { tenant: tenant.name, budget: String(tenant.codeSmsDailyBudget), day, link: `${deps.config.publicUrl}/admin/t/${tenant.slug}/settings` };
      const mail = await writeTransactional(deps, tx, tenant.id, system, {
        channel: 'email',
        to: m.email,
        subject: t(locale, 'mail.codeBudgetExhausted.subject', vars),
        text: t(locale, 'mail.codeBudgetExhausted.body', vars),
      });
      if (mail) out.push(mail);
    }
    return out;
  });
  for (const mail of mails) await enqueueSend(deps, mail);
}

/** Today's use of the code SMS budget (UTC day), for the console. */
export async function codeBudgetToday(deps: AppDeps, tenant: TenantRow) {
  const day = new Date().toISOString().slice(0, 10);
  const [row] = await deps.db.withTenant(tenant.id, (tx) =>
    tx
      .select({ sent: codeBudget.sent })
      .from(codeBudget)
      .where(and(eq(codeBudget.tenantId, tenant.id), eq(codeBudget.day, day))),
  );
  const sent = row?.sent ?? 0;
  return { day, sent, budget: tenant.codeSmsDailyBudget, exhausted: sent >= tenant.codeSmsDailyBudget };
}

/** Checks a code; returns the verified E.164 number. Every wrong try counts; the fifth wrong try ends the code. */
export async function verifyCode(deps: AppDeps, tenant: TenantRow, phoneInput: string, code: string): Promise<string> {
  const phone = checkPhone(tenant, phoneInput);
  const phoneHash = lookupHash(deps.config.secretKey, 'phone', phone);
  // the code rows are this tenant's: one tenant transaction, which answers instead of throwing, so a wrong try stays counted
  const accepted = await deps.db.withTenant(tenant.id, async (tx) => {
    const [row] = await tx
      .select()
      .from(verificationCodes)
      .where(
        and(
          eq(verificationCodes.tenantId, tenant.id),
          eq(verificationCodes.phoneHash, phoneHash),
          isNull(verificationCodes.usedAt),
          gt(verificationCodes.expiresAt, sql`now()`),
        ),
      )
      .orderBy(sql`${verificationCodes.createdAt} desc`)
      .limit(1);
    if (!row || row.attempts >= MAX_TRIES) return false;
    const clean = code.replace(/\s+/g, '');
    if (!/^\d{6}$/.test(clean) || !safeEqual(codeHash(phoneHash, clean), row.codeHash)) {
      await tx
        .update(verificationCodes)
        .set({ attempts: sql`${verificationCodes.attempts} + 1` })
        .where(eq(verificationCodes.id, row.id));
      return false;
    }
    const used = await tx
      .update(verificationCodes)
      .set({ usedAt: sql`now()` })
      .where(and(eq(verificationCodes.id, row.id), isNull(verificationCodes.usedAt)))
      .returning();
    return used.length > 0;
  });
  if (!accepted) throw invalid('/body/code', 'is wrong or expired; request a new code', 'code_wrong');
  return phone;
}

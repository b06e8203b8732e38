// Reading the portal's form posts: anything may arrive (bots, old pages), so every field is read defensively and
// turned into Preferences, or into errors shown next to the field.
import { eq, sql } from 'drizzle-orm';
import { parsePhoneNumberFromString } from 'libphonenumber-js';
import { z } from 'zod';
import type { AppDeps } from '../../../platform/context.ts';
import { follows, residents, streets } from '../../../platform/db/schema.ts';
import type { TenantRow } from '../../../platform/tenancy.ts';
import type { Lang } from '../../portal/index.ts';
import { lookupHash, seal } from '../residents.crypto.ts';
import type { Preferences } from '../residents.service.ts';
import type { Errors, PrefValues, TopicRow } from './resident-portal.render.ts';

export type FormBody = Record<string, unknown>;

export const formOf = (body: unknown): FormBody => (body && typeof body === 'object' && !Array.isArray(body) ? (body as FormBody) : {});

export function field(body: FormBody, name: string, max = 200): string {
  const v = body[name];
  const first = Array.isArray(v) ? v[0] : v;
  return typeof first === 'string' ? first.trim().slice(0, max) : '';
}

export function list(body: FormBody, name: string): string[] {
  const v = body[name];
  return (Array.isArray(v) ? v : [v]).filter((x): x is string => typeof x === 'string').slice(0, 50);
}

/** Which error a typed phone number earns before any code is requested (the page says it in its own words). */
export function phoneError(tenant: TenantRow, input: string): 'errPhoneInvalid' | 'errPhoneCountry' | null {
  const n = parsePhoneNumberFromString(input, 'DE');
  if (!n?.isValid()) return 'errPhoneInvalid';
  if (!n.country || !tenant.allowedCountries.includes(n.country)) return 'errPhoneCountry';
  return null;
}

export const e164 = (input: string) => parsePhoneNumberFromString(input, 'DE')!.number;

const EMAIL = /^[^\s@<>"'()]+@[^\s@<>"'()]+\.[^\s@<>"'()]+$/;
const emailSchema = z.email();
/** An address the delivery engine also accepts (a link it refused would never arrive). */
export const isEmail = (value: string) => EMAIL.test(value) && emailSchema.safeParse(value).success;
const SELECTABLE_CHANNELS = ['sms', 'email', 'push'];

/** Quiet hours are stored as minutes after midnight. */
const toMinutes = (value: string) => {
  const m = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(value);
  return m ? Number(m[1]) * 60 + Number(m[2]) : null;
};
const toTime = (m: number | null) => (m === null ? '' : `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`);

export function readPreferenceForm(body: FormBody, topics: TopicRow[], fallbackLang: Lang): { values: PrefValues; errors: Errors } {
  const known = new Set(topics.map((tp) => tp.key));
  const language = field(body, 'language');
  const values: PrefValues = {
    channels: [...new Set(list(body, 'channels').filter((ch) => SELECTABLE_CHANNELS.includes(ch)))],
    topics: [...new Set(list(body, 'topics').filter((k) => known.has(k)))],
    email: field(body, 'email', 254),
    street: field(body, 'street', 120),
    houseNumber: field(body, 'houseNumber', 20),
    quietFrom: field(body, 'quietFrom', 5),
    quietTo: field(body, 'quietTo', 5),
    language: language === 'de' || language === 'en' ? language : fallbackLang,
  };
  const errors: Errors = {};
  if (!values.channels.length) errors.channels = 'errChannels';
  if ((values.channels.includes('email') || values.email) && !isEmail(values.email)) errors.email = 'errEmail';
  const [from, to] = [toMinutes(values.quietFrom), toMinutes(values.quietTo)];
  if ((values.quietFrom || values.quietTo) && (from === null || to === null)) errors.quiet = 'errQuiet';
  return { values, errors };
}

/** The street is free text for now: it counts only when it names a street of the tenant's street list. */
async function streetIdFor(deps: AppDeps, tenantId: string, name: string): Promise<string | null> {
  if (!name) return null;
  const [row] = await deps.db.withTenant(tenantId, (tx) => tx.select({ id: streets.id }).from(streets).where(sql`lower(${streets.name}) = ${name.toLowerCase()}`).limit(1));
  return row?.id ?? null;
}

export async function toPreferences(deps: AppDeps, tenantId: string, v: PrefValues): Promise<Preferences> {
  return {
    topics: v.topics,
    channels: v.channels,
    streetId: await streetIdFor(deps, tenantId, v.street),
    houseNumber: v.houseNumber,
    quietStart: toMinutes(v.quietFrom),
    quietEnd: toMinutes(v.quietTo),
    language: v.language,
  };
}

export async function valuesFromFollow(deps: AppDeps, tenantId: string, f: typeof follows.$inferSelect | null, email: string | null, lang: Lang): Promise<PrefValues> {
  const [street] = f?.streetId ? await deps.db.withTenant(tenantId, (tx) => tx.select({ name: streets.name }).from(streets).where(eq(streets.id, f.streetId!))) : [];
  return {
    channels: f?.status === 'active' ? f.channels : [],
    topics: f?.status === 'active' ? f.topics : [],
    email: email ?? '',
    street: street?.name ?? '',
    houseNumber: f?.houseNumber ?? '',
    quietFrom: toTime(f?.quietStart ?? null),
    quietTo: toTime(f?.quietEnd ?? null),
    language: f?.language === 'en' ? 'en' : f ? 'de' : lang,
  };
}

/** Sets or clears the resident's e-mail address (encrypted, with its look-up hash); a new address is unverified. */
export async function setResidentEmail(deps: AppDeps, residentId: string, email: string) {
  const key = deps.config.secretKey;
  await deps.db.system
    .update(residents)
    .set({ emailEnc: seal(key, email || null), emailHash: email ? lookupHash(key, 'email', email) : null, emailVerifiedAt: null, updatedAt: sql`now()` })
    .where(eq(residents.id, residentId));
}

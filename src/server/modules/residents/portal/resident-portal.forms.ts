// Reading the portal's form posts: anything may arrive (bots, old pages), so every field is read defensively and
// turned into Preferences, or into errors shown next to the field.
import { asc } from 'drizzle-orm';
import { z } from 'zod';
import { checkResidentPhone, type PhoneProblem } from '../../../../common/phone.ts';
import type { AppDeps } from '../../../platform/context.ts';
import { type follows, streets } from '../../../platform/db/schema.ts';
import type { TenantRow } from '../../../platform/tenancy.ts';
import type { Lang } from '../../portal/index.ts';
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

const PHONE_ERRORS = {
  phone_invalid: 'errPhoneInvalid',
  country_not_allowed: 'errPhoneCountry',
  phone_landline: 'errPhoneLandline',
  phone_service: 'errPhoneService',
} as const satisfies Record<PhoneProblem, string>;

/** Which error a typed phone number earns before any code is requested (the page says it in its own words). */
export function phoneError(tenant: TenantRow, input: string): (typeof PHONE_ERRORS)[PhoneProblem] | null {
  const c = checkResidentPhone(input, tenant.allowedCountries, 'sms');
  return c.ok ? null : PHONE_ERRORS[c.problem];
}

/** The E.164 form of a number phoneError accepted. */
export const e164 = (tenant: TenantRow, input: string) => {
  const c = checkResidentPhone(input, tenant.allowedCountries, 'sms');
  if (!c.ok) throw new Error('e164() needs a number phoneError() accepted');
  return c.e164;
};

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

/** The directory's streets as the form offers them (a datalist): the name, with the postcode where a name is there twice. */
export async function streetChoices(deps: AppDeps, tenantId: string): Promise<Array<{ id: string; label: string }>> {
  const rows = await deps.db.withTenant(tenantId, (tx) =>
    tx.select({ id: streets.id, name: streets.name, postcode: streets.postcode }).from(streets).orderBy(asc(streets.name), asc(streets.postcode)).limit(5000),
  );
  const count = new Map<string, number>();
  for (const r of rows) count.set(r.name.toLowerCase(), (count.get(r.name.toLowerCase()) ?? 0) + 1);
  return rows.map((r) => ({ id: r.id, label: (count.get(r.name.toLowerCase()) ?? 0) > 1 && r.postcode ? `${r.name} (${r.postcode})` : r.name }));
}

/**
 * The street the resident picked or typed: a street of the directory (by its label or its name), or, when it is not
 * there, the typed text kept unconfirmed so that staff see it instead of the address being dropped.
 */
async function streetFor(deps: AppDeps, tenantId: string, typed: string): Promise<{ streetId: string | null; streetName: string | null }> {
  if (!typed) return { streetId: null, streetName: null };
  const wanted = typed.toLowerCase().replace(/\s+/g, ' ');
  const choices = await streetChoices(deps, tenantId);
  const hit = choices.find((s) => s.label.toLowerCase() === wanted) ?? choices.find((s) => s.label.toLowerCase().replace(/ \(\d+\)$/, '') === wanted);
  return hit ? { streetId: hit.id, streetName: null } : { streetId: null, streetName: typed };
}

export async function toPreferences(deps: AppDeps, tenantId: string, v: PrefValues): Promise<Preferences> {
  return {
    topics: v.topics,
    channels: v.channels,
    ...(await streetFor(deps, tenantId, v.street)),
    houseNumber: v.houseNumber,
    quietStart: toMinutes(v.quietFrom),
    quietEnd: toMinutes(v.quietTo),
    language: v.language,
  };
}

export async function valuesFromFollow(
  deps: AppDeps,
  tenantId: string,
  f: typeof follows.$inferSelect | null,
  email: string | null,
  lang: Lang,
): Promise<PrefValues> {
  const street = f?.streetId ? (await streetChoices(deps, tenantId)).find((s) => s.id === f.streetId) : undefined;
  return {
    channels: f?.status === 'active' ? f.channels : [],
    topics: f?.status === 'active' ? f.topics : [],
    email: email ?? '',
    street: street?.label ?? f?.streetName ?? '',
    streetUnconfirmed: Boolean(!street && f?.streetName),
    houseNumber: f?.houseNumber ?? '',
    quietFrom: toTime(f?.quietStart ?? null),
    quietTo: toTime(f?.quietEnd ?? null),
    language: f?.language === 'en' ? 'en' : f ? 'de' : lang,
  };
}

// Phone numbers as Civicast takes them: E.164 from libphonenumber's full metadata, and the line type decides what a
// number may receive. SMS (codes and messages) go only to mobile numbers; a landline may only be called (voice);
// premium-rate, shared-cost, toll-free, personal and other service numbers get nothing, because whoever runs them is
// paid per SMS and could spend a municipality's code budget on them (SMS pumping).
// Server-only: the full metadata is large, so the console does not import this file.
import { type CountryCode, Metadata, parsePhoneNumberFromString } from 'libphonenumber-js/max';

/** What a number can receive: `mobile` takes SMS (and calls), `landline` only calls. */
export type PhoneLine = 'mobile' | 'landline';
/** Why a number is refused; the same words are field-error codes for the API and keys for the portal's texts. */
export type PhoneProblem = 'phone_invalid' | 'phone_landline' | 'phone_service' | 'country_not_allowed';

export type PhoneCheck = { ok: true; e164: string; country: string | null; line: PhoneLine } | { ok: false; problem: PhoneProblem; country?: string | null };

// where a country's numbering cannot tell mobile from fixed (e.g. +1), the metadata says FIXED_LINE_OR_MOBILE
const MOBILE_TYPES = new Set(['MOBILE', 'FIXED_LINE_OR_MOBILE']);
// German 032 numbers are "nationale Teilnehmerrufnummern": no place behind them, mostly forwarding and VoIP services;
// the metadata files them as fixed lines, but nobody answers a voice call from the town hall on them either
const SERVICE_RANGES = [/^\+4932/];
const MAX_INPUT = 64;

/** Reads a typed number (national numbers in the default country) and says which line it is, or why it is refused. */
export function classifyPhone(input: string, defaultCountry: CountryCode = 'DE'): PhoneCheck {
  if (typeof input !== 'string' || input.length > MAX_INPUT) return { ok: false, problem: 'phone_invalid' };
  const n = parsePhoneNumberFromString(input, defaultCountry);
  if (!n?.isValid()) return { ok: false, problem: 'phone_invalid' };
  const country = n.country ?? null;
  const type = n.getType();
  if (SERVICE_RANGES.some((range) => range.test(n.number))) return { ok: false, problem: 'phone_service', country };
  if (type && MOBILE_TYPES.has(type)) return { ok: true, e164: n.number, country, line: 'mobile' };
  if (type === 'FIXED_LINE') return { ok: true, e164: n.number, country, line: 'landline' };
  return { ok: false, problem: 'phone_service', country };
}

/**
 * The one rule for a number a resident gives: valid, from a country the municipality allows, and a line that can
 * take the channel (`sms` needs a mobile number; `voice` takes a landline too).
 */
export function checkResidentPhone(
  input: string,
  allowedCountries: readonly string[],
  channel: 'sms' | 'voice' = 'sms',
  defaultCountry: CountryCode = 'DE',
): PhoneCheck {
  const c = classifyPhone(input, defaultCountry);
  if (!c.ok) return c;
  if (!c.country || !allowedCountries.includes(c.country)) return { ok: false, problem: 'country_not_allowed', country: c.country };
  if (channel === 'sms' && c.line !== 'mobile') return { ok: false, problem: 'phone_landline', country: c.country };
  return c;
}

/** The E.164 form of a number an SMS may go to (a mobile number), or null. */
export function smsNumber(input: string, defaultCountry: CountryCode = 'DE'): string | null {
  if (storedMobile(input)) return input;
  const c = classifyPhone(input, defaultCountry);
  return c.ok && c.line === 'mobile' ? c.e164 : null;
}

// A fast path for numbers already in E.164 (as stored for residents): libphonenumber compiles its patterns again on
// every call (~25 µs a number; a job checking 100,000 stored numbers pays seconds). Only a sure "mobile" is answered
// here, with the same metadata and the same rules as getNumberType(); everything else takes the full check above.
interface LinePatterns {
  general: RegExp;
  /** The national prefix for parsing: a number starting with it is left to the full check. */
  prefix: RegExp | null;
  mobile: { pattern: RegExp; lengths: number[] | undefined } | null;
  fixed: { pattern: RegExp; lengths: number[] | undefined } | null;
}
interface PlanType {
  pattern(): string;
  possibleLengths(): number[] | undefined;
}
interface Plan {
  nationalNumberPattern(): string;
  nationalPrefixForParsing(): string | undefined;
  type(type: string): PlanType | undefined;
}
const E164 = /^\+[1-9]\d{2,17}$/;
/** By calling code: its patterns; 'full' (shared by several countries: +1, +44, +7…, which needs the full country choice). */
const plans = new Map<string, LinePatterns | 'full' | null>();
let metadata: (Metadata & { getCountryCodesForCallingCode(code: string): string[] | undefined }) | null = null;

function linePatterns(callingCode: string): LinePatterns | 'full' | null {
  if (plans.has(callingCode)) return plans.get(callingCode)!;
  metadata ??= new Metadata() as NonNullable<typeof metadata>;
  const countries = metadata.getCountryCodesForCallingCode(callingCode);
  let patterns: LinePatterns | 'full' | null = countries ? 'full' : null;
  if (countries?.length === 1) {
    metadata.selectNumberingPlan(countries[0] as CountryCode);
    const plan = metadata.numberingPlan as unknown as Plan;
    const typed = (name: string) => {
      const t = plan.type(name);
      return t?.pattern() ? { pattern: new RegExp(`^(?:${t.pattern()})$`), lengths: t.possibleLengths() } : null;
    };
    const prefix = plan.nationalPrefixForParsing();
    patterns = {
      general: new RegExp(`^(?:${plan.nationalNumberPattern()})$`),
      prefix: prefix ? new RegExp(`^(?:${prefix})`) : null,
      mobile: typed('MOBILE'),
      fixed: typed('FIXED_LINE'),
    };
  }
  plans.set(callingCode, patterns);
  return patterns;
}

const matches = (t: { pattern: RegExp; lengths: number[] | undefined }, national: string) =>
  (!t.lengths || t.lengths.includes(national.length)) && t.pattern.test(national);

/** True only when libphonenumber would call this E.164 number a mobile number of a country that owns its calling code. */
export function storedMobile(input: string): boolean {
  if (!E164.test(input) || SERVICE_RANGES.some((range) => range.test(input))) return false;
  for (let length = 1; length <= 3; length++) {
    const p = linePatterns(input.slice(1, 1 + length));
    if (!p) continue;
    if (p === 'full') return false;
    const national = input.slice(1 + length);
    if (national.length < 2 || national.length > 17 || p.prefix?.test(national) || !p.general.test(national)) return false;
    return Boolean(p.mobile && matches(p.mobile, national) && !(p.fixed && matches(p.fixed, national)));
  }
  return false;
}

/** English details for the API's field errors, by problem (the portal and the console have their own texts). */
export const PHONE_PROBLEM_DETAIL: Record<PhoneProblem, string> = {
  phone_invalid: 'is not a valid phone number; write it with area code or country code, e.g. 0170 1234567 or +49 170 1234567',
  phone_landline: 'is a landline number; codes and SMS go only to mobile numbers',
  phone_service: 'is a premium-rate or service number (e.g. 0900, 0180, 0137, 0700, 0800, 032); give a mobile number',
  country_not_allowed: 'is from a country whose numbers cannot register here',
};

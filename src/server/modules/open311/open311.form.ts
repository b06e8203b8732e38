// POST requests: the posted form (x-www-form-urlencoded or multipart) read into Civicast's report input, with
// attribute[code] values checked against the service definition. Problems are collected as Open311 errors
// ("attribute[size]: is required"), so a client learns every mistake at once.
import { z } from 'zod';
import type { CreateReportInput, ReportCategory } from '../../../common/contracts/reports.ts';
import { REPORT_DESCRIPTION_MAX } from '../../../common/report-settings.ts';
import { nulPointers } from '../../platform/http.ts';

export type FormValue = string | string[];
export type Form = Record<string, FormValue>;

/** A 400 with one or more Open311 error descriptions, each naming the field. */
export class Open311Invalid extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('; '));
  }
}

/** Only strings (a field sent twice is a list): what form parsers produce; anything else is not a form. */
export const open311FormSchema = z.record(z.string().max(200), z.union([z.string(), z.array(z.string()).max(50)]));

/** The first value of a field, trimmed; '' when absent (the spec: an empty parameter counts as not sent). */
export const field = (form: Form, name: string): string => {
  const v = form[name];
  return (Array.isArray(v) ? (v[0] ?? '') : (v ?? '')).trim();
};

/** Refuses text PostgreSQL cannot store (NUL, lone surrogates) before it reaches a statement. */
export function refuseUnstorable(form: Form): void {
  const bad = nulPointers(form, '');
  if (bad.length)
    throw new Open311Invalid(
      bad.map((p) => `${decodeURIComponent(p.slice(1).split('/')[0]!.replaceAll('~1', '/'))}: must not contain the NUL character or broken Unicode`),
    );
}

const ATTRIBUTE = /^attribute\[([^\]]+)\](\[\])?$/;

/** attribute[code]=v and attribute[code][]=v1&attribute[code][]=v2, by code, values in order. */
export function attributesOf(form: Form): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const [key, value] of Object.entries(form)) {
    const m = ATTRIBUTE.exec(key);
    if (!m) continue;
    const values = (Array.isArray(value) ? value : [value]).map((v) => v.trim()).filter((v) => v !== '');
    out.set(m[1]!, [...(out.get(m[1]!) ?? []), ...values]);
  }
  return out;
}

const ISO_DATE_TIME = /^\d{4}-\d\d-\d\d([T ]\d\d:\d\d(:\d\d(\.\d{1,9})?)?(Z|[+-]\d\d:?\d\d)?)?$/;

/** The category's extra fields checked and converted: numbers as numbers, lists as key lists. */
export function readAttributes(category: ReportCategory, given: Map<string, string[]>, problems: string[]): Record<string, string | number | string[]> {
  const out: Record<string, string | number | string[]> = {};
  const fields = new Map(category.fields.map((f) => [f.code, f]));
  for (const code of given.keys()) {
    if (!fields.has(code)) problems.push(`attribute[${code}]: is not an attribute of service ${category.code}`);
  }
  for (const f of category.fields) {
    const values = given.get(f.code) ?? [];
    const name = `attribute[${f.code}]`;
    if (!values.length) {
      if (f.required) problems.push(`${name}: is required`);
      continue;
    }
    const keys = new Set((f.values ?? []).map((v) => v.key));
    if (f.datatype === 'multivaluelist') {
      const unknown = values.filter((v) => !keys.has(v));
      if (unknown.length) problems.push(`${name}: ${unknown.map((v) => `"${v.slice(0, 60)}"`).join(', ')} not among the values of the service definition`);
      else out[f.code] = [...new Set(values)];
      continue;
    }
    if (values.length > 1) {
      problems.push(`${name}: takes one value (only a multivaluelist takes several)`);
      continue;
    }
    const v = values[0]!;
    if (f.datatype === 'singlevaluelist') {
      if (!keys.has(v)) problems.push(`${name}: "${v.slice(0, 60)}" is not among the values of the service definition`);
      else out[f.code] = v;
    } else if (f.datatype === 'number') {
      const n = Number(v.replace(',', '.'));
      if (!Number.isFinite(n)) problems.push(`${name}: must be a number`);
      else out[f.code] = n;
    } else if (f.datatype === 'datetime') {
      if (!ISO_DATE_TIME.test(v) || Number.isNaN(new Date(v).getTime())) problems.push(`${name}: must be an ISO 8601 date or date-time`);
      else out[f.code] = v;
    } else if (v.length > 1000) {
      problems.push(`${name}: at most 1,000 characters`);
    } else {
      out[f.code] = v;
    }
  }
  return out;
}

const email = z.email().max(254);

/** Who reports: e-mail before phone before anonymous; the name from first_name and last_name. */
export function readContact(form: Form, problems: string[]): CreateReportInput['contact'] {
  const name = `${field(form, 'first_name')} ${field(form, 'last_name')}`.trim();
  if (name.length > 120) problems.push('first_name/last_name: at most 120 characters together');
  const named = name && name.length <= 120 ? { name } : {};
  const mail = field(form, 'email');
  if (mail) {
    if (!email.safeParse(mail).success) problems.push('email: is not a valid e-mail address');
    return { kind: 'email', email: mail.toLowerCase(), ...named };
  }
  const phone = field(form, 'phone');
  if (phone) {
    if (phone.length < 3 || phone.length > 32) problems.push('phone: is not a valid phone number');
    return { kind: 'phone', phone, ...named };
  }
  return { kind: 'anonymous' };
}

const COORDINATE = /^[-+]?\d{1,3}(\.\d+)?$/;

/** lat and long as numbers (both or neither); null when neither was sent. */
export function readPoint(form: Form, problems: string[]): { lat: number; lng: number } | null {
  const lat = field(form, 'lat');
  const lng = field(form, 'long');
  if (!lat && !lng) return null;
  if (!lat || !lng) {
    problems.push(`${lat ? 'long' : 'lat'}: lat and long are sent together`);
    return null;
  }
  const la = Number(lat);
  const lo = Number(lng);
  const before = problems.length;
  if (!COORDINATE.test(lat) || Math.abs(la) > 90) problems.push('lat: must be a latitude in degrees (WGS 84), between -90 and 90');
  if (!COORDINATE.test(lng) || Math.abs(lo) > 180) problems.push('long: must be a longitude in degrees (WGS 84), between -180 and 180');
  return problems.length === before ? { lat: la, lng: lo } : null;
}

/** The description, or the service's name when none was sent (the spec makes it optional, Civicast's reports need one). */
export function readDescription(form: Form, category: ReportCategory, problems: string[]): string {
  const text = field(form, 'description').replace(/\r\n?/g, '\n');
  if (Array.from(text).length > REPORT_DESCRIPTION_MAX) problems.push(`description: at most ${REPORT_DESCRIPTION_MAX.toLocaleString('en')} characters`);
  return text || category.name;
}

/** Civicast's validation pointers (reports service) as the Open311 field they came from. */
export function open311FieldOf(pointer: string): string {
  // the platform points into the request's parts (/query/…, /body/…); Open311 names the parameter alone
  const p = pointer.replace(/^\/(body|query|params)(?=\/|$)/, '');
  const attribute = /^\/attributes\/([^/]+)/.exec(p);
  if (attribute) return `attribute[${attribute[1]}]`;
  if (p.startsWith('/location')) return 'lat/long';
  if (p.startsWith('/categoryId')) return 'service_code';
  if (p.startsWith('/photos')) return 'media';
  if (p.startsWith('/contact/email')) return 'email';
  if (p.startsWith('/contact/phone')) return 'phone';
  if (p.startsWith('/contact/name')) return 'first_name/last_name';
  if (p.startsWith('/address')) return 'address_string';
  return p.slice(1).split('/')[0] || 'request';
}

// The portal's report form as posted (plain HTML, multipart or urlencoded): the values kept for a page with errors,
// the errors in the resident's words per field, and the service's input once nothing is wrong. The service checks
// again (location inside the town, attributes); its pointers come back to the same fields (errorsFromService).
import { z } from 'zod';
import type { CreateReportInput, ReportCategory, ReportFieldDef } from '../../../common/contracts/reports.ts';
import { classifyPhone } from '../../../common/phone.ts';
import { REPORT_DESCRIPTION_MAX, REPORT_PHOTO_LIMITS } from '../../../common/report-settings.ts';
import { AppError } from '../../platform/errors.ts';
import type { TextKey } from '../portal/index.ts';
import type { PhotoRejection } from './photos.ts';

/** Field values as the form carries them; attribute fields are named `attr.<code>`. */
export interface ReportFormValues {
  category: string;
  description: string;
  lat: string;
  lng: string;
  street: string;
  houseNumber: string;
  attributes: Record<string, string[]>;
  email: string;
  phone: string;
  anonymous: boolean;
  consent: boolean;
  /** The resident saw the nearby reports and files a new one anyway. */
  confirmNew: boolean;
}

export const emptyReportForm = (): ReportFormValues => ({
  category: '',
  description: '',
  lat: '',
  lng: '',
  street: '',
  houseNumber: '',
  attributes: {},
  email: '',
  phone: '',
  anonymous: false,
  consent: false,
  confirmNew: false,
});

/** Form field (and the id of its element: category, description, street, photos, contact-email, …, attr-<code>). */
export type ReportFormField = string;
export type FormError = { key: TextKey; vars?: Record<string, string> };
export type ReportFormErrors = Record<ReportFormField, FormError>;

const ATTR = /^attr\.([a-z][a-z0-9_]{0,39})$/;
const KNOWN = new Set([
  'category',
  'description',
  'lat',
  'lng',
  'street',
  'houseNumber',
  'email',
  'phone',
  'anonymous',
  'consent',
  'website',
  'confirmNew',
  'step',
  'lang',
]);
const FIELD_MAX = 5000;
const ATTRIBUTE_TEXT_MAX = 1000;

// control characters never belong in a report (tabs and newlines do)
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what this removes
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g;
const clean = (s: string) => s.replace(CONTROL, '');
const length = (s: string) => Array.from(s).length;
const emailAddress = z.email().max(254);

/** Raw fields (each a list: a field sent twice keeps its values) → values; null when a field is unknown or huge. */
export function readReportFields(raw: Record<string, string[]>): { values: ReportFormValues; honeypot: boolean } | null {
  const v = emptyReportForm();
  for (const [name, list] of Object.entries(raw)) {
    if (!KNOWN.has(name) && !ATTR.test(name)) return null;
    if (list.some((s) => s.length > FIELD_MAX)) return null;
  }
  const one = (name: string) => clean(raw[name]?.[0] ?? '');
  v.category = one('category').trim();
  v.description = one('description').replace(/\r\n?/g, '\n').trim();
  v.lat = one('lat').trim();
  v.lng = one('lng').trim();
  v.street = one('street').trim();
  v.houseNumber = one('houseNumber').trim().slice(0, 20);
  v.email = one('email').trim();
  v.phone = one('phone').trim();
  v.anonymous = one('anonymous') === 'yes';
  v.consent = one('consent') === 'yes';
  v.confirmNew = one('confirmNew') === 'yes';
  for (const [name, list] of Object.entries(raw)) {
    const m = ATTR.exec(name);
    if (m) v.attributes[m[1]] = list.map((s) => clean(s).trim()).filter(Boolean);
  }
  return { values: v, honeypot: one('website').trim() !== '' };
}

/** A query string's values as form fields (GET …/new?category=…: the "Weiter" step without JavaScript). */
export function fieldsOf(query: Record<string, unknown>): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [k, val] of Object.entries(query)) {
    if (k === 'lang' || (!KNOWN.has(k) && !ATTR.test(k))) continue;
    const list = (Array.isArray(val) ? val : [val]).filter((x): x is string => typeof x === 'string').slice(0, 50);
    out[k] = list;
  }
  return out;
}

export const fieldId = (code: string) => `attr-${code}`;

function attributeValue(f: ReportFieldDef, given: string[]): { value?: string | number | string[]; error?: FormError } {
  const first = given[0] ?? '';
  if (!given.length || (f.datatype !== 'multivaluelist' && !first)) return f.required ? { error: { key: 'reports.errRequired' } } : {};
  switch (f.datatype) {
    case 'number': {
      const n = Number(first.replace(',', '.'));
      return Number.isFinite(n) && /^-?\d+([.,]\d+)?$/.test(first) ? { value: n } : { error: { key: 'reports.errNumber' } };
    }
    case 'datetime':
      return /^\d{4}-\d{2}-\d{2}$/.test(first) && !Number.isNaN(Date.parse(first)) ? { value: first } : { error: { key: 'reports.errDate' } };
    case 'singlevaluelist':
      return f.values?.some((x) => x.key === first) ? { value: first } : { error: { key: 'reports.errChoice' } };
    case 'multivaluelist':
      return given.every((g) => f.values?.some((x) => x.key === g)) ? { value: [...new Set(given)] } : { error: { key: 'reports.errChoice' } };
    default:
      return length(first) > ATTRIBUTE_TEXT_MAX
        ? { error: { key: 'reports.errTextLong', vars: { max: ATTRIBUTE_TEXT_MAX.toLocaleString('de-DE') } } }
        : { value: first };
  }
}

export interface CheckedForm {
  errors: ReportFormErrors;
  category: ReportCategory | null;
  attributes: Record<string, string | number | string[]>;
  location: { lat: number; lng: number } | null;
  contact: ReportContact;
}

export type ReportContact = NonNullable<CreateReportInput['contact']>;

const coordinate = (s: string, max: number) => {
  if (!/^-?\d{1,3}(\.\d{1,12})?$/.test(s)) return null;
  const n = Number(s);
  return Math.abs(n) <= max ? n : null;
};

/**
 * Everything the form can tell without the database beyond the categories: category, description, extra fields, a
 * pin (lat/lng) or a street chosen (the caller looks it up), contact and consent, and the number of photos.
 */
export function checkReportForm(
  v: ReportFormValues,
  categories: readonly ReportCategory[],
  opts: { residentId: string | null; photoCount: number },
): CheckedForm {
  const errors: ReportFormErrors = {};
  const category = categories.find((c) => c.code === v.category) ?? null;
  if (!v.category) errors.category = { key: 'reports.errCategory' };
  else if (!category) errors.category = { key: 'reports.errCategoryUnknown' };
  if (!v.description) errors.description = { key: 'reports.errDescription' };
  else if (length(v.description) > REPORT_DESCRIPTION_MAX)
    errors.description = {
      key: 'reports.errDescriptionLong',
      vars: { count: length(v.description).toLocaleString('de-DE'), max: REPORT_DESCRIPTION_MAX.toLocaleString('de-DE') },
    };
  const attributes: Record<string, string | number | string[]> = {};
  for (const f of category?.fields ?? []) {
    const r = attributeValue(f, v.attributes[f.code] ?? []);
    if (r.error) errors[fieldId(f.code)] = r.error;
    else if (r.value !== undefined) attributes[f.code] = r.value;
  }
  const lat = coordinate(v.lat, 90);
  const lng = coordinate(v.lng, 180);
  const location = lat !== null && lng !== null ? { lat, lng } : null;
  if (!location && !v.street) errors.street = { key: 'reports.errLocation' };
  if (opts.photoCount > REPORT_PHOTO_LIMITS.count) errors.photos = { key: 'reports.errPhotoCount' };
  let contact: ReportContact = { kind: 'anonymous' };
  if (v.anonymous) contact = { kind: 'anonymous' };
  else if (opts.residentId) contact = { kind: 'resident', residentId: opts.residentId };
  else {
    if (v.email && v.phone) errors['contact-email'] = { key: 'reports.errBothContacts' };
    else if (v.email) {
      if (emailAddress.safeParse(v.email).success) contact = { kind: 'email', email: v.email.toLowerCase() };
      else errors['contact-email'] = { key: 'reports.errEmail' };
    } else if (v.phone) {
      const p = classifyPhone(v.phone);
      if (p.ok && p.line === 'mobile') contact = { kind: 'phone', phone: p.e164 };
      else errors['contact-phone'] = { key: 'reports.errPhone' };
    }
    if ((v.email || v.phone) && !v.consent) errors.consent = { key: 'reports.errConsent' };
  }
  return { errors, category, attributes, location, contact };
}

const PHOTO_KEYS: Record<PhotoRejection, TextKey> = {
  empty: 'reports.errPhotoEmpty',
  not_an_image: 'reports.errPhotoNotImage',
  heic_unsupported: 'reports.errPhotoHeic',
  too_large: 'reports.errPhotoTooLarge',
  too_many_pixels: 'reports.errPhotoPixels',
};
export const photoErrorOf = (reason: PhotoRejection, index: number): FormError => ({ key: PHOTO_KEYS[reason], vars: { n: String(index + 1) } });

/** The service's validation pointers (/categoryId, /location, /attributes/<code>, /photos, /contact/…) at the form's fields. */
export function errorsFromService(err: unknown): ReportFormErrors | null {
  if (!(err instanceof AppError) || err.code !== 'validation_failed') return null;
  const errors: ReportFormErrors = {};
  for (const e of err.errors) {
    const p = e.pointer.replace(/^\/body/, '');
    if (p.startsWith('/categoryId')) errors.category = { key: 'reports.errCategoryUnknown' };
    else if (p.startsWith('/location')) errors.street = { key: 'reports.errOutside' };
    else if (p.startsWith('/attributes/')) errors[fieldId(p.split('/')[2] ?? '')] = { key: 'reports.errInvalid' };
    else if (p.startsWith('/description')) errors.description = { key: 'reports.errDescription' };
    else if (p.startsWith('/photos')) errors.photos = { key: 'reports.errPhotoCount' };
    else if (p.startsWith('/contact/phone')) errors['contact-phone'] = { key: 'reports.errPhone' };
    else if (p.startsWith('/contact')) errors['contact-email'] = { key: 'reports.errEmail' };
    else errors.description = { key: 'reports.errInvalid' };
  }
  return Object.keys(errors).length ? errors : { description: { key: 'reports.errInvalid' } };
}

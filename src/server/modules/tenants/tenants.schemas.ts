import { type CountryCode, isSupportedCountry } from 'libphonenumber-js';
import { z } from 'zod';
import { attributionProblem, tileUrlProblem } from '../../../common/map-tiles.ts';

export const slug = z
  .string()
  .min(2, 'must be at least 2 characters')
  .max(63)
  .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'may contain only lowercase letters, digits and single hyphens (e.g. "bad-musterstadt")');

const optionalText = (max: number) => z.string().trim().max(max);
/** A trimmed text checked by one of the shared rules; '' and null clear the setting. */
const checkedText = (problem: (value: string) => string | null) =>
  z
    .string()
    .trim()
    .superRefine((v, ctx) => {
      const p = v === '' ? null : problem(v);
      if (p) ctx.addIssue({ code: 'custom', message: p });
    })
    .nullable()
    .optional();
const timeZone = z.string().refine((tz) => {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}, 'must be an IANA time zone such as Europe/Berlin');

export const contact = z.strictObject({
  email: z.union([z.literal(''), z.email('must be an e-mail address')]).optional(),
  phone: optionalText(40).optional(),
  address: optionalText(300).optional(),
  website: z.union([z.literal(''), z.url({ protocol: /^https?$/, error: 'must be a web address starting with https://' })]).optional(),
});

export const tenantPatch = z.strictObject({
  name: z.string().trim().min(2, 'must be at least 2 characters').max(120).optional(),
  ags: z
    .union([z.literal(''), z.string().regex(/^\d{8}$/, 'must be the 8-digit official municipality key (AGS)')])
    .nullable()
    .optional(),
  locale: z.enum(['de', 'en']).optional(),
  timeZone: timeZone.optional(),
  brandColor: z
    .string()
    .regex(/^#[0-9a-fA-F]{6}$/, 'must be a colour like #1d4ed8')
    .optional(),
  contact: contact.optional(),
  imprint: optionalText(20_000).optional(),
  privacyText: optionalText(100_000).optional(),
  accessibilityFeedbackEmail: z
    .union([z.literal(''), z.email('must be an e-mail address')])
    .nullable()
    .optional(),
  requireTwoFactor: z.boolean().optional(),
  smsSenderId: z
    .union([
      z.literal(''),
      z
        .string()
        .regex(/^(?=.*[A-Za-z])[A-Za-z0-9 ]{1,11}$|^\+?\d{3,15}$/, 'must be up to 11 letters, digits or spaces (e.g. "Musterstadt"), or a phone number'),
    ])
    .nullable()
    .optional(),
  emailFromName: z.string().trim().max(80).nullable().optional(),
  /** Whether residents may switch warnings (mandatory topics) off. */
  warningsOptional: z.boolean().optional(),
  /** Whether warnings pass residents' quiet hours and topic choices (default: both). */
  warningPolicy: z.strictObject({ ignoreQuietHours: z.boolean(), ignoreTopics: z.boolean() }).optional(),
  /** Countries whose mobile numbers may register (ISO 3166 codes, e.g. DE): protection against SMS pumping. */
  allowedCountries: z
    .array(
      z
        .string()
        .trim()
        .toUpperCase()
        .refine((code) => isSupportedCountry(code as CountryCode), {
          error: 'must be a two-letter country code with phone numbering, e.g. DE, AT, CH',
          params: { code: 'country_code' },
        }),
    )
    .min(1, 'name at least one country')
    .max(60)
    .transform((list) => [...new Set(list)])
    .optional(),
  /** Code SMS a day; after that no code leaves until the next day and owners and admins are told. */
  codeSmsDailyBudget: z.number().int().min(0).max(100_000).optional(),
  /** Map tiles for the console, e.g. https://{s}.tile.example.org/{z}/{x}/{y}.png; the console's CSP allows its origin. */
  mapTileUrl: checkedText(tileUrlProblem),
  /** Shown on the map; tile servers based on OpenStreetMap require it. */
  mapAttribution: checkedText(attributionProblem),
});
export type TenantPatch = z.infer<typeof tenantPatch>;

export const createTenantInput = z.strictObject({
  slug,
  name: z.string().trim().min(2).max(120),
  ags: z
    .string()
    .regex(/^\d{8}$/)
    .optional(),
  locale: z.enum(['de', 'en']).default('de'),
  timeZone: timeZone.default('Europe/Berlin'),
});
export type CreateTenantInput = z.input<typeof createTenantInput>;

// One municipality's settings as staff see them (GET/PATCH /api/v1/tenants/:tenant).
import { z } from 'zod';
import { locale } from './account.ts';
import { sluggedRef, timestamp } from './common.ts';

export const contact = z.object({ email: z.string(), phone: z.string(), address: z.string(), website: z.string() });
export type Contact = z.infer<typeof contact>;

export const tenant = sluggedRef.extend({
  ags: z.string().nullable(),
  locale,
  timeZone: z.string(),
  brandColor: z.string().nullable(),
  hasLogo: z.boolean(),
  contact,
  imprint: z.string().nullable(),
  privacyText: z.string().nullable(),
  accessibilityFeedbackEmail: z.string().nullable(),
  requireTwoFactor: z.boolean(),
  smsSenderId: z.string().nullable(),
  emailFromName: z.string().nullable(),
  warningsOptional: z.boolean(),
  /** Warnings pass residents' quiet hours / topic choices (the municipality's policy). */
  warningPolicy: z.object({ ignoreQuietHours: z.boolean(), ignoreTopics: z.boolean() }),
  allowedCountries: z.array(z.string()),
  codeSmsDailyBudget: z.number().int(),
  mapTileUrl: z.string().nullable(),
  mapAttribution: z.string().nullable(),
  updatedAt: timestamp,
});
export type Tenant = z.infer<typeof tenant>;

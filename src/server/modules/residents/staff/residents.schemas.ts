// Request shapes of the staff residents API: list filters, manual entry, preferences, GDPR requests and topics.
import { z } from 'zod';
import { GDPR_KINDS, GDPR_STATUSES } from '../../../../common/states.ts';
import { emailSchema } from '../../auth/index.ts';
import { CHANNELS } from '../residents.service.ts';

export const tenantParams = z.object({ tenant: z.string().max(64) });
export const idParams = tenantParams.extend({ id: z.uuid('must be an id') });
export const attachmentParams = idParams.extend({ attachmentId: z.uuid('must be an attachment id') });

const channel = z.enum(CHANNELS, { error: `must be one of ${CHANNELS.join(', ')}` });
const topicKey = z.string().trim().min(1).max(40);
const note = (max: number) => z.string().trim().max(max);

export const listQuery = z.strictObject({
  q: z.string().trim().max(254).optional(),
  topic: topicKey.optional(),
  channel: channel.optional(),
  status: z.enum(['active', 'withdrawn']).optional(),
  verified: z.enum(['true', 'false']).optional(),
  /** Residents on this street (within its house number ranges) or inside this area: the audience rule of geo. */
  street: z.uuid('must be a street id from /streets').optional(),
  area: z.uuid('must be an area id from /areas').optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  after: z.string().max(200).optional(),
});
export type ListQuery = z.infer<typeof listQuery>;

export const csvQuery = listQuery.omit({ limit: true, after: true, q: true });

export const SCAN_TYPES = ['application/pdf', 'image/png', 'image/jpeg'] as const;
export const SCAN_MAX_BYTES = 5 * 1024 * 1024;
/** A 5 MB scan is about 6.7 MB in base64; bodies carrying a scan may be this large, other routes keep 1 MB. */
export const SCAN_BODY_LIMIT = 8 * 1024 * 1024;

/** A scanned consent form as JSON (no multipart): the file in base64; type and size are checked on the bytes. */
export const consentScan = z.strictObject({
  fileName: z.string().trim().min(1, 'is required').max(200),
  contentType: z.enum(SCAN_TYPES, { error: 'must be application/pdf, image/png or image/jpeg: attach the scan as PDF, PNG or JPEG' }),
  dataBase64: z
    .string()
    .min(1, 'is required')
    .regex(/^[A-Za-z0-9+/]*={0,2}$/, 'must be the file in base64 (without a data: prefix)'),
});
export type ConsentScan = z.infer<typeof consentScan>;

/** A tag staff give residents (e.g. "Seniorenbeirat"); ';' separates tags in the CSV import, so it is not allowed. */
const tag = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .max(64)
  .regex(/^[^;]+$/, 'must not contain ";"');

const preferenceFields = {
  topics: z.array(topicKey).max(50),
  /** Tags replace the resident's tags (no consent needed: they are the municipality's own notes). */
  tags: z.array(tag).max(20, 'give at most 20 tags').optional(),
  channels: z.array(channel).min(1, 'choose at least one channel').max(CHANNELS.length),
  street: note(120).optional(),
  houseNumber: note(20).optional(),
  language: z.enum(['de', 'en']).optional(),
};

export const createResidentBody = z.strictObject({
  /** Mobile or landline; a landline cannot receive SMS. */
  phone: z.string().trim().min(3, 'is required').max(40),
  email: z.union([z.literal(''), emailSchema]).optional(),
  name: note(120).optional(),
  ...preferenceFields,
  /** What proves the consent: the paper form, a scan reference, who took the call. Required unless a scan is attached. */
  consentProof: z.string().trim().min(3, 'is required: describe the signed form or the scan reference').max(2000).optional(),
  /** The signed form, scanned; either this or consentProof suffices. */
  consentScan: consentScan.optional(),
});
export type CreateResidentBody = z.infer<typeof createResidentBody>;

export const preferencesBody = z.strictObject({
  topics: preferenceFields.topics.optional(),
  channels: preferenceFields.channels.optional(),
  street: preferenceFields.street,
  houseNumber: preferenceFields.houseNumber,
  language: preferenceFields.language,
  tags: preferenceFields.tags,
  /** Required when the change gives consent (new topic or channel, or a withdrawn subscription switched on again). */
  consentProof: z.string().trim().min(3).max(2000).optional(),
});
export type PreferencesBody = z.infer<typeof preferencesBody>;

export const withdrawBody = z.strictObject({ note: note(2000).optional() }).nullish(); // a POST without a body is fine

export const gdprBody = z.strictObject({
  residentId: z.uuid('must be a resident id').nullable().optional(),
  kind: z.enum(GDPR_KINDS, { error: `must be one of ${GDPR_KINDS.join(', ')}` }),
  note: note(4000).default(''),
  /** When the request arrived (a letter may be entered days later); the deadline runs from here. */
  receivedAt: z.iso.datetime({ offset: true }).optional(),
});
export const gdprPatch = z.strictObject({ status: z.enum(GDPR_STATUSES).optional(), note: note(4000).optional() });

export const topicBody = z.strictObject({
  key: z
    .string()
    .trim()
    .regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'may contain only lowercase letters, digits and hyphens (e.g. "abfall")'),
  nameDe: z.string().trim().min(2, 'must be at least 2 characters').max(60),
  nameEn: z.string().trim().min(2, 'must be at least 2 characters').max(60),
  mandatory: z.boolean().default(false),
});
export const topicPatch = z.strictObject({
  nameDe: topicBody.shape.nameDe.optional(),
  nameEn: topicBody.shape.nameEn.optional(),
  mandatory: z.boolean().optional(),
  position: z.number().int().min(0).max(1000).optional(),
});

// Residents, their consents and scanned forms, imports, GDPR requests and topics as the staff API answers them.
import { z } from 'zod';
import {
  CONSENT_ACTIONS,
  CONSENT_METHODS,
  CONSENT_PURPOSES,
  FOLLOW_SOURCES,
  FOLLOW_STATUSES,
  GDPR_KINDS,
  GDPR_STATUSES,
  IMPORT_MODES,
  IMPORT_STATUSES,
  RESIDENT_CHANNELS,
} from '../states.ts';
import { counts, importResultOf, itemsOf, storedFile, timestamp, timestamps } from './common.ts';

export const followStatus = z.enum(FOLLOW_STATUSES);
export type { FollowStatus } from '../states.ts';

export const residentRow = z.object({
  id: z.uuid(),
  followId: z.uuid(),
  /** Masked, e.g. +49 170 ••• 67. */
  phone: z.string().nullable(),
  emailMasked: z.string().nullable(),
  topics: z.array(z.string()),
  channels: z.array(z.string()),
  status: followStatus,
  source: z.enum(FOLLOW_SOURCES),
  /** The resident typed a street that is not in the street directory (kept unconfirmed until staff or they fix it). */
  addressUnconfirmed: z.boolean(),
  createdAt: timestamp,
});
export type ResidentRow = z.infer<typeof residentRow>;
export const residentPage = z.object({ items: z.array(residentRow), nextAfter: z.string().nullable() });
export type ResidentPage = z.infer<typeof residentPage>;

/** Today's use of the code SMS budget (UTC day). */
export const codeBudget = z.object({ day: z.string(), sent: z.number().int(), budget: z.number().int(), exhausted: z.boolean() });
export type CodeBudget = z.infer<typeof codeBudget>;

export const consentEntry = z.object({
  id: z.number().int(),
  action: z.enum(CONSENT_ACTIONS),
  purpose: z.enum(CONSENT_PURPOSES),
  channel: z.enum(RESIDENT_CHANNELS).nullable(),
  topic: z.string().nullable(),
  textHash: z.string().nullable(),
  method: z.enum(CONSENT_METHODS),
  ipPrefix: z.string().nullable(),
  proof: z.string().nullable(),
  actorId: z.uuid().nullable(),
  at: timestamp,
});
export type ConsentEntry = z.infer<typeof consentEntry>;

/** A scanned consent form; the file itself is downloaded (and the download audited) from its own address. */
export const attachment = storedFile.extend({ createdAt: timestamp });
export type AttachmentEntry = z.infer<typeof attachment>;

export const createdResident = z.object({ id: z.uuid(), followId: z.uuid(), attachments: z.array(attachment) });
export type CreatedResident = z.infer<typeof createdResident>;

export const deliveryEntry = z.object({
  id: z.uuid(),
  messageId: z.uuid(),
  channel: z.string(),
  status: z.string(),
  subject: z.string().nullable(),
  text: z.string().nullable(),
  createdAt: timestamp,
  deliveredAt: timestamp.nullable(),
  lastError: z.string().nullable(),
});
export type DeliveryEntry = z.infer<typeof deliveryEntry>;

export const residentContact = z.object({
  phone: z.string().nullable(),
  email: z.string().nullable(),
  landline: z.string().nullable(),
  name: z.string().nullable(),
});

export const residentDetail = z.object({
  id: z.uuid(),
  followId: z.uuid(),
  contact: residentContact,
  language: z.string(),
  emailVerified: z.boolean(),
  createdAt: timestamp,
  follow: z.object({
    status: followStatus,
    topics: z.array(z.string()),
    channels: z.array(z.string()),
    street: z.string().nullable(),
    /** `street` is what the resident typed; it is not in the street directory. */
    addressUnconfirmed: z.boolean(),
    houseNumber: z.string().nullable(),
    language: z.string(),
    quietStart: z.number().int().nullable(),
    quietEnd: z.number().int().nullable(),
    /** Tags staff gave the resident (e.g. "Seniorenbeirat"). */
    tags: z.array(z.string()),
    source: z.string(),
    ...timestamps,
  }),
  consents: z.array(consentEntry),
  attachments: z.array(attachment),
  /** The latest 50, newest first. */
  deliveries: z.array(deliveryEntry),
});
export type ResidentDetailData = z.infer<typeof residentDetail>;

/** Proof of consent: the ledger and the consent texts by hash (a download). */
export const consentProof = z.object({
  exportedAt: timestamp,
  tenant: z.object({ slug: z.string(), name: z.string() }),
  resident: z.object({ id: z.uuid(), phone: z.string().nullable(), email: z.string().nullable(), name: z.string().nullable() }),
  follow: z.object({
    status: followStatus,
    topics: z.array(z.string()),
    channels: z.array(z.enum(RESIDENT_CHANNELS)),
    source: z.enum(FOLLOW_SOURCES),
    createdAt: timestamp,
  }),
  consents: z.array(consentEntry),
  texts: z.record(z.string(), z.object({ version: z.number().int(), textDe: z.string(), textEn: z.string(), createdAt: timestamp })),
});

export const residentImportResult = importResultOf(counts('total', 'imported', 'created', 'updated', 'merged'));
export type ResidentImportResult = z.infer<typeof residentImportResult>;

export const importRun = z.object({
  id: z.uuid(),
  status: z.enum(IMPORT_STATUSES),
  mode: z.enum(IMPORT_MODES),
  /** Data rows in the file (known once checking starts). */
  total: z.number().int(),
  validated: z.number().int(),
  written: z.number().int(),
  /** Valid rows to write (distinct phone numbers); known from the writing phase on. */
  toWrite: z.number().int().nullable(),
  /** When done: counts and row errors, as the synchronous import reports them; at most 1,000 errors, `moreErrors` counts the rest. */
  report: residentImportResult.extend({ moreErrors: z.number().int() }).nullable(),
  error: z.string().nullable(),
  createdAt: timestamp,
  finishedAt: timestamp.nullable(),
});
export type ImportRun = z.infer<typeof importRun>;
export const importRunList = itemsOf(importRun);

export const gdprRequest = z.object({
  id: z.uuid(),
  residentId: z.uuid().nullable(),
  kind: z.enum(GDPR_KINDS),
  status: z.enum(GDPR_STATUSES),
  note: z.string(),
  receivedAt: timestamp,
  dueAt: timestamp,
  completedAt: timestamp.nullable(),
  overdue: z.boolean(),
});
export type GdprRequest = z.infer<typeof gdprRequest>;
export const gdprRequestList = itemsOf(gdprRequest);

export const topic = z.object({ id: z.uuid(), key: z.string(), nameDe: z.string(), nameEn: z.string(), mandatory: z.boolean(), position: z.number().int() });
export type Topic = z.infer<typeof topic>;
export const topicList = z.object({ items: z.array(topic), warningsOptional: z.boolean() });
export type TopicList = z.infer<typeof topicList>;

// Residents (issue 4): residents, follows, topics, consent, codes and links, sign-up stations, GDPR requests, imports.
import { bigserial, boolean, doublePrecision, index, integer, jsonb, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import {
  CONSENT_ACTIONS,
  CONSENT_METHODS,
  CONSENT_PURPOSES,
  EMAIL_LINK_PURPOSES,
  FOLLOW_SOURCES,
  FOLLOW_STATUSES,
  GDPR_KINDS,
  GDPR_STATUSES,
  IMPORT_MODES,
  IMPORT_STATUSES,
  RESIDENT_CHANNELS,
  type ResidentChannel,
} from '../../../../common/states.ts';
import { at, createdAt, enumChecks, id, jsonList, ownedBy, singleUse, storedFile, timestamps } from './columns.ts';
import { tenantId, tenantKeyedTable, tenantTable } from './tenant-table.ts';

/**
 * A resident, installation-wide (one person may follow several tenants). Phone, e-mail, landline and name are
 * encrypted at rest (AES-GCM); the *_hash columns are keyed HMACs for look-up, so a dump alone reveals nothing.
 */
export const residents = pgTable(
  'residents',
  {
    id: id().primaryKey(),
    phoneEnc: text('phone_enc'),
    phoneHash: text('phone_hash'),
    emailEnc: text('email_enc'),
    emailHash: text('email_hash'),
    emailVerifiedAt: at('email_verified_at'),
    landlineEnc: text('landline_enc'),
    landlineHash: text('landline_hash'),
    nameEnc: text('name_enc'),
    language: text('language').notNull().default('de'),
    ...timestamps(),
  },
  (t) => [
    uniqueIndex('residents_phone_hash_uq').on(t.phoneHash),
    index('residents_email_hash_idx').on(t.emailHash),
    index('residents_landline_hash_idx').on(t.landlineHash),
  ],
);

/** A resident's subscription to one tenant, with its own preferences. */
export const follows = tenantTable(
  'follows',
  {
    residentId: ownedBy('resident_id', () => residents.id),
    status: text('status', { enum: FOLLOW_STATUSES }).notNull().default('active'),
    topics: jsonList('topics'),
    channels: jsonList<ResidentChannel>('channels'),
    streetId: uuid('street_id'),
    houseNumber: text('house_number'),
    /** A street the resident typed that is not in the directory (unconfirmed; staff see it); null once it matches. */
    streetName: text('street_name'),
    lat: doublePrecision('lat'),
    lng: doublePrecision('lng'),
    quietStart: integer('quiet_start'),
    quietEnd: integer('quiet_end'),
    /** Labels staff give residents (e.g. "Seniorenbeirat"); an audience can pick them. */
    tags: jsonList('tags'),
    language: text('language').notNull().default('de'),
    source: text('source', { enum: FOLLOW_SOURCES }).notNull().default('portal'),
    ...timestamps(),
  },
  (t) => [
    uniqueIndex('follows_resident_uq').on(t.tenantId, t.residentId),
    index('follows_street_idx').on(t.tenantId, t.streetId),
    ...enumChecks('follows', t.status, t.source),
  ],
);

/** Topics a tenant writes about; `mandatory` topics (warnings) cannot be switched off when the tenant says so. */
export const topics = tenantTable(
  'topics',
  {
    key: text('key').notNull(),
    nameDe: text('name_de').notNull(),
    nameEn: text('name_en').notNull(),
    mandatory: boolean('mandatory').notNull().default(false),
    position: integer('position').notNull().default(0),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('topics_key_uq').on(t.tenantId, t.key)],
);

/** The tenant's consent text, versioned; a consent record names the version by its hash. */
export const consentTexts = tenantKeyedTable(
  'consent_texts',
  {
    version: integer('version').notNull(),
    textDe: text('text_de').notNull(),
    textEn: text('text_en').notNull(),
    hash: text('hash').notNull(),
    createdAt: createdAt(),
  },
  (t) => [t.version],
);

/** Append-only consent ledger: who agreed to or withdrew what, under which text, when and how. */
export const consents = tenantKeyedTable(
  'consents',
  {
    id: bigserial('id', { mode: 'number' }).notNull(),
    residentId: uuid('resident_id'),
    purpose: text('purpose', { enum: CONSENT_PURPOSES }).notNull(),
    channel: text('channel', { enum: RESIDENT_CHANNELS }),
    topic: text('topic'),
    action: text('action', { enum: CONSENT_ACTIONS }).notNull(),
    textHash: text('text_hash'),
    method: text('method', { enum: CONSENT_METHODS }).notNull(),
    ipPrefix: text('ip_prefix'),
    proof: text('proof'),
    actorId: uuid('actor_id'),
    at: at('at').notNull().defaultNow(),
  },
  (t) => [t.id],
  (t) => [index('consents_resident_idx').on(t.tenantId, t.residentId, t.at), ...enumChecks('consents', t.purpose, t.channel, t.action, t.method)],
);

/** A code or link a resident asks for: single use, counted per address range (`ip_prefix`) against abuse. */
const requested = () => ({ ...singleUse(), ipPrefix: text('ip_prefix'), createdAt: createdAt() });

/** One-time SMS codes: stored hashed, 10 minutes, 5 tries, single use. */
export const verificationCodes = pgTable(
  'verification_codes',
  {
    id: id().primaryKey(),
    tenantId: tenantId(),
    phoneHash: text('phone_hash').notNull(),
    codeHash: text('code_hash').notNull(),
    purpose: text('purpose').notNull(),
    attempts: integer('attempts').notNull().default(0),
    ...requested(),
  },
  (t) => [index('verification_codes_phone_idx').on(t.phoneHash, t.createdAt), index('verification_codes_ip_idx').on(t.ipPrefix, t.createdAt)],
);

/** Code SMS sent per tenant and day, against the tenant's daily budget (SMS pumping). */
export const codeBudget = tenantKeyedTable(
  'code_budget',
  {
    day: text('day').notNull(),
    sent: integer('sent').notNull().default(0),
    alerted: boolean('alerted').notNull().default(false),
  },
  (t) => [t.day],
);

/**
 * A sign-up station ("Anmeldestation"): a link staff issue for one device at a sign-up table (town hall, fair). The
 * device that opens it first holds it (signed cookie) until it expires; codes requested there skip the per-address
 * limit, never the per-number, per-prefix or daily budget limits.
 */
export const signupStations = tenantTable(
  'signup_stations',
  {
    label: text('label').notNull(),
    tokenHash: text('token_hash').notNull(),
    createdBy: uuid('created_by'),
    createdAt: createdAt(),
    expiresAt: at('expires_at').notNull(),
    openedAt: at('opened_at'),
    revokedAt: at('revoked_at'),
    /** Code SMS requested on the device: staff see whether the table is used as meant. */
    codes: integer('codes').notNull().default(0),
  },
  (t) => [uniqueIndex('signup_stations_token_uq').on(t.tokenHash), index('signup_stations_created_idx').on(t.tenantId, t.createdAt)],
);

export const residentSessions = pgTable('resident_sessions', {
  id: text('id').primaryKey(),
  residentId: ownedBy('resident_id', () => residents.id),
  tenantId: tenantId(),
  createdAt: createdAt(),
  expiresAt: at('expires_at').notNull(),
});

/** GDPR requests handled by staff, due one month after receipt (Art. 12(3)). */
export const gdprRequests = tenantTable(
  'gdpr_requests',
  {
    residentId: uuid('resident_id'),
    kind: text('kind', { enum: GDPR_KINDS }).notNull(),
    status: text('status', { enum: GDPR_STATUSES }).notNull().default('open'),
    note: text('note'),
    receivedAt: at('received_at').notNull().defaultNow(),
    dueAt: at('due_at').notNull(),
    completedAt: at('completed_at'),
  },
  (t) => enumChecks('gdpr_requests', t.kind, t.status),
);

/** One-time e-mail links (verify an address, sign in): stored hashed, short-lived, single use. */
export const emailLinks = pgTable(
  'email_links',
  {
    id: id().primaryKey(),
    tenantId: tenantId(),
    residentId: ownedBy('resident_id', () => residents.id),
    emailHash: text('email_hash').notNull(),
    tokenHash: text('token_hash').notNull(),
    purpose: text('purpose', { enum: EMAIL_LINK_PURPOSES }).notNull(),
    ...requested(),
  },
  (t) => [
    uniqueIndex('email_links_token_uq').on(t.tokenHash),
    index('email_links_email_idx').on(t.emailHash, t.createdAt),
    index('email_links_ip_idx').on(t.ipPrefix, t.createdAt),
    ...enumChecks('email_links', t.purpose),
  ],
);

/** A resident CSV import run as a job: the file (encrypted, wiped when done), its progress and its report. */
export const residentImports = tenantTable(
  'resident_imports',
  {
    status: text('status', { enum: IMPORT_STATUSES }).notNull().default('queued'),
    mode: text('mode', { enum: IMPORT_MODES }).notNull(),
    mapping: jsonb('mapping').$type<Record<string, string>>().notNull(),
    consentProof: text('consent_proof').notNull(),
    csvEnc: text('csv_enc'),
    total: integer('total').notNull().default(0),
    validated: integer('validated').notNull().default(0),
    written: integer('written').notNull().default(0),
    report: jsonb('report').$type<Record<string, unknown>>(),
    error: text('error'),
    createdBy: uuid('created_by'),
    createdAt: createdAt(),
    finishedAt: at('finished_at'),
  },
  (t) => [index('resident_imports_created_idx').on(t.tenantId, t.createdAt), ...enumChecks('resident_imports', t.status, t.mode)],
);

/** A scanned consent form (PDF or image) attached by staff; encrypted at rest like the contact data. */
export const consentAttachments = tenantTable(
  'consent_attachments',
  {
    residentId: uuid('resident_id'),
    ...storedFile(),
    dataEnc: text('data_enc').notNull(),
    createdBy: uuid('created_by'),
    createdAt: createdAt(),
  },
  (t) => [index('consent_attachments_resident_idx').on(t.tenantId, t.residentId)],
);

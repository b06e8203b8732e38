// Reports (Mängelmelder, issue 11): categories with their responsible department, deadlines and extra fields (which
// are also the Open311 service definitions), reports with a map point, photos, their history, people who follow them,
// and the API keys of Open311 integrators. Migration 0021.
import { sql } from 'drizzle-orm';
import { bigint, boolean, doublePrecision, index, integer, jsonb, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import {
  REPORT_CONTACT_KINDS,
  REPORT_FORWARD_STATES,
  REPORT_ITEM_KINDS,
  REPORT_PHOTO_STATUSES,
  REPORT_SOURCES,
  REPORT_STATUSES,
  type ReportFieldType,
} from '../../../../common/states.ts';
import { contactColumns, deadlineColumns } from './casework.ts';
import { at, bytea, createdAt, enumChecks, jsonList, timestamps } from './columns.ts';
import { tenantTable } from './tenant-table.ts';

/** An extra field of a category (an Open311 attribute): its code is the key of `attribute[code]`. */
export interface ReportField {
  code: string;
  datatype: ReportFieldType;
  label: string;
  description?: string;
  required: boolean;
  /** Choices of singlevaluelist and multivaluelist. */
  values?: Array<{ key: string; name: string }>;
}

export const reportCategories = tenantTable(
  'report_categories',
  {
    /** The Open311 service_code: stable, lower case, unique in the municipality. */
    code: text('code').notNull(),
    name: text('name').notNull(),
    description: text('description').notNull().default(''),
    /** The Open311 group (e.g. "Straße und Verkehr"). */
    groupName: text('group_name').notNull().default(''),
    /** Responsible department; a report of this category is assigned to it. */
    departmentId: uuid('department_id'),
    /** Expected resolution time in business hours (the department's opening hours, holidays skipped). */
    resolutionHours: integer('resolution_hours').notNull().default(40),
    /** First response (bestätigt) target in business hours; null = the municipality's inbox default. */
    firstResponseHours: integer('first_response_hours'),
    /** The automatic first answer sent to the reporter when the report is filed ('' = none). */
    autoReply: text('auto_reply').notNull().default(''),
    fields: jsonList<ReportField>('fields'),
    /** Search words for the Open311 `keywords`. */
    keywords: jsonList('keywords'),
    active: boolean('active').notNull().default(true),
    position: integer('position').notNull().default(0),
    /** Forward new reports of this category to a back-office Open311 endpoint (base URL ending in /v2/ or similar). */
    forwardUrl: text('forward_url'),
    forwardServiceCode: text('forward_service_code'),
    forwardJurisdictionId: text('forward_jurisdiction_id'),
    /** The back office's API key, sealed like provider secrets. */
    forwardApiKeyEnc: text('forward_api_key_enc'),
    ...timestamps(),
  },
  (t) => [uniqueIndex('report_categories_code_uq').on(t.tenantId, t.code)],
);

/**
 * One report. `number` is the public id (Open311 service_request_id, "Meldung 1234"); the reporter's contact is sealed
 * and found by its keyed hash as in the inbox; `next_due_at` is the deadline that counts now (confirmation while none,
 * then resolution), so one index answers "overdue" as for conversations.
 */
export const reports = tenantTable(
  'reports',
  {
    number: bigint('number', { mode: 'number' }).notNull().default(sql`nextval('report_number_seq')`),
    categoryId: uuid('category_id').notNull(),
    status: text('status', { enum: REPORT_STATUSES }).notNull().default('received'),
    description: text('description').notNull(),
    lat: doublePrecision('lat').notNull(),
    lng: doublePrecision('lng').notNull(),
    /** The address nearest to the pin from the street directory, or as given ("Hauptstraße 3"). */
    address: text('address').notNull().default(''),
    streetId: uuid('street_id'),
    /** Values of the category's extra fields by code (Open311 attributes). */
    attributes: jsonb('attributes').$type<Record<string, string | number | string[]>>().notNull().default({}),
    source: text('source', { enum: REPORT_SOURCES }).notNull(),
    ...contactColumns(REPORT_CONTACT_KINDS),
    contactNameEnc: text('contact_name_enc'),
    /** Language of status messages to the reporter. */
    language: text('language').notNull().default('de'),
    /** The Open311 integrator (open311_keys.id) that posted it. */
    apiKeyId: uuid('api_key_id'),
    /** Open311 token for a request whose id the integrator learns later (tokens/{token}). */
    token: text('token'),
    /** The inbox conversation it was made from. */
    conversationId: uuid('conversation_id'),
    departmentId: uuid('department_id'),
    assigneeId: uuid('assignee_id'),
    duplicateOf: uuid('duplicate_of'),
    rejectReason: text('reject_reason'),
    ...deadlineColumns(),
    /** The date the public sees as expected ("voraussichtlich erledigt bis"); staff may change it. */
    expectedAt: at('expected_at'),
    firstRespondedAt: at('first_responded_at'),
    remindedAt: at('reminded_at'),
    escalatedAt: at('escalated_at'),
    /** When it ended (erledigt, abgelehnt, Duplikat); the reopen period counts from here. */
    closedAt: at('closed_at'),
    reopenCount: integer('reopen_count').notNull().default(0),
    forwardState: text('forward_state', { enum: REPORT_FORWARD_STATES }),
    forwardRemoteId: text('forward_remote_id'),
    forwardToken: text('forward_token'),
    forwardAttempts: integer('forward_attempts').notNull().default(0),
    forwardNextAt: at('forward_next_at'),
    forwardError: text('forward_error'),
    forwardPolledAt: at('forward_polled_at'),
    ...timestamps(),
  },
  (t) => [
    uniqueIndex('reports_number_uq').on(t.number),
    uniqueIndex('reports_token_uq').on(t.token).where(sql`token is not null`),
    // the map: a bounding box (lat range, lng filtered) of some statuses; float comparisons are leakproof, so the
    // index works under row-level security
    index('reports_map_idx').on(t.tenantId, t.status, t.lat, t.lng),
    // lists newest first, Open311 `GET requests` by date window
    index('reports_created_idx').on(t.tenantId, t.createdAt),
    index('reports_updated_idx').on(t.tenantId, t.updatedAt),
    index('reports_due_idx').on(t.tenantId, t.nextDueAt).where(sql`status in ('received', 'confirmed', 'in_progress')`),
    index('reports_assignee_idx').on(t.tenantId, t.assigneeId, t.nextDueAt).where(sql`status in ('received', 'confirmed', 'in_progress')`),
    // "already reported?": open reports of a category near a point
    index('reports_nearby_idx').on(t.tenantId, t.categoryId, t.lat).where(sql`status in ('received', 'confirmed', 'in_progress')`),
    index('reports_resident_idx').on(t.tenantId, t.residentId).where(sql`resident_id is not null`),
    index('reports_contact_idx').on(t.tenantId, t.contactHash).where(sql`contact_hash is not null`),
    index('reports_forward_idx').on(t.forwardNextAt).where(sql`forward_state = 'pending'`),
    index('reports_forward_poll_idx').on(t.forwardPolledAt).where(sql`forward_state = 'sent' and status in ('received', 'confirmed', 'in_progress')`),
    ...enumChecks('reports', t.status, t.source, t.contactKind, t.forwardState),
  ],
);

/** Photos of a report: resized, metadata stripped (the pin is the location), public once approved. */
export const reportPhotos = tenantTable(
  'report_photos',
  {
    reportId: uuid('report_id').notNull(),
    position: integer('position').notNull().default(0),
    status: text('status', { enum: REPORT_PHOTO_STATUSES }).notNull().default('pending'),
    contentType: text('content_type').notNull(),
    width: integer('width').notNull(),
    height: integer('height').notNull(),
    size: integer('size').notNull(),
    data: bytea('data').notNull(),
    thumb: bytea('thumb').notNull(),
    reviewedBy: uuid('reviewed_by'),
    reviewedAt: at('reviewed_at'),
    createdAt: createdAt(),
  },
  (t) => [index('report_photos_report_idx').on(t.tenantId, t.reportId, t.position), ...enumChecks('report_photos', t.status)],
);

/** A report's history: internal comments, public comments ("Die Lampe wurde ersetzt"), and events (status, assigned, …). */
export const reportItems = tenantTable(
  'report_items',
  {
    reportId: uuid('report_id').notNull(),
    kind: text('kind', { enum: REPORT_ITEM_KINDS }).notNull(),
    authorId: uuid('author_id'),
    body: text('body').notNull().default(''),
    /** For kind 'event': { type: 'status' | 'assigned' | 'reopened' | 'forwarded' | 'photo' | …, … }. */
    event: jsonb('event').$type<Record<string, unknown>>(),
    createdAt: createdAt(),
  },
  (t) => [index('report_items_report_idx').on(t.tenantId, t.reportId, t.createdAt), ...enumChecks('report_items', t.kind)],
);

/** People who chose to follow an existing report instead of filing the same one again: they get its status messages. */
export const reportFollowers = tenantTable(
  'report_followers',
  {
    reportId: uuid('report_id').notNull(),
    ...contactColumns(REPORT_CONTACT_KINDS),
    language: text('language').notNull().default('de'),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('report_followers_uq').on(t.tenantId, t.reportId, sql`coalesce(${t.residentId}::text, ${t.contactHash})`),
    index('report_followers_resident_idx').on(t.tenantId, t.residentId).where(sql`resident_id is not null`),
    ...enumChecks('report_followers', t.contactKind),
  ],
);

/** An Open311 integrator's API key: only its hash is stored; the console shows the key once and then its prefix. */
export const open311Keys = tenantTable(
  'open311_keys',
  {
    name: text('name').notNull(),
    /** SHA-256 of the key (hex); keys are random 32 bytes, so a fast hash is enough. */
    keyHash: text('key_hash').notNull(),
    prefix: text('prefix').notNull(),
    createdBy: uuid('created_by'),
    lastUsedAt: at('last_used_at'),
    revokedAt: at('revoked_at'),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('open311_keys_hash_uq').on(t.keyHash)],
);

// Warnings (issue 9): every version of a warning (the alert, its updates, an all-clear, a cancel) is one row of a
// chain, each a CAP 1.2 message of its own. Later versions reach the residents the original's deliveries name.
import { sql } from 'drizzle-orm';
import { boolean, index, integer, jsonb, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import {
  WARNING_AREA_KINDS,
  WARNING_CERTAINTIES,
  WARNING_MSG_TYPES,
  WARNING_SEVERITIES,
  WARNING_STATUSES,
  WARNING_URGENCIES,
} from '../../../../common/states.ts';
import { at, createdAt, enumChecks, jsonList } from './columns.ts';
import { tenantTable } from './tenant-table.ts';

/** A warning's text in one more language (German is the row itself). */
export interface WarningLanguageVersion {
  event: string;
  headline: string;
  description: string;
  instruction: string | null;
}

export const warnings = tenantTable(
  'warnings',
  {
    /** The id of the chain's first version (the original alert); equal to `id` on the original. */
    chainId: uuid('chain_id').notNull(),
    /** 1 for the original, then 2, 3, … */
    version: integer('version').notNull(),
    capIdentifier: text('cap_identifier').notNull(),
    sender: text('sender').notNull(),
    status: text('status', { enum: WARNING_STATUSES }).notNull(),
    msgType: text('msg_type', { enum: WARNING_MSG_TYPES }).notNull(),
    /** Ids of the chain's earlier versions, oldest first (CAP `references`). */
    references: jsonList('references'),
    allClear: boolean('all_clear').notNull().default(false),
    severity: text('severity', { enum: WARNING_SEVERITIES }).notNull(),
    urgency: text('urgency', { enum: WARNING_URGENCIES }).notNull(),
    certainty: text('certainty', { enum: WARNING_CERTAINTIES }).notNull(),
    event: text('event').notNull(),
    headline: text('headline').notNull(),
    description: text('description').notNull(),
    instruction: text('instruction'),
    areaKind: text('area_kind', { enum: WARNING_AREA_KINDS }).notNull(),
    streetIds: jsonList('street_ids'),
    /** GeoJSON Polygon (one ring, WGS 84) when area_kind is polygon. */
    polygon: jsonb('polygon').$type<{ type: 'Polygon'; coordinates: [number, number][][] }>(),
    /** CAP areaDesc: the municipality's name, the streets' names, or what staff called the drawn area. */
    areaDesc: text('area_desc').notNull(),
    onset: at('onset'),
    expiresAt: at('expires_at'),
    languages: jsonb('languages').$type<Record<string, WarningLanguageVersion>>().notNull().default({}),
    /** A warning relayed from an external CAP feed: the feed and the original's identifier and sender. */
    sourceFeedId: uuid('source_feed_id'),
    sourceCapIdentifier: text('source_cap_identifier'),
    sourceCapSender: text('source_cap_sender'),
    originNetworkId: uuid('origin_network_id'),
    /** The delivery engine's messages of this version (one per language group). */
    messageIds: jsonList('message_ids'),
    /** Residents this version was sent to. */
    recipients: integer('recipients').notNull().default(0),
    sentAt: at('sent_at').notNull().defaultNow(),
    createdBy: uuid('created_by'),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('warnings_chain_version_uq').on(t.tenantId, t.chainId, t.version),
    index('warnings_sent_idx').on(t.tenantId, t.sentAt),
    index('warnings_source_idx').on(t.tenantId, t.sourceFeedId, t.sourceCapIdentifier).where(sql`source_feed_id is not null`),
    ...enumChecks('warnings', t.status, t.msgType, t.severity, t.urgency, t.certainty, t.areaKind),
  ],
);

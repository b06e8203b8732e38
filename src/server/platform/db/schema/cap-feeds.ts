// External CAP feeds a municipality subscribes to (warnings module, cap-in), and the alerts read from them.
import { sql } from 'drizzle-orm';
import { boolean, foreignKey, index, integer, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { CAP_FEED_KINDS, CAP_FEED_MODES, CAP_ITEM_STATES, CAP_MSG_TYPES, WARNING_SEVERITIES } from '../../../../common/states.ts';
import { at, createdAt, enumChecks, jsonList, jsonRecord } from './columns.ts';
import { tenantTable } from './tenant-table.ts';

export const capFeeds = tenantTable(
  'cap_feeds',
  {
    name: text('name').notNull(),
    url: text('url').notNull(),
    kind: text('kind', { enum: CAP_FEED_KINDS }).notNull(),
    mode: text('mode', { enum: CAP_FEED_MODES }).notNull(),
    minSeverity: text('min_severity', { enum: WARNING_SEVERITIES }).notNull().default('minor'),
    /** CAP `event` values (case-insensitive); empty = every event. */
    eventTypes: jsonList('event_types'),
    requireAreaIntersection: boolean('require_area_intersection').notNull().default(true),
    intervalMinutes: integer('interval_minutes').notNull().default(5),
    enabled: boolean('enabled').notNull().default(true),
    etag: text('etag'),
    lastModified: text('last_modified'),
    lastPolledAt: at('last_polled_at'),
    lastSuccessAt: at('last_success_at'),
    lastError: text('last_error'),
    createdBy: uuid('created_by'),
    createdAt: createdAt(),
  },
  (t) => enumChecks('cap_feeds', t.kind, t.mode, t.minSeverity),
);

export const capFeedItems = tenantTable(
  'cap_feed_items',
  {
    feedId: uuid('feed_id').notNull(),
    identifier: text('identifier').notNull(),
    sender: text('sender').notNull(),
    /** `sent` as the feed wrote it. */
    sent: text('sent').notNull(),
    msgType: text('msg_type', { enum: CAP_MSG_TYPES }).notNull(),
    state: text('state', { enum: CAP_ITEM_STATES }).notNull(),
    /** Why an alert was dropped (a rule, or the relayed warning it referred to is unknown). */
    reason: text('reason'),
    warningId: uuid('warning_id'),
    event: text('event').notNull().default(''),
    severity: text('severity'),
    headline: text('headline').notNull().default(''),
    /** The alert as read (first info block, areas), for a proposal's approval. */
    alert: jsonRecord('alert'),
    /** The CAP document, cut at 64 KiB. */
    raw: text('raw').notNull().default(''),
    /** The index entry's link and `updated`, so an unchanged entry is not fetched again. */
    sourceUrl: text('source_url'),
    entryUpdated: text('entry_updated'),
    decidedBy: uuid('decided_by'),
    decidedAt: at('decided_at'),
    createdAt: createdAt(),
  },
  (t) => [
    foreignKey({ name: 'cap_feed_items_feed_fk', columns: [t.tenantId, t.feedId], foreignColumns: [capFeeds.tenantId, capFeeds.id] }).onDelete('cascade'),
    uniqueIndex('cap_feed_items_identifier_uq').on(t.tenantId, t.sender, t.identifier),
    index('cap_feed_items_feed_idx').on(t.tenantId, t.feedId, t.createdAt),
    index('cap_feed_items_source_idx').on(t.tenantId, t.feedId, t.sourceUrl).where(sql`source_url is not null`),
    ...enumChecks('cap_feed_items', t.msgType, t.state),
  ],
);

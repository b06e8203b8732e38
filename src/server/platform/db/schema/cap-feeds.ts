// External CAP feeds a municipality subscribes to (warnings module, cap-in), and the alerts read from them.
import { sql } from 'drizzle-orm';
import { boolean, foreignKey, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { CAP_FEED_KINDS, CAP_FEED_MODES, CAP_ITEM_STATES, CAP_MSG_TYPES, WARNING_SEVERITIES } from '../../../../common/states.ts';
import { createdAt, id, oneOf } from './columns.ts';
import { tenants } from './tenants.ts';

export const capFeeds = pgTable(
  'cap_feeds',
  {
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    id: id(),
    name: text('name').notNull(),
    url: text('url').notNull(),
    kind: text('kind', { enum: CAP_FEED_KINDS }).notNull(),
    mode: text('mode', { enum: CAP_FEED_MODES }).notNull(),
    minSeverity: text('min_severity', { enum: WARNING_SEVERITIES }).notNull().default('minor'),
    /** CAP `event` values (case-insensitive); empty = every event. */
    eventTypes: jsonb('event_types').$type<string[]>().notNull().default([]),
    requireAreaIntersection: boolean('require_area_intersection').notNull().default(true),
    intervalMinutes: integer('interval_minutes').notNull().default(5),
    enabled: boolean('enabled').notNull().default(true),
    etag: text('etag'),
    lastModified: text('last_modified'),
    lastPolledAt: timestamp('last_polled_at', { withTimezone: true }),
    lastSuccessAt: timestamp('last_success_at', { withTimezone: true }),
    lastError: text('last_error'),
    createdBy: uuid('created_by'),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    oneOf('cap_feeds', t.kind, CAP_FEED_KINDS),
    oneOf('cap_feeds', t.mode, CAP_FEED_MODES),
    oneOf('cap_feeds', t.minSeverity, WARNING_SEVERITIES),
  ],
);

export const capFeedItems = pgTable(
  'cap_feed_items',
  {
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    id: id(),
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
    alert: jsonb('alert').$type<Record<string, unknown>>().notNull().default({}),
    /** The CAP document, cut at 64 KiB. */
    raw: text('raw').notNull().default(''),
    /** The index entry's link and `updated`, so an unchanged entry is not fetched again. */
    sourceUrl: text('source_url'),
    entryUpdated: text('entry_updated'),
    decidedBy: uuid('decided_by'),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({ name: 'cap_feed_items_feed_fk', columns: [t.tenantId, t.feedId], foreignColumns: [capFeeds.tenantId, capFeeds.id] }).onDelete('cascade'),
    uniqueIndex('cap_feed_items_identifier_uq').on(t.tenantId, t.sender, t.identifier),
    index('cap_feed_items_feed_idx').on(t.tenantId, t.feedId, t.createdAt),
    index('cap_feed_items_source_idx').on(t.tenantId, t.feedId, t.sourceUrl).where(sql`source_url is not null`),
    oneOf('cap_feed_items', t.msgType, CAP_MSG_TYPES),
    oneOf('cap_feed_items', t.state, CAP_ITEM_STATES),
  ],
);

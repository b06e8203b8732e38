// Channels and delivery (issue 3): providers, messages, deliveries, receipts, push subscriptions, inbound mail.
import { sql } from 'drizzle-orm';
import { bigserial, boolean, doublePrecision, index, integer, jsonb, pgTable, primaryKey, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { CHANNELS, type Channel, DELIVERY_STATUSES, INBOUND_CHANNELS, MESSAGE_KINDS, RECEIPT_STATUSES } from '../../../../common/states.ts';
import { PROVIDER_KIND_NAMES } from '../../../../common/provider-kinds.ts';
import { at, createdAt, enumChecks, id, jsonRecord, ownedBy, timestamps } from './columns.ts';
import { tenantKeyedTable, tenantTable } from './tenant-table.ts';
import { tenants } from './tenants.ts';

/** Installation-wide key/value settings (e.g. the VAPID key pair, encrypted). */
export const installationSettings = pgTable('installation_settings', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
  updatedAt: at('updated_at').notNull().defaultNow(),
});

/** A provider carries one channel. tenant_id null = an installation-wide default every tenant may use. */
export const providers = pgTable(
  'providers',
  {
    id: id().primaryKey(),
    tenantId: uuid('tenant_id').references(() => tenants.id, { onDelete: 'cascade' }),
    channel: text('channel', { enum: CHANNELS }).notNull(),
    kind: text('kind', { enum: PROVIDER_KIND_NAMES }).notNull(),
    name: text('name').notNull(),
    config: jsonRecord('config'),
    secrets: text('secrets'),
    weight: integer('weight').notNull().default(100),
    enabled: boolean('enabled').notNull().default(true),
    ratePerSecond: integer('rate_per_second'),
    /** Connections to this provider across all workers (SMPP binds, SMTP sessions); null = no limit. */
    maxConnections: integer('max_connections'),
    centsPerMessage: integer('cents_per_message').notNull().default(0),
    healthFactor: doublePrecision('health_factor').notNull().default(1),
    ...timestamps(),
  },
  (t) => [index('providers_tenant_channel_idx').on(t.tenantId, t.channel), ...enumChecks('providers', t.channel, t.kind)],
);

/** Every change of a provider's routing weight, with the reason (failover is visible). */
export const providerWeightLog = pgTable(
  'provider_weight_log',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    providerId: ownedBy('provider_id', () => providers.id),
    fromFactor: doublePrecision('from_factor').notNull(),
    toFactor: doublePrecision('to_factor').notNull(),
    reason: text('reason').notNull(),
    at: at('at').notNull().defaultNow(),
  },
  (t) => [index('provider_weight_log_provider_idx').on(t.providerId, t.at)],
);

/** Connection slots per provider, leased by worker processes (a provider may allow only so many binds). */
export const providerLeases = pgTable(
  'provider_leases',
  {
    providerId: ownedBy('provider_id', () => providers.id),
    slot: integer('slot').notNull(),
    holder: text('holder').notNull(),
    expiresAt: at('expires_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.providerId, t.slot] })],
);

/** Token buckets for per-provider rate limits, shared by all workers. */
export const providerBuckets = pgTable('provider_buckets', {
  providerId: uuid('provider_id')
    .primaryKey()
    .references(() => providers.id, { onDelete: 'cascade' }),
  tokens: doublePrecision('tokens').notNull(),
  updatedAt: at('updated_at').notNull().defaultNow(),
});

export const messages = tenantTable(
  'messages',
  {
    kind: text('kind', { enum: MESSAGE_KINDS }).notNull().default('message'),
    subject: text('subject'),
    text: text('text').notNull(),
    html: text('html'),
    smsText: text('sms_text'),
    url: text('url'),
    expiresAt: at('expires_at'),
    fallbackAfterSeconds: integer('fallback_after_seconds'),
    /** Only the channel adapter reads this: the content with its code or link, AES-GCM; text/subject/html are masked. */
    sealed: text('sealed'),
    createdBy: uuid('created_by'),
    /** The staff message (campaign) this send belongs to, and the language version it carries (migration 0015). */
    campaignId: uuid('campaign_id'),
    language: text('language'),
    createdAt: createdAt(),
  },
  (t) => enumChecks('messages', t.kind),
);

export interface FallbackTarget {
  channel: Channel;
  address: string;
}

export const deliveries = pgTable(
  'deliveries',
  {
    tenantId: uuid('tenant_id').notNull(),
    id: id(),
    messageId: uuid('message_id').notNull(),
    channel: text('channel', { enum: CHANNELS }).notNull(),
    recipient: text('recipient').notNull(),
    batch: integer('batch').notNull(),
    priority: integer('priority').notNull().default(0),
    status: text('status', { enum: DELIVERY_STATUSES }).notNull().default('queued'),
    providerId: uuid('provider_id'),
    providerMessageId: text('provider_message_id'),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    parts: integer('parts'),
    costCents: integer('cost_cents'),
    nextAttemptAt: at('next_attempt_at').notNull().defaultNow(),
    claimedAt: at('claimed_at'),
    sentAt: at('sent_at'),
    deliveredAt: at('delivered_at'),
    expiresAt: at('expires_at').notNull(),
    fallback: jsonb('fallback').$type<FallbackTarget>(),
    fallbackOf: uuid('fallback_of'),
    fallbackDone: boolean('fallback_done').notNull().default(false),
    /** The resident the address belongs to (audience sends); null for raw addresses, and after an erasure. */
    residentId: uuid('resident_id'),
    /** Set when the delivery waits for the resident's quiet hours to end (next_attempt_at is the same moment). */
    heldUntil: at('held_until'),
    ...timestamps(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    index('deliveries_batch_idx').on(t.tenantId, t.messageId, t.channel, t.batch, t.status),
    index('deliveries_due_idx').on(t.status, t.nextAttemptAt),
    index('deliveries_provider_msg_idx').on(t.providerId, t.providerMessageId),
    index('deliveries_sms_recipient_idx').on(t.recipient).where(sql`channel = 'sms'`),
    index('deliveries_resident_idx').on(t.tenantId, t.residentId).where(sql`resident_id is not null`),
    index('deliveries_held_idx').on(t.heldUntil).where(sql`held_until is not null and status = 'queued'`),
    index('deliveries_fallback_idx').on(t.fallbackDone, t.status).where(sql`fallback is not null and not fallback_done`),
    ...enumChecks('deliveries', t.channel, t.status),
  ],
);

/** Receipts whose provider message id is not known yet (they can arrive before submit_sm_resp). */
export const pendingReceipts = pgTable(
  'pending_receipts',
  {
    providerId: uuid('provider_id').notNull(),
    providerMessageId: text('provider_message_id').notNull(),
    status: text('status', { enum: RECEIPT_STATUSES }).notNull(),
    error: text('error'),
    at: at('at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.providerId, t.providerMessageId] }), ...enumChecks('pending_receipts', t.status)],
);

export const pushSubscriptions = tenantTable(
  'push_subscriptions',
  {
    endpoint: text('endpoint').notNull(),
    p256dh: text('p256dh').notNull(),
    auth: text('auth').notNull(),
    residentId: uuid('resident_id'),
    userAgent: text('user_agent'),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('push_subscriptions_endpoint_uq').on(t.tenantId, t.endpoint)],
);

/** Replies and other incoming messages, for the inbox. tenant_id null when no tenant could be matched. */
export const inboundMessages = pgTable(
  'inbound_messages',
  {
    id: id().primaryKey(),
    tenantId: uuid('tenant_id').references(() => tenants.id, { onDelete: 'cascade' }),
    providerId: uuid('provider_id'),
    channel: text('channel', { enum: INBOUND_CHANNELS }).notNull(),
    sender: text('sender').notNull(),
    recipient: text('recipient').notNull(),
    subject: text('subject'),
    text: text('text').notNull(),
    deliveryId: uuid('delivery_id'),
    raw: jsonRecord('raw'),
    receivedAt: at('received_at').notNull(),
    /** Set once the inbox threaded it into a conversation (migration 0020); null rows are the inbox's work queue. */
    conversationId: uuid('conversation_id'),
    createdAt: createdAt(),
  },
  (t) => [
    index('inbound_messages_tenant_idx').on(t.tenantId, t.receivedAt),
    uniqueIndex('inbound_messages_provider_message_uq').on(t.providerId, sql`(raw->>'providerMessageId')`).where(sql`raw ? 'providerMessageId'`),
    index('inbound_messages_unthreaded_idx').on(t.createdAt).where(sql`conversation_id is null and tenant_id is not null`),
    ...enumChecks('inbound_messages', t.channel),
  ],
);

/** Addresses that bounced hard repeatedly: nothing more is sent to them. Keyed by a hash, not the address. */
export const emailSuppressions = pgTable('email_suppressions', {
  addressHash: text('address_hash').primaryKey(),
  hardBounces: integer('hard_bounces').notNull().default(0),
  suppressed: boolean('suppressed').notNull().default(false),
  lastReason: text('last_reason'),
  updatedAt: at('updated_at').notNull().defaultNow(),
});

/** One-click unsubscribes (RFC 8058) per tenant, by address hash: the engine sends no more e-mail there. */
export const emailUnsubscribes = tenantKeyedTable(
  'email_unsubscribes',
  {
    addressHash: text('address_hash').notNull(),
    deliveryId: uuid('delivery_id'),
    at: at('at').notNull().defaultNow(),
  },
  (t) => [t.addressHash],
);

// Drizzle table definitions. Tenant-owned tables carry tenant_id first in their primary key (ready for Citus).
import { sql } from 'drizzle-orm';
import { bigserial, boolean, doublePrecision, foreignKey, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

const id = () => uuid('id').notNull().default(sql`gen_random_uuid()`);
const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();

export interface TenantContact {
  email?: string;
  phone?: string;
  address?: string;
  website?: string;
}

export const tenants = pgTable('tenants', {
  id: id().primaryKey(),
  slug: text('slug').notNull().unique(),
  name: text('name').notNull(),
  ags: text('ags'),
  locale: text('locale').notNull().default('de'),
  timeZone: text('time_zone').notNull().default('Europe/Berlin'),
  brandColor: text('brand_color').notNull().default('#1d4ed8'),
  logo: text('logo'),
  logoType: text('logo_type'),
  contact: jsonb('contact').$type<TenantContact>().notNull().default({}),
  imprint: text('imprint').notNull().default(''),
  privacyText: text('privacy_text').notNull().default(''),
  accessibilityFeedbackEmail: text('accessibility_feedback_email'),
  requireTwoFactor: boolean('require_two_factor').notNull().default(false),
  smsSenderId: text('sms_sender_id'),
  emailFromName: text('email_from_name'),
  /** Country calling codes a resident may register with (SMS pumping protection). */
  allowedCountries: jsonb('allowed_countries').$type<string[]>().notNull().default(['DE', 'AT', 'CH', 'CZ', 'SK', 'PL', 'NL', 'BE', 'LU', 'FR', 'IT', 'DK']),
  codeSmsDailyBudget: integer('code_sms_daily_budget').notNull().default(200),
  warningsOptional: boolean('warnings_optional').notNull().default(false),
  population: integer('population'),
  /** Map tiles for the console's maps (`{z}/{x}/{y}` template); null = maps without tiles, nothing loaded from elsewhere. */
  mapTileUrl: text('map_tile_url'),
  mapAttribution: text('map_attribution'),
  createdAt: createdAt(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

export const networks = pgTable('networks', {
  id: id().primaryKey(),
  slug: text('slug').notNull().unique(),
  name: text('name').notNull(),
  kind: text('kind').notNull().default('verbund'),
  createdAt: createdAt(),
});

export const networkTenants = pgTable(
  'network_tenants',
  {
    networkId: uuid('network_id').notNull().references(() => networks.id, { onDelete: 'cascade' }),
    tenantId: uuid('tenant_id').notNull().references(() => tenants.id, { onDelete: 'cascade' }),
    joinedAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.networkId, t.tenantId] })],
);

export const staffUsers = pgTable('staff_users', {
  id: id().primaryKey(),
  email: text('email').notNull().unique(),
  name: text('name').notNull().default(''),
  passwordHash: text('password_hash').notNull(),
  locale: text('locale').notNull().default('de'),
  totpSecret: text('totp_secret'),
  totpEnabled: boolean('totp_enabled').notNull().default(false),
  recoveryCodes: jsonb('recovery_codes').$type<string[]>().notNull().default([]),
  /** The last accepted TOTP time step: a code is never accepted twice (RFC 6238 §5.2). */
  totpLastStep: integer('totp_last_step'),
  failedLogins: integer('failed_logins').notNull().default(0),
  lockedUntil: timestamp('locked_until', { withTimezone: true }),
  lastLoginAt: timestamp('last_login_at', { withTimezone: true }),
  /** Installation operator: a role above tenants (installation mails, creating municipalities); set by the CLI. */
  isOperator: boolean('is_operator').notNull().default(false),
  createdAt: createdAt(),
});

export const networkStaff = pgTable(
  'network_staff',
  {
    networkId: uuid('network_id').notNull().references(() => networks.id, { onDelete: 'cascade' }),
    userId: uuid('user_id').notNull().references(() => staffUsers.id, { onDelete: 'cascade' }),
    role: text('role').notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.networkId, t.userId] })],
);

export const departments = pgTable(
  'departments',
  {
    tenantId: uuid('tenant_id').notNull().references(() => tenants.id, { onDelete: 'cascade' }),
    id: id(),
    name: text('name').notNull(),
    email: text('email'),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.id] }), uniqueIndex('departments_name_uq').on(t.tenantId, t.name)],
);

export const memberships = pgTable(
  'memberships',
  {
    tenantId: uuid('tenant_id').notNull().references(() => tenants.id, { onDelete: 'cascade' }),
    userId: uuid('user_id').notNull().references(() => staffUsers.id, { onDelete: 'cascade' }),
    role: text('role').notNull(),
    departmentId: uuid('department_id'),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.userId] }), index('memberships_user_idx').on(t.userId)],
);

export const invitations = pgTable(
  'invitations',
  {
    tenantId: uuid('tenant_id').notNull().references(() => tenants.id, { onDelete: 'cascade' }),
    id: id(),
    email: text('email').notNull(),
    role: text('role').notNull(),
    departmentId: uuid('department_id'),
    tokenHash: text('token_hash').notNull().unique(),
    invitedBy: uuid('invited_by').references(() => staffUsers.id, { onDelete: 'set null' }),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    acceptedAt: timestamp('accepted_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.id] })],
);

export const sessions = pgTable(
  'sessions',
  {
    id: text('id').primaryKey(),
    userId: uuid('user_id').notNull().references(() => staffUsers.id, { onDelete: 'cascade' }),
    csrfToken: text('csrf_token').notNull(),
    ip: text('ip'),
    userAgent: text('user_agent'),
    createdAt: createdAt(),
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('sessions_user_idx').on(t.userId), index('sessions_expires_idx').on(t.expiresAt)],
);

export const passwordResets = pgTable('password_resets', {
  tokenHash: text('token_hash').primaryKey(),
  userId: uuid('user_id').notNull().references(() => staffUsers.id, { onDelete: 'cascade' }),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  usedAt: timestamp('used_at', { withTimezone: true }),
  createdAt: createdAt(),
});

export const auditLog = pgTable(
  'audit_log',
  {
    tenantId: uuid('tenant_id').notNull().references(() => tenants.id, { onDelete: 'cascade' }),
    id: bigserial('id', { mode: 'number' }).notNull(),
    actorId: uuid('actor_id'),
    actorEmail: text('actor_email'),
    action: text('action').notNull(),
    objectType: text('object_type').notNull(),
    objectId: text('object_id'),
    details: jsonb('details').$type<Record<string, unknown>>().notNull().default({}),
    ip: text('ip'),
    userAgent: text('user_agent'),
    requestId: text('request_id'),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.id] }), index('audit_log_at_idx').on(t.tenantId, t.at)],
);

/** Account-level actions (sign-in, password, 2FA) that belong to no single tenant. */
export const accountEvents = pgTable(
  'account_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    userId: uuid('user_id').references(() => staffUsers.id, { onDelete: 'cascade' }),
    email: text('email'),
    action: text('action').notNull(),
    ip: text('ip'),
    userAgent: text('user_agent'),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('account_events_user_idx').on(t.userId, t.at)],
);

/** Dev outbox: what would have left the installation. Installation mails (password reset) carry the installation tenant. */
export const devOutbox = pgTable(
  'dev_outbox',
  {
    id: id().primaryKey(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    channel: text('channel').notNull(),
    recipient: text('recipient').notNull(),
    subject: text('subject'),
    bodyText: text('body_text').notNull(),
    bodyHtml: text('body_html'),
    meta: jsonb('meta').$type<Record<string, unknown>>().notNull().default({}),
    /** The message as the recipient got it (codes and links in clear), AES-GCM; body_text shows it masked. */
    sealed: text('sealed'),
    createdAt: createdAt(),
  },
  (t) => [index('dev_outbox_tenant_idx').on(t.tenantId, t.createdAt)],
);

// ---- channels and delivery (issue 3) ----

/** Installation-wide key/value settings (e.g. the VAPID key pair, encrypted). */
export const installationSettings = pgTable('installation_settings', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/** A provider carries one channel. tenant_id null = an installation-wide default every tenant may use. */
export const providers = pgTable(
  'providers',
  {
    id: id().primaryKey(),
    tenantId: uuid('tenant_id').references(() => tenants.id, { onDelete: 'cascade' }),
    channel: text('channel').notNull(),
    kind: text('kind').notNull(),
    name: text('name').notNull(),
    config: jsonb('config').$type<Record<string, unknown>>().notNull().default({}),
    secrets: text('secrets'),
    weight: integer('weight').notNull().default(100),
    enabled: boolean('enabled').notNull().default(true),
    ratePerSecond: integer('rate_per_second'),
    /** Connections to this provider across all workers (SMPP binds, SMTP sessions); null = no limit. */
    maxConnections: integer('max_connections'),
    centsPerMessage: integer('cents_per_message').notNull().default(0),
    healthFactor: doublePrecision('health_factor').notNull().default(1),
    createdAt: createdAt(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('providers_tenant_channel_idx').on(t.tenantId, t.channel)],
);

/** Every change of a provider's routing weight, with the reason (failover is visible). */
export const providerWeightLog = pgTable(
  'provider_weight_log',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    providerId: uuid('provider_id').notNull().references(() => providers.id, { onDelete: 'cascade' }),
    fromFactor: doublePrecision('from_factor').notNull(),
    toFactor: doublePrecision('to_factor').notNull(),
    reason: text('reason').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('provider_weight_log_provider_idx').on(t.providerId, t.at)],
);

/** Connection slots per provider, leased by worker processes (a provider may allow only so many binds). */
export const providerLeases = pgTable(
  'provider_leases',
  {
    providerId: uuid('provider_id').notNull().references(() => providers.id, { onDelete: 'cascade' }),
    slot: integer('slot').notNull(),
    holder: text('holder').notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.providerId, t.slot] })],
);

/** Token buckets for per-provider rate limits, shared by all workers. */
export const providerBuckets = pgTable('provider_buckets', {
  providerId: uuid('provider_id').primaryKey().references(() => providers.id, { onDelete: 'cascade' }),
  tokens: doublePrecision('tokens').notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

export const messages = pgTable(
  'messages',
  {
    tenantId: uuid('tenant_id').notNull().references(() => tenants.id, { onDelete: 'cascade' }),
    id: id(),
    kind: text('kind').notNull().default('message'),
    subject: text('subject'),
    text: text('text').notNull(),
    html: text('html'),
    smsText: text('sms_text'),
    url: text('url'),
    expiresAt: timestamp('expires_at', { withTimezone: true }),
    fallbackAfterSeconds: integer('fallback_after_seconds'),
    /** Only the channel adapter reads this: the content with its code or link, AES-GCM; text/subject/html are masked. */
    sealed: text('sealed'),
    createdBy: uuid('created_by'),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.id] })],
);

export interface FallbackTarget {
  channel: 'sms' | 'email' | 'push';
  address: string;
}

export const deliveries = pgTable(
  'deliveries',
  {
    tenantId: uuid('tenant_id').notNull(),
    id: id(),
    messageId: uuid('message_id').notNull(),
    channel: text('channel').notNull(),
    recipient: text('recipient').notNull(),
    batch: integer('batch').notNull(),
    priority: integer('priority').notNull().default(0),
    status: text('status').notNull().default('queued'),
    providerId: uuid('provider_id'),
    providerMessageId: text('provider_message_id'),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    parts: integer('parts'),
    costCents: integer('cost_cents'),
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }).notNull().defaultNow(),
    claimedAt: timestamp('claimed_at', { withTimezone: true }),
    sentAt: timestamp('sent_at', { withTimezone: true }),
    deliveredAt: timestamp('delivered_at', { withTimezone: true }),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    fallback: jsonb('fallback').$type<FallbackTarget>(),
    fallbackOf: uuid('fallback_of'),
    fallbackDone: boolean('fallback_done').notNull().default(false),
    createdAt: createdAt(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    index('deliveries_batch_idx').on(t.tenantId, t.messageId, t.channel, t.batch, t.status),
    index('deliveries_due_idx').on(t.status, t.nextAttemptAt),
    index('deliveries_provider_msg_idx').on(t.providerId, t.providerMessageId),
    index('deliveries_sms_recipient_idx').on(t.recipient).where(sql`channel = 'sms'`),
    index('deliveries_fallback_idx').on(t.fallbackDone, t.status).where(sql`fallback is not null and not fallback_done`),
  ],
);

/** Receipts whose provider message id is not known yet (they can arrive before submit_sm_resp). */
export const pendingReceipts = pgTable(
  'pending_receipts',
  {
    providerId: uuid('provider_id').notNull(),
    providerMessageId: text('provider_message_id').notNull(),
    status: text('status').notNull(),
    error: text('error'),
    at: timestamp('at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.providerId, t.providerMessageId] })],
);

export const pushSubscriptions = pgTable(
  'push_subscriptions',
  {
    tenantId: uuid('tenant_id').notNull().references(() => tenants.id, { onDelete: 'cascade' }),
    id: id(),
    endpoint: text('endpoint').notNull(),
    p256dh: text('p256dh').notNull(),
    auth: text('auth').notNull(),
    residentId: uuid('resident_id'),
    userAgent: text('user_agent'),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.id] }), uniqueIndex('push_subscriptions_endpoint_uq').on(t.tenantId, t.endpoint)],
);

/** Replies and other incoming messages, for the inbox. tenant_id null when no tenant could be matched. */
export const inboundMessages = pgTable(
  'inbound_messages',
  {
    id: id().primaryKey(),
    tenantId: uuid('tenant_id').references(() => tenants.id, { onDelete: 'cascade' }),
    providerId: uuid('provider_id'),
    channel: text('channel').notNull(),
    sender: text('sender').notNull(),
    recipient: text('recipient').notNull(),
    subject: text('subject'),
    text: text('text').notNull(),
    deliveryId: uuid('delivery_id'),
    raw: jsonb('raw').$type<Record<string, unknown>>().notNull().default({}),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('inbound_messages_tenant_idx').on(t.tenantId, t.receivedAt)],
);

/** Addresses that bounced hard repeatedly: nothing more is sent to them. Keyed by a hash, not the address. */
export const emailSuppressions = pgTable('email_suppressions', {
  addressHash: text('address_hash').primaryKey(),
  hardBounces: integer('hard_bounces').notNull().default(0),
  suppressed: boolean('suppressed').notNull().default(false),
  lastReason: text('last_reason'),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/** One-click unsubscribes (RFC 8058) per tenant, by address hash: the engine sends no more e-mail there. */
export const emailUnsubscribes = pgTable(
  'email_unsubscribes',
  {
    tenantId: uuid('tenant_id').notNull().references(() => tenants.id, { onDelete: 'cascade' }),
    addressHash: text('address_hash').notNull(),
    deliveryId: uuid('delivery_id'),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.addressHash] })],
);

// ---- residents (issue 4) ----

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
    emailVerifiedAt: timestamp('email_verified_at', { withTimezone: true }),
    landlineEnc: text('landline_enc'),
    landlineHash: text('landline_hash'),
    nameEnc: text('name_enc'),
    language: text('language').notNull().default('de'),
    createdAt: createdAt(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('residents_phone_hash_uq').on(t.phoneHash), index('residents_email_hash_idx').on(t.emailHash), index('residents_landline_hash_idx').on(t.landlineHash)],
);

/** A resident's subscription to one tenant, with its own preferences. */
export const follows = pgTable(
  'follows',
  {
    tenantId: uuid('tenant_id').notNull().references(() => tenants.id, { onDelete: 'cascade' }),
    id: id(),
    residentId: uuid('resident_id').notNull().references(() => residents.id, { onDelete: 'cascade' }),
    status: text('status').notNull().default('active'),
    topics: jsonb('topics').$type<string[]>().notNull().default([]),
    channels: jsonb('channels').$type<string[]>().notNull().default([]),
    streetId: uuid('street_id'),
    houseNumber: text('house_number'),
    /** A street the resident typed that is not in the directory (unconfirmed; staff see it); null once it matches. */
    streetName: text('street_name'),
    lat: doublePrecision('lat'),
    lng: doublePrecision('lng'),
    quietStart: integer('quiet_start'),
    quietEnd: integer('quiet_end'),
    language: text('language').notNull().default('de'),
    source: text('source').notNull().default('portal'),
    createdAt: createdAt(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.id] }), uniqueIndex('follows_resident_uq').on(t.tenantId, t.residentId), index('follows_street_idx').on(t.tenantId, t.streetId)],
);

/** Topics a tenant writes about; `mandatory` topics (warnings) cannot be switched off when the tenant says so. */
export const topics = pgTable(
  'topics',
  {
    tenantId: uuid('tenant_id').notNull().references(() => tenants.id, { onDelete: 'cascade' }),
    id: id(),
    key: text('key').notNull(),
    nameDe: text('name_de').notNull(),
    nameEn: text('name_en').notNull(),
    mandatory: boolean('mandatory').notNull().default(false),
    position: integer('position').notNull().default(0),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.id] }), uniqueIndex('topics_key_uq').on(t.tenantId, t.key)],
);

/** The tenant's consent text, versioned; a consent record names the version by its hash. */
export const consentTexts = pgTable(
  'consent_texts',
  {
    tenantId: uuid('tenant_id').notNull().references(() => tenants.id, { onDelete: 'cascade' }),
    version: integer('version').notNull(),
    textDe: text('text_de').notNull(),
    textEn: text('text_en').notNull(),
    hash: text('hash').notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.version] })],
);

/** Append-only consent ledger: who agreed to or withdrew what, under which text, when and how. */
export const consents = pgTable(
  'consents',
  {
    tenantId: uuid('tenant_id').notNull().references(() => tenants.id, { onDelete: 'cascade' }),
    id: bigserial('id', { mode: 'number' }).notNull(),
    residentId: uuid('resident_id'),
    purpose: text('purpose').notNull(),
    channel: text('channel'),
    topic: text('topic'),
    action: text('action').notNull(),
    textHash: text('text_hash'),
    method: text('method').notNull(),
    ipPrefix: text('ip_prefix'),
    proof: text('proof'),
    actorId: uuid('actor_id'),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.id] }), index('consents_resident_idx').on(t.tenantId, t.residentId, t.at)],
);

export const streets = pgTable(
  'streets',
  {
    tenantId: uuid('tenant_id').notNull().references(() => tenants.id, { onDelete: 'cascade' }),
    id: id(),
    name: text('name').notNull(),
    postcode: text('postcode').notNull().default(''),
    district: text('district'),
    /** House number ranges, e.g. [{ from: 1, to: 99, parity: 'odd' }]; empty = the whole street. */
    ranges: jsonb('ranges').$type<Array<{ from: number; to: number; parity?: 'odd' | 'even' }>>().notNull().default([]),
    population: integer('population'),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.id] }), uniqueIndex('streets_name_uq').on(t.tenantId, t.name, t.postcode)],
);

/** Coordinates in the street directory: a house number's point, or the street's own (house_number ''). */
export const streetPoints = pgTable(
  'street_points',
  {
    tenantId: uuid('tenant_id').notNull().references(() => tenants.id, { onDelete: 'cascade' }),
    streetId: uuid('street_id').notNull(),
    /** Normalised (lower case, no spaces: "12a"); '' = the street as a whole. */
    houseNumber: text('house_number').notNull().default(''),
    lat: doublePrecision('lat').notNull(),
    lng: doublePrecision('lng').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.streetId, t.houseNumber] }),
    foreignKey({ name: 'street_points_street_fk', columns: [t.tenantId, t.streetId], foreignColumns: [streets.tenantId, streets.id] }).onDelete('cascade'),
  ],
);

export const areas = pgTable(
  'areas',
  {
    tenantId: uuid('tenant_id').notNull().references(() => tenants.id, { onDelete: 'cascade' }),
    id: id(),
    name: text('name').notNull(),
    /** GeoJSON Polygon or MultiPolygon (WGS 84). */
    geometry: jsonb('geometry').$type<Record<string, unknown>>().notNull(),
    population: integer('population'),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.id] })],
);

/** One-time SMS codes: stored hashed, 10 minutes, 5 tries, single use. */
export const verificationCodes = pgTable(
  'verification_codes',
  {
    id: id().primaryKey(),
    tenantId: uuid('tenant_id').notNull().references(() => tenants.id, { onDelete: 'cascade' }),
    phoneHash: text('phone_hash').notNull(),
    codeHash: text('code_hash').notNull(),
    purpose: text('purpose').notNull(),
    attempts: integer('attempts').notNull().default(0),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    usedAt: timestamp('used_at', { withTimezone: true }),
    ipPrefix: text('ip_prefix'),
    createdAt: createdAt(),
  },
  (t) => [index('verification_codes_phone_idx').on(t.phoneHash, t.createdAt), index('verification_codes_ip_idx').on(t.ipPrefix, t.createdAt)],
);

/** Code SMS sent per tenant and day, against the tenant's daily budget (SMS pumping). */
export const codeBudget = pgTable(
  'code_budget',
  {
    tenantId: uuid('tenant_id').notNull().references(() => tenants.id, { onDelete: 'cascade' }),
    day: text('day').notNull(),
    sent: integer('sent').notNull().default(0),
    alerted: boolean('alerted').notNull().default(false),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.day] })],
);

/**
 * A sign-up station ("Anmeldestation"): a link staff issue for one device at a sign-up table (town hall, fair). The
 * device that opens it first holds it (signed cookie) until it expires; codes requested there skip the per-address
 * limit, never the per-number, per-prefix or daily budget limits.
 */
export const signupStations = pgTable(
  'signup_stations',
  {
    tenantId: uuid('tenant_id').notNull().references(() => tenants.id, { onDelete: 'cascade' }),
    id: id(),
    label: text('label').notNull(),
    tokenHash: text('token_hash').notNull(),
    createdBy: uuid('created_by'),
    createdAt: createdAt(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    openedAt: timestamp('opened_at', { withTimezone: true }),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    /** Code SMS requested on the device: staff see whether the table is used as meant. */
    codes: integer('codes').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.id] }), uniqueIndex('signup_stations_token_uq').on(t.tokenHash), index('signup_stations_created_idx').on(t.tenantId, t.createdAt)],
);

export const residentSessions = pgTable('resident_sessions', {
  id: text('id').primaryKey(),
  residentId: uuid('resident_id').notNull().references(() => residents.id, { onDelete: 'cascade' }),
  tenantId: uuid('tenant_id').notNull().references(() => tenants.id, { onDelete: 'cascade' }),
  createdAt: createdAt(),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
});

/** GDPR requests handled by staff, due one month after receipt (Art. 12(3)). */
export const gdprRequests = pgTable(
  'gdpr_requests',
  {
    tenantId: uuid('tenant_id').notNull().references(() => tenants.id, { onDelete: 'cascade' }),
    id: id(),
    residentId: uuid('resident_id'),
    kind: text('kind').notNull(),
    status: text('status').notNull().default('open'),
    note: text('note'),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull().defaultNow(),
    dueAt: timestamp('due_at', { withTimezone: true }).notNull(),
    completedAt: timestamp('completed_at', { withTimezone: true }),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.id] })],
);

/** One-time e-mail links (verify an address, sign in): stored hashed, short-lived, single use. */
export const emailLinks = pgTable(
  'email_links',
  {
    id: id().primaryKey(),
    tenantId: uuid('tenant_id').notNull().references(() => tenants.id, { onDelete: 'cascade' }),
    residentId: uuid('resident_id').notNull().references(() => residents.id, { onDelete: 'cascade' }),
    emailHash: text('email_hash').notNull(),
    tokenHash: text('token_hash').notNull(),
    purpose: text('purpose').notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    usedAt: timestamp('used_at', { withTimezone: true }),
    ipPrefix: text('ip_prefix'),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('email_links_token_uq').on(t.tokenHash), index('email_links_email_idx').on(t.emailHash, t.createdAt), index('email_links_ip_idx').on(t.ipPrefix, t.createdAt)],
);

/** A resident CSV import run as a job: the file (encrypted, wiped when done), its progress and its report. */
export const residentImports = pgTable(
  'resident_imports',
  {
    tenantId: uuid('tenant_id').notNull().references(() => tenants.id, { onDelete: 'cascade' }),
    id: id(),
    status: text('status').notNull().default('queued'),
    mode: text('mode').notNull(),
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
    finishedAt: timestamp('finished_at', { withTimezone: true }),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.id] }), index('resident_imports_created_idx').on(t.tenantId, t.createdAt)],
);

/** A scanned consent form (PDF or image) attached by staff; encrypted at rest like the contact data. */
export const consentAttachments = pgTable(
  'consent_attachments',
  {
    tenantId: uuid('tenant_id').notNull().references(() => tenants.id, { onDelete: 'cascade' }),
    id: id(),
    residentId: uuid('resident_id'),
    fileName: text('file_name').notNull(),
    contentType: text('content_type').notNull(),
    size: integer('size').notNull(),
    dataEnc: text('data_enc').notNull(),
    createdBy: uuid('created_by'),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.id] }), index('consent_attachments_resident_idx').on(t.tenantId, t.residentId)],
);

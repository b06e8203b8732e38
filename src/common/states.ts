// The one list of every typed state the database stores (status, channel, role, kind, method, …). The Drizzle schema
// types its columns with them, migration 0013 holds the same lists as CHECK constraints (test/typed-states.test.ts
// compares the two), the zod contracts build z.enum from them and the console imports them. Plain data, no zod.
export { ROLES, type Role } from './roles.ts';

/** Channels the delivery engine sends on (providers, deliveries, outbox, inbound messages). */
export const CHANNELS = ['sms', 'email', 'push'] as const;
export type Channel = (typeof CHANNELS)[number];

/** Channels a resident may choose; voice reaches landlines (read out by a voice provider). */
export const RESIDENT_CHANNELS = ['sms', 'email', 'push', 'voice'] as const;
export type ResidentChannel = (typeof RESIDENT_CHANNELS)[number];

export const DELIVERY_STATUSES = ['queued', 'sending', 'sent', 'delivered', 'failed', 'expired'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/** What a provider's receipt can say about a delivery (parked in pending_receipts until the delivery is known). */
export const RECEIPT_STATUSES = ['delivered', 'failed', 'expired'] as const;
export type ReceiptStatus = (typeof RECEIPT_STATUSES)[number];

/** `transactional`: codes, sign-in links and staff mails; never stopped by an unsubscribe. `test`: staff test sends. */
export const MESSAGE_KINDS = ['message', 'warning', 'test', 'transactional'] as const;
export type MessageKind = (typeof MESSAGE_KINDS)[number];

export const NETWORK_KINDS = ['landkreis', 'verbund'] as const;
export type NetworkKind = (typeof NETWORK_KINDS)[number];

export const FOLLOW_STATUSES = ['active', 'withdrawn'] as const;
export type FollowStatus = (typeof FOLLOW_STATUSES)[number];

/** How a follow came about. */
export const FOLLOW_SOURCES = ['portal', 'staff', 'import'] as const;
export type FollowSource = (typeof FOLLOW_SOURCES)[number];

export const CONSENT_PURPOSES = ['messages'] as const;
export type ConsentPurpose = (typeof CONSENT_PURPOSES)[number];

export const CONSENT_ACTIONS = ['given', 'withdrawn'] as const;
export type ConsentAction = (typeof CONSENT_ACTIONS)[number];

/** How a consent was given or withdrawn (the ledger's proof of how). */
export const CONSENT_METHODS = ['portal', 'staff', 'import', 'sms-stop', 'email-unsubscribe'] as const;
export type ConsentMethod = (typeof CONSENT_METHODS)[number];

export const EMAIL_LINK_PURPOSES = ['verify', 'sign-in'] as const;
export type EmailLinkPurpose = (typeof EMAIL_LINK_PURPOSES)[number];

export const IMPORT_STATUSES = ['queued', 'validating', 'writing', 'done', 'failed'] as const;
export type ImportStatus = (typeof IMPORT_STATUSES)[number];

/** `valid-rows` writes the rows that pass; `all-or-nothing` writes nothing when one row fails. */
export const IMPORT_MODES = ['valid-rows', 'all-or-nothing'] as const;
export type ImportMode = (typeof IMPORT_MODES)[number];

export const GDPR_KINDS = ['access', 'erasure', 'rectification', 'objection', 'portability'] as const;
export type GdprKind = (typeof GDPR_KINDS)[number];

export const GDPR_STATUSES = ['open', 'done'] as const;
export type GdprStatus = (typeof GDPR_STATUSES)[number];

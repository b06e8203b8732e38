// Messages, deliveries and channel providers as the staff API answers them.
import { z } from 'zod';
import { PROVIDER_KIND_NAMES } from '../provider-kinds.ts';
import { CHANNELS, DELIVERY_STATUSES, MESSAGE_KINDS } from '../states.ts';
import { itemsOf, timestamp } from './common.ts';

export { CHANNELS, type Channel, DELIVERY_STATUSES, type DeliveryStatus } from '../states.ts';
export const channel = z.enum(CHANNELS);
/** Deliveries per status; every status of DELIVERY_STATUSES is counted, 0 when none. */
const statusCounts = z.record(z.string(), z.number().int());

/** A message with its delivery counts per channel and status. */
export const messageState = z.object({
  id: z.uuid(),
  kind: z.enum(MESSAGE_KINDS),
  subject: z.string().nullable(),
  text: z.string(),
  createdAt: timestamp,
  expiresAt: timestamp.nullable(),
  counts: z.record(z.string(), statusCounts),
  costCents: z.number().int(),
});
export type MessageState = z.infer<typeof messageState>;

export const delivery = z.object({
  id: z.uuid(),
  channel,
  recipient: z.string(),
  status: z.enum(DELIVERY_STATUSES),
  providerId: z.uuid().nullable(),
  attempts: z.number().int(),
  lastError: z.string().nullable(),
  parts: z.number().int().nullable(),
  costCents: z.number().int().nullable(),
  sentAt: timestamp.nullable(),
  deliveredAt: timestamp.nullable(),
  fallbackOf: z.uuid().nullable(),
});
export type Delivery = z.infer<typeof delivery>;
export const deliveryPage = z.object({ items: z.array(delivery), nextAfter: z.string().nullable() });

/** SMS parts and cost before sending. */
export const costEstimate = z.object({
  sms: z.object({
    encoding: z.enum(['GSM-7', 'UCS-2']),
    units: z.number().int(),
    segments: z.number().int(),
    perSegment: z.number().int(),
    remainingInSegment: z.number().int(),
    recipients: z.number().int(),
  }),
  costCents: z.object({ sms: z.number(), email: z.number(), push: z.number() }),
  totalCents: z.number(),
});
export type CostEstimate = z.infer<typeof costEstimate>;

export const provider = z.object({
  id: z.uuid(),
  /** An installation default: shown, not changeable here. */
  installation: z.boolean(),
  /** Sends of this tenant go through it: enabled, and not an installation default set aside by the tenant's own providers. */
  inUse: z.boolean(),
  /** HTTP SMS: the address the provider posts delivery receipts to (its status callback URL); null for other kinds. */
  receiptUrl: z.string().nullable(),
  channel,
  kind: z.enum(PROVIDER_KIND_NAMES),
  name: z.string(),
  config: z.record(z.string(), z.unknown()),
  /** Names of the secrets stored (never their values). */
  secretsSet: z.array(z.string()),
  weight: z.number().int(),
  enabled: z.boolean(),
  ratePerSecond: z.number().int().nullable(),
  maxConnections: z.number().int().nullable(),
  centsPerMessage: z.number().int(),
  healthFactor: z.number(),
  updatedAt: timestamp,
});
export type Provider = z.infer<typeof provider>;
export const providerList = itemsOf(provider);

export const weightChange = z.object({ from: z.number(), to: z.number(), reason: z.string(), at: timestamp });
export type WeightChange = z.infer<typeof weightChange>;
export const weightLog = itemsOf(weightChange);

// Watching a message arrive: counts per channel and status (with "waiting for quiet hours"), reach, failure reasons
// grouped, cost; a follow-up on another channel; what one resident was sent; the tenant's tags. Shared by the server's
// response schemas and the console.
import { z } from 'zod';
import { CHANNELS, DELIVERY_STATUSES } from '../states.ts';
import { timestamp } from './common.ts';

/** The statuses progress counts: the engine's, plus `waiting` (queued, held until the resident's quiet hours end). */
export const PROGRESS_STATUSES = ['queued', 'waiting', 'sending', 'sent', 'delivered', 'failed', 'expired'] as const;
export type ProgressStatus = (typeof PROGRESS_STATUSES)[number];

const count = z.number().int().min(0);
export const progressCounts = z.object(Object.fromEntries(PROGRESS_STATUSES.map((s) => [s, count])) as Record<ProgressStatus, typeof count>);
export type ProgressCounts = z.infer<typeof progressCounts>;

/** Why deliveries failed, provider errors normalised into a few reasons. */
export const FAILURE_REASONS = [
  'expired',
  'invalid_address',
  'undeliverable',
  'device_gone',
  'content_rejected',
  'provider_error',
  'throttled',
  'other',
] as const;
export type FailureReason = (typeof FAILURE_REASONS)[number];

export const FAILURE_REASON_LABELS: Record<'de' | 'en', Record<FailureReason, string>> = {
  de: {
    expired: 'Abgelaufen, bevor sie zugestellt werden konnte',
    invalid_address: 'Ungültige Adresse oder Nummer',
    undeliverable: 'Nicht zustellbar (Empfänger nicht erreichbar, Rückläufer)',
    device_gone: 'Gerät hat Benachrichtigungen abgeschaltet',
    content_rejected: 'Inhalt abgelehnt (zu lang oder leer)',
    provider_error: 'Fehler beim Anbieter',
    throttled: 'Anbieter überlastet oder Zeitüberschreitung',
    other: 'Sonstiger Fehler',
  },
  en: {
    expired: 'Expired before it could be delivered',
    invalid_address: 'Invalid address or number',
    undeliverable: 'Undeliverable (recipient unreachable, bounced)',
    device_gone: 'Device turned notifications off',
    content_rejected: 'Content rejected (too long or empty)',
    provider_error: 'Provider error',
    throttled: 'Provider overloaded or timed out',
    other: 'Other error',
  },
};

/** Reach counts confirmed deliveries where the channel has receipts, else hand-offs to the provider (`sent`). */
export const REACH_BASES = ['delivered', 'sent', 'mixed'] as const;

export const channelProgress = z.object({
  channel: z.enum(CHANNELS),
  counts: progressCounts,
  total: count,
  reached: count,
  /** `delivered`: receipts exist on this channel, so only confirmed deliveries count; `sent`: hand-offs count. */
  reachBasis: z.enum(['delivered', 'sent']),
  costCents: count,
});
export type ChannelProgress = z.infer<typeof channelProgress>;

export const deliveryProgress = z.object({
  messageIds: z.array(z.uuid()),
  channels: z.array(channelProgress),
  totals: progressCounts.extend({ total: count }),
  reach: z.object({ reached: count, of: count, basis: z.enum(REACH_BASES), residentsReached: count, residents: count }),
  failures: z.array(z.object({ reason: z.enum(FAILURE_REASONS), channel: z.enum(CHANNELS), count })),
  costCents: count,
  /** Nothing is queued, waiting or being sent any more. */
  done: z.boolean(),
  /** When the next deliveries held for quiet hours are released (null: none wait). */
  nextRelease: timestamp.nullable(),
  at: timestamp,
});
export type DeliveryProgress = z.infer<typeof deliveryProgress>;

export const followUpInput = z.strictObject({ channel: z.enum(CHANNELS) });
export const followUpResult = z.object({
  /** The new message (null when nobody was left to reach). */
  messageId: z.uuid().nullable(),
  /** Residents not reached by the messages. */
  unreached: count,
  /** Of those, the ones with consent and an address on the channel, now sent to. */
  recipients: count,
  /** Unreached residents without consent or address on the channel. */
  withoutChannel: count,
});
export type FollowUpResult = z.infer<typeof followUpResult>;

export const residentDelivery = z.object({
  id: z.uuid(),
  messageId: z.uuid(),
  title: z.string(),
  kind: z.string(),
  channel: z.enum(CHANNELS),
  status: z.enum(DELIVERY_STATUSES),
  waiting: z.boolean(),
  createdAt: timestamp,
  sentAt: timestamp.nullable(),
  deliveredAt: timestamp.nullable(),
});
export type ResidentDelivery = z.infer<typeof residentDelivery>;
export const residentDeliveriesPage = z.object({ items: z.array(residentDelivery), total: count, page: z.number().int().min(1), pageSize: count });
export type ResidentDeliveriesPage = z.infer<typeof residentDeliveriesPage>;

export const tagCount = z.object({ tag: z.string(), count });
export const tagList = z.object({ items: z.array(tagCount) });
export type TagList = z.infer<typeof tagList>;

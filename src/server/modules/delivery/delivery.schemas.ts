import { z } from 'zod';
import { CHANNELS, DELIVERY_STATUSES, type MessageKind } from '../../../common/states.ts';

const channel = z.enum(CHANNELS);
/** A client sends messages, warnings and test sends; transactional messages are the server's own. */
const SENDABLE_KINDS = ['message', 'warning', 'test'] as const satisfies readonly MessageKind[];

export const recipientInput = z.strictObject({
  sms: z.string().trim().min(1).max(32).optional(),
  email: z.string().trim().max(254).optional(),
  push: z.uuid('must be a push subscription id').optional(),
  /** Sent once on this channel when none of the recipient's deliveries is confirmed in time. */
  fallback: z.strictObject({ channel, address: z.string().trim().min(3).max(254) }).optional(),
  /**
   * Who the addresses belong to, for audience sends. The seam for quiet hours and languages (messages issue): the
   * per-resident send time and text variant are decided from these.
   */
  residentId: z.uuid().optional(),
  language: z.string().max(16).optional(),
});

export const sendInput = z.strictObject({
  kind: z.enum(SENDABLE_KINDS).default('message'),
  subject: z.string().trim().max(200).optional(),
  text: z.string().trim().min(1, 'is required').max(20_000),
  html: z.string().max(200_000).optional(),
  smsText: z.string().trim().min(1).max(1_600, 'must be at most 1600 characters (about 10 SMS parts)').optional(),
  url: z.url({ protocol: /^https?$/ }).optional(),
  expiresAt: z.iso.datetime({ offset: true }).optional(),
  fallbackAfterSeconds: z
    .number()
    .int()
    .min(10)
    .max(7 * 24 * 3600)
    .optional(),
  recipients: z
    .array(recipientInput)
    .min(1, 'name at least one recipient')
    .max(20_000, 'send at most 20,000 recipients per request; use the audience for more'),
});
export type SendInput = z.input<typeof sendInput>;

/**
 * What in-process callers (the messages and warnings modules) may also give: per recipient the moment before which
 * nothing goes out (quiet hours; without it, acceptSend works it out from the resident's quiet hours), and the staff
 * message (campaign) and language version the send belongs to.
 */
export const engineRecipient = recipientInput.extend({ notBefore: z.date().optional() });
export const engineSendInput = sendInput.extend({
  campaignId: z.uuid().optional(),
  language: z.string().max(16).optional(),
  recipients: z.array(engineRecipient).min(1).max(20_000, 'send at most 20,000 recipients per request; use the audience for more'),
});
export const unboundedEngineSendInput = engineSendInput.extend({ recipients: z.array(engineRecipient).min(1) });
export type EngineSendInput = z.input<typeof engineSendInput>;

export const estimateInput = z.strictObject({
  text: z.string().max(20_000),
  smsText: z.string().max(1_600).optional(),
  recipients: z.strictObject({ sms: z.number().int().min(0).default(0), email: z.number().int().min(0).default(0), push: z.number().int().min(0).default(0) }),
});

export const deliveriesQuery = z.strictObject({
  status: z.enum(DELIVERY_STATUSES).optional(),
  channel: channel.optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  after: z.uuid().optional(),
});

import { z } from 'zod';
import { audienceInput } from '../geo/index.ts';

const channel = z.enum(['sms', 'email', 'push']);

/**
 * What the tenant API sends: a message to an audience (the definition the preview uses), resolved on the server at
 * send time into the residents who follow this municipality with consent for the channel and topic. There is no
 * field for raw numbers or addresses; an unknown field (`recipients`) is a 400 naming it.
 */
export const messageInput = z.strictObject({
  /** A warning reaches everyone in the audience's places on its channels, whatever their topics. */
  kind: z.enum(['message', 'warning']).default('message'),
  subject: z.string().trim().max(200).optional(),
  text: z.string().trim().min(1, 'is required').max(20_000),
  html: z.string().max(200_000).optional(),
  smsText: z.string().trim().min(1).max(1_600, 'must be at most 1600 characters (about 10 SMS parts)').optional(),
  url: z.url({ protocol: /^https?$/ }).optional(),
  expiresAt: z.iso.datetime({ offset: true }).optional(),
  audience: audienceInput,
});
export type MessageInput = z.infer<typeof messageInput>;

const channelCounts = z.object({ sms: z.number().int(), email: z.number().int(), push: z.number().int() });

export const messageAccepted = z.object({
  id: z.uuid(),
  /** Residents the message goes to (each at most once per channel). */
  recipients: z.number().int(),
  /** Deliveries per channel (push: one per device). */
  deliveries: channelCounts,
  /** Addresses left out: bounced, unsubscribed, not valid for the channel, or shared with another resident of the audience. */
  skipped: z.number().int(),
});
export type MessageAccepted = z.infer<typeof messageAccepted>;

/** A test message, only to the sender's own address: their sign-in e-mail, their own number or their own devices. */
export const testSendInput = z.strictObject({
  channel,
  address: z.string().trim().min(3).max(254),
  text: z.string().trim().min(1, 'is required').max(500).optional(),
});

export const testSendAccepted = z.object({
  id: z.uuid(),
  deliveries: channelCounts,
  skipped: z.array(z.object({ pointer: z.string(), detail: z.string(), code: z.string().optional() })),
});

/** Where the signed-in staff member may send a test: their own addresses only. */
export const testTargets = z.object({
  email: z.string(),
  /** Numbers of resident records in this municipality with the staff member's confirmed e-mail address. */
  sms: z.array(z.string()),
  /** Devices of those records that turned notifications on. */
  push: z.array(z.object({ id: z.uuid(), userAgent: z.string().nullable(), createdAt: z.string() })),
});
export type TestTargets = z.infer<typeof testTargets>;

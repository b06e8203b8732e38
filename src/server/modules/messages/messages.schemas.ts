import { z } from 'zod';

const channel = z.enum(['sms', 'email', 'push']);

export const tenantParams = z.object({ tenant: z.string().max(64) });
export const messageParams = tenantParams.extend({ id: z.uuid('must be a message id') });
export const templateParams = tenantParams.extend({ id: z.uuid('must be a template id') });

const channelCounts = z.object({ sms: z.number().int(), email: z.number().int(), push: z.number().int() });

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

// What a staff member may configure per provider kind: plain settings (config) and secrets (stored encrypted,
// never returned). Each kind carries exactly one channel, except the dev outbox.
import { z } from 'zod';

const host = z.string().trim().min(1, 'is required').max(253);
const port = z.number().int().min(1).max(65535);

export const providerKinds = {
  'dev-outbox': { channels: ['sms', 'email', 'push'], config: z.strictObject({}), secrets: z.strictObject({}) },
  smpp: {
    channels: ['sms'],
    config: z.strictObject({
      host,
      port,
      systemId: z.string().min(1).max(16),
      systemType: z.string().max(13).optional(),
      sourceAddr: z.string().max(20).optional(),
      windowSize: z.number().int().min(1).max(500).optional(),
      enquireLinkMs: z.number().int().min(1000).optional(),
    }),
    secrets: z.strictObject({ password: z.string().max(9, 'SMPP passwords have at most 9 characters') }),
  },
  'sms-http': {
    channels: ['sms'],
    config: z.looseObject({ mapping: z.enum(['twilio', 'generic-json']), baseUrl: z.url() }),
    secrets: z.strictObject({ authToken: z.string().min(1).max(500), webhookSecret: z.string().max(500).optional() }),
  },
  smtp: {
    channels: ['email'],
    config: z.strictObject({
      host,
      port,
      secure: z.boolean().optional(),
      requireTLS: z.boolean().optional(),
      user: z.string().max(254).optional(),
      maxConnections: z.number().int().min(1).max(50).optional(),
      dkimDomain: z.string().max(253).optional(),
      dkimSelector: z.string().max(63).optional(),
    }),
    secrets: z.strictObject({ password: z.string().max(500).optional(), dkimPrivateKey: z.string().max(10_000).optional() }),
  },
  webpush: {
    channels: ['push'],
    config: z.strictObject({ subject: z.string().regex(/^(mailto:|https:\/\/)/, 'must start with mailto: or https://').max(300) }),
    secrets: z.strictObject({}),
  },
} as const;

export type ProviderKind = keyof typeof providerKinds;

export const providerInput = z.strictObject({
  channel: z.enum(['sms', 'email', 'push']),
  kind: z.enum(Object.keys(providerKinds) as [ProviderKind, ...ProviderKind[]]),
  name: z.string().trim().min(2).max(100),
  config: z.record(z.string(), z.unknown()).default({}),
  secrets: z.record(z.string(), z.string()).default({}),
  weight: z.number().int().min(0).max(1000).default(100),
  enabled: z.boolean().default(true),
  ratePerSecond: z.number().int().min(1).max(100_000).nullable().default(null),
  maxConnections: z.number().int().min(1).max(1000).nullable().default(null),
  centsPerMessage: z.number().int().min(0).max(10_000).default(0),
});
export type ProviderInput = z.infer<typeof providerInput>;

export const providerPatch = z.strictObject({
  name: z.string().trim().min(2).max(100).optional(),
  config: z.record(z.string(), z.unknown()).optional(),
  /** Only the secrets given are replaced; the others stay. */
  secrets: z.record(z.string(), z.string()).optional(),
  weight: z.number().int().min(0).max(1000).optional(),
  enabled: z.boolean().optional(),
  ratePerSecond: z.number().int().min(1).max(100_000).nullable().optional(),
  maxConnections: z.number().int().min(1).max(1000).nullable().optional(),
  centsPerMessage: z.number().int().min(0).max(10_000).optional(),
});

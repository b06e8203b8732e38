// What a staff member may configure per provider kind: plain settings (config) and secrets (stored encrypted,
// never returned). The kinds and their fields are described once, in src/common/provider-kinds.ts; the console's form
// and docs/API.md come from the same description.
import { z } from 'zod';
import {
  PROVIDER_KIND_NAMES,
  PROVIDER_KINDS,
  type ProviderField,
  type ProviderKind,
  type ProviderKindSpec,
  providerFields,
} from '../../../common/provider-kinds.ts';

export type { ProviderKind };

function fieldSchema(f: ProviderField): z.ZodType {
  switch (f.type) {
    case 'number': {
      let n = z.number().int();
      if (f.min !== undefined) n = n.min(f.min);
      if (f.max !== undefined) n = n.max(f.max);
      return n;
    }
    case 'checkbox':
      return z.boolean();
    case 'select':
      return z.enum(f.options as [string, ...string[]]);
    case 'url':
      return z.url({ protocol: /^https?$/ });
    case 'json':
      return z.record(z.string(), z.unknown());
    default: {
      // a setting must not be blank; a secret may be empty unless it says otherwise (an SMSC without a password)
      let s = f.secret ? z.string() : z.string().trim();
      const min = f.minLength ?? (f.required && !f.secret ? 1 : undefined);
      if (min !== undefined) s = s.min(min, min === 1 ? 'is required' : `must be at least ${min} characters`);
      if (f.maxLength !== undefined) s = s.max(f.maxLength, f.maxLengthMessage);
      if (f.pattern) s = s.regex(f.pattern.regex, f.pattern.message);
      return s;
    }
  }
}

function objectOf(fields: readonly ProviderField[], open: boolean) {
  const shape = Object.fromEntries(fields.map((f) => [f.name, f.required && !f.when ? fieldSchema(f) : fieldSchema(f).optional()]));
  return open ? z.looseObject(shape) : z.strictObject(shape);
}

/** The settings of a kind (`config`); unknown keys are refused unless the kind keeps them. */
const providerConfigSchema = (kind: ProviderKind) =>
  objectOf(
    providerFields(kind).filter((f) => !f.secret),
    Boolean((PROVIDER_KINDS[kind] as ProviderKindSpec).openConfig),
  );
/** The secrets of a kind; unknown keys are refused. */
const providerSecretsSchema = (kind: ProviderKind) =>
  objectOf(
    providerFields(kind).filter((f) => f.secret),
    false,
  );

interface KindSchemas {
  channels: readonly string[];
  config: ReturnType<typeof providerConfigSchema>;
  secrets: ReturnType<typeof providerSecretsSchema>;
}

export const providerKinds = {} as Record<ProviderKind, KindSchemas>;
for (const kind of PROVIDER_KIND_NAMES) {
  providerKinds[kind] = { channels: PROVIDER_KINDS[kind].channels, config: providerConfigSchema(kind), secrets: providerSecretsSchema(kind) };
}

export const providerInput = z.strictObject({
  channel: z.enum(['sms', 'email', 'push']),
  kind: z.enum(PROVIDER_KIND_NAMES),
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

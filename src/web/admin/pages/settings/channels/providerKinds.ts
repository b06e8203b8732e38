// What the console asks for per provider kind (mirrors src/server/modules/delivery/providers.schemas.ts and the
// HTTP SMS config), and how form values become the `config` and `secrets` of the providers API.
import type { MessageKey } from '../../../i18n.tsx';
import type { Channel, ProviderKind } from '../../../types.ts';

export const CHANNELS: readonly Channel[] = ['sms', 'email', 'push'];

/** Kinds a municipality can add per channel; the dev outbox stays an installation default. */
export const KINDS_BY_CHANNEL: Record<Channel, readonly ProviderKind[]> = {
  sms: ['smpp', 'sms-http'],
  email: ['smtp'],
  push: ['webpush'],
};

export const KIND_LABEL: Record<ProviderKind, MessageKey> = {
  'dev-outbox': 'providers.kind.dev-outbox',
  smpp: 'providers.kind.smpp',
  'sms-http': 'providers.kind.sms-http',
  smtp: 'providers.kind.smtp',
  webpush: 'providers.kind.webpush',
};

export const CHANNEL_LABEL: Record<Channel, MessageKey> = { sms: 'channel.sms', email: 'channel.email', push: 'channel.push' };

export type FieldType = 'text' | 'number' | 'url' | 'checkbox' | 'password' | 'secretArea' | 'select' | 'json';
export type Values = Record<string, string>;

export interface FieldSpec {
  name: string;
  type: FieldType;
  label: MessageKey;
  hint?: MessageKey;
  /** Stored encrypted and never returned; sent only when typed. */
  secret?: boolean;
  required?: boolean;
  options?: readonly string[];
  placeholder?: string;
  initial?: string;
  /** Shown (and sent) only for some values of the other fields, e.g. the generic block of generic-json. */
  when?: (values: Values) => boolean;
}

const generic = (v: Values) => v.mapping === 'generic-json';

const GENERIC_EXAMPLE = `{
  "path": "/v1/messages",
  "authHeader": "bearer",
  "bodyTemplate": { "to": "{to}", "text": "{text}", "from": "{from}" },
  "messageIdPath": "id",
  "receipt": {
    "idField": "id",
    "statusField": "status",
    "statusMap": { "delivered": "delivered", "failed": "failed" },
    "signature": { "kind": "hmac-sha256", "header": "x-signature" }
  }
}`;

export const FIELDS: Record<ProviderKind, readonly FieldSpec[]> = {
  'dev-outbox': [],
  smpp: [
    { name: 'host', type: 'text', label: 'providers.field.host', required: true },
    { name: 'port', type: 'number', label: 'providers.field.port', required: true, initial: '2775' },
    { name: 'systemId', type: 'text', label: 'providers.field.systemId', required: true },
    { name: 'password', type: 'password', label: 'providers.field.password', hint: 'providers.hint.smppPassword', secret: true, required: true },
    { name: 'systemType', type: 'text', label: 'providers.field.systemType', hint: 'providers.hint.optional' },
    { name: 'sourceAddr', type: 'text', label: 'providers.field.sourceAddr', hint: 'providers.hint.sourceAddr' },
    { name: 'windowSize', type: 'number', label: 'providers.field.windowSize', hint: 'providers.hint.windowSize' },
  ],
  'sms-http': [
    { name: 'mapping', type: 'select', label: 'providers.field.mapping', options: ['twilio', 'generic-json'], required: true, initial: 'twilio' },
    { name: 'baseUrl', type: 'url', label: 'providers.field.baseUrl', hint: 'providers.hint.baseUrl', required: true, initial: 'https://api.twilio.com' },
    { name: 'accountId', type: 'text', label: 'providers.field.accountId', hint: 'providers.hint.accountId' },
    { name: 'authToken', type: 'password', label: 'providers.field.authToken', secret: true, required: true },
    { name: 'from', type: 'text', label: 'providers.field.from', hint: 'providers.hint.from', required: true },
    { name: 'statusCallbackUrl', type: 'url', label: 'providers.field.statusCallbackUrl', hint: 'providers.hint.statusCallbackUrl' },
    { name: 'timeoutMs', type: 'number', label: 'providers.field.timeoutMs', hint: 'providers.hint.timeoutMs' },
    { name: 'generic', type: 'json', label: 'providers.field.generic', hint: 'providers.hint.generic', placeholder: GENERIC_EXAMPLE, when: generic },
    { name: 'webhookSecret', type: 'password', label: 'providers.field.webhookSecret', hint: 'providers.hint.webhookSecret', secret: true, when: generic },
  ],
  smtp: [
    { name: 'host', type: 'text', label: 'providers.field.host', required: true },
    { name: 'port', type: 'number', label: 'providers.field.port', hint: 'providers.hint.smtpPort', required: true, initial: '587' },
    { name: 'secure', type: 'checkbox', label: 'providers.field.secure', hint: 'providers.hint.secure' },
    { name: 'requireTLS', type: 'checkbox', label: 'providers.field.requireTLS', hint: 'providers.hint.requireTLS', initial: 'true' },
    { name: 'user', type: 'text', label: 'providers.field.user', hint: 'providers.hint.optional' },
    { name: 'password', type: 'password', label: 'providers.field.password', secret: true },
    { name: 'maxConnections', type: 'number', label: 'providers.field.maxConnections', hint: 'providers.hint.maxConnections' },
    { name: 'dkimDomain', type: 'text', label: 'providers.field.dkimDomain', hint: 'providers.hint.dkim' },
    { name: 'dkimSelector', type: 'text', label: 'providers.field.dkimSelector' },
    { name: 'dkimPrivateKey', type: 'secretArea', label: 'providers.field.dkimPrivateKey', hint: 'providers.hint.dkimPrivateKey', secret: true },
  ],
  webpush: [{ name: 'subject', type: 'text', label: 'providers.field.subject', hint: 'providers.hint.subject', required: true, placeholder: 'mailto:it@musterstadt.example' }],
};

export const visibleFields = (kind: ProviderKind, values: Values) => FIELDS[kind].filter((f) => !f.when || f.when(values));

/** Form values of a kind: from a stored provider's config (secrets stay empty) or the kind's defaults. */
export function initialValues(kind: ProviderKind, config?: Record<string, unknown>): Values {
  const values: Values = {};
  for (const f of FIELDS[kind]) {
    const stored = config?.[f.name];
    if (f.secret) values[f.name] = '';
    else if (!config) values[f.name] = f.initial ?? '';
    else if (f.type === 'checkbox') values[f.name] = stored === true ? 'true' : '';
    else if (f.type === 'json') values[f.name] = stored === undefined ? '' : JSON.stringify(stored, null, 2);
    else values[f.name] = stored === undefined || stored === null ? '' : String(stored);
  }
  return values;
}

export interface Built {
  config: Record<string, unknown>;
  secrets: Record<string, string>;
  /** Fields the browser could not read, e.g. JSON that does not parse. */
  invalid: string[];
}

/**
 * Form values → API body parts. `base` is the stored config, so keys this form does not show survive an edit.
 * Empty optional fields are left out; empty required ones are sent so the server names what is missing.
 */
export function buildBody(kind: ProviderKind, values: Values, base: Record<string, unknown>, creating: boolean): Built {
  const config: Record<string, unknown> = { ...base };
  const secrets: Record<string, string> = {};
  const invalid: string[] = [];
  const shown = new Set(visibleFields(kind, values).map((f) => f.name));
  for (const f of FIELDS[kind]) {
    const raw = values[f.name] ?? '';
    if (f.secret) {
      if (shown.has(f.name) && (raw !== '' || (creating && f.required))) secrets[f.name] = raw;
      continue;
    }
    if (!shown.has(f.name)) {
      delete config[f.name];
      continue;
    }
    if (f.type === 'checkbox') {
      config[f.name] = raw === 'true';
      continue;
    }
    const text = raw.trim();
    if (text === '') {
      if (f.required && f.type !== 'number') config[f.name] = '';
      else delete config[f.name];
      continue;
    }
    if (f.type === 'number') {
      const n = Number(text);
      config[f.name] = Number.isFinite(n) ? n : text;
    } else if (f.type === 'json') {
      try {
        config[f.name] = JSON.parse(text);
      } catch {
        invalid.push(f.name);
      }
    } else config[f.name] = text;
  }
  return { config, secrets, invalid };
}

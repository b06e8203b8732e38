// The one description of every provider kind: which channel it carries, its settings (config) and its secrets
// (stored encrypted, never returned). The server builds its validation from it (providers.schemas.ts), the console
// its form (pages/settings/channels/providerKinds.ts), and docs/API.md its table (renderProviderKindsDoc, checked by
// a test). Field labels and hints are console texts: `providers.field.<name>` and `providers.hint.<hint>`. Plain data
// (no zod here), so the console bundle stays small.
import { CHANNELS, type Channel } from './states.ts';

export const PROVIDER_CHANNELS = CHANNELS;
export type ProviderChannel = Channel;

export type FieldType = 'text' | 'number' | 'url' | 'checkbox' | 'password' | 'secretArea' | 'select' | 'json';

export interface ProviderField {
  name: string;
  type: FieldType;
  /** What the field means, in English, for the API documentation. */
  doc: string;
  /** Stored encrypted and never returned; the console sends it only when typed. */
  secret?: boolean;
  /** Must be given (a secret: present; a setting: not empty). */
  required?: boolean;
  /** The console's hint text: `providers.hint.<hint>`. */
  hint?: string;
  options?: readonly string[];
  min?: number;
  max?: number;
  /** Text length limits. */
  minLength?: number;
  maxLength?: number;
  maxLengthMessage?: string;
  pattern?: { regex: RegExp; message: string };
  /** Console only: prefilled for a new provider, and shown as the example. */
  initial?: string;
  placeholder?: string;
  /** Shown, sent and checked only when another field has this value (e.g. the generic block of generic-json). */
  when?: { field: string; equals: string };
}

export interface ProviderKindSpec {
  channels: readonly ProviderChannel[];
  /** A municipality may add one (the dev outbox stays an installation default). */
  addable: boolean;
  /** Settings beyond the fields are kept (the adapter checks the whole; see HttpSmsConfig). */
  openConfig?: boolean;
  /** Only brings messages in (a mailbox read by polling): the engine never picks it to send. */
  receiveOnly?: boolean;
  doc: string;
  fields: readonly ProviderField[];
}

const host: ProviderField = { name: 'host', type: 'text', required: true, maxLength: 253, doc: 'Host name of the server.' };

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

const generic = { field: 'mapping', equals: 'generic-json' } as const;

export const PROVIDER_KINDS = {
  'dev-outbox': {
    channels: ['sms', 'email', 'push'],
    addable: false,
    doc: 'Keeps every message in the dev outbox instead of sending it (the installation default while nothing else is set up).',
    fields: [],
  },
  smpp: {
    channels: ['sms'],
    addable: true,
    doc: 'An SMSC over SMPP 3.4 (transceiver bind).',
    fields: [
      host,
      { name: 'port', type: 'number', required: true, min: 1, max: 65535, initial: '2775', doc: 'TCP port, usually 2775.' },
      { name: 'systemId', type: 'text', required: true, maxLength: 16, doc: 'The system_id to bind with (user name).' },
      {
        name: 'password',
        type: 'password',
        secret: true,
        required: true,
        maxLength: 9,
        maxLengthMessage: 'SMPP passwords have at most 9 characters',
        hint: 'smppPassword',
        doc: 'The bind password.',
      },
      { name: 'systemType', type: 'text', maxLength: 13, hint: 'optional', doc: 'The system_type, when the SMSC wants one.' },
      { name: 'sourceAddr', type: 'text', maxLength: 20, hint: 'sourceAddr', doc: "Sender address; else the municipality's SMS sender id." },
      { name: 'windowSize', type: 'number', min: 1, max: 500, hint: 'windowSize', doc: 'Messages in flight at once (default 10).' },
      { name: 'enquireLinkMs', type: 'number', min: 1000, hint: 'enquireLinkMs', doc: 'Keep-alive interval in milliseconds.' },
    ],
  },
  'sms-http': {
    channels: ['sms'],
    addable: true,
    openConfig: true,
    doc: 'An SMS API over HTTPS: Twilio, or any JSON API described by `generic`. Receipts arrive at `/hooks/sms/:providerId`.',
    fields: [
      { name: 'mapping', type: 'select', required: true, options: ['twilio', 'generic-json'], initial: 'twilio', doc: 'The API dialect.' },
      { name: 'baseUrl', type: 'url', required: true, initial: 'https://api.twilio.com', hint: 'baseUrl', doc: 'Base URL of the API.' },
      { name: 'accountId', type: 'text', hint: 'accountId', doc: 'Twilio: the Account SID (AC…); generic with basic auth: the user name.' },
      { name: 'authToken', type: 'password', secret: true, required: true, minLength: 1, maxLength: 500, doc: 'The API token.' },
      { name: 'from', type: 'text', required: true, hint: 'from', doc: 'Default sender: number, alphanumeric id, or a Twilio Messaging Service SID (MG…).' },
      { name: 'statusCallbackUrl', type: 'url', hint: 'statusCallbackUrl', doc: 'Where the provider posts delivery receipts.' },
      { name: 'timeoutMs', type: 'number', min: 100, max: 120_000, hint: 'timeoutMs', doc: 'Request timeout in milliseconds.' },
      {
        name: 'generic',
        type: 'json',
        hint: 'generic',
        placeholder: GENERIC_EXAMPLE,
        when: generic,
        doc: 'generic-json: path, authHeader, bodyTemplate, messageIdPath and receipt.',
      },
      {
        name: 'webhookSecret',
        type: 'password',
        secret: true,
        maxLength: 500,
        hint: 'webhookSecret',
        when: generic,
        doc: 'generic-json: the receipt webhook key, when it is not the API token.',
      },
    ],
  },
  smtp: {
    channels: ['email'],
    addable: true,
    doc: 'A mail server over SMTP, optionally signing with DKIM.',
    fields: [
      host,
      { name: 'port', type: 'number', required: true, min: 1, max: 65535, initial: '587', hint: 'smtpPort', doc: 'Usually 587 (STARTTLS) or 465 (TLS).' },
      { name: 'secure', type: 'checkbox', hint: 'secure', doc: 'Connect with TLS at once (port 465).' },
      { name: 'requireTLS', type: 'checkbox', initial: 'true', hint: 'requireTLS', doc: 'Refuse to send without STARTTLS.' },
      { name: 'user', type: 'text', maxLength: 254, hint: 'optional', doc: 'User name for SMTP AUTH.' },
      { name: 'password', type: 'password', secret: true, maxLength: 500, doc: 'Password for SMTP AUTH.' },
      { name: 'maxConnections', type: 'number', min: 1, max: 50, hint: 'maxConnections', doc: 'Parallel SMTP sessions.' },
      { name: 'dkimDomain', type: 'text', maxLength: 253, hint: 'dkim', doc: 'DKIM signing domain.' },
      { name: 'dkimSelector', type: 'text', maxLength: 63, doc: 'DKIM selector.' },
      { name: 'dkimPrivateKey', type: 'secretArea', secret: true, maxLength: 10_000, hint: 'dkimPrivateKey', doc: 'DKIM private key (PEM).' },
    ],
  },
  'email-imap': {
    channels: ['email'],
    addable: true,
    receiveOnly: true,
    doc: "Receives only: the municipality's own mailbox, read by IMAP polling; unseen mail becomes inbox conversations and is marked seen.",
    fields: [
      host,
      { name: 'port', type: 'number', required: true, min: 1, max: 65535, initial: '993', hint: 'imapPort', doc: 'Usually 993 (TLS) or 143.' },
      {
        name: 'secure',
        type: 'checkbox',
        initial: 'true',
        hint: 'imapSecure',
        doc: 'Connect with TLS at once (port 993); else STARTTLS when the server offers it.',
      },
      { name: 'user', type: 'text', required: true, maxLength: 254, doc: 'User name of the mailbox.' },
      { name: 'password', type: 'password', secret: true, required: true, minLength: 1, maxLength: 500, doc: 'Password of the mailbox.' },
      { name: 'folder', type: 'text', maxLength: 200, initial: 'INBOX', hint: 'folder', doc: 'The folder to read (default INBOX).' },
      { name: 'pollSeconds', type: 'number', min: 30, max: 86_400, initial: '60', hint: 'pollSeconds', doc: 'Seconds between polls (default 60).' },
    ],
  },
  webpush: {
    channels: ['push'],
    addable: true,
    doc: 'Web push with VAPID (keys generated by the installation).',
    fields: [
      {
        name: 'subject',
        type: 'text',
        required: true,
        maxLength: 300,
        pattern: { regex: /^(mailto:|https:\/\/)/, message: 'must start with mailto: or https://' },
        placeholder: 'mailto:it@musterstadt.example',
        hint: 'subject',
        doc: 'Contact for push services: `mailto:` or `https://`.',
      },
    ],
  },
} as const satisfies Record<string, ProviderKindSpec>;

export type ProviderKind = keyof typeof PROVIDER_KINDS;
export const PROVIDER_KIND_NAMES = Object.keys(PROVIDER_KINDS) as [ProviderKind, ...ProviderKind[]];

const specOf = (kind: ProviderKind): ProviderKindSpec => PROVIDER_KINDS[kind];
export const providerFields = (kind: ProviderKind): readonly ProviderField[] => specOf(kind).fields;

/** Kinds that only receive (mailboxes read by polling): never chosen to send, never "in use" for sending. */
export const RECEIVE_ONLY_KINDS = PROVIDER_KIND_NAMES.filter((k) => specOf(k).receiveOnly === true);
export const isReceiveOnly = (kind: string): boolean => (RECEIVE_ONLY_KINDS as string[]).includes(kind);

/** Kinds a municipality can add per channel. */
export const addableKinds = (channel: ProviderChannel): ProviderKind[] =>
  PROVIDER_KIND_NAMES.filter((k) => specOf(k).addable && specOf(k).channels.includes(channel));

const range = (min?: number, max?: number) =>
  min !== undefined && max !== undefined ? `${min}–${max}` : min !== undefined ? `At least ${min}` : max !== undefined ? `At most ${max}` : '';

/** The Markdown table of docs/API.md ("Channel providers"); a test keeps the document in step. */
export function renderProviderKindsDoc(): string {
  const rows = ['| kind | channel | field | required | what |', '|---|---|---|---|---|'];
  for (const kind of PROVIDER_KIND_NAMES) {
    const spec = specOf(kind);
    rows.push(`| \`${kind}\` | ${spec.channels.join(', ')} | | | ${spec.doc}${spec.addable ? '' : ' Installation only.'} |`);
    for (const f of spec.fields) {
      const limits = [f.options ? f.options.map((o) => `\`${o}\``).join(' or ') : '', range(f.min, f.max), f.maxLength ? `≤ ${f.maxLength} characters` : '']
        .filter(Boolean)
        .join('; ');
      const where = f.secret ? 'secrets' : 'config';
      const cond = f.when ? ` (when ${f.when.field} is ${f.when.equals})` : '';
      rows.push(
        `| | | \`${where}.${f.name}\` (${f.type === 'password' || f.type === 'secretArea' ? 'text' : f.type}) | ${f.required ? 'yes' : 'no'} | ${f.doc}${limits ? ` ${limits}.` : ''}${cond} |`,
      );
    }
  }
  return rows.join('\n');
}

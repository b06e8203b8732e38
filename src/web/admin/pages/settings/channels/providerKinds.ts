// The console's form per provider kind, built from the one description in src/common/provider-kinds.ts (which also
// drives the server's validation and docs/API.md), and how form values become the `config` and `secrets` of the
// providers API.
import {
  addableKinds,
  PROVIDER_CHANNELS,
  PROVIDER_KIND_NAMES,
  type FieldType,
  type ProviderField,
  type ProviderKind,
  providerFields,
} from '../../../../../common/provider-kinds.ts';
import type { MessageKey } from '../../../i18n.tsx';
import type { Channel } from '../../../types.ts';

export type { FieldType };

export const CHANNELS: readonly Channel[] = PROVIDER_CHANNELS;

/** Kinds a municipality can add per channel; the dev outbox stays an installation default. */
export const KINDS_BY_CHANNEL: Record<Channel, readonly ProviderKind[]> = {
  sms: addableKinds('sms'),
  email: addableKinds('email'),
  push: addableKinds('push'),
};

export const KIND_LABEL = Object.fromEntries(PROVIDER_KIND_NAMES.map((k) => [k, `providers.kind.${k}`])) as Record<ProviderKind, MessageKey>;

export const CHANNEL_LABEL: Record<Channel, MessageKey> = { sms: 'channel.sms', email: 'channel.email', push: 'channel.push' };

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

// the texts exist for every field and hint of the description (checked by src/server/modules/delivery/provider-kinds.test.ts)
const formField = (f: ProviderField): FieldSpec => {
  const when = f.when;
  return {
    name: f.name,
    type: f.type,
    label: `providers.field.${f.name}` as MessageKey,
    hint: f.hint ? (`providers.hint.${f.hint}` as MessageKey) : undefined,
    secret: f.secret,
    required: f.required,
    options: f.options,
    placeholder: f.placeholder,
    initial: f.initial,
    when: when ? (values) => values[when.field] === when.equals : undefined,
  };
};

export const FIELDS = {} as Record<ProviderKind, readonly FieldSpec[]>;
for (const kind of PROVIDER_KIND_NAMES) FIELDS[kind] = providerFields(kind).map(formField);

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

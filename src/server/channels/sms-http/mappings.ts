// Provider API shapes for the HTTP SMS adapter: how a send becomes a request, how an answer becomes a
// result, and how a receipt webhook is checked and read. One object per shape; the transport lives in
// http-sms.sender.ts and knows none of these details.
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { AppError, type FieldError } from '../../platform/errors.ts';
import type { OutgoingMessage, ReceiptStatus } from '../types.ts';

const httpUrl = (what: string) => z.url({ protocol: /^https?$/, error: `${what} must be an http(s) address` });
const secret = () => z.string().min(1).meta({ secret: true });

/** Provider settings as stored per tenant; the console validates with this schema, fields with meta.secret are never returned. */
export const HttpSmsConfig = z
  .object({
    mapping: z.enum(['twilio', 'generic-json']),
    baseUrl: httpUrl('baseUrl'),
    /** twilio: the Account SID (AC…); generic with basic auth: the user name. */
    accountId: z.string().min(1).optional(),
    authToken: secret(),
    /** Default sender (number, alphanumeric id, or for twilio a Messaging Service SID MG…); a message's own `from` wins. */
    from: z.string().min(1),
    statusCallbackUrl: httpUrl('statusCallbackUrl').optional(),
    /** generic: the receipt webhook key when it is not the API token (top level, so secrets stay one flat map). */
    webhookSecret: secret().optional(),
    timeoutMs: z.number().int().min(100).max(120_000).optional(),
    generic: z
      .object({
        path: z.string().startsWith('/'),
        authHeader: z.enum(['bearer', 'basic', 'none']),
        /** JSON body; values may contain {to} {text} {from} {id}. */
        bodyTemplate: z.record(z.string(), z.string()),
        /** Dotted path to the message id in the JSON answer, e.g. `data.messages.0.id`. */
        messageIdPath: z.string().min(1),
        receipt: z.object({
          idField: z.string().min(1),
          statusField: z.string().min(1),
          statusMap: z.record(z.string(), z.enum(['delivered', 'failed', 'expired', 'ignore'])),
          signature: z.object({ kind: z.enum(['hmac-sha256', 'shared-secret']), header: z.string().min(1) }),
        }),
        /** Dotted paths in the JSON of an inbound (mobile-originated) webhook; signed like receipts. Without it, none is taken. */
        inbound: z.object({ fromField: z.string().min(1), toField: z.string().min(1), textField: z.string().min(1), idField: z.string().min(1) }).optional(),
      })
      .optional(),
  })
  .superRefine((c, ctx) => {
    if (c.mapping === 'twilio' && !c.accountId) {
      ctx.addIssue({ code: 'custom', path: ['accountId'], message: 'Twilio needs the Account SID (AC…) as accountId.' });
    }
    if (c.mapping === 'generic-json' && !c.generic) {
      ctx.addIssue({ code: 'custom', path: ['generic'], message: 'The generic-json mapping needs the generic block (path, body template, receipt fields).' });
    }
    if (c.mapping === 'generic-json' && c.generic?.authHeader === 'basic' && !c.accountId) {
      ctx.addIssue({ code: 'custom', path: ['accountId'], message: 'Basic auth needs accountId as the user name.' });
    }
  });
export type HttpSmsConfig = z.infer<typeof HttpSmsConfig>;

/** A receipt webhook whose body cannot be read; the route answers 400 (code validation_failed) and changes nothing. */
export class MalformedReceiptError extends AppError {
  constructor(errors: FieldError[]) {
    super('validation_failed', 'The receipt webhook body is malformed.', errors);
  }
}

/** An inbound webhook whose body cannot be read; the route answers 400 with field pointers and stores nothing. */
export class MalformedInboundError extends AppError {
  constructor(errors: FieldError[]) {
    super('validation_failed', 'The inbound message webhook body is malformed.', errors);
  }
}

export type WebhookHeaders = Record<string, string | string[] | undefined>;

/** A mobile-originated SMS as a provider's webhook tells it. */
export interface InboundSms {
  /** The provider's id of the message: a retried webhook carries the same one. */
  providerMessageId: string;
  /** The resident's number, E.164 where it is a number. */
  from: string;
  /** The municipality's number or sender id the resident wrote to. */
  to: string;
  text: string;
}

/** What the provider expects as the answer to an inbound webhook. */
export interface InboundAnswer {
  status: number;
  contentType?: string;
  body?: string;
}

export interface ProviderRequest {
  url: string;
  headers: Record<string, string>;
  body: string;
}

export interface SmsMapping {
  buildRequest(config: HttpSmsConfig, msg: OutgoingMessage & { to: string }): ProviderRequest;
  /** The provider's id for an accepted message, or null when a 2xx answer is unreadable. */
  readAccepted(config: HttpSmsConfig, body: string): { providerMessageId: string; parts?: number } | null;
  /** `reason` is set when the provider's error code is one we know (invalid_number, …). */
  explainFailure(httpStatus: number, body: string): { reason?: string; detail: string };
  verifyWebhook(config: HttpSmsConfig, url: string, headers: WebhookHeaders, rawBody: string): boolean;
  parseReceipt(config: HttpSmsConfig, body: unknown): { providerMessageId: string; status: ReceiptStatus; error?: string } | null;
  /** Whether this provider's settings say how to read inbound webhooks. */
  takesInbound(config: HttpSmsConfig): boolean;
  /** Reads a verified inbound webhook body; throws MalformedInboundError for unreadable input. */
  parseInbound(config: HttpSmsConfig, body: unknown): InboundSms;
  inboundAnswer: InboundAnswer;
}

// ---- helpers shared by both shapes -------------------------------------------------------------

/** Equal-time comparison; hashing first hides the expected value's length as well. */
export function safeEqual(a: string, b: string): boolean {
  const digest = (s: string) => createHash('sha256').update(s).digest();
  return timingSafeEqual(digest(a), digest(b));
}

function header(headers: WebhookHeaders, name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() === wanted) return Array.isArray(value) ? value[0] : value;
  }
  return undefined;
}

/** Reads `a.b.0.c` from parsed JSON; only strings and finite numbers count as values. */
export function readPath(value: unknown, path: string): string | undefined {
  let node: unknown = value;
  for (const key of path.split('.')) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  if (typeof node === 'string' && node.length > 0) return node;
  if (typeof node === 'number' && Number.isFinite(node)) return String(node);
  return undefined;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** A lookup that cannot hit Object.prototype ("constructor", "__proto__") with provider-supplied keys. */
const ownValue = <T>(table: Record<string, T>, key: string): T | undefined => (Object.hasOwn(table, key) ? table[key] : undefined);

const clip = (text: string) => (text.length > 200 ? `${text.slice(0, 200)}…` : text);

type Issues = readonly { path: readonly PropertyKey[]; message: string }[];
const pointers = (issues: Issues) => issues.map((i) => ({ pointer: `/body/${i.path.map(String).join('/')}`, detail: i.message }));
const malformed = (issues: Issues) => new MalformedReceiptError(pointers(issues));
const malformedInbound = (issues: Issues) => new MalformedInboundError(pointers(issues));

/** Longer than any concatenated SMS (Twilio stops at 1,600 characters); more is not a text message. */
const MAX_INBOUND_TEXT = 10_000;

/** Numbers become E.164 ("4915…" and "004915…" alike); an alphanumeric originator stays as it is. */
export function normalizeSender(value: string): string {
  const compact = value.trim().replace(/[\s()/-]/g, '');
  if (/^00[1-9]\d{1,14}$/.test(compact)) return `+${compact.slice(2)}`;
  if (/^\+?[1-9]\d{1,14}$/.test(compact)) return compact.startsWith('+') ? compact : `+${compact}`;
  return value.trim();
}

// ---- Twilio Programmable Messaging (2010-04-01 Messages resource) ---------------------------------

const messageSid = /^(SM|MM)[0-9a-fA-F]{32}$/;
const messagingServiceSid = /^MG[0-9a-fA-F]{32}$/;
const twilioCreated = z.object({ sid: z.string().regex(messageSid), num_segments: z.string().nullish() });
const twilioError = z.object({ code: z.number(), message: z.string() });
/** Twilio's incoming-message webhook (form fields); NumMedia and the rest are not needed here. */
const twilioInbound = z.object({
  MessageSid: z.string().regex(messageSid, 'must be a message SID (SM… or MM…)'),
  From: z.string().min(1, 'sender missing').max(64),
  To: z.string().min(1, 'recipient missing').max(64),
  Body: z.string().max(MAX_INBOUND_TEXT),
});
const twilioCallback = z.object({
  MessageSid: z.string().regex(messageSid, 'must be a message SID (SM… or MM…)'),
  MessageStatus: z.string().min(1),
  ErrorCode: z.string().regex(/^\d*$/).optional(),
});

/** Twilio error codes that say the recipient will never be reachable this way. */
const twilioPermanentCodes: Record<string, string> = {
  21211: 'invalid_number',
  21614: 'invalid_number',
  21610: 'recipient_opted_out',
  21612: 'unroutable_number',
  21408: 'region_not_enabled',
};

// sent, queued, accepted, sending, scheduled are on the way: no receipt yet
const twilioFinalStatus: Record<string, ReceiptStatus> = {
  delivered: 'delivered',
  read: 'delivered',
  undelivered: 'failed',
  failed: 'failed',
  canceled: 'failed',
};

/** The string Twilio signs: the full URL, then every POST parameter as name+value, sorted by name. */
export function twilioSignature(authToken: string, url: string, params: URLSearchParams): string {
  const pairs = [...params.entries()].sort(([a, av], [b, bv]) => (a === b ? compare(av, bv) : compare(a, b)));
  const payload = url + pairs.map(([k, v]) => k + v).join('');
  return createHmac('sha1', authToken).update(payload, 'utf8').digest('base64');
}
const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function formFields(body: unknown): unknown {
  if (typeof body === 'string' || Buffer.isBuffer(body)) return Object.fromEntries(new URLSearchParams(body.toString('utf8')));
  return body;
}

// No idempotency key: Twilio's Messages API has none, so a retry after a timeout or an unreadable 2xx may
// send twice. The engine's claimed-row rule keeps that to the one ambiguous attempt.
export const twilioMapping: SmsMapping = {
  buildRequest(config, msg) {
    const sender = msg.from ?? config.from;
    const form = new URLSearchParams({ To: msg.to, Body: msg.text });
    form.set(messagingServiceSid.test(sender) ? 'MessagingServiceSid' : 'From', sender);
    if (config.statusCallbackUrl) form.set('StatusCallback', config.statusCallbackUrl);
    // Twilio accepts 1..36000 s in its outbound queue; beyond that the message is dropped, not sent late
    if (msg.ttlSeconds) form.set('ValidityPeriod', String(Math.min(36_000, Math.max(1, Math.round(msg.ttlSeconds)))));
    const credentials = Buffer.from(`${config.accountId}:${config.authToken}`).toString('base64');
    return {
      url: `${config.baseUrl.replace(/\/+$/, '')}/2010-04-01/Accounts/${encodeURIComponent(config.accountId ?? '')}/Messages.json`,
      headers: { authorization: `Basic ${credentials}`, 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: form.toString(),
    };
  },
  readAccepted(_config, body) {
    const parsed = twilioCreated.safeParse(parseJson(body));
    if (!parsed.success) return null;
    const parts = Number(parsed.data.num_segments);
    return { providerMessageId: parsed.data.sid, ...(parts > 0 ? { parts } : {}) };
  },
  explainFailure(httpStatus, body) {
    const parsed = twilioError.safeParse(parseJson(body));
    if (!parsed.success) return { detail: `HTTP ${httpStatus} ${clip(body)}`.trim() };
    const { code, message } = parsed.data;
    return { reason: ownValue(twilioPermanentCodes, String(code)), detail: `twilio ${code}: ${clip(message)}` };
  },
  verifyWebhook(config, url, headers, rawBody) {
    const given = header(headers, 'x-twilio-signature');
    if (!given) return false;
    return safeEqual(given, twilioSignature(config.authToken, url, new URLSearchParams(rawBody)));
  },
  parseReceipt(_config, body) {
    const parsed = twilioCallback.safeParse(formFields(body));
    if (!parsed.success) throw malformed(parsed.error.issues);
    const status = ownValue(twilioFinalStatus, parsed.data.MessageStatus);
    if (!status) return null;
    const code = parsed.data.ErrorCode;
    const error = status === 'failed' ? `twilio ${parsed.data.MessageStatus}${code ? ` ${code}` : ''}` : undefined;
    return { providerMessageId: parsed.data.MessageSid, status, ...(error ? { error } : {}) };
  },
  takesInbound: () => true,
  parseInbound(_config, body) {
    const parsed = twilioInbound.safeParse(formFields(body));
    if (!parsed.success) throw malformedInbound(parsed.error.issues);
    const { MessageSid, From, To, Body } = parsed.data;
    return { providerMessageId: MessageSid, from: normalizeSender(From), to: To, text: Body };
  },
  // empty TwiML: received, and no automatic answer (replies are staff's, through the delivery engine)
  inboundAnswer: { status: 200, contentType: 'text/xml', body: '<?xml version="1.0" encoding="UTF-8"?><Response></Response>' },
};

// ---- generic JSON provider, described entirely by config.generic ------------------------------------

function genericOf(config: HttpSmsConfig): NonNullable<HttpSmsConfig['generic']> {
  if (!config.generic) throw new Error('generic-json mapping without a generic block; validate config with HttpSmsConfig');
  return config.generic;
}

/** One pass, so a text that itself contains "{to}" is sent as written. */
function fillTemplate(template: string, values: Record<string, string>): string {
  return template.replace(/\{(to|text|from|id)\}/g, (_, key: string) => values[key] ?? '');
}

export const genericJsonMapping: SmsMapping = {
  buildRequest(config, msg) {
    const generic = genericOf(config);
    const values: Record<string, string> = { to: msg.to, text: msg.text, from: msg.from ?? config.from, id: msg.deliveryId };
    const body = Object.fromEntries(Object.entries(generic.bodyTemplate).map(([k, v]) => [k, fillTemplate(v, values)]));
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      accept: 'application/json',
      // the delivery row id: a provider that honours the header turns our retry into a no-op
      'idempotency-key': msg.deliveryId,
    };
    if (generic.authHeader === 'bearer') headers.authorization = `Bearer ${config.authToken}`;
    if (generic.authHeader === 'basic') headers.authorization = `Basic ${Buffer.from(`${config.accountId}:${config.authToken}`).toString('base64')}`;
    return { url: `${config.baseUrl.replace(/\/+$/, '')}${generic.path}`, headers, body: JSON.stringify(body) };
  },
  readAccepted(config, body) {
    const id = readPath(parseJson(body), genericOf(config).messageIdPath);
    return id ? { providerMessageId: id } : null;
  },
  explainFailure(httpStatus, body) {
    return { detail: `HTTP ${httpStatus} ${clip(body)}`.trim() };
  },
  verifyWebhook(config, _url, headers, rawBody) {
    const { signature } = genericOf(config).receipt;
    const given = header(headers, signature.header);
    if (!given) return false;
    const key = config.webhookSecret ?? config.authToken;
    if (signature.kind === 'shared-secret') return safeEqual(given, key);
    const expected = createHmac('sha256', key).update(rawBody, 'utf8').digest('hex');
    // some providers prefix the digest with its algorithm; hex case is not significant
    return safeEqual(given.replace(/^sha256=/i, '').toLowerCase(), expected);
  },
  parseReceipt(config, body) {
    const { receipt } = genericOf(config);
    const json = typeof body === 'string' || Buffer.isBuffer(body) ? parseJson(body.toString('utf8')) : body;
    if (json === null || typeof json !== 'object') throw malformed([{ path: [], message: 'must be a JSON object' }]);
    const id = readPath(json, receipt.idField);
    const providerStatus = readPath(json, receipt.statusField);
    const issues = [
      ...(id ? [] : [{ path: receipt.idField.split('.'), message: 'message id missing' }]),
      ...(providerStatus ? [] : [{ path: receipt.statusField.split('.'), message: 'status missing' }]),
    ];
    if (!id || !providerStatus) throw malformed(issues);
    // a status the map does not name is treated like 'ignore': new intermediate states must not fail webhooks
    const outcome = ownValue(receipt.statusMap, providerStatus);
    if (!outcome || outcome === 'ignore') return null;
    return { providerMessageId: id, status: outcome, ...(outcome === 'delivered' ? {} : { error: `provider status ${providerStatus}` }) };
  },
  takesInbound: (config) => Boolean(config.generic?.inbound),
  parseInbound(config, body) {
    const fields = genericOf(config).inbound;
    if (!fields) throw new Error('generic-json provider without an inbound block; check takesInbound first');
    const json = typeof body === 'string' || Buffer.isBuffer(body) ? parseJson(body.toString('utf8')) : body;
    if (json === null || typeof json !== 'object') throw malformedInbound([{ path: [], message: 'must be a JSON object' }]);
    const read = (path: string) => readPath(json, path);
    const values = { id: read(fields.idField), from: read(fields.fromField), to: read(fields.toField), text: readText(json, fields.textField) };
    const issues = [
      ...(values.id ? [] : [{ path: fields.idField.split('.'), message: 'message id missing' }]),
      ...(values.from ? [] : [{ path: fields.fromField.split('.'), message: 'sender missing' }]),
      ...(values.to ? [] : [{ path: fields.toField.split('.'), message: 'recipient missing' }]),
      ...(values.text === undefined ? [{ path: fields.textField.split('.'), message: 'text missing' }] : []),
      ...((values.text?.length ?? 0) > MAX_INBOUND_TEXT ? [{ path: fields.textField.split('.'), message: `longer than ${MAX_INBOUND_TEXT} characters` }] : []),
    ];
    if (issues.length || !values.id || !values.from || !values.to || values.text === undefined) throw malformedInbound(issues);
    return { providerMessageId: values.id, from: normalizeSender(values.from), to: values.to, text: values.text };
  },
  inboundAnswer: { status: 204 },
};

/** Like readPath, but an empty text is a text (a resident can send an empty SMS). */
function readText(json: unknown, path: string): string | undefined {
  let node: unknown = json;
  for (const key of path.split('.')) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return typeof node === 'string' ? node : undefined;
}

export const mappings: Record<HttpSmsConfig['mapping'], SmsMapping> = { twilio: twilioMapping, 'generic-json': genericJsonMapping };

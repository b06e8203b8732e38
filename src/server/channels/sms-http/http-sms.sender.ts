// SMS over an HTTP provider API: the transport (fetch, timeout, error classification) and the receipt
// webhook functions. What a request and an answer look like is the mapping's business (mappings.ts).
import type { Logger } from '../../platform/logger.ts';
import type { ChannelEvents, ChannelSender, InboundMessage, OutgoingMessage, Receipt, SendResult } from '../types.ts';
import { HttpSmsConfig, type InboundAnswer, MalformedReceiptError, mappings, type WebhookHeaders } from './mappings.ts';

const defaultTimeoutMs = 10_000;
const defaultConcurrency = 10;
/** When a provider throttles without saying for how long. */
const defaultRetryAfterMs = 1_000;
const maxRetryAfterMs = 60 * 60 * 1000;

export interface HttpSmsSenderOptions {
  /** The provider row id; receipts carry it. */
  providerId: string;
  /** Parsed again here, so a stored row that no longer validates fails at start-up, not per message. */
  config: HttpSmsConfig;
  events: ChannelEvents;
  log: Pick<Logger, 'warn' | 'info' | 'debug'>;
  concurrency?: number;
}

export interface ReceiptWebhookRequest {
  /** The full public URL the provider called, query included, exactly as given to the provider. */
  url: string;
  headers: WebhookHeaders;
  /** The body bytes as received; signatures are computed over them, never over a re-serialised body. */
  rawBody: string | Buffer;
}

/** What the route answers: accepted/ignored → 2xx, unauthenticated → 401, malformed → 400. */
export type ReceiptWebhookOutcome = 'accepted' | 'ignored' | 'unauthenticated' | 'malformed';

export interface HttpSmsSender extends ChannelSender {
  /** Verify, parse and report one receipt webhook to `events.receipt`; refused webhooks change nothing. */
  receiveReceiptWebhook(req: ReceiptWebhookRequest): Promise<ReceiptWebhookOutcome>;
}

export function createHttpSmsSender(options: HttpSmsSenderOptions): HttpSmsSender {
  const { providerId, events, log } = options;
  const config = HttpSmsConfig.parse(options.config);
  const mapping = mappings[config.mapping];
  const timeoutMs = config.timeoutMs ?? defaultTimeoutMs;
  const inFlight = new Set<Promise<SendResult>>();
  let closed = false;

  async function attempt(msg: OutgoingMessage & { to: string }): Promise<SendResult> {
    const request = mapping.buildRequest(config, msg);
    let response: Response;
    let body: string;
    try {
      // the timeout covers the body too: a provider that sends headers and then stalls is a timeout
      const signal = AbortSignal.timeout(timeoutMs);
      response = await fetch(request.url, { method: 'POST', headers: request.headers, body: request.body, signal, redirect: 'manual' });
      body = await response.text();
    } catch (err) {
      const timedOut = err instanceof Error && err.name === 'TimeoutError';
      const error = timedOut ? `timeout: no answer within ${timeoutMs} ms` : `network_error: ${describe(err)}`;
      log.warn({ providerId, deliveryId: msg.deliveryId, error }, 'sms-http: provider unreachable');
      return { ok: false, permanent: false, error };
    }
    const result = classify(response, body);
    if (!result.ok) {
      log.warn({ providerId, deliveryId: msg.deliveryId, httpStatus: response.status, error: result.error }, 'sms-http: send not accepted');
    }
    return result;
  }

  function classify(response: Response, body: string): SendResult {
    const { status } = response;
    if (status >= 200 && status < 300) {
      const accepted = mapping.readAccepted(config, body);
      // the provider may have taken the message; a retry is the lesser harm than a silent loss
      if (!accepted) return { ok: false, permanent: false, error: `garbage_response: HTTP ${status} without a readable message id` };
      return { ok: true, providerMessageId: accepted.providerMessageId, ...(accepted.parts ? { parts: accepted.parts } : {}) };
    }
    const { reason, detail } = mapping.explainFailure(status, body);
    if (status === 429) {
      return { ok: false, permanent: false, error: `throttled: ${detail}`, retryAfterMs: retryAfterMs(response.headers.get('retry-after')) };
    }
    // wrong credentials or a moved endpoint will not heal by retrying; the engine should pause the provider
    if (status === 401 || status === 403) return { ok: false, permanent: true, error: `provider_auth_failed: ${detail}` };
    if (status >= 300 && status < 400) return { ok: false, permanent: true, error: `provider_misconfigured: redirect, check baseUrl (${detail})` };
    if (status === 408) return { ok: false, permanent: false, error: `timeout: ${detail}` };
    if (status >= 400 && status < 500) return { ok: false, permanent: true, error: `${reason ?? 'rejected'}: ${detail}` };
    return { ok: false, permanent: false, error: `provider_error: ${detail}` };
  }

  return {
    kind: 'sms',
    providerId,
    concurrency: options.concurrency ?? defaultConcurrency,
    receipts: true,
    async send(msg) {
      if (closed) return { ok: false, permanent: false, error: 'adapter_closed: the sender is shutting down' };
      if (msg.channel !== 'sms' || typeof msg.to !== 'string') {
        return { ok: false, permanent: true, error: 'unsupported_target: the HTTP SMS adapter sends only SMS to a phone number' };
      }
      const to = msg.to;
      const pending = attempt({ ...msg, to }).catch((err: unknown): SendResult => {
        // a bug in a mapping must cost a retry, not crash the batch
        log.warn({ providerId, deliveryId: msg.deliveryId, err }, 'sms-http: unexpected failure');
        return { ok: false, permanent: false, error: `internal: ${describe(err)}` };
      });
      inFlight.add(pending);
      try {
        return await pending;
      } finally {
        inFlight.delete(pending);
      }
    },
    async close() {
      // let in-flight requests finish (bounded by timeoutMs): aborting them would turn accepted sends into retries
      closed = true;
      await Promise.allSettled([...inFlight]);
    },
    async receiveReceiptWebhook(req) {
      if (!verifyReceiptWebhook({ config, ...req })) {
        log.warn({ providerId, url: req.url }, 'sms-http: receipt webhook refused, signature does not match');
        return 'unauthenticated';
      }
      let receipt: Receipt | null;
      try {
        receipt = parseReceiptWebhook({ providerId, config, body: req.rawBody });
      } catch (err) {
        if (!(err instanceof MalformedReceiptError)) throw err;
        log.warn({ providerId, errors: err.errors }, 'sms-http: receipt webhook refused, body malformed');
        return 'malformed';
      }
      if (!receipt) return 'ignored';
      await events.receipt(receipt);
      return 'accepted';
    },
  };
}

/** True when the webhook really comes from the provider (constant-time comparison). */
export function verifyReceiptWebhook(input: { config: HttpSmsConfig } & ReceiptWebhookRequest): boolean {
  const rawBody = typeof input.rawBody === 'string' ? input.rawBody : input.rawBody.toString('utf8');
  return mappings[input.config.mapping].verifyWebhook(input.config, input.url, input.headers, rawBody);
}

/**
 * Reads a verified webhook body (raw string/Buffer, or an object a body parser already made).
 * Returns null for statuses that are not final; throws MalformedReceiptError for unreadable input.
 */
export function parseReceiptWebhook(input: { providerId: string; config: HttpSmsConfig; body: unknown; now?: Date }): Receipt | null {
  const read = mappings[input.config.mapping].parseReceipt(input.config, input.body);
  if (!read) return null;
  // neither shape carries a trustworthy event time, so the arrival time stands in
  return { providerId: input.providerId, ...read, at: input.now ?? new Date() };
}

/** Inbound webhooks are signed exactly like receipts (Twilio's scheme, or the generic receipt.signature). */
export const verifyInboundWebhook = verifyReceiptWebhook;

/** Whether the provider is set up to hand us inbound messages (Twilio always; generic-json with an inbound block). */
export const takesInboundWebhooks = (config: HttpSmsConfig): boolean => mappings[config.mapping].takesInbound(config);

/** The answer the provider expects once the message is stored (Twilio: empty TwiML; generic: 204). */
export const inboundWebhookAnswer = (config: HttpSmsConfig): InboundAnswer => mappings[config.mapping].inboundAnswer;

/**
 * Reads a verified inbound webhook (raw body, or an object a body parser made) into the engine's message. The
 * provider's id goes to raw.providerMessageId, so a retried webhook is stored once. Throws MalformedInboundError.
 */
export function parseInboundWebhook(input: { providerId: string; config: HttpSmsConfig; body: unknown; now?: Date }): InboundMessage {
  const sms = mappings[input.config.mapping].parseInbound(input.config, input.body);
  return {
    providerId: input.providerId,
    channel: 'sms',
    from: sms.from,
    to: sms.to,
    text: sms.text,
    at: input.now ?? new Date(),
    raw: { providerMessageId: sms.providerMessageId, via: input.config.mapping },
  };
}

/** Retry-After is either delay-seconds or an HTTP date (RFC 9110 §10.2.3). */
export function retryAfterMs(value: string | null, now = Date.now()): number {
  if (!value) return defaultRetryAfterMs;
  const trimmed = value.trim();
  const ms = /^\d+$/.test(trimmed) ? Number(trimmed) * 1000 : Date.parse(trimmed) - now;
  if (!Number.isFinite(ms)) return defaultRetryAfterMs;
  return Math.min(maxRetryAfterMs, Math.max(0, ms));
}

function describe(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  // undici hides the socket error (ECONNREFUSED, …) in `cause`
  const cause = err.cause instanceof Error ? `: ${err.cause.message}` : '';
  return `${err.message}${cause}`;
}

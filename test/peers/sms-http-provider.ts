// A local HTTP server speaking Twilio's documented Programmable Messaging API (POST
// /2010-04-01/Accounts/{AccountSid}/Messages.json, form body, Basic auth, JSON answers and error objects,
// signed status callbacks, and incoming-message webhooks a resident's SMS triggers), because the real service cannot be
// reached from here. Written from the public API reference, not from Twilio code. It also serves a tiny generic JSON
// provider at /generic/send (and posts its inbound messages as signed JSON), and switches to answer garbage, 500, 429
// or nothing at all for fault tests.
import { createHmac, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type SmsHttpFault = 'garbage' | 'no-id' | '500' | '429' | 'hang';

export interface SmsHttpProviderOptions {
  callbackDelayMs?: number;
  /** Statuses sent to StatusCallback, in order; numbers in `undeliverable` get 'undelivered' as the last one. */
  callbackStatuses?: string[];
  undeliverable?: string[];
  /** Where the generic provider posts its receipts (JSON, hex HMAC-SHA256 of the body in X-Signature). */
  genericCallbackUrl?: string;
}

export interface InboundSmsOptions {
  from: string;
  to: string;
  body: string;
  /** The provider's message id; give the same one again to replay a webhook as a provider's retry does. */
  sid?: string;
  /** 'twilio' (form fields, X-Twilio-Signature) or 'generic' (JSON, hex HMAC-SHA256 of the body in X-Signature). */
  via?: 'twilio' | 'generic';
  /** Sign with this key instead of the auth token (a forged webhook). */
  signingKey?: string;
  /** Further attempts after a non-2xx answer or a network error, with the same id (default 0). */
  retries?: number;
}

export interface InboundSmsResult {
  sid: string;
  /** The last answer's status ('error' when the connection failed). */
  httpStatus: number | 'error';
  responseBody: string;
  attempts: number;
}

export interface SmsHttpProvider {
  baseUrl: string;
  accountSid: string;
  authToken: string;
  messages: Array<{ to: string; from: string; body: string; sid: string; via: 'twilio' | 'generic'; idempotencyKey?: string }>;
  /** Every callback the peer posted, with the answer it got. */
  callbacks: Array<{ url: string; status: string; httpStatus: number | 'error' }>;
  /** Inbound webhooks the peer posted, with their final answers. */
  inbound: InboundSmsResult[];
  /** A resident's SMS reaches the provider: it posts the incoming-message webhook to `url`, signed as the real one does. */
  sendInbound(url: string, msg: InboundSmsOptions): Promise<InboundSmsResult>;
  setFault(kind: SmsHttpFault | null): void;
  close(): Promise<void>;
}

const e164 = /^\+[1-9]\d{1,14}$/;
const hex = (bytes: number) => randomBytes(bytes).toString('hex');

export async function startSmsHttpProvider(opts: SmsHttpProviderOptions = {}): Promise<SmsHttpProvider> {
  const accountSid = `AC${hex(16)}`;
  const authToken = hex(16);
  const delay = opts.callbackDelayMs ?? 20;
  const messages: SmsHttpProvider['messages'] = [];
  const callbacks: SmsHttpProvider['callbacks'] = [];
  const timers = new Set<NodeJS.Timeout>();
  const byIdempotencyKey = new Map<string, string>();
  let fault: SmsHttpFault | null = null;

  const json = (res: ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  };
  const twilioError = (res: ServerResponse, status: number, code: number, message: string) =>
    json(res, status, { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status });

  /** Answers the fault, if one is set; true when the request is taken care of. */
  function answerFault(res: ServerResponse): boolean {
    if (fault === 'hang') return true; // never answer; close() destroys the socket
    if (fault === 'garbage') res.writeHead(200, { 'content-type': 'application/json' }).end('<html>upstream proxy says hi');
    if (fault === 'no-id') json(res, 201, { status: 'queued' });
    if (fault === '500') twilioError(res, 500, 20500, 'Internal Server Error');
    if (fault === '429') {
      res.setHeader('retry-after', '2');
      twilioError(res, 429, 20429, 'Too Many Requests');
    }
    return fault !== null;
  }

  function later(fn: () => Promise<void>, ms: number) {
    const timer = setTimeout(() => {
      timers.delete(timer);
      void fn();
    }, ms);
    timers.add(timer);
  }

  async function post(url: string, status: string, body: string, headers: Record<string, string>) {
    try {
      const res = await fetch(url, { method: 'POST', headers, body });
      callbacks.push({ url, status, httpStatus: res.status });
    } catch {
      callbacks.push({ url, status, httpStatus: 'error' });
    }
  }

  function scheduleTwilioCallbacks(url: string, msg: { sid: string; to: string; from: string }) {
    const statuses = [...(opts.callbackStatuses ?? ['sent', 'delivered'])];
    const failed = opts.undeliverable?.includes(msg.to);
    if (failed) statuses.splice(statuses.length - 1, 1, 'undelivered');
    statuses.forEach((status, i) => {
      const params = new URLSearchParams({
        AccountSid: accountSid,
        ApiVersion: '2010-04-01',
        From: msg.from,
        MessageSid: msg.sid,
        MessageStatus: status,
        SmsSid: msg.sid,
        SmsStatus: status,
        To: msg.to,
      });
      if (status === 'undelivered') params.set('ErrorCode', '30003');
      // sent one after another, so they arrive in order as Twilio's do in the common case
      later(
        () => post(url, status, params.toString(), { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': sign(url, params) }),
        delay * (i + 1),
      );
    });
  }

  /** Twilio's documented scheme: HMAC-SHA1 over the URL plus name+value of every parameter sorted by name. */
  function sign(url: string, params: URLSearchParams, key = authToken): string {
    const sorted = [...params.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return createHmac('sha1', key)
      .update(url + sorted.map(([k, v]) => k + v).join(''))
      .digest('base64');
  }

  function handleTwilio(req: IncomingMessage, res: ServerResponse, raw: string, pathSid: string) {
    const expected = `Basic ${Buffer.from(`${accountSid}:${authToken}`).toString('base64')}`;
    if (req.headers.authorization !== expected || pathSid !== accountSid) return twilioError(res, 401, 20003, 'Authenticate');
    if (!req.headers['content-type']?.startsWith('application/x-www-form-urlencoded')) {
      return twilioError(res, 400, 20001, 'Content-Type must be application/x-www-form-urlencoded');
    }
    const form = new URLSearchParams(raw);
    const to = form.get('To') ?? '';
    const from = form.get('From') ?? form.get('MessagingServiceSid') ?? '';
    const body = form.get('Body') ?? '';
    if (!e164.test(to)) return twilioError(res, 400, 21211, `The 'To' number ${to} is not a valid phone number.`);
    if (!from) return twilioError(res, 400, 21603, "A 'From' or 'MessagingServiceSid' parameter is required to send a message.");
    if (!body) return twilioError(res, 400, 21602, 'Message body is required.');
    if (answerFault(res)) return;
    const sid = `SM${hex(16)}`;
    messages.push({ to, from, body, sid, via: 'twilio' });
    const created = new Date().toUTCString();
    json(res, 201, {
      account_sid: accountSid,
      api_version: '2010-04-01',
      body,
      date_created: created,
      date_updated: created,
      direction: 'outbound-api',
      error_code: null,
      error_message: null,
      from,
      num_segments: String(Math.max(1, Math.ceil(body.length / 153))),
      sid,
      status: 'queued',
      to,
      uri: `/2010-04-01/Accounts/${accountSid}/Messages/${sid}.json`,
    });
    const callback = form.get('StatusCallback');
    if (callback) scheduleTwilioCallbacks(callback, { sid, to, from });
  }

  function handleGeneric(req: IncomingMessage, res: ServerResponse, raw: string) {
    if (req.headers.authorization !== `Bearer ${authToken}`) return json(res, 401, { error: 'unauthorized' });
    let payload: { to?: unknown; text?: unknown; sender?: unknown };
    try {
      payload = JSON.parse(raw);
    } catch {
      return json(res, 400, { error: 'invalid_json' });
    }
    const { to, text, sender } = payload;
    if (typeof to !== 'string' || !e164.test(to)) return json(res, 422, { error: 'invalid_recipient' });
    if (typeof text !== 'string' || typeof sender !== 'string') return json(res, 422, { error: 'text_and_sender_required' });
    if (answerFault(res)) return;
    const key = typeof req.headers['idempotency-key'] === 'string' ? req.headers['idempotency-key'] : undefined;
    const known = key ? byIdempotencyKey.get(key) : undefined;
    if (known) return json(res, 200, { data: { message: { id: known, state: 'accepted' } } });
    const id = `gen-${hex(8)}`;
    if (key) byIdempotencyKey.set(key, id);
    messages.push({ to, from: sender, body: text, sid: id, via: 'generic', ...(key ? { idempotencyKey: key } : {}) });
    json(res, 202, { data: { message: { id, state: 'accepted' } } });
    const callbackUrl = opts.genericCallbackUrl;
    if (callbackUrl) {
      const receipt = JSON.stringify({ event: { messageId: id, state: opts.undeliverable?.includes(to) ? 'UNDELIV' : 'DELIVRD' } });
      const signature = createHmac('sha256', authToken).update(receipt).digest('hex');
      later(() => post(callbackUrl, 'receipt', receipt, { 'content-type': 'application/json', 'x-signature': signature }), delay);
    }
  }

  const inbound: InboundSmsResult[] = [];

  /** The request a provider makes when a resident's SMS arrives: Twilio's incoming-message fields, or generic JSON. */
  function inboundRequest(url: string, msg: InboundSmsOptions, sid: string): { body: string; headers: Record<string, string> } {
    const key = msg.signingKey ?? authToken;
    if (msg.via === 'generic') {
      const body = JSON.stringify({ inbound: { id: sid, sender: msg.from, recipient: msg.to, content: msg.body, receivedAt: new Date().toISOString() } });
      return { body, headers: { 'content-type': 'application/json', 'x-signature': createHmac('sha256', key).update(body).digest('hex') } };
    }
    const params = new URLSearchParams({
      ToCountry: 'DE',
      ToState: '',
      SmsMessageSid: sid,
      NumMedia: '0',
      SmsSid: sid,
      SmsStatus: 'received',
      Body: msg.body,
      FromCountry: 'DE',
      To: msg.to,
      NumSegments: String(Math.max(1, Math.ceil(msg.body.length / 153))),
      MessageSid: sid,
      AccountSid: accountSid,
      From: msg.from,
      ApiVersion: '2010-04-01',
    });
    return { body: params.toString(), headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': sign(url, params, key) } };
  }

  async function sendInbound(url: string, msg: InboundSmsOptions): Promise<InboundSmsResult> {
    const sid = msg.sid ?? (msg.via === 'generic' ? `gen-in-${hex(8)}` : `SM${hex(16)}`);
    const request = inboundRequest(url, msg, sid);
    const result: InboundSmsResult = { sid, httpStatus: 'error', responseBody: '', attempts: 0 };
    for (let left = msg.retries ?? 0; ; left--) {
      result.attempts += 1;
      try {
        const res = await fetch(url, { method: 'POST', headers: request.headers, body: request.body });
        result.httpStatus = res.status;
        result.responseBody = await res.text();
      } catch {
        result.httpStatus = 'error';
        result.responseBody = '';
      }
      const ok = typeof result.httpStatus === 'number' && result.httpStatus >= 200 && result.httpStatus < 300;
      if (ok || left <= 0) break;
    }
    inbound.push(result);
    return result;
  }

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      const url = new URL(req.url ?? '/', 'http://peer');
      const twilioPath = /^\/2010-04-01\/Accounts\/([^/]+)\/Messages\.json$/.exec(url.pathname);
      if (req.method === 'POST' && twilioPath) return handleTwilio(req, res, raw, decodeURIComponent(twilioPath[1]));
      if (req.method === 'POST' && url.pathname === '/generic/send') return handleGeneric(req, res, raw);
      json(res, 404, { code: 20404, message: 'The requested resource was not found', status: 404 });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    baseUrl: `http://127.0.0.1:${port}`,
    accountSid,
    authToken,
    messages,
    callbacks,
    inbound,
    sendInbound,
    setFault(kind) {
      fault = kind;
    },
    async close() {
      for (const timer of timers) clearTimeout(timer);
      server.closeAllConnections(); // includes requests left hanging on purpose
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

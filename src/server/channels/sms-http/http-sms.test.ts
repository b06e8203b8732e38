// The HTTP SMS adapter against a local server that speaks Twilio's documented Messages API (and a small
// generic JSON provider): sends, fault handling, and signed receipt webhooks end to end.
import { createHmac, randomUUID } from 'node:crypto';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type SmsHttpProvider, startSmsHttpProvider } from '../../../../test/peers/sms-http-provider.ts';
import { createLogger } from '../../platform/logger.ts';
import type { ChannelEvents, OutgoingMessage, Receipt } from '../types.ts';
import { createHttpSmsSender, HttpSmsConfig, MalformedReceiptError, parseReceiptWebhook, verifyReceiptWebhook } from './index.ts';

interface Hook {
  url: string;
  headers: IncomingHttpHeaders;
  rawBody: string;
}

/** Stands in for the engine's public webhook route: records what the provider posted. */
async function startHookReceiver() {
  const hooks: Hook[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      hooks.push({ url: `${base}${req.url}`, headers: req.headers, rawBody: Buffer.concat(chunks).toString('utf8') });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { base, hooks, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

async function waitFor<T>(find: () => T | undefined, timeoutMs = 3000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const found = find();
    if (found !== undefined) return found;
    if (Date.now() > until) throw new Error('waited in vain');
    await new Promise((r) => setTimeout(r, 10));
  }
}

const undeliverable = '+4915100000000';
const log = createLogger('silent');
const receipts: Receipt[] = [];
const events: ChannelEvents = { receipt: async (r) => void receipts.push(r), inbound: async () => {}, bounce: async () => {} };
let peer: SmsHttpProvider;
let receiver: Awaited<ReturnType<typeof startHookReceiver>>;

beforeAll(async () => {
  receiver = await startHookReceiver();
  peer = await startSmsHttpProvider({ callbackDelayMs: 10, undeliverable: [undeliverable], genericCallbackUrl: `${receiver.base}/hooks/generic` });
});
afterEach(() => peer.setFault(null));
afterAll(async () => {
  await peer.close();
  await receiver.close();
});

const sms = (over: Partial<OutgoingMessage> = {}): OutgoingMessage => ({
  deliveryId: randomUUID(),
  tenantId: 'musterstadt',
  channel: 'sms',
  to: '+4915112345678',
  text: 'Musterstadt: Die Hauptstraße ist morgen ab 7 Uhr gesperrt.',
  ...over,
});

const twilio = (over: Partial<HttpSmsConfig> = {}): HttpSmsConfig => ({
  mapping: 'twilio',
  baseUrl: peer.baseUrl,
  accountId: peer.accountSid,
  authToken: peer.authToken,
  from: 'Musterstadt',
  statusCallbackUrl: `${receiver.base}/hooks/sms?tenant=musterstadt`,
  timeoutMs: 2000,
  ...over,
});
const sender = (config: HttpSmsConfig) => createHttpSmsSender({ providerId: 'prov-1', config, events, log });

/** The delivered (or other) callback for one message, as the webhook route would have received it. */
const callbackFor = (sid: string, status: string) =>
  waitFor(() =>
    receiver.hooks.find((h) => new URLSearchParams(h.rawBody).get('MessageSid') === sid && new URLSearchParams(h.rawBody).get('MessageStatus') === status),
  );

describe('Twilio mapping: sending', () => {
  it('a message reaches the provider with the number, sender, text and the account credentials', async () => {
    const msg = sms();
    const result = await sender(twilio()).send(msg);
    expect(result).toMatchObject({ ok: true, parts: 1 });
    const sid = result.ok ? result.providerMessageId : null;
    expect(sid).toMatch(/^SM[0-9a-f]{32}$/);
    expect(peer.messages.find((m) => m.sid === sid)).toMatchObject({ to: msg.to, from: 'Musterstadt', body: msg.text });
  });

  it('a wrong auth token fails permanently as a provider misconfiguration', async () => {
    const result = await sender(twilio({ authToken: 'wrong' })).send(sms());
    expect(result).toMatchObject({ ok: false, permanent: true, error: expect.stringMatching(/^provider_auth_failed: twilio 20003/) });
  });

  it('an invalid number fails permanently with the reason', async () => {
    const result = await sender(twilio()).send(sms({ to: '0151-1234' }));
    expect(result).toMatchObject({ ok: false, permanent: true, error: expect.stringMatching(/^invalid_number: twilio 21211: The 'To' number/) });
  });

  it('a server error at the provider is transient', async () => {
    peer.setFault('500');
    expect(await sender(twilio()).send(sms())).toMatchObject({ ok: false, permanent: false, error: expect.stringMatching(/^provider_error: twilio 20500/) });
  });

  it('a 2xx answer that is garbage or lacks the message id is transient, not a crash', async () => {
    for (const fault of ['garbage', 'no-id'] as const) {
      peer.setFault(fault);
      expect(await sender(twilio()).send(sms())).toMatchObject({ ok: false, permanent: false, error: expect.stringMatching(/^garbage_response/) });
    }
  });

  it('a provider that never answers costs a transient failure after timeoutMs', async () => {
    peer.setFault('hang');
    const started = Date.now();
    const result = await sender(twilio({ timeoutMs: 300 })).send(sms());
    expect(result).toMatchObject({ ok: false, permanent: false, error: 'timeout: no answer within 300 ms' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    expect(Date.now() - started).toBeLessThan(1500);
  });

  it("throttling (429) is transient and carries the provider's Retry-After", async () => {
    peer.setFault('429');
    expect(await sender(twilio()).send(sms())).toMatchObject({ ok: false, permanent: false, retryAfterMs: 2000 });
  });

  it('an unreachable provider is transient', async () => {
    const gone = await startHookReceiver();
    await gone.close(); // its port is now closed
    const result = await sender(twilio({ baseUrl: gone.base })).send(sms());
    expect(result).toMatchObject({ ok: false, permanent: false, error: expect.stringMatching(/^network_error/) });
  });

  it('close waits for a send in flight instead of abandoning it', async () => {
    const s = sender(twilio());
    const pending = s.send(sms());
    await s.close();
    expect(await pending).toMatchObject({ ok: true });
    expect(await s.send(sms())).toMatchObject({ ok: false, permanent: false, error: expect.stringMatching(/^adapter_closed/) });
  });
});

describe('Twilio mapping: status callbacks', () => {
  it('a genuine status callback verifies and parses to delivered; the earlier "sent" is not final', async () => {
    const config = twilio();
    const result = await sender(config).send(sms());
    const sid = result.ok ? result.providerMessageId! : '';
    const delivered = await callbackFor(sid, 'delivered');
    expect(verifyReceiptWebhook({ config, ...delivered })).toBe(true);
    const at = new Date('2026-05-04T10:00:00Z');
    expect(parseReceiptWebhook({ providerId: 'prov-1', config, body: delivered.rawBody, now: at })).toEqual({
      providerId: 'prov-1',
      providerMessageId: sid,
      status: 'delivered',
      at,
    });
    const sent = await callbackFor(sid, 'sent');
    expect(verifyReceiptWebhook({ config, ...sent })).toBe(true);
    expect(parseReceiptWebhook({ providerId: 'prov-1', config, body: sent.rawBody })).toBeNull();
  });

  it('an undelivered message yields a failed receipt with the error code', async () => {
    const config = twilio();
    const result = await sender(config).send(sms({ to: undeliverable }));
    const hook = await callbackFor(result.ok ? result.providerMessageId! : '', 'undelivered');
    expect(verifyReceiptWebhook({ config, ...hook })).toBe(true);
    expect(parseReceiptWebhook({ providerId: 'prov-1', config, body: hook.rawBody })).toMatchObject({ status: 'failed', error: 'twilio undelivered 30003' });
  });

  it('a callback with a changed status, another URL or a wrong signature fails verification', async () => {
    const config = twilio();
    const result = await sender(config).send(sms());
    const hook = await callbackFor(result.ok ? result.providerMessageId! : '', 'sent');
    expect(verifyReceiptWebhook({ config, ...hook, rawBody: hook.rawBody.replace(/Status=sent/g, 'Status=delivered') })).toBe(false);
    expect(verifyReceiptWebhook({ config, ...hook, url: hook.url.replace('musterstadt', 'elsewhere') })).toBe(false);
    expect(verifyReceiptWebhook({ config, ...hook, headers: { ...hook.headers, 'x-twilio-signature': 'AAAAAAAAAAAAAAAAAAAAAAAAAAA=' } })).toBe(false);
    expect(verifyReceiptWebhook({ config, ...hook, headers: {} })).toBe(false);
    expect(verifyReceiptWebhook({ config: twilio({ authToken: 'other-token' }), ...hook })).toBe(false);
  });

  it('a malformed callback body is rejected by the parser with the field at fault', () => {
    const config = twilio();
    const parse = (body: unknown) => () => parseReceiptWebhook({ providerId: 'prov-1', config, body });
    expect(parse('MessageStatus=delivered')).toThrow(MalformedReceiptError);
    expect(parse({ MessageSid: 'SM-not-a-sid', MessageStatus: 'delivered' })).toThrow(MalformedReceiptError);
    let caught: unknown;
    try {
      parse('MessageSid=SMxyz&MessageStatus=delivered')();
    } catch (err) {
      caught = err;
    }
    expect(caught).toMatchObject({ code: 'validation_failed', status: 400, errors: [{ pointer: '/body/MessageSid' }] });
  });

  it('the sender reports verified receipts to the engine and refuses forged or malformed ones', async () => {
    const config = twilio();
    const s = sender(config);
    const result = await s.send(sms());
    const sid = result.ok ? result.providerMessageId! : '';
    const hook = await callbackFor(sid, 'delivered');
    expect(await s.receiveReceiptWebhook({ ...hook, rawBody: hook.rawBody.replace('Status=delivered', 'Status=failed') })).toBe('unauthenticated');
    expect(receipts.some((r) => r.providerMessageId === sid)).toBe(false);
    expect(await s.receiveReceiptWebhook(hook)).toBe('accepted');
    expect(receipts.filter((r) => r.providerMessageId === sid)).toMatchObject([{ providerId: 'prov-1', status: 'delivered' }]);
    // correctly signed but unreadable: refused as malformed, not as forged
    const rawBody = 'MessageStatus=delivered';
    const signature = createHmac('sha1', peer.authToken).update(`${hook.url}MessageStatusdelivered`).digest('base64');
    expect(await s.receiveReceiptWebhook({ url: hook.url, headers: { 'x-twilio-signature': signature }, rawBody })).toBe('malformed');
  });
});

describe('generic JSON mapping', () => {
  const generic = (
    signature: NonNullable<HttpSmsConfig['generic']>['receipt']['signature'] = { kind: 'hmac-sha256', header: 'X-Signature' },
  ): HttpSmsConfig => ({
    mapping: 'generic-json',
    baseUrl: peer.baseUrl,
    authToken: peer.authToken,
    from: 'Musterstadt',
    timeoutMs: 2000,
    generic: {
      path: '/generic/send',
      authHeader: 'bearer',
      bodyTemplate: { to: '{to}', text: '{text}', sender: '{from}', reference: 'civicast-{id}' },
      messageIdPath: 'data.message.id',
      receipt: {
        idField: 'event.messageId',
        statusField: 'event.state',
        statusMap: { DELIVRD: 'delivered', UNDELIV: 'failed', EXPIRED: 'expired', ACCEPTD: 'ignore' },
        signature,
      },
    },
  });

  it('sends with bearer auth and the delivery id as Idempotency-Key, so a retry is not a second message', async () => {
    const msg = sms({ text: 'Placeholders like {to} in a text stay as written.' });
    const s = sender(generic());
    const first = await s.send(msg);
    const retry = await s.send(msg);
    expect(first).toMatchObject({ ok: true, providerMessageId: expect.stringMatching(/^gen-/) });
    expect(retry).toEqual(first);
    expect(peer.messages.filter((m) => m.idempotencyKey === msg.deliveryId)).toEqual([
      { to: msg.to, from: 'Musterstadt', body: msg.text, sid: first.ok ? first.providerMessageId : '', via: 'generic', idempotencyKey: msg.deliveryId },
    ]);
  });

  it('an invalid number is a permanent rejection; a hang is a transient timeout', async () => {
    expect(await sender(generic()).send(sms({ to: '12' }))).toMatchObject({ ok: false, permanent: true, error: expect.stringMatching(/^rejected: HTTP 422/) });
    peer.setFault('hang');
    expect(await sender({ ...generic(), timeoutMs: 200 }).send(sms())).toMatchObject({ ok: false, permanent: false, error: expect.stringMatching(/^timeout/) });
  });

  it('a signed receipt verifies and parses to delivered; a tampered one fails verification', async () => {
    const config = generic();
    const result = await sender(config).send(sms());
    const id = result.ok ? result.providerMessageId! : '';
    const hook = await waitFor(() => receiver.hooks.find((h) => h.url.endsWith('/hooks/generic') && h.rawBody.includes(id)));
    expect(verifyReceiptWebhook({ config, ...hook })).toBe(true);
    expect(parseReceiptWebhook({ providerId: 'prov-1', config, body: hook.rawBody })).toMatchObject({ providerMessageId: id, status: 'delivered' });
    expect(verifyReceiptWebhook({ config, ...hook, rawBody: hook.rawBody.replace('DELIVRD', 'UNDELIV') })).toBe(false);
  });

  it('a shared-secret receipt is checked against the configured secret; unmapped states are not final', () => {
    const config = { ...generic({ kind: 'shared-secret', header: 'X-Webhook-Token' }), webhookSecret: 'hook-secret' };
    const rawBody = JSON.stringify({ event: { messageId: 'gen-1', state: 'ACCEPTD' } });
    expect(verifyReceiptWebhook({ config, url: 'https://x.test/h', headers: { 'x-webhook-token': 'hook-secret' }, rawBody })).toBe(true);
    expect(verifyReceiptWebhook({ config, url: 'https://x.test/h', headers: { 'x-webhook-token': 'guess' }, rawBody })).toBe(false);
    const parse = (body: unknown) => parseReceiptWebhook({ providerId: 'prov-1', config, body });
    expect(parse(rawBody)).toBeNull();
    expect(parse({ event: { messageId: 'gen-1', state: 'constructor' } })).toBeNull();
    expect(parse({ event: { messageId: 42, state: 'EXPIRED' } })).toMatchObject({ providerMessageId: '42', status: 'expired' });
    expect(() => parse('{not json')).toThrow(MalformedReceiptError);
    expect(() => parse({ event: { state: 'DELIVRD' } })).toThrow(MalformedReceiptError);
  });
});

describe('configuration', () => {
  it('the console rejects a Twilio provider without an account SID and a generic one without its mapping', () => {
    const { accountId: _, ...noAccount } = twilio();
    expect(HttpSmsConfig.safeParse(noAccount).error?.issues.map((i) => i.path.join('.'))).toEqual(['accountId']);
    const noGeneric = HttpSmsConfig.safeParse({ ...twilio(), mapping: 'generic-json' });
    expect(noGeneric.error?.issues.map((i) => i.path.join('.'))).toEqual(['generic']);
    expect(HttpSmsConfig.safeParse({ ...twilio(), baseUrl: 'ftp://x' }).success).toBe(false);
  });
});

import { createECDH } from 'node:crypto';
import { type IncomingMessage, type ServerResponse, createServer } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import webpush from 'web-push';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type PushReceiver, decryptAes128gcm, startPushReceiver } from '../../../../test/peers/push-receiver.ts';
import { createLogger } from '../../platform/logger.ts';
import type { ChannelEvents, OutgoingMessage, PushTarget } from '../types.ts';
import { MAX_PUSH_PLAINTEXT_BYTES, classifyResponse, createPushSender, generateVapidKeys, loadOrCreateVapidKeys } from './index.ts';
import type { VapidKeys } from './index.ts';
import { encryptPushPayload, subscriptionKeys } from './rfc8291.ts';

const vector = JSON.parse(readFileSync(new URL('../../../../test/fixtures/conformance/webpush/rfc8291_appendix_a.json', import.meta.url), 'utf8')) as Record<
  'plaintext' | 'as_private' | 'as_public' | 'ua_private' | 'ua_public' | 'salt' | 'auth_secret' | 'body',
  string
>;

// The very http_ece module web-push's encryption helper calls, resolved from web-push's own folder.
const requireFromWebPush = createRequire(createRequire(import.meta.url).resolve('web-push'));
const ece = requireFromWebPush('http_ece') as {
  encrypt(payload: Buffer, params: { version: string; dh: string; privateKey: unknown; salt: string; authSecret: string }): Buffer;
};

const noEvents: ChannelEvents = { receipt: async () => {}, inbound: async () => {}, bounce: async () => {} };
const vapid = { subject: 'mailto:technik@musterstadt.example', ...generateVapidKeys() };
const log = createLogger('silent');

function senderWith(overrides: Partial<Parameters<typeof createPushSender>[0]> = {}) {
  return createPushSender({ providerId: 'push-test', vapid, events: noEvents, log, ...overrides });
}

function message(to: PushTarget, overrides: Partial<OutgoingMessage> = {}): OutgoingMessage {
  return {
    deliveryId: 'd-1',
    tenantId: 't-1',
    channel: 'push',
    to,
    subject: 'Straßensperrung',
    text: 'Die Hauptstraße ist ab Montag gesperrt.',
    url: 'https://musterstadt.example/m/musterstadt/news/42',
    ...overrides,
  };
}

describe('RFC 8291 Appendix A', () => {
  it("web-push's encryption, given the vector's sender key and salt, produces exactly the vector's body", () => {
    const sender = createECDH('prime256v1');
    sender.setPrivateKey(Buffer.from(vector.as_private, 'base64url'));
    expect(sender.getPublicKey('base64url')).toBe(vector.as_public);
    // The same parameters web-push's encryption-helper passes, with its random key and salt replaced.
    const body = ece.encrypt(Buffer.from(vector.plaintext), {
      version: 'aes128gcm',
      dh: vector.ua_public,
      privateKey: sender,
      salt: vector.salt,
      authSecret: vector.auth_secret,
    });
    expect(body.toString('base64url')).toBe(vector.body);
  });

  it("the adapter's own encryption, given the vector's sender key and salt, produces exactly the vector's body", () => {
    const sender = createECDH('prime256v1');
    sender.setPrivateKey(Buffer.from(vector.as_private, 'base64url'));
    const keys = subscriptionKeys({ p256dh: vector.ua_public, auth: vector.auth_secret });
    if ('error' in keys) throw new Error(keys.error);
    const body = encryptPushPayload(Buffer.from(vector.plaintext), keys, { sender, salt: Buffer.from(vector.salt, 'base64url') });
    expect(body.toString('base64url')).toBe(vector.body);
  });

  it('two messages to one subscription are encrypted with different sender keys and salts, and both open', () => {
    const ua = createECDH('prime256v1');
    const p256dh = ua.generateKeys('base64url');
    const keys = subscriptionKeys({ p256dh, auth: vector.auth_secret });
    if ('error' in keys) throw new Error(keys.error);
    const [a, b] = [encryptPushPayload(Buffer.from('eins'), keys), encryptPushPayload(Buffer.from('zwei'), keys)];
    expect(a.subarray(0, 16).equals(b.subarray(0, 16))).toBe(false);
    expect(a.subarray(21, 86).equals(b.subarray(21, 86))).toBe(false);
    const opener = { privateKey: ua.getPrivateKey('base64url'), publicKey: p256dh, auth: vector.auth_secret };
    expect([decryptAes128gcm(a, opener).toString(), decryptAes128gcm(b, opener).toString()]).toEqual(['eins', 'zwei']);
  });

  it('salts come from a pool of random bytes: 600 messages (past two refills) each get a salt of their own, and all open', () => {
    const ua = createECDH('prime256v1');
    const p256dh = ua.generateKeys('base64url');
    const keys = subscriptionKeys({ p256dh, auth: vector.auth_secret });
    if ('error' in keys) throw new Error(keys.error);
    const bodies = Array.from({ length: 600 }, (_, i) => encryptPushPayload(Buffer.from(`Nachricht ${i}`), keys));
    expect(new Set(bodies.map((b) => b.subarray(0, 16).toString('hex'))).size).toBe(600);
    const opener = { privateKey: ua.getPrivateKey('base64url'), publicKey: p256dh, auth: vector.auth_secret };
    expect(bodies.map((b) => decryptAes128gcm(b, opener).toString())).toEqual(bodies.map((_, i) => `Nachricht ${i}`));
  });

  it("the test receiver's decryptor turns the vector's body back into the plaintext", () => {
    const keys = { privateKey: vector.ua_private, publicKey: vector.ua_public, auth: vector.auth_secret };
    expect(decryptAes128gcm(Buffer.from(vector.body, 'base64url'), keys).toString()).toBe(vector.plaintext);
  });

  it('what generateRequestDetails produces is one aes128gcm record with rs 4096 that the decryptor opens', () => {
    const ua = createECDH('prime256v1');
    const p256dh = ua.generateKeys('base64url');
    const auth = vector.auth_secret;
    const request = webpush.generateRequestDetails({ endpoint: 'https://push.example/x', keys: { p256dh, auth } }, 'Hallo Musterstadt', {
      vapidDetails: vapid,
    });
    expect(request.headers['Content-Encoding']).toBe('aes128gcm');
    expect(request.body.readUInt32BE(16)).toBe(4096);
    expect(request.body[20]).toBe(65);
    const keys = { privateKey: ua.getPrivateKey('base64url'), publicKey: p256dh, auth };
    expect(decryptAes128gcm(request.body, keys).toString()).toBe('Hallo Musterstadt');
  });
});

describe('VAPID keys', () => {
  function memoryStore(initial: VapidKeys | null = null) {
    let stored = initial;
    let puts = 0;
    return {
      get: async () => stored,
      put: async (keys: VapidKeys) => {
        puts++;
        stored ??= keys; // insert only if absent, as the engine's store does
      },
      puts: () => puts,
    };
  }

  it('are made at first start and the same pair is returned ever after', async () => {
    const store = memoryStore();
    const first = await loadOrCreateVapidKeys(store);
    const again = await loadOrCreateVapidKeys(store);
    expect(again).toEqual(first);
    expect(store.puts()).toBe(1);
    expect(Buffer.from(first.publicKey, 'base64url')).toHaveLength(65);
  });

  it('two processes starting at once end up with the one pair the store kept', async () => {
    const store = memoryStore();
    const [a, b] = await Promise.all([loadOrCreateVapidKeys(store), loadOrCreateVapidKeys(store)]);
    expect(a).toEqual(b);
  });

  it('a stored pair whose halves do not belong together is refused at start-up', async () => {
    const broken = { publicKey: generateVapidKeys().publicKey, privateKey: generateVapidKeys().privateKey };
    await expect(loadOrCreateVapidKeys(memoryStore(broken))).rejects.toThrow(/does not belong/);
  });

  it('a sender with a subject that is neither mailto: nor https: is refused at creation', () => {
    expect(() => senderWith({ vapid: { ...vapid, subject: 'ftp://musterstadt.example' } })).toThrow(/mailto/);
  });
});

describe('push sender against the local push service', () => {
  let receiver: PushReceiver;
  const gone = new Set<string>();
  beforeAll(async () => {
    receiver = await startPushReceiver({ goneEndpoints: gone, vapidPublicKey: vapid.publicKey });
  });
  afterAll(() => receiver.close());

  it('a resident receives the notification decrypted with title, body, link and delivery id', async () => {
    const sub = receiver.newSubscription();
    const result = await senderWith().send(message(sub));
    expect(result).toMatchObject({ ok: true, providerMessageId: expect.stringMatching(/\/message\/\d+$/) });
    const got = receiver.received.filter((r) => r.endpoint === sub.endpoint);
    expect(got.map((r) => r.payload)).toEqual([
      {
        title: 'Straßensperrung',
        body: 'Die Hauptstraße ist ab Montag gesperrt.',
        url: 'https://musterstadt.example/m/musterstadt/news/42',
        id: 'd-1',
      },
    ]);
  });

  it('TTL defaults to a day and Urgency to normal; a warning goes out with high urgency and its own TTL', async () => {
    const sub = receiver.newSubscription();
    const sender = senderWith();
    await sender.send(message(sub));
    await sender.send(message(sub, { deliveryId: 'w-1', urgency: 'high', ttlSeconds: 3600 }));
    const got = receiver.received.filter((r) => r.endpoint === sub.endpoint);
    expect(got.map(({ ttl, urgency }) => ({ ttl, urgency }))).toEqual([
      { ttl: 86_400, urgency: 'normal' },
      { ttl: 3600, urgency: 'high' },
    ]);
  });

  it('a subscription the service calls gone (410) is reported gone so the engine deletes it', async () => {
    const sub = receiver.newSubscription();
    gone.add(sub.endpoint);
    expect(await senderWith().send(message(sub))).toMatchObject({ ok: false, permanent: true, gone: true });
  });

  it('an endpoint the service does not know (404) is reported gone as well', async () => {
    const sub = { ...receiver.newSubscription(), endpoint: `http://127.0.0.1:${receiver.port}/push/unknown` };
    expect(await senderWith().send(message(sub))).toMatchObject({ ok: false, permanent: true, gone: true });
  });

  it('a sender whose private key does not match its public key is refused by the service', async () => {
    const impostor = { ...vapid, privateKey: generateVapidKeys().privateKey };
    const sub = receiver.newSubscription();
    const forged = await sendWithKeys(impostor, sub);
    expect(forged).toMatchObject({ ok: false, permanent: true, error: expect.stringContaining('403') });
    expect(receiver.countByEndpoint.get(sub.endpoint)).toBeUndefined();
  });

  it('a sender with another installation’s VAPID key is refused for this subscription', async () => {
    const sub = receiver.newSubscription();
    const other = senderWith({ vapid: { ...vapid, ...generateVapidKeys() } });
    const result = await other.send(message(sub));
    expect(result).toMatchObject({ ok: false, permanent: true, error: expect.stringContaining('k is not the key') });
  });

  it('200 notifications sent at once each arrive exactly once', async () => {
    const subs = Array.from({ length: 200 }, () => receiver.newSubscription());
    const results = await Promise.all(subs.map((s, i) => senderWith({ concurrency: 20 }).send(message(s, { deliveryId: `c-${i}` }))));
    expect(results.every((r) => r.ok)).toBe(true);
    expect(subs.map((s) => receiver.countByEndpoint.get(s.endpoint))).toEqual(subs.map(() => 1));
  });

  it('one sender keeps at most `concurrency` requests open', async () => {
    const local = await startPushReceiver({ delayMs: 20 });
    const sender = senderWith({ concurrency: 8 });
    const subs = Array.from({ length: 100 }, () => local.newSubscription());
    await Promise.all(subs.map((s) => sender.send(message(s))));
    expect(local.received).toHaveLength(100);
    expect(local.maxInFlight).toBe(8);
    await local.close();
  });

  it('a body too long for one 4 KB record is shortened with an ellipsis and still arrives', async () => {
    const sub = receiver.newSubscription();
    const result = await senderWith().send(message(sub, { text: 'Ä'.repeat(5000) }));
    expect(result).toMatchObject({ ok: true });
    const [got] = receiver.received.filter((r) => r.endpoint === sub.endpoint);
    expect(got.payload.body.endsWith('…')).toBe(true);
    expect(Buffer.byteLength(JSON.stringify(got.payload))).toBeLessThanOrEqual(MAX_PUSH_PLAINTEXT_BYTES);
  });

  async function sendWithKeys(keys: typeof vapid, sub: PushTarget) {
    // createPushSender refuses mismatched keys, so forge the request the way a misconfigured sender would.
    const request = webpush.generateRequestDetails(sub, '{}', { vapidDetails: keys });
    const res = await fetch(sub.endpoint, { method: 'POST', headers: stringHeaders(request.headers), body: request.body as Uint8Array<ArrayBuffer> });
    return classifyResponse(res.status, Object.fromEntries(res.headers), await res.text());
  }
});

describe('push sender and a failing push service', () => {
  it('503 every other request is transient with the Retry-After the service asked for', async () => {
    const receiver = await startPushReceiver({ failEvery: 2 });
    const sender = senderWith();
    const sub = receiver.newSubscription();
    const results = [await sender.send(message(sub)), await sender.send(message(sub))];
    expect(results[0].ok).toBe(true);
    expect(results[1]).toMatchObject({ ok: false, permanent: false, retryAfterMs: 1000 });
    await receiver.close();
  });

  it.each([
    [413, {}, '', { permanent: true }],
    [429, { 'retry-after': '7' }, '', { permanent: false, retryAfterMs: 7000 }],
    [400, {}, 'x'.repeat(1000), { permanent: true }],
    [401, {}, 'bad jwt', { permanent: true, error: 'push service answered 401: bad jwt' }],
    [403, {}, 'key mismatch', { permanent: true }],
    [500, {}, '', { permanent: false }],
  ] as const)('answer %i is classified as the engine needs it', async (status, headers, body, expected) => {
    const result = await withStubService(
      (_req, res) => res.writeHead(status, headers).end(body),
      (sub) => senderWith().send(message(sub)),
    );
    expect(result).toMatchObject({ ok: false, ...expected });
    expect(result.ok === false && result.gone).toBeFalsy();
    if (!result.ok) expect(result.error.length).toBeLessThan(260);
  });

  it('202 without a Location header is a success without a provider message id', async () => {
    const result = await withStubService(
      (_req, res) => res.writeHead(202).end(),
      (sub) => senderWith().send(message(sub)),
    );
    expect(result).toEqual({ ok: true, providerMessageId: null });
  });

  it('a service that does not answer in time costs a retry, not the message', async () => {
    const result = await withStubService(
      () => {}, // never answers
      (sub) => senderWith({ timeoutMs: 200 }).send(message(sub)),
    );
    expect(result).toMatchObject({ ok: false, permanent: false, error: expect.stringContaining('200 ms') });
  });

  it('a refused connection is transient', async () => {
    const port = await withStubService(
      () => {},
      async (sub) => new URL(sub.endpoint).port,
    );
    const sub = { ...fakeSubscription(), endpoint: `http://127.0.0.1:${port}/push/x` };
    expect(await senderWith().send(message(sub))).toMatchObject({ ok: false, permanent: false, error: expect.stringContaining('network') });
  });
});

function fakeSubscription(): PushTarget {
  const ua = createECDH('prime256v1');
  return { endpoint: '', keys: { p256dh: ua.generateKeys('base64url'), auth: 'BTBZMqHH6r4Tts7J_aSIgg' } };
}

/** A push service that answers whatever the test says: the provider edge, for statuses the receiver does not give. */
async function withStubService<T>(handle: (req: IncomingMessage, res: ServerResponse) => void, run: (sub: PushTarget) => Promise<T>): Promise<T> {
  const server = createServer((req, res) => req.resume().on('end', () => handle(req, res)));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  try {
    return await run({ ...fakeSubscription(), endpoint: `http://127.0.0.1:${port}/push/x` });
  } finally {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
}

function stringHeaders(headers: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(headers)
      .filter(([k]) => k !== 'Content-Length')
      .map(([k, v]) => [k, String(v)]),
  );
}

// A local push service for tests and benchmarks: it plays both the push service (checks VAPID, answers
// like RFC 8030) and the browser (decrypts RFC 8291 payloads), so a test sees what a resident would see.
import { type ECDH, type KeyObject, createECDH, createDecipheriv, createPublicKey, hkdfSync, randomBytes, verify } from 'node:crypto';
import { type IncomingMessage, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { PushTarget } from '../../src/server/channels/types.ts';

export interface PushReceiverOptions {
  port?: number;
  /** Endpoints answered with 410 Gone, as a service does after the user unsubscribed. */
  goneEndpoints?: Set<string>;
  /** Answer 503 (Retry-After: 1) to every Nth request. */
  failEvery?: number;
  /** When set, only this VAPID key is accepted, as a real service binds a subscription to its applicationServerKey. */
  vapidPublicKey?: string;
  /** Hold each accepted message this long before answering, like a distant service (makes maxInFlight meaningful). */
  delayMs?: number;
}

export type TestSubscription = PushTarget & { privateKey: string };

export interface ReceivedPush {
  endpoint: string;
  // biome-ignore lint/suspicious/noExplicitAny: the decrypted JSON is whatever the sender put in
  payload: any;
  ttl: number;
  urgency: string;
}

export interface PushReceiver {
  port: number;
  newSubscription(): TestSubscription;
  received: ReceivedPush[];
  countByEndpoint: Map<string, number>;
  /** Every answer given, by status code (201, 403, 410, 503, …). */
  responses: Map<number, number>;
  /** The most requests that were open at the same time. */
  readonly maxInFlight: number;
  close(): Promise<void>;
}

interface Subscriber {
  ecdh: ECDH;
  publicKey: Buffer;
  authSecret: Buffer;
}

const MAX_BODY_BYTES = 8192;

export async function startPushReceiver(opts: PushReceiverOptions = {}): Promise<PushReceiver> {
  const subscribers = new Map<string, Subscriber>();
  const received: ReceivedPush[] = [];
  const countByEndpoint = new Map<string, number>();
  const responses = new Map<number, number>();
  const vapid = createVapidVerifier(opts.vapidPublicKey);
  let requests = 0;
  let inFlight = 0;
  let maxInFlight = 0;
  let messageSeq = 0;

  const server = createServer((req, res) => {
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    res.on('close', () => inFlight--);
    const answer = (status: number, text = '', headers: Record<string, string> = {}) => {
      responses.set(status, (responses.get(status) ?? 0) + 1);
      res.writeHead(status, { 'content-type': 'text/plain', ...headers }).end(text);
    };
    readBody(req).then(
      (body) => handlePush(req, body, answer),
      () => answer(413, 'payload too large'),
    );
  });

  function handlePush(req: IncomingMessage, body: Buffer, answer: (s: number, t?: string, h?: Record<string, string>) => void) {
    const endpoint = `http://127.0.0.1:${port}${req.url ?? ''}`;
    if (req.method !== 'POST' || !req.url?.startsWith('/push/')) return answer(404, 'no such push resource');
    const vapidError = vapid(req.headers.authorization, `http://127.0.0.1:${port}`);
    if (vapidError) return answer(403, `VAPID: ${vapidError}`);
    const subscriber = subscribers.get(endpoint);
    if (!subscriber) return answer(404, 'unknown subscription');
    if (opts.goneEndpoints?.has(endpoint)) return answer(410, 'subscription expired');
    requests++;
    if (opts.failEvery && requests % opts.failEvery === 0) return answer(503, 'try later', { 'retry-after': '1' });
    const ttl = Number(req.headers.ttl);
    if (req.headers.ttl === undefined || !Number.isInteger(ttl) || ttl < 0) return answer(400, 'TTL header missing');
    if (req.headers['content-encoding'] !== 'aes128gcm') return answer(415, 'only aes128gcm');
    let payload: unknown;
    try {
      payload = JSON.parse(decryptWith(body, subscriber).toString('utf8'));
    } catch (err) {
      return answer(400, `cannot decrypt: ${(err as Error).message}`);
    }
    received.push({ endpoint, payload, ttl, urgency: String(req.headers.urgency ?? 'normal') });
    countByEndpoint.set(endpoint, (countByEndpoint.get(endpoint) ?? 0) + 1);
    const location = `http://127.0.0.1:${port}/message/${++messageSeq}`;
    if (opts.delayMs) setTimeout(() => answer(201, '', { location }), opts.delayMs);
    else answer(201, '', { location });
  }

  await new Promise<void>((resolve) => server.listen(opts.port ?? 0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;

  return {
    port,
    received,
    countByEndpoint,
    responses,
    get maxInFlight() {
      return maxInFlight;
    },
    newSubscription() {
      const ecdh = createECDH('prime256v1');
      const publicKey = ecdh.generateKeys();
      const authSecret = randomBytes(16);
      const endpoint = `http://127.0.0.1:${port}/push/${randomBytes(12).toString('base64url')}`;
      subscribers.set(endpoint, { ecdh, publicKey, authSecret });
      const keys = { p256dh: publicKey.toString('base64url'), auth: authSecret.toString('base64url') };
      return { endpoint, keys, privateKey: ecdh.getPrivateKey().toString('base64url') };
    },
    close() {
      server.closeAllConnections(); // keep-alive sockets would hold close() open
      return new Promise((resolve, reject) => server.close((err) => (err ? reject(err) : resolve())));
    },
  };
}

/** RFC 8291 + RFC 8188 decryption as a browser does it; keys are base64url as in a PushSubscription. */
export function decryptAes128gcm(body: Uint8Array, keys: { privateKey: string; publicKey: string; auth: string }): Buffer {
  const ecdh = createECDH('prime256v1');
  ecdh.setPrivateKey(Buffer.from(keys.privateKey, 'base64url'));
  return decryptWith(Buffer.from(body), {
    ecdh,
    publicKey: Buffer.from(keys.publicKey, 'base64url'),
    authSecret: Buffer.from(keys.auth, 'base64url'),
  });
}

function decryptWith(body: Buffer, ua: Subscriber): Buffer {
  // RFC 8188 §2.1 header: salt(16) | rs(4) | idlen(1) | keyid; RFC 8291 puts the sender's public key in keyid.
  if (body.length < 21) throw new Error('body shorter than the header');
  const salt = body.subarray(0, 16);
  const rs = body.readUInt32BE(16);
  const idlen = body[20];
  if (idlen !== 65 || rs < 18) throw new Error('keyid is not a P-256 public key or rs too small');
  const senderPublic = body.subarray(21, 86);

  // RFC 8291 §3.3-3.4: IKM from the ECDH secret and auth secret, then CEK and nonce from IKM and salt.
  const ecdhSecret = ua.ecdh.computeSecret(senderPublic);
  const keyInfo = Buffer.concat([Buffer.from('WebPush: info\0'), ua.publicKey, senderPublic]);
  const ikm = Buffer.from(hkdfSync('sha256', ecdhSecret, ua.authSecret, keyInfo, 32));
  const cek = Buffer.from(hkdfSync('sha256', ikm, salt, Buffer.from('Content-Encoding: aes128gcm\0'), 16));
  const nonce = Buffer.from(hkdfSync('sha256', ikm, salt, Buffer.from('Content-Encoding: nonce\0'), 12));

  const records = body.subarray(86);
  if (records.length === 0) throw new Error('no records');
  const plain: Buffer[] = [];
  for (let offset = 0, seq = 0; offset < records.length; offset += rs, seq++) {
    const record = records.subarray(offset, offset + rs);
    const last = offset + rs >= records.length;
    if (record.length < 17) throw new Error('record too short');
    const iv = Buffer.from(nonce);
    iv.writeUInt32BE((iv.readUInt32BE(8) ^ seq) >>> 0, 8); // RFC 8188 §2.3: nonce XOR sequence number
    const decipher = createDecipheriv('aes-128-gcm', cek, iv);
    decipher.setAuthTag(record.subarray(record.length - 16));
    const padded = Buffer.concat([decipher.update(record.subarray(0, record.length - 16)), decipher.final()]);
    plain.push(unpad(padded, last));
  }
  return Buffer.concat(plain);
}

/** RFC 8188 §2: data, then a delimiter (2 on the last record, 1 before), then zeros. */
function unpad(padded: Buffer, last: boolean): Buffer {
  let end = padded.length - 1;
  while (end >= 0 && padded[end] === 0) end--;
  if (end < 0 || padded[end] !== (last ? 2 : 1)) throw new Error('bad padding delimiter');
  return padded.subarray(0, end);
}

type JwtClaims = { aud?: unknown; exp?: unknown; sub?: unknown };

/** Returns why the Authorization header is refused (RFC 8292), or null when it is good. */
function createVapidVerifier(requiredKey: string | undefined) {
  const keyObjects = new Map<string, KeyObject>();
  // Senders reuse one token for many messages; remember checked signatures, not verdicts on aud/exp.
  const verified = new Map<string, JwtClaims>();

  return (authorization: string | undefined, origin: string): string | null => {
    const match = /^vapid\s+(.+)$/i.exec(authorization ?? '');
    if (!match) return 'Authorization is not "vapid t=…, k=…"';
    const params = new Map(match[1].split(',').map((p) => p.trim().split('=') as [string, string]));
    const token = params.get('t');
    const k = params.get('k');
    if (!token || !k) return 'missing t or k';
    if (requiredKey && k !== requiredKey) return 'k is not the key this subscription was made with';
    let claims = verified.get(authorization as string);
    if (!claims) {
      const parts = token.split('.');
      if (parts.length !== 3) return 'token is not a JWT';
      const header = parseJson(parts[0]);
      if (header?.alg !== 'ES256') return 'JWT alg is not ES256';
      const key = keyObjects.get(k) ?? publicKeyFrom(k);
      if (!key) return 'k is not a P-256 public key';
      keyObjects.set(k, key);
      const signature = Buffer.from(parts[2], 'base64url');
      const signed = Buffer.from(`${parts[0]}.${parts[1]}`);
      if (signature.length !== 64 || !verify('sha256', signed, { key, dsaEncoding: 'ieee-p1363' }, signature)) {
        return 'JWT signature does not verify with k';
      }
      const parsed: JwtClaims = parseJson(parts[1]) ?? {};
      if (verified.size > 1000) verified.clear();
      verified.set(authorization as string, parsed);
      claims = parsed;
    }
    const now = Date.now() / 1000;
    if (claims.aud !== origin) return `aud ${String(claims.aud)} is not ${origin}`;
    if (typeof claims.exp !== 'number' || claims.exp <= now) return 'JWT expired';
    if (claims.exp > now + 86_400 + 60) return 'exp more than 24 hours ahead';
    if (typeof claims.sub !== 'string' || !/^(mailto|https):/.test(claims.sub)) return 'sub is not mailto: or https:';
    return null;
  };
}

function publicKeyFrom(k: string): KeyObject | null {
  const raw = Buffer.from(k, 'base64url');
  if (raw.length !== 65 || raw[0] !== 0x04) return null;
  try {
    const jwk = { kty: 'EC', crv: 'P-256', x: raw.subarray(1, 33).toString('base64url'), y: raw.subarray(33).toString('base64url') };
    return createPublicKey({ key: jwk, format: 'jwk' });
  } catch {
    return null;
  }
}

// biome-ignore lint/suspicious/noExplicitAny: JWT segments are checked field by field by the caller
function parseJson(segment: string): Record<string, any> | null {
  try {
    return JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));
  } catch {
    return null;
  }
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) reject(new Error('too large'));
      else chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

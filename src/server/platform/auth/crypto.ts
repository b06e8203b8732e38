// Small crypto helpers: random tokens, hashes for look-up, AES-256-GCM for secrets at rest, constant-time compare.
import { createCipheriv, createDecipheriv, createHash, createHmac, createSecretKey, type KeyObject, randomBytes, timingSafeEqual } from 'node:crypto';

export const randomToken = (bytes = 32) => randomBytes(bytes).toString('base64url');
export const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

export function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

// a raw key makes node build a KeyObject on every call (~20-50 µs, five times the HMAC itself): a job unsealing or
// signing for 100,000 addresses pays seconds for it
const keyObjects = new WeakMap<Buffer, { aes: KeyObject; hmac: KeyObject }>();
function keysOf(key: Buffer) {
  let k = keyObjects.get(key);
  if (!k) keyObjects.set(key, (k = { aes: createSecretKey(key.subarray(0, 32)), hmac: createSecretKey(key) }));
  return k;
}
const aesKey = (key: Buffer) => keysOf(key).aes;

/** HMAC-SHA256 of `data` under a long-lived key (the installation's secret): digest it in the encoding needed. */
export const hmacSha256 = (key: Buffer, data: string) => createHmac('sha256', keysOf(key).hmac).update(data);

export function encryptSecret(key: Buffer, plain: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', aesKey(key), iv);
  const data = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return ['v1', iv.toString('base64url'), data.toString('base64url'), cipher.getAuthTag().toString('base64url')].join('.');
}

export function decryptSecret(key: Buffer, sealed: string): string {
  const [version, iv, data, tag] = sealed.split('.');
  if (version !== 'v1') throw new Error('unknown secret format');
  const decipher = createDecipheriv('aes-256-gcm', aesKey(key), Buffer.from(iv, 'base64url'));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  return Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]).toString('utf8');
}

/** A key for one purpose, derived from CIVICAST_SECRET_KEY, so no two uses share a key (e.g. signed cookies). */
export const deriveKey = (key: Buffer, purpose: string) => hmacSha256(key, `civicast:${purpose}`).digest();

/** An optional value encrypted at rest (null stays null): personal data columns such as phone and e-mail. */
export const seal = (key: Buffer, value: string | null | undefined) => (value ? encryptSecret(key, value) : null);
export const unseal = (key: Buffer, sealed: string | null | undefined) => (sealed ? decryptSecret(key, sealed) : null);

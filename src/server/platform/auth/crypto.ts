// Small crypto helpers: random tokens, hashes for look-up, AES-256-GCM for secrets at rest, constant-time compare.
import { createCipheriv, createDecipheriv, createHash, createHmac, createSecretKey, type KeyObject, randomBytes, timingSafeEqual } from 'node:crypto';

export const randomToken = (bytes = 32) => randomBytes(bytes).toString('base64url');
export const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

export function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

// a raw key makes node build a KeyObject on every call (~50 µs): a job unsealing 100,000 addresses pays seconds for it
const aesKeys = new WeakMap<Buffer, KeyObject>();
function aesKey(key: Buffer): KeyObject {
  let k = aesKeys.get(key);
  if (!k) aesKeys.set(key, (k = createSecretKey(key.subarray(0, 32))));
  return k;
}

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
export const deriveKey = (key: Buffer, purpose: string) => createHmac('sha256', key).update(`civicast:${purpose}`).digest();

/** An optional value encrypted at rest (null stays null): personal data columns such as phone and e-mail. */
export const seal = (key: Buffer, value: string | null | undefined) => (value ? encryptSecret(key, value) : null);
export const unseal = (key: Buffer, sealed: string | null | undefined) => (sealed ? decryptSecret(key, sealed) : null);

// RFC 8291 message encryption (aes128gcm, RFC 8188) with node:crypto alone: one record of rs 4096, a fresh
// sender key pair and salt per message. web-push's helper did the same through http_ece at ~1.7x the CPU
// (measured per message in bench:fanout), mostly in JS buffer handling around the same native calls.
import { createCipheriv, createECDH, createSecretKey, type ECDH, hkdfSync, randomBytes } from 'node:crypto';

const RECORD_SIZE = 4096;
const KEY_INFO_PREFIX = Buffer.from('WebPush: info\0');
const CEK_INFO = Buffer.from('Content-Encoding: aes128gcm\0');
const NONCE_INFO = Buffer.from('Content-Encoding: nonce\0');
// RFC 8188 §2: the last (here the only) record ends with the delimiter 0x02, no further padding
const LAST_RECORD = Buffer.from([2]);
// Salts are cut from a pool of random bytes refilled 256 salts at a time: each salt is still 16 fresh bytes of the
// CSPRNG, used once, but one call to it for 30,000 push messages costs ~6 µs each (~30 µs under load) where a
// slice costs 0.3 µs
const SALT_BYTES = 16;
const SALT_POOL_BYTES = SALT_BYTES * 256;
let saltPool = Buffer.alloc(0);
let saltOffset = 0;

function freshSalt(): Buffer {
  if (saltOffset + SALT_BYTES > saltPool.length) {
    saltPool = randomBytes(SALT_POOL_BYTES);
    saltOffset = 0;
  }
  const salt = saltPool.subarray(saltOffset, saltOffset + SALT_BYTES);
  saltOffset += SALT_BYTES;
  return salt;
}

export interface Rfc8291Keys {
  /** The subscription's p256dh: an uncompressed P-256 point, 65 bytes. */
  uaPublic: Buffer;
  /** The subscription's auth secret, 16 bytes. */
  authSecret: Buffer;
}

/** Decodes a subscription's keys, or says what is wrong with them. */
export function subscriptionKeys(keys: { p256dh: string; auth: string }): Rfc8291Keys | { error: string } {
  const uaPublic = Buffer.from(keys.p256dh, 'base64url');
  const authSecret = Buffer.from(keys.auth, 'base64url');
  if (uaPublic.length !== 65 || uaPublic[0] !== 4) return { error: 'p256dh is not an uncompressed P-256 public key' };
  if (authSecret.length < 16) return { error: 'auth secret is shorter than 16 bytes' };
  return { uaPublic, authSecret };
}

/**
 * The aes128gcm body for one push message. `sender` and `salt` are for the RFC's test vector only;
 * every real message gets a key pair and salt of its own (RFC 8291 §3.1 and §4).
 */
export function encryptPushPayload(plaintext: Buffer, keys: Rfc8291Keys, fixed?: { sender: ECDH; salt: Buffer }): Buffer {
  const sender = fixed?.sender ?? createECDH('prime256v1');
  const asPublic = fixed ? sender.getPublicKey() : sender.generateKeys();
  const salt = fixed?.salt ?? freshSalt();
  // throws on a point that is not on the curve: the caller reports the subscription as invalid
  const ecdhSecret = sender.computeSecret(keys.uaPublic);
  // hkdfSync handed key objects rather than bytes: the three derivations took 15.7 µs instead of 28.5 µs (measured on
  // Node 24, 50,000 rounds), as it no longer makes and checks a key object from the bytes on each call
  const ikm = Buffer.from(hkdfSync('sha256', createSecretKey(ecdhSecret), keys.authSecret, Buffer.concat([KEY_INFO_PREFIX, keys.uaPublic, asPublic]), 32));
  const ikmKey = createSecretKey(ikm);
  const cek = Buffer.from(hkdfSync('sha256', ikmKey, salt, CEK_INFO, 16));
  const nonce = Buffer.from(hkdfSync('sha256', ikmKey, salt, NONCE_INFO, 12));
  const cipher = createCipheriv('aes-128-gcm', cek, nonce);
  const head = Buffer.allocUnsafe(21);
  salt.copy(head, 0);
  head.writeUInt32BE(RECORD_SIZE, 16);
  head[20] = asPublic.length;
  return Buffer.concat([head, asPublic, cipher.update(plaintext), cipher.update(LAST_RECORD), cipher.final(), cipher.getAuthTag()]);
}

// VAPID (RFC 8292) keys of one installation: made once at first start, then kept, because every
// browser subscription is bound to the public key it was created with; a new key orphans them all.
import { createECDH } from 'node:crypto';
import webpush from 'web-push';

/** P-256 key pair, both halves base64url: public = 65-byte uncompressed point, private = 32-byte scalar. */
export interface VapidKeys {
  publicKey: string;
  privateKey: string;
}

/** Where the engine keeps the keys (encrypted in the database). */
export interface VapidKeyStore {
  get(): Promise<VapidKeys | null>;
  /** Should insert only if no keys exist yet, so two processes starting at once agree on one pair. */
  put(keys: VapidKeys): Promise<void>;
}

export function generateVapidKeys(): VapidKeys {
  const { publicKey, privateKey } = webpush.generateVAPIDKeys();
  return { publicKey, privateKey };
}

export async function loadOrCreateVapidKeys(store: VapidKeyStore): Promise<VapidKeys> {
  const existing = await store.get();
  if (existing) {
    assertVapidKeyPair(existing);
    return existing;
  }
  const created = generateVapidKeys();
  await store.put(created);
  // Read back: if another process won the race, its pair is the one the browsers will see.
  const stored = (await store.get()) ?? created;
  assertVapidKeyPair(stored);
  return stored;
}

/** Throws a sentence that says what is wrong, so a corrupted or hand-edited key fails at start-up, not per message. */
export function assertVapidKeyPair(keys: VapidKeys): void {
  const publicKey = Buffer.from(keys.publicKey ?? '', 'base64url');
  const privateKey = Buffer.from(keys.privateKey ?? '', 'base64url');
  if (publicKey.length !== 65 || publicKey[0] !== 0x04) {
    throw new Error('The stored VAPID public key is not a 65-byte uncompressed P-256 point (base64url).');
  }
  if (privateKey.length !== 32) {
    throw new Error('The stored VAPID private key is not a 32-byte P-256 scalar (base64url).');
  }
  const ecdh = createECDH('prime256v1');
  try {
    ecdh.setPrivateKey(privateKey);
  } catch {
    throw new Error('The stored VAPID private key is not a valid P-256 key.');
  }
  if (!ecdh.getPublicKey().equals(publicKey)) {
    throw new Error('The stored VAPID public key does not belong to the stored private key.');
  }
}

// Signed tokens that name a delivery: in reply addresses, unsubscribe links and push acknowledgements.
import { hmacSha256, safeEqual } from '../../platform/auth/crypto.ts';

const mac = (key: Buffer, id: string) => hmacSha256(key, `delivery:${id}`).digest('base64url').slice(0, 10);

export function deliveryToken(key: Buffer, deliveryId: string): string {
  return Buffer.from(deliveryId.replace(/-/g, ''), 'hex').toString('base64url') + mac(key, deliveryId);
}

export function parseDeliveryToken(key: Buffer, token: string): string | null {
  if (!/^[A-Za-z0-9_-]{32}$/.test(token)) return null;
  const hex = Buffer.from(token.slice(0, 22), 'base64url').toString('hex');
  if (hex.length !== 32) return null;
  const id = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  return safeEqual(mac(key, id), token.slice(22)) ? id : null;
}

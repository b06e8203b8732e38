// Personal data at rest: AES-GCM with CIVICAST_SECRET_KEY, and keyed hashes (HMAC-SHA256) to look values up
// without storing them in the clear.
import { hmacSha256 } from '../../platform/auth/crypto.ts';

export { seal, unseal } from '../../platform/auth/crypto.ts';

export type LookupKind = 'phone' | 'email' | 'landline';

export function lookupHash(key: Buffer, kind: LookupKind, value: string): string {
  const normal = kind === 'email' ? value.trim().toLowerCase() : value.trim();
  return hmacSha256(key, `${kind}:${normal}`).digest('base64url');
}

/** An IP address cut to its network (/24 for IPv4, /48 for IPv6): enough for abuse limits and proof, not a person. */
export function ipPrefix(ip: string | null | undefined): string | null {
  if (!ip) return null;
  const v4 = ip.replace(/^::ffff:/, '');
  if (/^\d+\.\d+\.\d+\.\d+$/.test(v4)) return `${v4.split('.').slice(0, 3).join('.')}.0/24`;
  const parts = ip.split(':').filter(Boolean);
  return `${parts.slice(0, 3).join(':')}::/48`;
}

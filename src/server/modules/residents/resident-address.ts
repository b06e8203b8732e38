// Where a resident's messages go (report, event and survey messages choose it the same way): the channel they chose
// for the municipality, with the address unsealed. Only the caller's transaction sees the rows.
import { sql } from 'drizzle-orm';
import { smsNumber } from '../../../common/phone.ts';
import { asLocale, type Locale } from '../../i18n/index.ts';
import type { AppDeps } from '../../platform/context.ts';
import { queryRows, type Tx } from '../../platform/db/client.ts';
import { unseal } from './residents.crypto.ts';

export interface ResidentAddressee {
  channel: 'sms' | 'email';
  to: string;
  locale: Locale;
}

/**
 * E-mail when the resident confirmed an address and chose e-mail for this municipality, else SMS to their verified
 * number, else the confirmed address; null for an erased resident. `tenantId` narrows the follow (without it the
 * transaction's tenant wall does); the language falls back to `fallbackLanguage`.
 */
export async function residentAddressee(
  deps: AppDeps,
  tx: Tx,
  residentId: string,
  fallbackLanguage: string,
  tenantId?: string,
): Promise<ResidentAddressee | null> {
  const ofTenant = tenantId ? sql` and f.tenant_id = ${tenantId}` : sql``;
  const [r] = await queryRows<{ phoneEnc: string | null; emailEnc: string | null; emailVerified: boolean; channels: string[] | null; language: string | null }>(
    tx,
    sql`select r.phone_enc as "phoneEnc", r.email_enc as "emailEnc", r.email_verified_at is not null as "emailVerified",
               f.channels, coalesce(f.language, r.language) as language
          from residents r left join follows f on f.resident_id = r.id${ofTenant}
         where r.id = ${residentId} limit 1`,
  );
  if (!r) return null;
  const key = deps.config.secretKey;
  const locale = asLocale(r.language ?? fallbackLanguage);
  const email = unseal(key, r.emailEnc);
  if (email && r.emailVerified && (r.channels ?? []).includes('email')) return { channel: 'email', to: email, locale };
  const phone = smsNumber(unseal(key, r.phoneEnc) ?? '');
  if (phone) return { channel: 'sms', to: phone, locale };
  return email && r.emailVerified ? { channel: 'email', to: email, locale } : null;
}

// Codes and sign-in links are secrets: a message that carries one is stored with it masked (what every staff view,
// export and the dev outbox show) and sealed in full for the one reader that needs it, the channel adapter.
import { decryptSecret, encryptSecret } from '../../platform/auth/crypto.ts';

/** What replaces a secret: as many dots as a short numeric code has digits, four for a link token. */
export function maskOf(secret: string): string {
  return /^\d{1,10}$/.test(secret) ? '•'.repeat(secret.length) : '••••';
}

export function maskSecrets(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const s of secrets) if (s) out = out.split(s).join(maskOf(s));
  return out;
}

/** The parts of a message that can hold a secret. */
export interface SealedContent {
  subject?: string;
  text: string;
  html?: string;
  /** E-mail headers only the adapter needs (a reply's In-Reply-To / References to the resident's message). */
  headers?: Record<string, string>;
  /** An iCalendar part (an event invitation or its cancellation) the mail carries as text/calendar. */
  calendar?: CalendarPart;
}

/** A text/calendar part: METHOD:REQUEST invites (or updates), METHOD:CANCEL withdraws (RFC 5546). */
export interface CalendarPart {
  method: 'REQUEST' | 'CANCEL';
  ics: string;
}

export const sealContent = (key: Buffer, content: SealedContent): string => encryptSecret(key, JSON.stringify(content));

export const openContent = (key: Buffer, sealed: string): SealedContent => JSON.parse(decryptSecret(key, sealed)) as SealedContent;

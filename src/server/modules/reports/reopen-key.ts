// The key in a "resolved" status message that lets a reporter known only by e-mail address or phone number reopen their
// report from the portal without an account: a keyed hash of the report and the reporter's contact hash, so it opens
// that one report for that one person and nothing else, and it needs no table (the reopen period still applies).
import { createHmac, timingSafeEqual } from 'node:crypto';
import { deriveKey } from '../../platform/auth/crypto.ts';

const purpose = (secret: Buffer) => deriveKey(secret, 'report-reopen');

export function reopenKey(secret: Buffer, reportId: string, contactHash: string): string {
  return createHmac('sha256', purpose(secret)).update(`${reportId}:${contactHash}`).digest('base64url').slice(0, 22);
}

/** Whether `key` is the reopen key of this report's reporter (false for reports without a contact hash). */
export function isReopenKey(secret: Buffer, reportId: string, contactHash: string | null, key: string | null | undefined): boolean {
  if (!contactHash || !key || key.length !== 22) return false;
  return timingSafeEqual(Buffer.from(reopenKey(secret, reportId, contactHash)), Buffer.from(key));
}

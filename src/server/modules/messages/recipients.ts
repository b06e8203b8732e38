// One send record per resident from a resolved audience: each address at most once per channel, each record carrying
// the resident and their language (the engine holds it for quiet hours; the send picks the language version by it).
import { z } from 'zod';
import { normalizePhone, type SendInput } from '../delivery/index.ts';
import type { Recipient } from '../geo/index.ts';

const emailSchema = z.email();
export type SendRecipient = SendInput['recipients'][number];

/**
 * One send record per resident, each address at most once per channel (two residents sharing an address get one
 * message). Each record carries the resident and their language: the seam where the messages issue decides quiet
 * hours and the text variant per resident. A stored address no longer valid for the channel is left out, not fatal.
 */
export function planRecipients(list: Recipient[]): { recipients: SendRecipient[]; residents: number; skipped: number } {
  const seen = { sms: new Set<string>(), email: new Set<string>(), push: new Set<string>() };
  const recipients: SendRecipient[] = [];
  let residents = 0;
  let skipped = 0;
  const take = (channel: keyof typeof seen, address: string | null) => {
    if (!address || seen[channel].has(address)) {
      skipped++;
      return undefined;
    }
    seen[channel].add(address);
    return address;
  };
  for (const r of list) {
    const base = { residentId: r.residentId, language: r.language };
    const own: SendRecipient = { ...base };
    if (r.sms) own.sms = take('sms', normalizePhone(r.sms));
    if (r.email) {
      const email = r.email.trim().toLowerCase();
      own.email = take('email', emailSchema.safeParse(email).success ? email : null);
    }
    const devices = (r.push ?? []).map((id) => take('push', id)).filter((id): id is string => !!id);
    own.push = devices.shift();
    const records = [own, ...devices.map((push): SendRecipient => ({ ...base, push }))].filter((x) => x.sms || x.email || x.push);
    if (!records.length) continue;
    residents++;
    recipients.push(...records.map((x) => Object.fromEntries(Object.entries(x).filter(([, v]) => v !== undefined)) as SendRecipient));
  }
  return { recipients, residents, skipped };
}

// Pure helpers of the Posteingang (tested in format.test.ts): due times in words, masked contacts, @mentions.
import { listOf } from '../../components/tags.ts';

/** How far away a deadline is, rounded to the unit that reads naturally; negative when it has passed. */
export function relativeDue(dueAt: string, now: Date): { minutes: number; unit: 'minute' | 'hour' | 'day'; value: number } {
  const minutes = Math.round((new Date(dueAt).getTime() - now.getTime()) / 60_000);
  const abs = Math.abs(minutes);
  if (abs < 60) return { minutes, unit: 'minute', value: abs };
  if (abs < 48 * 60) return { minutes, unit: 'hour', value: Math.round(abs / 60) };
  return { minutes, unit: 'day', value: Math.round(abs / (24 * 60)) };
}

/** A phone number or address for a list row: enough to tell contacts apart, not enough to read it off the screen. */
export function maskAddress(address: string): string {
  const at = address.indexOf('@');
  if (at > 0) return `${address.slice(0, 1)}…${address.slice(at)}`;
  const digits = address.replace(/\s/g, '');
  return digits.length > 4 ? `${digits.slice(0, digits.startsWith('+') ? 3 : 2)}…${digits.slice(-3)}` : digits;
}

/** The "@wor" being typed just before the cursor, or null: what the mention picker filters by. */
export function mentionQuery(text: string, cursor: number): { start: number; query: string } | null {
  const before = text.slice(0, cursor);
  const match = /(^|\s)@([\p{L}\p{N}._-]*)$/u.exec(before);
  if (!match) return null;
  return { start: before.length - match[2].length - 1, query: match[2] };
}

/** Puts "@Name " in place of the "@wor" being typed; returns the new text and where the cursor goes. */
export function insertMention(text: string, start: number, cursor: number, name: string): { text: string; cursor: number } {
  const inserted = `@${name} `;
  return { text: text.slice(0, start) + inserted + text.slice(cursor), cursor: start + inserted.length };
}

/** The staff whose "@Name" is still in the note when it is sent (a mention deleted from the text notifies no one). */
export function mentionedIds(text: string, picked: ReadonlyArray<{ userId: string; name: string }>): string[] {
  return [...new Set(picked.filter((p) => text.includes(`@${p.name}`)).map((p) => p.userId))];
}

/** Tags typed as "a, b, c": trimmed, no empties, no duplicates, at most 40 characters each. */
export function parseTags(input: string): string[] {
  return [...new Set(listOf(input).map((t) => t.slice(0, 40)))];
}

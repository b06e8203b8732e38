// Reading a resident CSV through the caller's column mapping: one checked, normalised row per phone number.
import type { CountryCode } from 'libphonenumber-js';
import { z } from 'zod';
import { checkResidentPhone, PHONE_PROBLEM_DETAIL } from '../../../../common/phone.ts';
import type { TenantRow } from '../../../platform/tenancy.ts';
import { type CsvRecord, parseCsv, type RowError } from '../../geo/index.ts';

export const columnMapping = z.strictObject({
  phone: z.string().min(1).max(100),
  email: z.string().max(100).optional(),
  name: z.string().max(100).optional(),
  street: z.string().max(100).optional(),
  houseNumber: z.string().max(100).optional(),
  postcode: z.string().max(100).optional(),
  topics: z.string().max(100).optional(),
  /** Tags staff give residents (e.g. "Seniorenbeirat"), several separated by ';'. */
  tags: z.string().max(100).optional(),
});
export type ColumnMapping = z.infer<typeof columnMapping>;

export interface ImportRow {
  line: number;
  phone: string;
  email: string | null;
  name: string | null;
  streetId: string | null;
  houseNumber: string | null;
  topics: string[];
  tags: string[];
}

export interface Lookups {
  tenant: TenantRow;
  topics: Array<{ key: string; nameDe: string; nameEn: string; mandatory: boolean }>;
  streets: Array<{ id: string; name: string; postcode: string }>;
}

const emailSchema = z.email();

function checkRow(
  line: number,
  v: (field: keyof ColumnMapping) => string,
  look: Lookups,
  streetsByName: Map<string, Lookups['streets']>,
  topicByWord: Map<string, string>,
) {
  const errors: RowError[] = [];
  const phoneText = v('phone');
  // imported residents get SMS: the same rule as the portal (mobile numbers from allowed countries only)
  const checked = phoneText
    ? checkResidentPhone(phoneText, look.tenant.allowedCountries, 'sms', (look.tenant.allowedCountries[0] ?? 'DE') as CountryCode)
    : null;
  const phone = checked?.ok ? checked.e164 : null;
  if (!checked) errors.push({ line, field: 'phone', detail: 'is empty' });
  else if (!checked.ok && checked.problem === 'country_not_allowed')
    errors.push({ line, field: 'phone', detail: `numbers from ${checked.country ?? 'this country'} cannot register here` });
  else if (!checked.ok) errors.push({ line, field: 'phone', detail: `"${phoneText}" ${PHONE_PROBLEM_DETAIL[checked.problem]}` });
  const email = v('email') || null;
  if (email && !emailSchema.safeParse(email).success) errors.push({ line, field: 'email', detail: `"${email}" is not an e-mail address` });
  const name = v('name') || null;
  if (name && name.length > 200) errors.push({ line, field: 'name', detail: 'is longer than 200 characters' });
  let streetId: string | null = null;
  const streetName = v('street');
  if (streetName) {
    const candidates = streetsByName.get(streetName.toLowerCase()) ?? [];
    const postcode = v('postcode');
    const street = candidates.find((s) => !postcode || s.postcode === postcode);
    if (!street) errors.push({ line, field: 'street', detail: `"${streetName}"${postcode ? ` (${postcode})` : ''} is not in the street list` });
    else streetId = street.id;
  }
  const houseNumber = v('houseNumber') || null;
  if (houseNumber && !/^\d{1,5}\s*[a-zA-Z]?(\s*[-/]\s*\d{1,5}\s*[a-zA-Z]?)?$/.test(houseNumber))
    errors.push({ line, field: 'houseNumber', detail: `"${houseNumber}" is not a house number` });
  const topics: string[] = [];
  for (const word of v('topics')
    .split(/[,;|]/)
    .map((w) => w.trim())
    .filter(Boolean)) {
    const key = topicByWord.get(word.toLowerCase());
    if (key) topics.push(key);
    else errors.push({ line, field: 'topics', detail: `"${word}" is not a topic; known: ${look.topics.map((t) => t.nameDe).join(', ')}` });
  }
  if (!look.tenant.warningsOptional) topics.push(...look.topics.filter((t) => t.mandatory).map((t) => t.key));
  const tags = v('tags')
    .split(';')
    .map((w) => w.trim())
    .filter(Boolean);
  const longTag = tags.find((w) => w.length > 64);
  if (longTag) errors.push({ line, field: 'tags', detail: `"${longTag.slice(0, 20)}…" is longer than 64 characters` });
  else if (tags.length > 20) errors.push({ line, field: 'tags', detail: 'has more than 20 tags' });
  if (errors.length || !phone) return { errors };
  return {
    errors,
    row: {
      line,
      phone,
      email: email?.toLowerCase() ?? null,
      name,
      streetId,
      houseNumber,
      topics: [...new Set(topics)],
      tags: [...new Set(tags)],
    } satisfies ImportRow,
  };
}

/** Checks rows one at a time (the import job reports progress in between); rows with the same phone number are merged
 * (first values win, topics are joined). A mapping that names a column missing from the header fails every row. */
export function createRowChecker(header: string[], mapping: ColumnMapping, look: Lookups) {
  const errors: RowError[] = [];
  for (const [field, column] of Object.entries(mapping)) {
    if (column && !header.includes(column)) errors.push({ line: 1, field, detail: `the column "${column}" is not in the file; it has ${header.join(', ')}` });
  }
  const headerOk = errors.length === 0;
  const streetsByName = new Map<string, Lookups['streets']>();
  for (const s of look.streets) streetsByName.set(s.name.toLowerCase(), [...(streetsByName.get(s.name.toLowerCase()) ?? []), s]);
  const topicByWord = new Map<string, string>();
  for (const t of look.topics) for (const w of [t.key, t.nameDe, t.nameEn]) topicByWord.set(w.toLowerCase(), t.key);
  const byPhone = new Map<string, ImportRow>();
  let merged = 0;
  return {
    headerOk,
    add({ line, values }: CsvRecord) {
      if (!headerOk) return;
      const checked = checkRow(line, (f) => (mapping[f] ? (values[mapping[f]!] ?? '') : ''), look, streetsByName, topicByWord);
      for (const e of checked.errors) errors.push(e);
      if (!checked.row) return;
      const seen = byPhone.get(checked.row.phone);
      if (!seen) {
        byPhone.set(checked.row.phone, checked.row);
        return;
      }
      merged++;
      seen.email ??= checked.row.email;
      seen.name ??= checked.row.name;
      if (!seen.streetId) Object.assign(seen, { streetId: checked.row.streetId, houseNumber: checked.row.houseNumber });
      seen.topics = [...new Set([...seen.topics, ...checked.row.topics])];
      seen.tags = [...new Set([...seen.tags, ...checked.row.tags])];
    },
    /** The checked rows in file order (by first appearance of each phone number). */
    result: () => ({ rows: [...byPhone.values()], merged, errors }),
  };
}

/** Every row checked at once (the synchronous import). */
export function readResidentRows(csv: string, mapping: ColumnMapping, look: Lookups) {
  const { header, records } = parseCsv(csv);
  const checker = createRowChecker(header, mapping, look);
  for (const record of records) checker.add(record);
  return { total: records.length, ...checker.result() };
}

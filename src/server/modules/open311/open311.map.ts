// From Civicast's reports and categories to the shapes of Open311 GeoReport v2 (before XML or JSON): status open or
// closed, service definitions from a category's extra fields, date-times in ISO 8601 with the municipality's offset.
import type { ReportCategory } from '../../../common/contracts/reports.ts';
import { OPEN_REPORT_STATUSES, REPORT_STATUSES, type ReportStatus } from '../../../common/states.ts';
import { fieldsInZone } from '../../../common/time-zones.ts';

export type Open311Status = 'open' | 'closed';

/** Report statuses an Open311 status filter stands for. */
const OPEN = new Set<ReportStatus>(OPEN_REPORT_STATUSES);
export const reportStatusesOf = (status: Open311Status): ReportStatus[] => REPORT_STATUSES.filter((s) => OPEN.has(s) === (status === 'open'));

// the offset only changes on the quarter hour at most, so it is cached per quarter hour
const offsetFields = fieldsInZone('en-US', { timeZoneName: 'longOffset' });
const offsets = new Map<string, number>();
const QUARTER = 15 * 60_000;

function offsetMinutes(ms: number, timeZone: string): number {
  const key = `${timeZone} ${Math.floor(ms / QUARTER)}`;
  const hit = offsets.get(key);
  if (hit !== undefined) return hit;
  const name = offsetFields(ms, timeZone).timeZoneName ?? '';
  const m = /GMT([+-])(\d\d):(\d\d)/.exec(name); // "GMT" alone is UTC
  const minutes = m ? (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) : 0;
  if (offsets.size > 50_000) offsets.clear();
  offsets.set(key, minutes);
  return minutes;
}

const two = (n: number) => (n < 10 ? `0${n}` : String(n));

/** `2026-11-30T10:15:00+01:00`: the W3C profile of ISO 8601 the spec asks for, in the municipality's local time. */
export function open311DateTime(at: Date, timeZone: string): string {
  const ms = at.getTime();
  const offset = offsetMinutes(ms, timeZone);
  const local = new Date(ms + offset * 60_000);
  const abs = Math.abs(offset);
  return (
    `${local.getUTCFullYear()}-${two(local.getUTCMonth() + 1)}-${two(local.getUTCDate())}` +
    `T${two(local.getUTCHours())}:${two(local.getUTCMinutes())}:${two(local.getUTCSeconds())}` +
    `${offset < 0 ? '-' : '+'}${two(Math.floor(abs / 60))}:${two(abs % 60)}`
  );
}

// W3C date-time profile: a date alone, or date and time with seconds optional and a zone (Z or ±hh:mm) required
const W3C_DATE_TIME = /^\d{4}-\d\d-\d\d(T\d\d:\d\d(:\d\d(\.\d{1,9})?)?(Z|[+-]\d\d:\d\d))?$/;

/** A start_date / end_date as the spec writes them; null when it is not one (a date alone counts as midnight UTC). */
export function parseOpen311Date(value: string): Date | null {
  if (!W3C_DATE_TIME.test(value)) return null;
  const at = new Date(value);
  return Number.isNaN(at.getTime()) ? null : at;
}

export interface Open311Service {
  service_code: string;
  service_name: string;
  description: string | null;
  metadata: boolean;
  type: 'realtime';
  keywords: string | null;
  group: string | null;
}

export const toService = (c: ReportCategory): Open311Service => ({
  service_code: c.code,
  service_name: c.name,
  description: c.description || null,
  metadata: c.fields.length > 0,
  type: 'realtime',
  keywords: c.keywords.length ? c.keywords.join(', ') : null,
  group: c.groupName || null,
});

export interface Open311Attribute {
  variable: boolean;
  code: string;
  datatype: ReportCategory['fields'][number]['datatype'];
  required: boolean;
  datatype_description: string | null;
  order: number;
  description: string;
  values?: Array<{ key: string; name: string }>;
}

export interface Open311ServiceDefinition {
  service_code: string;
  attributes: Open311Attribute[];
}

/** The field's label is the question the client shows (`description`); its help text explains the input. */
export const toServiceDefinition = (c: ReportCategory): Open311ServiceDefinition => ({
  service_code: c.code,
  attributes: c.fields.map((f, i) => ({
    variable: true,
    code: f.code,
    datatype: f.datatype,
    required: f.required,
    datatype_description: f.description || null,
    order: i + 1,
    description: f.label,
    ...(f.datatype.endsWith('valuelist') ? { values: (f.values ?? []).map((v) => ({ key: v.key, name: v.name })) } : {}),
  })),
});

/** One service request as GET requests answers it (open311.queries.ts writes it); never the reporter's name, e-mail or phone. */
export interface Open311Request {
  service_request_id: string;
  status: Open311Status;
  status_notes: string | null;
  service_name: string | null;
  service_code: string;
  description: string | null;
  agency_responsible: string | null;
  service_notice: string | null;
  requested_datetime: string;
  updated_datetime: string | null;
  expected_datetime: string | null;
  address: string | null;
  address_id: string | null;
  zipcode: string | null;
  lat: number;
  long: number;
  media_url: string | null;
}

// Pure helpers of Meldungen (tested in format.test.ts): the status workflow as the server allows it, the filters in
// the address and in API queries, the map's box, attribute values in words, report numbers and dates typed by staff.
import type { ReportFieldDef } from '../../../../common/contracts/reports.ts';
import { REPORT_STATUSES, type ReportStatus } from '../../../../common/states.ts';
import type { ReportListName } from '../../routes.ts';
import { dateInZone } from '../../../../common/time-zones.ts';

/** The changes the server accepts from each status (reports.service changeStatus); the rest answer 409. */
export const STATUS_TRANSITIONS: Record<ReportStatus, readonly ReportStatus[]> = {
  received: ['confirmed', 'in_progress', 'resolved', 'rejected', 'duplicate'],
  confirmed: ['in_progress', 'resolved', 'rejected', 'duplicate'],
  in_progress: ['confirmed', 'resolved', 'rejected', 'duplicate'],
  resolved: ['in_progress'],
  rejected: ['received'],
  duplicate: ['received'],
};

/** Marker and badge colours; the status is always also written next to them. Contrast ≥ 4.5:1 against white text. */
export const STATUS_COLORS: Record<ReportStatus, string> = {
  received: '#b45309',
  confirmed: '#1d4ed8',
  in_progress: '#6d28d9',
  resolved: '#15803d',
  rejected: '#4b5563',
  duplicate: '#4b5563',
};

export interface ReportFilters {
  status: string;
  categoryId: string;
  departmentId: string;
  assigneeId: string;
  q: string;
}
export const NO_FILTERS: ReportFilters = { status: '', categoryId: '', departmentId: '', assigneeId: '', q: '' };
const FILTER_KEYS = Object.keys(NO_FILTERS) as Array<keyof ReportFilters>;

/** The filters from the page address (`?status=…&q=…`); unknown parameters are ignored. */
export function readFilters(search: string): ReportFilters {
  const query = new URLSearchParams(search);
  const filters = { ...NO_FILTERS };
  for (const key of FILTER_KEYS) filters[key] = (query.get(key) ?? '').trim().slice(0, 200);
  return filters;
}

/** The filters for the page address: only those set, in a fixed order so the same filters give the same address. */
export function filtersQuery(filters: ReportFilters): string {
  const query = new URLSearchParams();
  for (const key of FILTER_KEYS) if (filters[key].trim()) query.set(key, filters[key].trim());
  return query.toString();
}

const isStatus = (s: string): s is ReportStatus => (REPORT_STATUSES as readonly string[]).includes(s);

/** GET /reports (and export.csv): the named list and the filters; the map's "open"/"all" are no list status. */
export function listQuery(list: ReportListName, filters: ReportFilters, limit?: number): URLSearchParams {
  const query = new URLSearchParams({ view: list });
  if (isStatus(filters.status)) query.set('status', filters.status);
  for (const key of ['categoryId', 'departmentId', 'assigneeId', 'q'] as const) if (filters[key].trim()) query.set(key, filters[key].trim());
  if (limit !== undefined) query.set('limit', String(limit));
  return query;
}

/** The map's status choice: open reports unless another status (or all) was chosen. */
export const mapStatus = (filters: ReportFilters): string => (filters.status === 'all' || isStatus(filters.status) ? filters.status : 'open');

/** GET /reports/map for a box: the status (none for "all") and the category. */
export function mapQuery(filters: ReportFilters, bbox: string): URLSearchParams {
  const query = new URLSearchParams({ bbox });
  const status = mapStatus(filters);
  if (status !== 'all') query.set('status', status);
  if (filters.categoryId) query.set('categoryId', filters.categoryId);
  return query;
}

/** west,south,east,north rounded to about a metre and kept within the world, as the API takes it. */
export function bboxString(b: { west: number; south: number; east: number; north: number }): string {
  const r = (x: number, lo: number, hi: number) => String(Math.round(Math.min(hi, Math.max(lo, x)) * 1e5) / 1e5);
  return [r(b.west, -180, 180), r(b.south, -90, 90), r(b.east, -180, 180), r(b.north, -90, 90)].join(',');
}

/** Germany: where the map starts before it fits the reports (the API accepts towns only there without areas). */
export const GERMANY_BBOX = '5.8,47.2,15.1,55.1';

/** "12", "#12", "Nr. 12" → 12; anything else is no report number. */
export function parseReportNumber(input: string): number | null {
  const match = /^\s*(?:nr\.?\s*|#\s*)?(\d{1,9})\s*$/i.exec(input);
  if (!match) return null;
  const n = Number(match[1]);
  return n > 0 ? n : null;
}

/** An extra field's value in words: choice keys by their names, dates formatted, lists joined. */
export function attributeText(field: ReportFieldDef | undefined, value: unknown, formatDate: (iso: string) => string): string {
  const name = (key: unknown) => field?.values?.find((v) => v.key === key)?.name ?? String(key);
  if (value === null || value === undefined || value === '') return '–';
  if (Array.isArray(value)) return value.map(name).join(', ') || '–';
  if (field?.datatype === 'singlevaluelist' || field?.datatype === 'multivaluelist') return name(value);
  if (field?.datatype === 'datetime' && typeof value === 'string' && !Number.isNaN(Date.parse(value))) return formatDate(value);
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

/**
 * The expected date for a date input (the municipality's day; noonOfDay turns it back): the day the public sees,
 * whatever zone the browser is set to.
 */
export function toDateInput(iso: string | null, zone: string): string {
  if (!iso) return '';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? '' : dateInZone(d, zone);
}

/** A server field error's pointer (`/body/duplicateOf`, `/attributes/size`) as the form's field key. */
export const pointerKey = (pointer: string) =>
  pointer
    .replace(/^\/body\/?/, '')
    .replace(/^\//, '')
    .replaceAll('/', '.');

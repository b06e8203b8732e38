// The waste collection calendar (Abfallkalender) as the staff API takes and answers it: collection types, districts
// of streets, schedules (an RRULE per type for one district or one street), collection dates, the CSV import with
// its row-by-row report, and the portal's street calendar. Shared by server (route schemas) and console.
import { z } from 'zod';
import { WASTE_DATE_SOURCES } from '../states.ts';
import { counts, nonEmptyPatch, stableCode, withDefaults } from './common.ts';

/** A calendar day "YYYY-MM-DD" that exists (2026-02-30 does not). */
export const isoDay = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD')
  .refine((s) => {
    const d = new Date(`${s}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
  }, 'is not a calendar date');

/** Longest span of one schedule (and of one date list query): three years. */
export const WASTE_MAX_SPAN_DAYS = 3 * 366;

// ---------------------------------------------------------------------------------------------------------------
// Types

const typeFields = z.strictObject({
  /** Stable key for CSV imports (e.g. "rest", "bio", "papier", "gelb"). */
  code: stableCode(30),
  name: z.string().trim().min(1).max(80),
  color: z
    .string()
    .trim()
    .regex(/^#[0-9a-fA-F]{6}$/, 'a colour #rrggbb'),
  /** No dates: residents order it (Sperrmüll); `info` says how. */
  onRequest: z.boolean(),
  info: z.string().trim().max(1000),
  position: z.number().int().min(0).max(1000),
  active: z.boolean(),
});

export const wasteTypeInput = withDefaults(typeFields, { color: '#666666', onRequest: false, info: '', position: 0, active: true });
export type WasteTypeInput = z.input<typeof wasteTypeInput>;
export const wasteTypePatch = nonEmptyPatch(typeFields.partial());

export const wasteType = z.object({
  id: z.uuid(),
  code: z.string(),
  name: z.string(),
  color: z.string(),
  onRequest: z.boolean(),
  info: z.string(),
  position: z.number().int(),
  active: z.boolean(),
});
export type WasteType = z.infer<typeof wasteType>;

// ---------------------------------------------------------------------------------------------------------------
// Districts (a street belongs to at most one; saving a district takes its streets from any other district)

const streetIds = z
  .array(z.uuid('must be a street id'))
  .max(5000)
  .refine((ids) => new Set(ids).size === ids.length, 'a street is listed twice');

const districtFields = z.strictObject({ name: z.string().trim().min(1).max(120), streetIds });
export const wasteDistrictInput = districtFields.extend({ streetIds: streetIds.default([]) });
export type WasteDistrictInput = z.input<typeof wasteDistrictInput>;
export const wasteDistrictPatch = nonEmptyPatch(districtFields.partial());

export const wasteDistrict = z.object({ id: z.uuid(), name: z.string(), streetIds: z.array(z.uuid()) });
export type WasteDistrict = z.infer<typeof wasteDistrict>;

// ---------------------------------------------------------------------------------------------------------------
// Schedules and dates are of one type for one district or one street (exactly one of the two).

const targetInput = {
  typeId: z.uuid('must be a waste type id'),
  districtId: z.uuid('must be a district id').nullable().default(null),
  streetId: z.uuid('must be a street id').nullable().default(null),
};
const oneTarget = (s: { districtId: string | null; streetId: string | null }) => (s.districtId === null) !== (s.streetId === null);
const oneTargetRule = { message: 'give either a district or a street', path: ['districtId'] };
const targetView = { id: z.uuid(), typeId: z.uuid(), districtId: z.uuid().nullable(), streetId: z.uuid().nullable() };

// ---------------------------------------------------------------------------------------------------------------
// Schedules: saving one replaces its expanded (`rule`) dates; manual and imported dates stay.

export const wasteScheduleInput = z
  .strictObject({
    ...targetInput,
    /** RFC 5545 RRULE without DTSTART, e.g. "FREQ=WEEKLY;INTERVAL=2;BYDAY=TH" (a leading "RRULE:" is accepted). */
    rrule: z.string().trim().min(1).max(500),
    startsOn: isoDay,
    /** At most three years after startsOn. */
    endsOn: isoDay,
    /** Move a date on a public holiday of the municipality's federal state to the next working day. */
    holidayShift: z.boolean().default(true),
  })
  .refine(oneTarget, oneTargetRule);
export type WasteScheduleInput = z.input<typeof wasteScheduleInput>;

export const wasteSchedule = z.object({
  ...targetView,
  rrule: z.string(),
  startsOn: z.string(),
  endsOn: z.string(),
  holidayShift: z.boolean(),
  /** How many collection dates the schedule expanded to (after holiday shifts). */
  dates: z.number().int(),
});
export type WasteSchedule = z.infer<typeof wasteSchedule>;

// ---------------------------------------------------------------------------------------------------------------
// Dates

/** A list of dates: exactly one of street (its own dates and its district's) or district; a range of at most 3 years. */
export const wasteDateQuery = z
  .strictObject({
    streetId: z.uuid('must be a street id').optional(),
    districtId: z.uuid('must be a district id').optional(),
    typeId: z.uuid('must be a waste type id').optional(),
    from: isoDay,
    to: isoDay,
  })
  .refine((q) => (q.streetId === undefined) !== (q.districtId === undefined), { message: 'give either streetId or districtId', path: ['streetId'] })
  .refine((q) => q.from <= q.to, { message: 'must not be before from', path: ['to'] });

export const wasteDate = z.object({
  ...targetView,
  scheduleId: z.uuid().nullable(),
  day: z.string(),
  /** The original day when a public holiday moved the collection. */
  shiftedFrom: z.string().nullable(),
  source: z.enum(WASTE_DATE_SOURCES),
  note: z.string(),
});
export type WasteDate = z.infer<typeof wasteDate>;

export const wasteDateInput = z.strictObject({ ...targetInput, day: isoDay, note: z.string().trim().max(500).default('') }).refine(oneTarget, oneTargetRule);
export type WasteDateInput = z.input<typeof wasteDateInput>;

/** Move a date (it becomes a manual date, detached from its schedule) or change its note. */
export const wasteDatePatch = nonEmptyPatch(z.strictObject({ day: isoDay, note: z.string().trim().max(500) }).partial());

// ---------------------------------------------------------------------------------------------------------------
// CSV import: header typ;bezirk;strasse;datum;hinweis (`;` or `,`, UTF-8 with or without BOM)

export const WASTE_CSV_MAX_BYTES = 2 * 1024 * 1024;

export const wasteImportInput = z.strictObject({
  /** The file's text. */
  csv: z.string().min(1, 'the file is empty').max(WASTE_CSV_MAX_BYTES),
  /** Check only: report every row, write nothing. */
  dryRun: z.boolean().default(false),
});
export type WasteImportInput = z.input<typeof wasteImportInput>;

export const wasteImportRow = z.object({
  /** The line in the file (the header is line 1). */
  line: z.number().int(),
  /** `duplicate`: the date exists already and is not written twice. */
  status: z.enum(['ok', 'duplicate', 'error']),
  /** `column` is the header name ('' for the file); `code` for a translated text (unknown_type, required, one_target,
   * unknown_district, unknown_street, ambiguous_street, invalid_date, too_long, file); `message` in English. */
  errors: z.array(z.object({ column: z.string(), code: z.string(), message: z.string() })),
});
export type WasteImportRow = z.infer<typeof wasteImportRow>;

export const wasteImportReport = z.object({
  /** Whether the rows were written (false for a dry run or when any row has an error: nothing half-imported). */
  written: z.boolean(),
  rows: z.array(wasteImportRow),
  totals: z.object(counts('rows', 'ok', 'duplicates', 'errors')),
});
export type WasteImportReport = z.infer<typeof wasteImportReport>;

// ---------------------------------------------------------------------------------------------------------------
// The portal's street calendar (also answered by GET /waste/streets/:streetId/calendar for the console preview)

export const wasteStreetCalendar = z.object({
  streetId: z.uuid(),
  streetName: z.string(),
  districtName: z.string().nullable(),
  types: z.array(
    z.object({
      type: wasteType,
      /** The next dates from today (empty for on-request types). */
      next: z.array(wasteDate.pick({ id: true, day: true, shiftedFrom: true, note: true })),
    }),
  ),
});
export type WasteStreetCalendar = z.infer<typeof wasteStreetCalendar>;

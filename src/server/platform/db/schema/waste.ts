// The waste collection calendar (Abfallkalender, issue 12): collection types, districts of streets, schedules (a
// recurrence rule per type and district or street, with dates moved around public holidays), the collection dates
// they expand to, and residents' reminders. Migration 0024.
import { sql } from 'drizzle-orm';
import { boolean, check, date, index, integer, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { WASTE_DATE_SOURCES, WASTE_REMINDER_DAYS } from '../../../../common/states.ts';
import { createdAt, jsonList, oneOf, timestamps } from './columns.ts';
import { tenantKeyedTable, tenantTable } from './tenant-table.ts';

/** Restmüll, Bio, Papier, Gelbe Tonne, Sperrmüll (on request: no dates, the portal explains how to order). */
export const wasteTypes = tenantTable(
  'waste_types',
  {
    /** Stable key for CSV imports and calendar UIDs (e.g. "rest", "bio", "papier", "gelb"). */
    code: text('code').notNull(),
    name: text('name').notNull(),
    /** A CSS colour for the bin (#rrggbb). */
    color: text('color').notNull().default('#666666'),
    onRequest: boolean('on_request').notNull().default(false),
    /** What residents read for on-request types (how to order) or as a hint ("Tonne bis 6 Uhr bereitstellen"). */
    info: text('info').notNull().default(''),
    position: integer('position').notNull().default(0),
    active: boolean('active').notNull().default(true),
  },
  (t) => [uniqueIndex('waste_types_code_uq').on(t.tenantId, t.code)],
);

/** A collection district (Abfuhrbezirk): a set of streets collected on the same days. */
export const wasteDistricts = tenantTable(
  'waste_districts',
  {
    name: text('name').notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('waste_districts_name_uq').on(t.tenantId, t.name)],
);

/** A street belongs to at most one district. */
export const wasteDistrictStreets = tenantKeyedTable(
  'waste_district_streets',
  {
    districtId: uuid('district_id').notNull(),
    streetId: uuid('street_id').notNull(),
  },
  (t) => [t.streetId],
  (t) => [index('waste_district_streets_district_idx').on(t.tenantId, t.districtId)],
);

/** What a schedule or a date is for: one type, in one district or one street (exactly one of the two, `oneTarget`). */
const target = () => ({ typeId: uuid('type_id').notNull(), districtId: uuid('district_id'), streetId: uuid('street_id') });
const oneTarget = (table: string) => check(`${table}_target_check`, sql`(district_id IS NULL) <> (street_id IS NULL)`);

/**
 * A schedule: one type for one district or one street (exactly one of the two), by an RFC 5545 RRULE from
 * `starts_on` (e.g. FREQ=WEEKLY;INTERVAL=2;BYDAY=TH) until `ends_on`. With `holiday_shift`, a date on a public holiday
 * of the municipality's federal state moves to the next working day.
 */
export const wasteSchedules = tenantTable(
  'waste_schedules',
  {
    ...target(),
    rrule: text('rrule'),
    startsOn: date('starts_on', { mode: 'string' }).notNull(),
    endsOn: date('ends_on', { mode: 'string' }).notNull(),
    holidayShift: boolean('holiday_shift').notNull().default(true),
    ...timestamps(),
  },
  (t) => [index('waste_schedules_type_idx').on(t.tenantId, t.typeId), oneTarget('waste_schedules')],
);

/**
 * One collection day for one type in one district or street: expanded from a schedule (`rule`, with `shifted_from`
 * when a holiday moved it), entered by hand, or imported from CSV. The portal, the .ics feeds and the reminders read
 * only this table.
 */
export const wasteDates = tenantTable(
  'waste_dates',
  {
    ...target(),
    scheduleId: uuid('schedule_id'),
    day: date('day', { mode: 'string' }).notNull(),
    shiftedFrom: date('shifted_from', { mode: 'string' }),
    source: text('source').notNull(),
    note: text('note').notNull().default(''),
  },
  (t) => [
    index('waste_dates_district_day_idx').on(t.tenantId, t.districtId, t.day),
    index('waste_dates_street_day_idx').on(t.tenantId, t.streetId, t.day),
    index('waste_dates_day_idx').on(t.tenantId, t.day),
    oneOf('waste_dates', t.source, WASTE_DATE_SOURCES),
    oneTarget('waste_dates'),
    // unique per type, district or street, and day (an expression index, written in migration 0024 as SQL)
  ],
);

/**
 * A resident's reminder for one street: which types (empty: all), the evening before or the same morning, at their
 * local time (minutes after midnight). `last_reminded_for` is the collection day last reminded of: the job moves it
 * forward in the statement that picks the resident, so a rerun sends nothing twice.
 */
export const wasteReminders = tenantKeyedTable(
  'waste_reminders',
  {
    residentId: uuid('resident_id').notNull(),
    streetId: uuid('street_id').notNull(),
    typeIds: jsonList('type_ids'),
    day: text('day').notNull().default('day_before'),
    minuteOfDay: integer('minute_of_day').notNull().default(1080),
    active: boolean('active').notNull().default(true),
    lastRemindedFor: date('last_reminded_for', { mode: 'string' }),
    ...timestamps(),
  },
  (t) => [t.residentId],
  (t) => [
    index('waste_reminders_due_idx').on(t.tenantId, t.day, t.minuteOfDay).where(sql`active`),
    index('waste_reminders_street_idx').on(t.tenantId, t.streetId),
    oneOf('waste_reminders', t.day, WASTE_REMINDER_DAYS),
  ],
);

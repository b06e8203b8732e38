// Events and invitations (issue 12): an event with its time zone and recurrence (RRULE), place and capacity, and the
// residents' answers (Zusage/Absage/Vielleicht) with the waitlist. Migration 0023.
import { sql } from 'drizzle-orm';
import { boolean, doublePrecision, index, integer, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { EVENT_ORGANISER_KINDS, EVENT_STATUSES, RSVP_ANSWERS, RSVP_STATES } from '../../../../common/states.ts';
import { at, bytea, createdAt, enumChecks, timestamps } from './columns.ts';
import { tenantTable } from './tenant-table.ts';

export const events = tenantTable(
  'events',
  {
    /** The iCalendar UID: stable across changes, so calendars update the entry instead of adding one. */
    uid: text('uid').notNull(),
    /** iCalendar SEQUENCE: raised on every change residents should see (time, place, cancellation). */
    sequence: integer('sequence').notNull().default(0),
    status: text('status', { enum: EVENT_STATUSES }).notNull().default('draft'),
    title: text('title').notNull(),
    description: text('description').notNull().default(''),
    /** The first occurrence's start and end (UTC instants); local wall time comes from `time_zone`. */
    startsAt: at('starts_at').notNull(),
    endsAt: at('ends_at').notNull(),
    timeZone: text('time_zone').notNull().default('Europe/Berlin'),
    allDay: boolean('all_day').notNull().default(false),
    /** RFC 5545 RRULE value without the "RRULE:" prefix (e.g. FREQ=WEEKLY;BYDAY=TU;COUNT=10); null: one occurrence. */
    rrule: text('rrule'),
    placeName: text('place_name').notNull().default(''),
    address: text('address').notNull().default(''),
    lat: doublePrecision('lat'),
    lng: doublePrecision('lng'),
    organiserKind: text('organiser_kind', { enum: EVENT_ORGANISER_KINDS }).notNull().default('municipality'),
    organiserName: text('organiser_name').notNull().default(''),
    /** Places in all (persons, not answers); null: no limit. */
    capacity: integer('capacity'),
    rsvpEnabled: boolean('rsvp_enabled').notNull().default(true),
    /** In the portal's list and events.ics; a non-public event is reached by its link only. */
    listed: boolean('listed').notNull().default(true),
    /** Hours before the start when residents who said yes or maybe are reminded; null: no reminder. */
    reminderHours: integer('reminder_hours').default(24),
    /** The occurrence start whose reminder went out (a recurring event is reminded of its next occurrence). */
    remindedFor: at('reminded_for'),
    imageData: bytea('image_data'),
    imageType: text('image_type'),
    /** The invitation message (campaign) that announced the event. */
    invitationId: uuid('invitation_id'),
    cancelReason: text('cancel_reason'),
    createdBy: uuid('created_by'),
    ...timestamps(),
  },
  (t) => [
    uniqueIndex('events_uid_uq').on(t.uid),
    index('events_listed_idx').on(t.tenantId, t.status, t.startsAt),
    index('events_reminder_idx').on(t.startsAt).where(sql`status = 'published' and reminder_hours is not null`),
    ...enumChecks('events', t.status, t.organiserKind),
  ],
);

/**
 * A resident's answer. A "yes" is `confirmed` while the places (sum of `persons`) last, else `waitlisted` in the
 * order of `answered_at`; "no" and "maybe" are `none`. One answer per resident and event (for the whole series).
 */
export const eventRsvps = tenantTable(
  'event_rsvps',
  {
    eventId: uuid('event_id').notNull(),
    residentId: uuid('resident_id').notNull(),
    answer: text('answer', { enum: RSVP_ANSWERS }).notNull(),
    persons: integer('persons').notNull().default(1),
    state: text('state', { enum: RSVP_STATES }).notNull().default('none'),
    /** When the current answer was given: the waitlist's order. */
    answeredAt: at('answered_at').notNull().defaultNow(),
    promotedAt: at('promoted_at'),
    checkedInAt: at('checked_in_at'),
    checkedInPersons: integer('checked_in_persons'),
    remindedFor: at('reminded_for'),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('event_rsvps_resident_uq').on(t.tenantId, t.eventId, t.residentId),
    index('event_rsvps_waitlist_idx').on(t.tenantId, t.eventId, t.answeredAt).where(sql`state = 'waitlisted'`),
    index('event_rsvps_resident_idx').on(t.tenantId, t.residentId),
    ...enumChecks('event_rsvps', t.answer, t.state),
  ],
);

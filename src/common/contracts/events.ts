// Events (Veranstaltungen) as the staff API takes and answers them: create/update with local wall time and an IANA
// time zone, recurrence (RRULE), place, organiser and capacity; cancel; the attendee list and check-in; the invitation
// message; and the RSVP shape the portal (events-rsvp) takes. Shared by server (route schemas) and console.
import { z } from 'zod';
import { EVENT_ORGANISER_KINDS, EVENT_STATUSES, RSVP_ANSWERS, RSVP_STATES } from '../states.ts';
import { counts, cursorPageOf, cursorQuery, nonEmptyPatch, requiredText, searchText, timestamp, timestamps } from './common.ts';
import { campaignChannels, messageAudienceInput } from './messages.ts';

export { EVENT_ORGANISER_KINDS, EVENT_STATUSES, RSVP_ANSWERS, RSVP_STATES } from '../states.ts';
export type { EventOrganiserKind, EventStatus, RsvpAnswer, RsvpState } from '../states.ts';

export const EVENT_DESCRIPTION_MAX = 8000;
/** A recurring event has at most this many occurrences. */
export const EVENT_OCCURRENCES_MAX = 500;
export const RSVP_PERSONS_MAX = 10;

/** Local wall time in the event's zone, minutes precision: "2027-03-20T10:00" (seconds allowed, ignored when :00). */
export const localDateTime = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/, 'a local date and time like 2027-03-20T10:00');
/** A calendar date: "2027-03-20". */
export const localDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date like 2027-03-20');

// ---------------------------------------------------------------------------------------------------------------
// Requests

/**
 * The event's fields without defaults (PATCH takes any subset). Times: `startsAt`/`endsAt` are local wall time in
 * `timeZone` ("2027-03-20T10:00"); with `allDay` they are dates ("2027-03-20"), `endsAt` the last day (inclusive).
 * Rules the server checks (400 naming the field): end after start, a valid IANA zone, a valid RRULE (FREQ
 * DAILY/WEEKLY/MONTHLY/YEARLY, at most 500 occurrences, open rules stop after two years); capacity below the
 * persons already confirmed is a 409 naming `capacity`.
 */
const eventFields = z.strictObject({
  title: requiredText(200),
  description: z.string().trim().max(EVENT_DESCRIPTION_MAX),
  startsAt: z.union([localDateTime, localDate]),
  endsAt: z.union([localDateTime, localDate]),
  /** IANA zone, e.g. Europe/Berlin; default: the municipality's zone. */
  timeZone: z.string().trim().min(1).max(64),
  allDay: z.boolean(),
  /** RFC 5545 RRULE value without "RRULE:", e.g. FREQ=WEEKLY;BYDAY=SA;COUNT=20; null: a single occurrence. */
  rrule: z.string().trim().min(1).max(500).nullable(),
  placeName: z.string().trim().max(200),
  address: z.string().trim().max(300),
  /** The map point: both or neither. */
  lat: z.number().min(-90).max(90).nullable(),
  lng: z.number().min(-180).max(180).nullable(),
  organiserKind: z.enum(EVENT_ORGANISER_KINDS),
  /** The club or organiser's name (for the municipality: empty, the municipality's name is shown). */
  organiserName: z.string().trim().max(200),
  /** Places in all (persons); null: no limit. */
  capacity: z.number().int().min(1).max(1_000_000).nullable(),
  rsvpEnabled: z.boolean(),
  /** Shown in the portal's list and events.ics; unlisted events are reached by their link. */
  listed: z.boolean(),
  /** Hours before the start when residents who said yes or maybe are reminded; null: no reminder. */
  reminderHours: z.number().int().min(1).max(168).nullable(),
});

const latLngPair = (e: { lat?: number | null; lng?: number | null }) => (e.lat == null) === (e.lng == null);
const pairRule = { message: 'give lat and lng together, or neither', path: ['lng'] };

/** POST /events: a new draft. */
export const eventCreateInput = eventFields
  .extend({
    description: eventFields.shape.description.default(''),
    timeZone: eventFields.shape.timeZone.optional(),
    allDay: z.boolean().default(false),
    rrule: eventFields.shape.rrule.default(null),
    placeName: eventFields.shape.placeName.default(''),
    address: eventFields.shape.address.default(''),
    lat: eventFields.shape.lat.default(null),
    lng: eventFields.shape.lng.default(null),
    organiserKind: eventFields.shape.organiserKind.default('municipality'),
    organiserName: eventFields.shape.organiserName.default(''),
    capacity: eventFields.shape.capacity.default(null),
    rsvpEnabled: z.boolean().default(true),
    listed: z.boolean().default(true),
    reminderHours: eventFields.shape.reminderHours.default(24),
  })
  .refine(latLngPair, pairRule);
export type EventCreateInput = z.input<typeof eventCreateInput>;

/** PATCH /events/:id: any subset; time fields are checked together with the stored ones. */
export const eventUpdateInput = nonEmptyPatch(eventFields.partial()).refine((p) => (p.lat === undefined && p.lng === undefined) || latLngPair(p), pairRule);
export type EventUpdateInput = z.input<typeof eventUpdateInput>;

/** POST /events/:id/cancel: the reason is shown to residents and sent with the cancellation notice. */
export const eventCancelInput = z.strictObject({ reason: z.string().trim().min(1, 'say why').max(2000) });
export type EventCancelInput = z.infer<typeof eventCancelInput>;

export const eventListQuery = z.strictObject({
  status: z.enum(EVENT_STATUSES).optional(),
  /** upcoming: not yet over (a series until its last occurrence), soonest first; past: over, newest first. Without a
   * status filter, drafts are in neither (only in all). */
  when: z.enum(['upcoming', 'past', 'all']).default('all'),
  q: searchText.optional(),
  ...cursorQuery,
});
export type EventListQuery = z.input<typeof eventListQuery>;

/** POST /events/:id/invite: a DRAFT message announcing the event (linking its page), to approve and send as usual. */
export const eventInviteInput = z.strictObject({
  channels: campaignChannels,
  audience: messageAudienceInput.default({}),
  /** Default: the event's title; body default: when, where and the link. */
  title: z.string().trim().min(1).max(200).optional(),
  body: z.string().trim().min(1).max(20_000).optional(),
});
export type EventInviteInput = z.input<typeof eventInviteInput>;
export const eventInvitation = z.object({ messageId: z.uuid() });

/** POST /events/:id/rsvps/:rsvpId/check-in: how many of the answer's persons came (default: all). */
export const checkInInput = z.strictObject({ persons: z.number().int().min(1).max(RSVP_PERSONS_MAX).optional() });
export type CheckInInput = z.infer<typeof checkInInput>;

/** A resident's answer (portal, events-rsvp): yes/no/maybe with the number of persons (1–10, counted for "yes"). */
export const rsvpInput = z.strictObject({
  answer: z.enum(RSVP_ANSWERS),
  persons: z.coerce.number().int().min(1).max(RSVP_PERSONS_MAX).default(1),
});
export type RsvpInput = z.infer<typeof rsvpInput>;

// ---------------------------------------------------------------------------------------------------------------
// Responses

/** `yes`, `no`, `maybe`: answers (not persons); `confirmedPersons`: persons holding a place; `waitlisted`: answers waiting for places. */
export const eventCounts = z.object({
  ...counts('yes', 'no', 'maybe', 'confirmedPersons', 'waitlisted'),
  /** null: no capacity limit. */
  placesLeft: z.number().int().nullable(),
  checkedInPersons: z.number().int(),
});
export type EventCounts = z.infer<typeof eventCounts>;

export const eventOccurrence = z.object({ startsAt: timestamp, endsAt: timestamp });
export type EventOccurrence = z.infer<typeof eventOccurrence>;

export const eventSummary = z.object({
  id: z.uuid(),
  uid: z.string(),
  status: z.enum(EVENT_STATUSES),
  title: z.string(),
  /** The first occurrence as UTC instants. */
  startsAt: timestamp,
  endsAt: timestamp,
  /** The same as local wall time in `timeZone` (dates for all-day events; `endsLocal` then the last day). */
  startsLocal: z.string(),
  endsLocal: z.string(),
  timeZone: z.string(),
  allDay: z.boolean(),
  rrule: z.string().nullable(),
  placeName: z.string(),
  organiserKind: z.enum(EVENT_ORGANISER_KINDS),
  organiserName: z.string(),
  capacity: z.number().int().nullable(),
  rsvpEnabled: z.boolean(),
  listed: z.boolean(),
  hasImage: z.boolean(),
  sequence: z.number().int(),
  cancelReason: z.string().nullable(),
  /** The next occurrence not yet ended (null: over). */
  nextOccurrence: eventOccurrence.nullable(),
  counts: eventCounts,
  ...timestamps,
});
export type EventSummary = z.infer<typeof eventSummary>;

export const eventList = cursorPageOf(eventSummary);
export type EventList = z.infer<typeof eventList>;

export const eventDetail = eventSummary.extend({
  description: z.string(),
  address: z.string(),
  lat: z.number().nullable(),
  lng: z.number().nullable(),
  reminderHours: z.number().int().nullable(),
  invitationId: z.uuid().nullable(),
  /** Up to the next 10 occurrences from now. */
  occurrences: z.array(eventOccurrence),
  /** The public page and calendar file (absolute URLs). */
  portalUrl: z.string(),
  icsUrl: z.string(),
});
export type EventDetail = z.infer<typeof eventDetail>;

/** One answer in the attendee list (names are personal data: each view is audited). */
export const attendeeRow = z.object({
  rsvpId: z.uuid(),
  residentId: z.uuid(),
  name: z.string(),
  answer: z.enum(RSVP_ANSWERS),
  persons: z.number().int(),
  state: z.enum(RSVP_STATES),
  /** 1-based place on the waitlist; null when not waitlisted. */
  waitlistPosition: z.number().int().nullable(),
  checkedIn: z.boolean(),
  checkedInPersons: z.number().int().nullable(),
  checkedInAt: timestamp.nullable(),
  answeredAt: timestamp,
});
export type AttendeeRow = z.infer<typeof attendeeRow>;

export const attendeeList = z.object({ items: z.array(attendeeRow), counts: eventCounts });
export type AttendeeList = z.infer<typeof attendeeList>;

/** What a resident's answer resulted in (events-rsvp answers this). */
export const rsvpResult = attendeeRow.pick({ answer: true, persons: true, state: true, waitlistPosition: true });
export type RsvpResult = z.infer<typeof rsvpResult>;

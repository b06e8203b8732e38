// The editor's form state and its way to the API (tested in draft.test.ts): what staff typed as strings, the local
// checks before sending (the server checks again and names the same fields), and the request body. Editing sends
// only what changed, so saving an untouched field never counts as a change residents are told about.
import { DateTime } from 'luxon';
import type { EventCreateInput, EventDetail, EventOrganiserKind, EventUpdateInput } from '../../../../common/contracts/events.ts';
import type { MessageKey } from '../../i18n.tsx';
import { coordinate, wholeNumber } from './format.ts';
import { fromRrule, NO_RECURRENCE, type Recurrence, type RecurrenceProblem, recurrenceProblem, toRrule } from './recurrence.ts';

export interface EventDraft {
  title: string;
  description: string;
  allDay: boolean;
  /** Local wall time in `timeZone` (yyyy-mm-ddThh:mm), or a date (yyyy-mm-dd) for an all-day event. */
  startsAt: string;
  endsAt: string;
  timeZone: string;
  recurrence: Recurrence;
  placeName: string;
  address: string;
  lat: string;
  lng: string;
  organiserKind: EventOrganiserKind;
  organiserName: string;
  capacity: string;
  rsvpEnabled: boolean;
  listed: boolean;
  /** Hours before the start; '' for no reminder. */
  reminderHours: string;
}

export const emptyDraft = (timeZone: string): EventDraft => ({
  title: '',
  description: '',
  allDay: false,
  startsAt: '',
  endsAt: '',
  timeZone,
  recurrence: NO_RECURRENCE,
  placeName: '',
  address: '',
  lat: '',
  lng: '',
  organiserKind: 'municipality',
  organiserName: '',
  capacity: '',
  rsvpEnabled: true,
  listed: true,
  reminderHours: '24',
});

const minutes = (local: string) => local.slice(0, 16);

export function draftOf(e: EventDetail): EventDraft {
  return {
    title: e.title,
    description: e.description,
    allDay: e.allDay,
    startsAt: e.allDay ? e.startsLocal.slice(0, 10) : minutes(e.startsLocal),
    endsAt: e.allDay ? e.endsLocal.slice(0, 10) : minutes(e.endsLocal),
    timeZone: e.timeZone,
    recurrence: fromRrule(e.rrule, e.timeZone),
    placeName: e.placeName,
    address: e.address,
    lat: e.lat === null ? '' : String(e.lat),
    lng: e.lng === null ? '' : String(e.lng),
    organiserKind: e.organiserKind,
    organiserName: e.organiserName,
    capacity: e.capacity === null ? '' : String(e.capacity),
    rsvpEnabled: e.rsvpEnabled,
    listed: e.listed,
    reminderHours: e.reminderHours === null ? '' : String(e.reminderHours),
  };
}

const LOCAL = "yyyy-MM-dd'T'HH:mm";

/** All-day on: the dates of the times; off: the dates at 09:00 and 17:00 (staff then set the hours). */
export function withAllDay(d: EventDraft, allDay: boolean): EventDraft {
  if (allDay === d.allDay) return d;
  if (allDay) return { ...d, allDay, startsAt: d.startsAt.slice(0, 10), endsAt: d.endsAt.slice(0, 10) };
  return { ...d, allDay, startsAt: d.startsAt ? `${d.startsAt}T09:00` : '', endsAt: d.endsAt ? `${d.endsAt}T17:00` : '' };
}

/** A new start moves an end that is missing or no longer after it: two hours later, or the same day. */
export function withStart(d: EventDraft, startsAt: string): EventDraft {
  const start = DateTime.fromISO(startsAt);
  if (!start.isValid || (d.endsAt && d.endsAt > startsAt) || (d.allDay && d.endsAt && d.endsAt >= startsAt)) return { ...d, startsAt };
  return { ...d, startsAt, endsAt: d.allDay ? startsAt : start.plus({ hours: 2 }).toFormat(LOCAL) };
}

const RECURRENCE_KEYS: Record<Exclude<RecurrenceProblem, null>, MessageKey> = {
  interval: 'events.check.interval',
  count: 'events.check.count',
  until: 'events.check.until',
  custom: 'events.check.rrule',
};

/** What the form can tell before sending, by field key (the same keys the server's pointers give). */
export function checkDraft(d: EventDraft): Record<string, MessageKey> {
  const found: Record<string, MessageKey> = {};
  const pattern = d.allDay ? /^\d{4}-\d{2}-\d{2}$/ : /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/;
  if (!d.title.trim()) found.title = 'events.check.title';
  if (!pattern.test(d.startsAt)) found.startsAt = 'events.check.start';
  if (!pattern.test(d.endsAt)) found.endsAt = 'events.check.end';
  else if (!found.startsAt && (d.allDay ? d.endsAt < d.startsAt : d.endsAt <= d.startsAt)) found.endsAt = 'events.check.endBeforeStart';
  const problem = recurrenceProblem(d.recurrence);
  if (problem) found.rrule = RECURRENCE_KEYS[problem];
  const capacity = wholeNumber(d.capacity);
  if (capacity !== null && !(capacity >= 1)) found.capacity = 'events.check.capacity';
  const lat = coordinate(d.lat);
  const lng = coordinate(d.lng);
  if ((d.lat.trim() && (lat === null || Math.abs(lat) > 90)) || (d.lng.trim() && (lng === null || Math.abs(lng) > 180))) found.lat = 'events.check.point';
  else if ((lat === null) !== (lng === null)) found.lat = 'events.check.pointPair';
  if (d.organiserKind === 'club' && !d.organiserName.trim()) found.organiserName = 'events.check.organiser';
  return found;
}

/** The request body of a checked draft. */
export function bodyOf(d: EventDraft): Required<Omit<EventCreateInput, 'timeZone'>> & { timeZone: string } {
  const reminder = wholeNumber(d.reminderHours);
  return {
    title: d.title.trim(),
    description: d.description.trim(),
    startsAt: d.startsAt,
    endsAt: d.endsAt,
    timeZone: d.timeZone,
    allDay: d.allDay,
    rrule: toRrule(d.recurrence, d.timeZone, d.allDay),
    placeName: d.placeName.trim(),
    address: d.address.trim(),
    lat: coordinate(d.lat),
    lng: coordinate(d.lng),
    organiserKind: d.organiserKind,
    organiserName: d.organiserKind === 'club' ? d.organiserName.trim() : '',
    capacity: wholeNumber(d.capacity),
    rsvpEnabled: d.rsvpEnabled,
    listed: d.listed,
    reminderHours: reminder,
  };
}

/** PATCH: the fields whose value differs from the stored event's (the times go together, the server checks them so). */
export function changesOf(before: EventDraft, after: EventDraft): EventUpdateInput {
  const a = bodyOf(before) as Record<string, unknown>;
  const b = bodyOf(after) as Record<string, unknown>;
  const changed: Record<string, unknown> = {};
  for (const key of Object.keys(b)) if (JSON.stringify(a[key]) !== JSON.stringify(b[key])) changed[key] = b[key];
  if ('lat' in changed || 'lng' in changed) Object.assign(changed, { lat: b.lat, lng: b.lng });
  return changed as EventUpdateInput;
}

// Events as iCalendar (RFC 5545) with ical-generator: one VEVENT per event with its stable UID, SEQUENCE, DTSTART and
// DTEND in the event's zone (TZID, with a VTIMEZONE from @touch4it/ical-timezones; all-day events as DATE values),
// the RRULE, place, GEO, the portal page as URL and STATUS. The library writes CRLF line ends (we add the last one)
// and folds long lines.
// Used for the public feeds and, with METHOD:REQUEST/CANCEL and the resident as ATTENDEE, for e-mail invitations.
import { getVtimezoneComponent } from '@touch4it/ical-timezones';
import ical, { ICalAttendeeRole, ICalAttendeeStatus, ICalCalendarMethod, type ICalEventData, ICalEventStatus } from 'ical-generator';
import { DateTime } from 'luxon';
import type { AppDeps } from '../../platform/context.ts';
import type { TenantRow } from '../../platform/tenancy.ts';
import type { EventRow } from './recurrence.ts';

export type CalendarMethod = 'PUBLISH' | 'REQUEST' | 'CANCEL';
/** What the calendar needs of an event (no image bytes). */
export type CalendarEvent = Omit<EventRow, 'imageData'>;

export interface CalendarOptions {
  method?: CalendarMethod;
  /** The resident invited (REQUEST/CANCEL): their e-mail address, name if known, and whether they only said maybe or wait for a place. */
  attendee?: { email: string; name?: string | null; tentative?: boolean };
  /** The calendar's name (feeds). */
  name?: string;
}

const METHODS: Record<CalendarMethod, ICalCalendarMethod> = {
  PUBLISH: ICalCalendarMethod.PUBLISH,
  REQUEST: ICalCalendarMethod.REQUEST,
  CANCEL: ICalCalendarMethod.CANCEL,
};

/** The municipality's sender address: an invitation's ORGANIZER (replies reach the engine's inbound mail). */
const organizerEmail = (deps: AppDeps) => /<([^<>]+)>/.exec(deps.config.delivery.emailFrom)?.[1] ?? deps.config.delivery.emailFrom;

export const eventPageUrl = (deps: AppDeps, tenant: TenantRow, eventId: string) => `${deps.config.publicUrl}/m/${tenant.slug}/events/${eventId}`;

function vevent(deps: AppDeps, tenant: TenantRow, e: CalendarEvent, opts: CalendarOptions): ICalEventData {
  const zone = e.timeZone;
  const cancelled = e.status === 'cancelled' || opts.method === 'CANCEL';
  const location = [e.placeName, e.address].filter(Boolean).join('\n');
  const data: ICalEventData = {
    id: e.uid,
    // a cancellation notice must outrank the last invitation, so calendars apply it
    sequence: e.sequence + (opts.method === 'CANCEL' && e.status !== 'cancelled' ? 1 : 0),
    stamp: new Date(),
    start: DateTime.fromJSDate(e.startsAt, { zone }),
    end: DateTime.fromJSDate(e.endsAt, { zone }),
    allDay: e.allDay,
    timezone: e.allDay ? null : zone,
    repeating: e.rrule ?? null,
    summary: e.status === 'cancelled' ? `Abgesagt: ${e.title}` : e.title,
    description: [e.description, e.cancelReason ? `Abgesagt: ${e.cancelReason}` : ''].filter(Boolean).join('\n\n') || null,
    location:
      location || e.lat !== null
        ? { title: location || e.placeName || e.title, ...(e.lat !== null && e.lng !== null ? { geo: { lat: e.lat, lon: e.lng } } : {}) }
        : null,
    url: eventPageUrl(deps, tenant, e.id),
    status: cancelled ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
  };
  if (opts.method === 'REQUEST' || opts.method === 'CANCEL') {
    data.organizer = { name: e.organiserName || tenant.name, email: organizerEmail(deps) };
    if (opts.attendee)
      data.attendees = [
        {
          email: opts.attendee.email,
          name: opts.attendee.name ?? undefined,
          role: ICalAttendeeRole.REQ,
          status: opts.method === 'CANCEL' ? ICalAttendeeStatus.DECLINED : opts.attendee.tentative ? ICalAttendeeStatus.TENTATIVE : ICalAttendeeStatus.ACCEPTED,
        },
      ];
  }
  return data;
}

/** An iCalendar file with the events (METHOD:PUBLISH by default; REQUEST/CANCEL for e-mail invitations). */
export function eventCalendar(deps: AppDeps, tenant: TenantRow, events: CalendarEvent[], opts: CalendarOptions = {}): string {
  const cal = ical({
    prodId: { company: 'Civicast', product: 'Events', language: 'DE' },
    method: METHODS[opts.method ?? 'PUBLISH'],
    name: opts.name ?? null,
    // one VTIMEZONE per zone the events use
    timezone: { name: null, generator: getVtimezoneComponent },
  });
  for (const e of events) cal.createEvent(vevent(deps, tenant, e, opts));
  // RFC 5545 ends every content line with CRLF, END:VCALENDAR too; the library leaves the last one off
  return `${cal.toString()}\r\n`;
}

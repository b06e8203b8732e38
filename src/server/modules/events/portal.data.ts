// What the portal's event pages and the start page read: listed events that are not over with their next dates, and
// one event with its places left and the signed-in resident's answer. Public fields only; nobody's answer but one's own.
import { and, eq, getTableColumns, inArray, or, sql } from 'drizzle-orm';
import type { AppDeps } from '../../platform/context.ts';
import { events } from '../../platform/db/schema.ts';
import type { PortalEventItem } from '../portal/index.ts';
import { type EventRow, nextDates, type Occurrence } from './rsvp.occurrences.ts';
import { findEvent } from './rsvp.repository.ts';
import { placesLeft, type RsvpStanding, standingOf } from './rsvp.service.ts';

/** An event as the list shows it: every column but the image bytes. */
export type ListedEventRow = Omit<EventRow, 'imageData'>;
const { imageData: _bytes, ...listColumns } = getTableColumns(events);

export interface ListedEvent {
  event: ListedEventRow;
  /** The current or next occurrence and, for a series, the ones after it. */
  dates: Occurrence[];
}

/** Listed events (published, or cancelled while still ahead) in the order of their next date; never the image bytes. */
export async function listedEvents(deps: AppDeps, tenantId: string, now: Date, limit: number, datesEach = 3): Promise<ListedEvent[]> {
  const rows = await deps.db.withTenant(tenantId, (tx) =>
    tx
      .select(listColumns)
      .from(events)
      .where(
        and(
          eq(events.tenantId, tenantId),
          eq(events.listed, true),
          inArray(events.status, ['published', 'cancelled']),
          or(sql`${events.rrule} is not null`, sql`${events.endsAt} > ${now.toISOString()}::timestamptz`),
        ),
      ),
  );
  return rows
    .map((event) => ({ event, dates: nextDates(event, now, datesEach) }))
    .filter((e) => e.dates.length > 0)
    .sort((a, b) => a.dates[0].start.getTime() - b.dates[0].start.getTime())
    .slice(0, limit);
}

/** The start page's events: the next occurrence of each listed event. */
export async function upcomingEvents(deps: AppDeps, tenantId: string, limit: number): Promise<PortalEventItem[]> {
  const list = await listedEvents(deps, tenantId, new Date(), limit, 1);
  return list.map(({ event, dates }) => ({
    id: event.id,
    title: event.title,
    startsAt: dates[0].start,
    allDay: event.allDay,
    placeName: event.placeName,
    cancelled: event.status === 'cancelled',
  }));
}

export interface EventPageData {
  event: EventRow;
  dates: Occurrence[];
  placesLeft: number | null;
  standing: RsvpStanding | null;
}

/** One public event (published or cancelled; drafts are a 404) with the resident's standing when signed in. */
export async function eventPage(deps: AppDeps, tenantId: string, eventId: string, residentId: string | null, now: Date): Promise<EventPageData | null> {
  return deps.db.withTenant(tenantId, async (tx) => {
    const event = await findEvent(tx, tenantId, eventId);
    if (!event || event.status === 'draft') return null;
    return {
      event,
      dates: nextDates(event, now, 5),
      placesLeft: await placesLeft(tx, event),
      standing: residentId ? await standingOf(tx, tenantId, eventId, residentId) : null,
    };
  });
}

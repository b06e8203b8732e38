// Events, the read side for staff: the list (filtered by status, text and upcoming/past, in pages) and one event with
// its counts and next occurrences, in the shapes of the contract.
import type { z } from 'zod';
import type { EventCounts, EventDetail, eventListQuery, EventOccurrence, EventSummary } from '../../../common/contracts/events.ts';
import type { AppDeps } from '../../platform/context.ts';
import { invalid, notFound } from '../../platform/errors.ts';
import type { TenantRow } from '../../platform/tenancy.ts';
import * as repo from './events.repository.ts';
import { timingInputOf } from './events.timing.ts';
import { lastOccurrenceEnd, nextOccurrence, nextOccurrences, type Occurrence } from './recurrence.ts';

type ListQuery = z.output<typeof eventListQuery>;
/** Events a list looks through at most (a municipality has hundreds, not tens of thousands). */
const LIST_SCAN = 2000;

const iso = (d: Date) => d.toISOString();
const occurrenceOf = (o: Occurrence): EventOccurrence => ({ startsAt: iso(o.start), endsAt: iso(o.end) });

export function countsOf(event: Pick<repo.EventInfo, 'capacity'>, c: repo.CountRow | undefined): EventCounts {
  const confirmedPersons = c?.confirmedPersons ?? 0;
  return {
    yes: c?.yes ?? 0,
    no: c?.no ?? 0,
    maybe: c?.maybe ?? 0,
    confirmedPersons,
    waitlisted: c?.waitlisted ?? 0,
    placesLeft: event.capacity === null ? null : Math.max(0, event.capacity - confirmedPersons),
    checkedInPersons: c?.checkedInPersons ?? 0,
  };
}

export function presentSummary(e: repo.EventInfo, c: repo.CountRow | undefined, now: Date): EventSummary {
  const local = timingInputOf(e);
  const next = nextOccurrence(e, now);
  return {
    id: e.id,
    uid: e.uid,
    status: e.status as EventSummary['status'],
    title: e.title,
    startsAt: iso(e.startsAt),
    endsAt: iso(e.endsAt),
    startsLocal: local.startsAt,
    endsLocal: local.endsAt,
    timeZone: e.timeZone,
    allDay: e.allDay,
    rrule: e.rrule,
    placeName: e.placeName,
    organiserKind: e.organiserKind as EventSummary['organiserKind'],
    organiserName: e.organiserName,
    capacity: e.capacity,
    rsvpEnabled: e.rsvpEnabled,
    listed: e.listed,
    hasImage: e.hasImage,
    sequence: e.sequence,
    cancelReason: e.cancelReason,
    nextOccurrence: next ? occurrenceOf(next) : null,
    counts: countsOf(e, c),
    createdAt: iso(e.createdAt),
    updatedAt: iso(e.updatedAt),
  };
}

export const portalUrlOf = (deps: AppDeps, tenant: TenantRow, id: string) => `${deps.config.publicUrl}/m/${tenant.slug}/events/${id}`;
export const icsUrlOf = (deps: AppDeps, tenant: TenantRow, id: string) => `${deps.config.publicUrl}/m/${tenant.slug}/events/${id}.ics`;

/**
 * Events newest first; upcoming: some occurrence has not ended, soonest next date first; past: all have. A draft is
 * neither upcoming nor past (it has its own list) unless the status filter asks for drafts. The cursor is the offset.
 */
export async function listEventsFor(deps: AppDeps, tenant: TenantRow, query: ListQuery, now = new Date()) {
  const offset = query.cursor === undefined ? 0 : Number(query.cursor);
  if (!Number.isSafeInteger(offset) || offset < 0) throw invalid('/querystring/cursor', 'is not a cursor from a previous page', 'invalid_format');
  return deps.db.withTenant(tenant.id, async (tx) => {
    const rows = await repo.listEvents(tx, { status: query.status, q: query.q, limit: LIST_SCAN });
    const inTime = (e: (typeof rows)[number]) =>
      query.when === 'all' || ((query.status !== undefined || e.status !== 'draft') && lastOccurrenceEnd(e) > now === (query.when === 'upcoming'));
    const matching = rows.filter(inTime);
    if (query.when === 'upcoming') {
      const nextStart = new Map(matching.map((e) => [e.id, nextOccurrence(e, now)?.start.getTime() ?? Number.POSITIVE_INFINITY]));
      matching.sort((a, b) => (nextStart.get(a.id) ?? 0) - (nextStart.get(b.id) ?? 0) || a.id.localeCompare(b.id));
    }
    const page = matching.slice(offset, offset + query.limit);
    const counts = await repo.countsOf(
      tx,
      page.map((e) => e.id),
    );
    const next = offset + page.length < matching.length ? String(offset + page.length) : null;
    return { items: page.map((e) => presentSummary(e, counts.get(e.id), now)), next };
  });
}

export async function getEventDetail(deps: AppDeps, tenant: TenantRow, id: string, now = new Date()): Promise<EventDetail> {
  return deps.db.withTenant(tenant.id, async (tx) => {
    const e = await repo.findEvent(tx, id);
    if (!e) throw notFound('This event');
    const counts = await repo.countsOf(tx, [e.id]);
    return {
      ...presentSummary(e, counts.get(e.id), now),
      description: e.description,
      address: e.address,
      lat: e.lat,
      lng: e.lng,
      reminderHours: e.reminderHours,
      invitationId: e.invitationId,
      occurrences: nextOccurrences(e, now, 10).map(occurrenceOf),
      portalUrl: portalUrlOf(deps, tenant, e.id),
      icsUrl: icsUrlOf(deps, tenant, e.id),
    };
  });
}

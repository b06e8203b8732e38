// SQL of the events' staff side: events, their answer counts, the attendee rows and check-in. Every function takes
// the caller's tenant transaction (the row-level wall keeps other tenants' rows out).
import { and, desc, eq, getTableColumns, type SQL, sql } from 'drizzle-orm';
import type { EventStatus } from '../../../common/states.ts';
import { queryRows, type Tx } from '../../platform/db/client.ts';
import { updateStampedReturning } from '../../platform/stamped-update.ts';
import { eventRsvps, events } from '../../platform/db/schema.ts';
import type { EventRow } from './recurrence.ts';

export type RsvpRow = typeof eventRsvps.$inferSelect;
/** Event columns without the image bytes (lists do not need them). */
export type EventInfo = Omit<EventRow, 'imageData'> & { hasImage: boolean };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (value: string) => UUID.test(value);

const { imageData: _bytes, ...infoColumns } = getTableColumns(events);
const infoSelect = { ...infoColumns, hasImage: sql<boolean>`${events.imageData} is not null` };

export async function findEvent(tx: Tx, id: string): Promise<EventInfo | null> {
  if (!isUuid(id)) return null;
  const [row] = await tx.select(infoSelect).from(events).where(eq(events.id, id));
  return row ?? null;
}

export async function lockEvent(tx: Tx, id: string): Promise<EventRow | null> {
  if (!isUuid(id)) return null;
  const [row] = await tx.select().from(events).where(eq(events.id, id)).for('update');
  return row ?? null;
}

export async function listEvents(tx: Tx, filter: { status?: EventStatus; q?: string; limit: number }): Promise<EventInfo[]> {
  const where: SQL[] = [];
  if (filter.status) where.push(eq(events.status, filter.status));
  if (filter.q) {
    const like = `%${filter.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    where.push(sql`(${events.title} ilike ${like} or ${events.placeName} ilike ${like} or ${events.organiserName} ilike ${like})`);
  }
  return tx
    .select(infoSelect)
    .from(events)
    .where(where.length ? and(...where) : undefined)
    .orderBy(desc(events.startsAt), events.id)
    .limit(filter.limit);
}

/** Published and cancelled events (cancelled ones stay, so calendars drop them), oldest first. */
export async function publishedEvents(tx: Tx, opts: { listedOnly: boolean; limit: number }): Promise<EventInfo[]> {
  const where = [sql`${events.status} in ('published', 'cancelled')`];
  if (opts.listedOnly) where.push(eq(events.listed, true));
  return tx
    .select(infoSelect)
    .from(events)
    .where(and(...where))
    .orderBy(events.startsAt, events.id)
    .limit(opts.limit);
}

export async function insertEvent(tx: Tx, values: typeof events.$inferInsert): Promise<EventRow> {
  const [row] = await tx.insert(events).values(values).returning();
  return row;
}

export async function updateEvent(tx: Tx, id: string, patch: Partial<typeof events.$inferInsert>): Promise<EventRow> {
  return updateStampedReturning(tx, events, id, patch);
}

export async function deleteEvent(tx: Tx, id: string) {
  await tx.delete(eventRsvps).where(eq(eventRsvps.eventId, id));
  await tx.delete(events).where(eq(events.id, id));
}

export interface CountRow {
  eventId: string;
  yes: number;
  no: number;
  maybe: number;
  confirmedPersons: number;
  waitlisted: number;
  checkedInPersons: number;
}

/** Answer counts of the events, by event id (events without answers are missing). */
export async function countsOf(tx: Tx, eventIds: string[]): Promise<Map<string, CountRow>> {
  if (!eventIds.length) return new Map();
  const rows = await queryRows<CountRow>(
    tx,
    sql`select event_id as "eventId",
               count(*) filter (where answer = 'yes')::int as yes,
               count(*) filter (where answer = 'no')::int as no,
               count(*) filter (where answer = 'maybe')::int as maybe,
               coalesce(sum(persons) filter (where state = 'confirmed'), 0)::int as "confirmedPersons",
               count(*) filter (where state = 'waitlisted')::int as waitlisted,
               coalesce(sum(checked_in_persons), 0)::int as "checkedInPersons"
          from event_rsvps where event_id = any(${sql.param(eventIds)}::uuid[]) group by event_id`,
  );
  return new Map(rows.map((r) => [r.eventId, r]));
}

export interface AttendeeDbRow {
  rsvpId: string;
  residentId: string;
  nameEnc: string | null;
  answer: string;
  persons: number;
  state: string;
  waitlistPosition: number | null;
  checkedInPersons: number | null;
  checkedInAt: Date | null;
  answeredAt: Date;
}

/** The answers of an event with the residents' sealed names: confirmed first, then the waitlist in order, then the rest. */
export async function attendeeRows(tx: Tx, eventId: string): Promise<AttendeeDbRow[]> {
  return queryRows<AttendeeDbRow>(
    tx,
    sql`select r.id as "rsvpId", r.resident_id as "residentId", p.name_enc as "nameEnc", r.answer, r.persons, r.state,
               case when r.state = 'waitlisted'
                    then (row_number() over (partition by r.state = 'waitlisted' order by r.answered_at, r.id))::int end as "waitlistPosition",
               r.checked_in_persons as "checkedInPersons", r.checked_in_at as "checkedInAt", r.answered_at as "answeredAt"
          from event_rsvps r left join residents p on p.id = r.resident_id
         where r.event_id = ${eventId}
         order by case r.state when 'confirmed' then 0 when 'waitlisted' then 1 else 2 end,
                  case r.answer when 'yes' then 0 when 'maybe' then 1 else 2 end, r.answered_at, r.id`,
  );
}

export async function lockRsvp(tx: Tx, eventId: string, rsvpId: string): Promise<RsvpRow | null> {
  if (!isUuid(rsvpId)) return null;
  const [row] = await tx
    .select()
    .from(eventRsvps)
    .where(and(eq(eventRsvps.eventId, eventId), eq(eventRsvps.id, rsvpId)))
    .for('update');
  return row ?? null;
}

export async function setCheckIn(tx: Tx, rsvpId: string, persons: number | null) {
  await tx
    .update(eventRsvps)
    .set({ checkedInPersons: persons, checkedInAt: persons === null ? null : new Date() })
    .where(eq(eventRsvps.id, rsvpId));
}

export async function eventImage(tx: Tx, id: string): Promise<{ data: Buffer; type: string; updatedAt: Date; status: string; listed: boolean } | null> {
  if (!isUuid(id)) return null;
  const [row] = await tx
    .select({ data: events.imageData, type: events.imageType, updatedAt: events.updatedAt, status: events.status, listed: events.listed })
    .from(events)
    .where(eq(events.id, id));
  if (!row?.data) return null;
  return { data: row.data, type: row.type ?? 'image/jpeg', updatedAt: row.updatedAt, status: row.status, listed: row.listed };
}

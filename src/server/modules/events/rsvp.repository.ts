// The rows the RSVP side reads: the event (locked while answers change) and one resident's answer.
import { and, eq, sql } from 'drizzle-orm';
import type { Tx } from '../../platform/db/client.ts';
import { eventRsvps, events } from '../../platform/db/schema.ts';
import type { EventRow } from './rsvp.occurrences.ts';

export type RsvpRow = typeof eventRsvps.$inferSelect;

/** The event row, locked until the transaction ends: answers to one event change one after the other. */
export async function lockEvent(tx: Tx, tenantId: string, eventId: string): Promise<EventRow | undefined> {
  const [row] = await tx
    .select()
    .from(events)
    .where(and(eq(events.tenantId, tenantId), eq(events.id, eventId)))
    .for('update');
  return row;
}

export async function findEvent(tx: Tx, tenantId: string, eventId: string): Promise<EventRow | undefined> {
  const [row] = await tx
    .select()
    .from(events)
    .where(and(eq(events.tenantId, tenantId), eq(events.id, eventId)));
  return row;
}

export async function rsvpOf(tx: Tx, tenantId: string, eventId: string, residentId: string): Promise<RsvpRow | null> {
  const [row] = await tx
    .select()
    .from(eventRsvps)
    .where(and(eq(eventRsvps.tenantId, tenantId), eq(eventRsvps.eventId, eventId), eq(eventRsvps.residentId, residentId)));
  return row ?? null;
}

/**
 * Published events that remind and have answers: single ones starting within their reminder window, every series
 * (its next occurrence decides). The index events_reminder_idx serves the single ones.
 */
export async function eventsWithReminders(tx: Tx, tenantId: string, now: Date): Promise<EventRow[]> {
  const at = now.toISOString();
  return tx
    .select()
    .from(events)
    .where(
      and(
        eq(events.tenantId, tenantId),
        eq(events.status, 'published'),
        sql`${events.reminderHours} is not null`,
        sql`(${events.rrule} is not null or (${events.startsAt} > ${at}::timestamptz
              and ${events.startsAt} <= ${at}::timestamptz + ${events.reminderHours} * interval '1 hour'))`,
        sql`exists (select 1 from event_rsvps r where r.tenant_id = ${events.tenantId} and r.event_id = ${events.id} and r.answer <> 'no')`,
      ),
    );
}

// Residents' answers to an event (Zusage / Absage / Vielleicht with a number of persons) and the waiting list. Every
// change runs in one tenant transaction with the event row locked (`for update`), so two answers for the last place
// cannot both win; places that free up go to the waiting list in the order of its answers, and each resident who
// moves up is told through the delivery engine (written in the transaction, enqueued after the commit).
import { sql } from 'drizzle-orm';
import type { RsvpAnswer, RsvpState } from '../../../common/states.ts';
import { type Actor, recordAudit } from '../../platform/audit.ts';
import { clock } from '../../platform/clock.ts';
import type { AppDeps } from '../../platform/context.ts';
import { queryRows, type Tx } from '../../platform/db/client.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import { emit } from '../../platform/events.ts';
import type { TenantRow } from '../../platform/tenancy.ts';
import { enqueueSend, type PreparedSend } from '../delivery/index.ts';
import { isOver, type EventRow } from './rsvp.occurrences.ts';
import { writeEventMessage } from './rsvp.notify.ts';
import { lockEvent, rsvpOf, type RsvpRow } from './rsvp.repository.ts';

/** Persons one answer may bring (the resident and their household or group). */
export const RSVP_PERSONS = { min: 1, max: 10 } as const;

export interface RsvpInput {
  answer: RsvpAnswer;
  persons: number;
}

export interface RsvpStanding {
  answer: RsvpAnswer;
  persons: number;
  state: RsvpState;
  /** 1 for the first on the waiting list; null when not waiting. */
  waitlistPosition: number | null;
}

/** Why an answer is refused; the portal says it in the resident's language (`events.portal.refused.<code>`). */
export type RsvpRefusal = 'event_cancelled' | 'event_over' | 'rsvp_closed' | 'not_enough_places' | 'persons_out_of_range';

export const refusal = (code: RsvpRefusal, detail: string, pointer = '/body') =>
  new AppError(code === 'persons_out_of_range' ? 'validation_failed' : 'conflict', detail, [{ pointer, detail, code }]);

/** The refusal code of an error from `answerRsvp`, or null for any other error. */
export function refusalOf(err: unknown): RsvpRefusal | null {
  const code = err instanceof AppError ? err.errors[0]?.code : undefined;
  const known: RsvpRefusal[] = ['event_cancelled', 'event_over', 'rsvp_closed', 'not_enough_places', 'persons_out_of_range'];
  return known.includes(code as RsvpRefusal) ? (code as RsvpRefusal) : null;
}

/** Refuses answers the event cannot take: not public (a 404 like any unknown id), cancelled, over, no RSVP. */
function checkOpen(event: EventRow | undefined, now: Date): EventRow {
  if (!event || event.status === 'draft') throw notFound('This event');
  if (event.status === 'cancelled') throw refusal('event_cancelled', 'The event has been cancelled.');
  if (!event.rsvpEnabled) throw refusal('rsvp_closed', 'This event takes no answers.');
  if (isOver(event, now)) throw refusal('event_over', 'The event is over.');
  return event;
}

async function confirmedPersons(tx: Tx, tenantId: string, eventId: string): Promise<number> {
  const [r] = await queryRows<{ n: number }>(
    tx,
    sql`select coalesce(sum(persons), 0)::int as n from event_rsvps where tenant_id = ${tenantId} and event_id = ${eventId} and state = 'confirmed'`,
  );
  return Number(r?.n ?? 0);
}

/**
 * The state a new answer takes before the waiting list moves: a yes waits (and `promoteWaitlist` confirms it at once
 * when it fits and nobody waits before it); a confirmed yes keeps its places, and more persons only while they fit.
 */
async function nextState(tx: Tx, event: EventRow, before: RsvpRow | null, input: RsvpInput): Promise<{ state: RsvpState; requeue: boolean }> {
  if (input.answer !== 'yes') return { state: 'none', requeue: false };
  if (before?.state === 'confirmed') {
    const grows = input.persons - before.persons;
    if (grows > 0 && event.capacity !== null) {
      const free = event.capacity - (await confirmedPersons(tx, event.tenantId, event.id));
      if (grows > free) throw refusal('not_enough_places', `Only ${Math.max(0, free)} more place(s) are free.`, '/body/persons');
    }
    return { state: 'confirmed', requeue: false };
  }
  // a waiting yes keeps its place in the list when only the persons change
  return { state: 'waitlisted', requeue: before?.state !== 'waitlisted' };
}

/**
 * A signed-in resident's answer. Returns where they stand afterwards. The caller has checked that the resident is
 * verified (signed in with their number) and follows the municipality.
 */
export async function answerRsvp(deps: AppDeps, tenant: TenantRow, eventId: string, residentId: string, input: RsvpInput, actor: Actor): Promise<RsvpStanding> {
  if (!Number.isInteger(input.persons) || input.persons < RSVP_PERSONS.min || input.persons > RSVP_PERSONS.max)
    throw refusal('persons_out_of_range', `persons must be a whole number from ${RSVP_PERSONS.min} to ${RSVP_PERSONS.max}.`, '/body/persons');
  const now = clock.now();
  const { standing, sends } = await deps.db.withTenant(tenant.id, async (tx) => {
    const event = checkOpen(await lockEvent(tx, tenant.id, eventId), now);
    const before = await rsvpOf(tx, tenant.id, eventId, residentId);
    const { state, requeue } = await nextState(tx, event, before, input);
    await tx.execute(sql`
      insert into event_rsvps (tenant_id, event_id, resident_id, answer, persons, state, answered_at)
      values (${tenant.id}, ${eventId}, ${residentId}, ${input.answer}, ${input.persons}, ${state}, now())
      on conflict (tenant_id, event_id, resident_id) do update set
        answer = excluded.answer, persons = excluded.persons, state = excluded.state,
        answered_at = case when ${requeue} or event_rsvps.answer <> excluded.answer then now() else event_rsvps.answered_at end,
        promoted_at = case when excluded.state = 'confirmed' then event_rsvps.promoted_at else null end`);
    const promoted = await promoteWaitlist(deps, tx, tenant, event, { answering: residentId });
    const own = await standingOf(tx, tenant.id, eventId, residentId);
    const sends: PreparedSend[] = [...promoted];
    // the answering resident hears of their yes once, when it is confirmed (a waiting yes is on the page)
    if (own?.state === 'confirmed' && before?.state !== 'confirmed') {
      const sent = await writeEventMessage(deps, tx, tenant, event, residentId, { kind: 'confirmed', persons: own.persons });
      if (sent) sends.push(sent);
    }
    await recordAudit(tx, tenant.id, actor, {
      action: 'event.rsvp',
      objectType: 'event',
      objectId: eventId,
      details: { answer: input.answer, persons: input.persons, state: own?.state, promoted: promoted.length },
    });
    return { standing: own!, sends };
  });
  for (const s of sends) await enqueueSend(deps, s);
  emit('events.changed', { tenantId: tenant.id, eventId });
  return standing;
}

/**
 * Confirms waiting answers in the order they were given while their persons fit in the free places. First come,
 * first served: the list stops at the first answer that does not fit, even when a later, smaller one would; nobody
 * is overtaken. Each promoted resident is told (not `answering`, who sees the result on the page). The caller holds
 * the event row lock and enqueues the returned sends after its commit (events-core: after a capacity rise).
 */
export async function promoteWaitlist(deps: AppDeps, tx: Tx, tenant: TenantRow, event: EventRow, opts: { answering?: string } = {}): Promise<PreparedSend[]> {
  if (event.status !== 'published') return [];
  const waiting = await queryRows<{ id: string; residentId: string; persons: number }>(
    tx,
    sql`select id, resident_id as "residentId", persons from event_rsvps
         where tenant_id = ${tenant.id} and event_id = ${event.id} and state = 'waitlisted' order by answered_at, id`,
  );
  if (!waiting.length) return [];
  let free = event.capacity === null ? Number.POSITIVE_INFINITY : event.capacity - (await confirmedPersons(tx, tenant.id, event.id));
  const moving: typeof waiting = [];
  for (const w of waiting) {
    if (w.persons > free) break;
    free -= w.persons;
    moving.push(w);
  }
  if (!moving.length) return [];
  await tx.execute(sql`
    update event_rsvps set state = 'confirmed',
           promoted_at = case when resident_id = ${opts.answering ?? null}::uuid then null else now() end
     where tenant_id = ${tenant.id} and id = any(${sql.param(moving.map((m) => m.id))}::uuid[])`);
  const sends: PreparedSend[] = [];
  for (const m of moving) {
    if (m.residentId === opts.answering) continue;
    const sent = await writeEventMessage(deps, tx, tenant, event, m.residentId, { kind: 'promoted', persons: Number(m.persons) });
    if (sent) sends.push(sent);
  }
  return sends;
}

/**
 * The change or cancellation notice to everyone who answered yes (confirmed or waiting) or maybe; e-mails carry the
 * updated entry (METHOD:REQUEST) or its withdrawal (METHOD:CANCEL). For events-core, in its transaction; enqueue the
 * returned sends after the commit.
 */
export async function noticeToRespondents(deps: AppDeps, tx: Tx, tenant: TenantRow, event: EventRow, kind: 'changed' | 'cancelled'): Promise<PreparedSend[]> {
  // A new time or place may suit someone who said no, so a change reaches everyone who answered; a cancellation
  // changes nothing for them and would only cost an SMS, so it reaches those who planned to come.
  const answers = kind === 'changed' ? sql`('yes', 'maybe', 'no')` : sql`('yes', 'maybe')`;
  const people = await queryRows<{ residentId: string; persons: number; tentative: boolean; declined: boolean }>(
    tx,
    sql`select resident_id as "residentId", persons, (answer = 'maybe' or state = 'waitlisted') as tentative, answer = 'no' as declined
          from event_rsvps
         where tenant_id = ${tenant.id} and event_id = ${event.id} and answer in ${answers} order by answered_at, id`,
  );
  const sends: PreparedSend[] = [];
  for (const p of people) {
    const message = p.declined ? { kind: 'changedDeclined' as const } : { kind, persons: Number(p.persons), tentative: p.tentative };
    const sent = await writeEventMessage(deps, tx, tenant, event, p.residentId, message);
    if (sent) sends.push(sent);
  }
  return sends;
}

/** A resident's answer with their place on the waiting list; null when they have not answered. */
export async function standingOf(tx: Tx, tenantId: string, eventId: string, residentId: string): Promise<RsvpStanding | null> {
  const row = await rsvpOf(tx, tenantId, eventId, residentId);
  if (!row) return null;
  let waitlistPosition: number | null = null;
  if (row.state === 'waitlisted') {
    const [r] = await queryRows<{ n: number }>(
      tx,
      // compared in SQL: answered_at has microseconds a JavaScript Date would cut off
      sql`select count(*)::int as n from event_rsvps w join event_rsvps me on me.tenant_id = w.tenant_id and me.id = ${row.id}
           where w.tenant_id = ${tenantId} and w.event_id = ${eventId} and w.state = 'waitlisted' and (w.answered_at, w.id) <= (me.answered_at, me.id)`,
    );
    waitlistPosition = Number(r.n);
  }
  return { answer: row.answer as RsvpAnswer, persons: row.persons, state: row.state as RsvpState, waitlistPosition };
}

/** Places still free (null: no limit), for the portal. */
export async function placesLeft(tx: Tx, event: EventRow): Promise<number | null> {
  if (event.capacity === null) return null;
  return Math.max(0, event.capacity - (await confirmedPersons(tx, event.tenantId, event.id)));
}

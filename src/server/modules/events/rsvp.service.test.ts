// Answers, the waiting list and the messages about them on a real database with the real job queue: places are
// counted in persons, the list moves up in order (first come, first served), promoted residents are told once through
// the delivery engine, refusals say why, cancellation and change notices reach everyone who said yes or maybe, and
// erasure takes the answers.
import { eq, sql } from 'drizzle-orm';
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/helpers/app.ts';
import { waitFor } from '../../../../test/helpers/delivery.ts';
import { messagesTo, outboxTo, testEvent } from '../../../../test/helpers/event-rsvps.ts';
import { resident, testActor } from '../../../../test/helpers/factories.ts';
import { queryRows } from '../../platform/db/client.ts';
import { eventRsvps, events } from '../../platform/db/schema.ts';
import { AppError } from '../../platform/errors.ts';
import type { TenantRow } from '../../platform/tenancy.ts';
import { enqueueSend } from '../delivery/index.ts';
import { eraseResident } from '../residents/index.ts';
import { updateEvent } from './events.service.ts';
import { lockEvent } from './rsvp.repository.ts';
import { remindAll } from './reminders.job.ts';
import { answerRsvp, noticeToRespondents, promoteWaitlist, refusalOf } from './rsvp.service.ts';
import { moveWaitlists } from './waitlist.ts';

let t: TestApp;
let tenant: TenantRow;
let n = 0;
/** A fresh resident reached by SMS: their number is where their messages go. */
async function smsResident() {
  n += 1;
  const phone = `+4917055${String(100000 + n)}`;
  return { id: await resident(t.deps, tenant, { phone, channels: ['sms'] }), phone };
}
const yes = (persons = 1) => ({ answer: 'yes' as const, persons });
const answer = (eventId: string, residentId: string, input: { answer: 'yes' | 'no' | 'maybe'; persons: number }) =>
  answerRsvp(t.deps, tenant, eventId, residentId, input, testActor);
/** New SMS residents who answer the event in this order: a number is a yes for that many persons. */
async function respondents(eventId: string, ...answers: Array<number | 'maybe' | 'no'>) {
  const people = [];
  for (const given of answers) {
    const r = await smsResident();
    await answer(eventId, r.id, typeof given === 'number' ? yes(given) : { answer: given, persons: 1 });
    people.push(r);
  }
  return people;
}
const refusedWith = async (p: Promise<unknown>) => {
  try {
    await p;
  } catch (err) {
    return refusalOf(err) ?? (err instanceof AppError ? err.code : 'other');
  }
  return 'accepted';
};

beforeAll(async () => {
  t = await createTestApp({ work: true });
  tenant = t.tenant;
});
afterAll(async () => t?.close());

describe('answers and the waiting list', () => {
  it('a yes is confirmed while places last; the next yes lands on the waiting list in order', async () => {
    const event = await testEvent(t.deps, tenant, { capacity: 2 });
    const [a, b, c] = [await smsResident(), await smsResident(), await smsResident()];
    expect(await answer(event.id, a.id, yes(2))).toMatchObject({ state: 'confirmed', persons: 2, waitlistPosition: null });
    expect(await answer(event.id, b.id, yes(1))).toMatchObject({ state: 'waitlisted', waitlistPosition: 1 });
    expect(await answer(event.id, c.id, yes(1))).toMatchObject({ state: 'waitlisted', waitlistPosition: 2 });
    // A hears of the confirmation; the waiting ones get no message (the page tells them)
    expect(await messagesTo(t.deps, tenant, a.phone)).toHaveLength(1);
    expect(await messagesTo(t.deps, tenant, b.phone)).toHaveLength(0);
  });

  it('when a confirmed resident says no, the first waiting one moves up and gets one message in the dev outbox', async () => {
    const event = await testEvent(t.deps, tenant, { capacity: 2 });
    const [a, b, c] = await respondents(event.id, 2, 2, 1);
    expect(await answer(event.id, a.id, { answer: 'no', persons: 1 })).toMatchObject({ state: 'none', answer: 'no' });
    const rows = await t.deps.db.withTenant(tenant.id, (tx) => tx.select().from(eventRsvps).where(eq(eventRsvps.eventId, event.id)));
    const stateOf = (id: string) => rows.find((r) => r.residentId === id)?.state;
    expect([stateOf(a.id), stateOf(b.id), stateOf(c.id)]).toEqual(['none', 'confirmed', 'waitlisted']);
    expect(rows.find((r) => r.residentId === b.id)?.promotedAt).not.toBeNull();
    const toB = await messagesTo(t.deps, tenant, b.phone);
    expect(toB).toHaveLength(1);
    expect(toB[0].text).toContain('Platz ist frei geworden');
    const outbox = await waitFor(
      () => outboxTo(t.deps, tenant, b.phone),
      (r) => r.length >= 1,
    );
    expect(outbox[0].bodyText).toContain('Frühjahrsputz am Stadtpark');
    expect(await messagesTo(t.deps, tenant, c.phone)).toHaveLength(0);
  });

  it('first come, first served: a smaller later answer does not overtake a larger one that does not fit yet', async () => {
    const event = await testEvent(t.deps, tenant, { capacity: 3 });
    const [, b, , d] = await respondents(event.id, 2, 1, 2, 1);
    // one place frees up: C (2 persons) is first and does not fit, so D (1 person) waits behind C
    const after = await answer(event.id, b.id, { answer: 'maybe', persons: 1 });
    expect(after.state).toBe('none');
    expect(await answer(event.id, d.id, yes(1))).toMatchObject({ state: 'waitlisted', waitlistPosition: 2 });
    // a new yes does not jump the queue either, even when it would fit
    const e = await smsResident();
    expect(await answer(event.id, e.id, yes(1))).toMatchObject({ state: 'waitlisted', waitlistPosition: 3 });
  });

  it('a capacity rise promotes the waiting answers that now fit and tells them', async () => {
    const event = await testEvent(t.deps, tenant, { capacity: 1 });
    const [, b, c] = await respondents(event.id, 1, 1, 2);
    const sends = await t.deps.db.withTenant(tenant.id, async (tx) => {
      await tx.update(events).set({ capacity: 3 }).where(eq(events.id, event.id));
      const locked = await lockEvent(tx, tenant.id, event.id);
      return promoteWaitlist(t.deps, tx, tenant, locked!);
    });
    for (const s of sends) await enqueueSend(t.deps, s);
    expect(sends).toHaveLength(1);
    expect(await messagesTo(t.deps, tenant, b.phone)).toHaveLength(1);
    expect(await messagesTo(t.deps, tenant, c.phone)).toHaveLength(0);
  });

  it('a confirmed resident who asks for more places than are free is refused and keeps their places', async () => {
    const event = await testEvent(t.deps, tenant, { capacity: 3 });
    const [a] = await respondents(event.id, 2, 1);
    expect(await refusedWith(answer(event.id, a.id, yes(3)))).toBe('not_enough_places');
    expect(await answer(event.id, a.id, yes(1))).toMatchObject({ state: 'confirmed', persons: 1 });
    // fewer persons freed a place: a second change back up fits again
    expect(await answer(event.id, a.id, yes(2))).toMatchObject({ state: 'confirmed', persons: 2 });
  });

  it('an event without a limit confirms every yes', async () => {
    const event = await testEvent(t.deps, tenant, { capacity: null });
    const a = await smsResident();
    expect(await answer(event.id, a.id, yes(10))).toMatchObject({ state: 'confirmed', persons: 10 });
  });
});

describe('refusals say why', () => {
  it('a cancelled event, an event that is over, a draft and persons out of range are refused', async () => {
    const r = await smsResident();
    const cancelled = await testEvent(t.deps, tenant, { status: 'cancelled' });
    const over = await testEvent(t.deps, tenant, { startsAt: new Date(Date.now() - 5 * 3600_000), endsAt: new Date(Date.now() - 3600_000) });
    const draft = await testEvent(t.deps, tenant, { status: 'draft' });
    const closed = await testEvent(t.deps, tenant, { rsvpEnabled: false });
    const open = await testEvent(t.deps, tenant);
    expect(await refusedWith(answer(cancelled.id, r.id, yes()))).toBe('event_cancelled');
    expect(await refusedWith(answer(over.id, r.id, yes()))).toBe('event_over');
    expect(await refusedWith(answer(draft.id, r.id, yes()))).toBe('not_found');
    expect(await refusedWith(answer(closed.id, r.id, yes()))).toBe('rsvp_closed');
    expect(await refusedWith(answer(open.id, r.id, yes(0)))).toBe('persons_out_of_range');
    expect(await refusedWith(answer(open.id, r.id, yes(11)))).toBe('persons_out_of_range');
    expect(await refusedWith(answer(open.id, r.id, yes(1.5)))).toBe('persons_out_of_range');
    const rows = await queryRows<{ n: number }>(t.deps.db.system, sql`select count(*)::int as n from event_rsvps where resident_id = ${r.id}`);
    expect(Number(rows[0].n)).toBe(0);
  });

  it('a running series is not over: its next date takes answers', async () => {
    const r = await smsResident();
    const first = new Date(Date.now() - 14 * 24 * 3600_000);
    const weekly = await testEvent(t.deps, tenant, { startsAt: first, endsAt: new Date(first.getTime() + 3600_000), rrule: 'FREQ=WEEKLY;COUNT=10' });
    expect(await answer(weekly.id, r.id, yes())).toMatchObject({ state: 'confirmed' });
  });
});

describe('notices', () => {
  it('a cancellation notice reaches everyone who said yes or maybe, not those who said no', async () => {
    const event = await testEvent(t.deps, tenant, { capacity: 1 });
    const [, b, c, d] = await respondents(event.id, 1, 1, 'maybe', 'no');
    const sends = await t.deps.db.withTenant(tenant.id, async (tx) => {
      await tx.update(events).set({ status: 'cancelled', cancelReason: 'Sturmwarnung' }).where(eq(events.id, event.id));
      return noticeToRespondents(t.deps, tx, tenant, (await lockEvent(tx, tenant.id, event.id))!, 'cancelled');
    });
    for (const s of sends) await enqueueSend(t.deps, s);
    expect(sends).toHaveLength(3);
    const toB = await messagesTo(t.deps, tenant, b.phone);
    expect(toB.at(-1)?.text).toContain('abgesagt');
    expect(toB.at(-1)?.text).toContain('Sturmwarnung');
    expect((await messagesTo(t.deps, tenant, c.phone)).map((m) => m.text).join()).toContain('abgesagt');
    expect(await messagesTo(t.deps, tenant, d.phone)).toHaveLength(0);
  });
});

describe('change notices', () => {
  const local = (at: Date, days: number) => DateTime.fromJSDate(at, { zone: 'Europe/Berlin' }).plus({ days }).toFormat("yyyy-MM-dd'T'HH:mm");

  it('a new time, changed by staff, reaches everyone who answered with the new date, those who said no in words of their own; a new title tells nobody', async () => {
    const event = await testEvent(t.deps, tenant, { capacity: 1, timeZone: 'Europe/Berlin' });
    const [a, b, c, d] = await respondents(event.id, 1, 1, 'maybe', 'no');
    const count = async () => Promise.all([a, b, c, d].map(async (r) => (await messagesTo(t.deps, tenant, r.phone)).length));
    const before = await count();
    await updateEvent(t.deps, testActor, tenant, event.id, { title: 'Frühjahrsputz im Stadtpark' });
    expect(await count()).toEqual(before);
    const moved = await updateEvent(t.deps, testActor, tenant, event.id, { startsAt: local(event.startsAt, 1), endsAt: local(event.endsAt, 1) });
    expect(moved.sequence).toBe(event.sequence + 1);
    expect(await count()).toEqual([before[0] + 1, before[1] + 1, before[2] + 1, before[3] + 1]);
    const when = new Intl.DateTimeFormat('de-DE', { dateStyle: 'full', timeStyle: 'short', timeZone: 'Europe/Berlin' }).format(moved.startsAt);
    for (const r of [a, b, c]) {
      const last = (await messagesTo(t.deps, tenant, r.phone)).at(-1)?.text ?? '';
      expect(last).toContain('wurde geändert');
      expect(last).toContain(when);
    }
    const toDecliner = (await messagesTo(t.deps, tenant, d.phone)).at(-1)?.text ?? '';
    expect(toDecliner).toContain('abgesagt hatten');
    expect(toDecliner).toContain(when);
    expect(toDecliner).toContain(`/events/${event.id}`);
  });
});

describe('erasure', () => {
  it('erasing a resident removes their answers to events', async () => {
    const event = await testEvent(t.deps, tenant, { capacity: 5 });
    const r = await smsResident();
    await answer(event.id, r.id, yes(2));
    await eraseResident(t.deps, r.id);
    const rows = await queryRows<{ n: number }>(t.deps.db.system, sql`select count(*)::int as n from event_rsvps where resident_id = ${r.id}`);
    expect(Number(rows[0].n)).toBe(0);
  });

  const stateOf = async (eventId: string, residentId: string) =>
    (await t.deps.db.withTenant(tenant.id, (tx) => tx.select().from(eventRsvps).where(eq(eventRsvps.eventId, eventId)))).find(
      (r) => r.residentId === residentId,
    )?.state;

  it('the places an erased resident held go to the first waiting one at once, who is told', async () => {
    const event = await testEvent(t.deps, tenant, { capacity: 2 });
    const [a, b] = await respondents(event.id, 2, 1);
    await eraseResident(t.deps, a.id);
    await waitFor(
      () => stateOf(event.id, b.id),
      (state) => state === 'confirmed',
    );
    const toB = await waitFor(
      () => messagesTo(t.deps, tenant, b.phone),
      (m) => m.length >= 1,
    );
    expect(toB.map((m) => m.text).join()).toContain('Platz ist frei geworden');
  });

  it('a place freed without its signal (a crash after the erasure) goes to the waiting list with the minute job', async () => {
    const event = await testEvent(t.deps, tenant, { capacity: 1 });
    const [a, b] = await respondents(event.id, 1, 1);
    // the answer goes behind the service's back, as an erasure whose 'residents.erased' never went out leaves it
    await t.deps.db.system.execute(sql`delete from event_rsvps where tenant_id = ${tenant.id} and resident_id = ${a.id}`);
    expect(await stateOf(event.id, b.id)).toBe('waitlisted');
    await remindAll(t.deps);
    expect(await stateOf(event.id, b.id)).toBe('confirmed');
    expect((await messagesTo(t.deps, tenant, b.phone)).map((m) => m.text).join()).toContain('Platz ist frei geworden');
    // nothing moves twice
    expect(await moveWaitlists(t.deps, tenant, [event.id])).toBe(0);
  });
});

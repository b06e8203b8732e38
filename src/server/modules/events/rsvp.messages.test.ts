// The messages around an answer on real peers: a yes by a resident whose channel is e-mail arrives over SMTP with the
// event as a text/calendar METHOD:REQUEST part that a real iCalendar parser reads (CRLF, folded, DTSTAMP, VTIMEZONE), a
// change of time as a new REQUEST with a higher SEQUENCE, a cancellation as METHOD:CANCEL;
// reminders before an event go to yes and maybe once per occurrence, and a series is reminded again next time.
import ICAL from 'ical.js';
import { DateTime } from 'luxon';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOwnerApp, type TestApp } from '../../../../test/helpers/app.ts';
import { addProvider, waitFor } from '../../../../test/helpers/delivery.ts';
import { messagesTo, testEvent } from '../../../../test/helpers/event-rsvps.ts';
import { resident, testActor } from '../../../../test/helpers/factories.ts';
import { type SmtpSink, startSmtpSink } from '../../../../test/peers/smtp-sink.ts';
import { eq } from 'drizzle-orm';
import { events } from '../../platform/db/schema.ts';
import { enqueueSend } from '../delivery/index.ts';
import { updateEvent } from './events.service.ts';
import { remindTenant } from './reminders.job.ts';
import { lockEvent } from './rsvp.repository.ts';
import { answerRsvp, noticeToRespondents } from './rsvp.service.ts';

const HOUR = 3600_000;
let t: TestApp;
let sink: SmtpSink;
let n = 0;

beforeAll(async () => {
  const made = await createOwnerApp({ work: true });
  t = made.t;
  sink = await startSmtpSink({});
  await addProvider(t, made.owner, { channel: 'email', kind: 'smtp', name: 'Relay', config: { host: '127.0.0.1', port: sink.port } });
});
afterAll(async () => {
  await t?.close();
  await sink?.close();
});

async function mailResident() {
  n += 1;
  const email = `gast${n}@example.org`;
  const id = await resident(t.deps, t.tenant, { phone: `+4917066${String(100000 + n)}`, email, channels: ['email'] });
  return { id, email };
}
async function smsResident() {
  n += 1;
  const phone = `+4917077${String(100000 + n)}`;
  return { id: await resident(t.deps, t.tenant, { phone, channels: ['sms'] }), phone };
}

/** The text/calendar part of the newest mail to `email`, as received by the SMTP peer. */
async function calendarPartTo(email: string) {
  const mail = await waitFor(
    async () => sink.messages.filter((m) => m.to.includes(email)),
    (list) => list.length > 0,
  );
  const parsed = await simpleParser(mail[mail.length - 1].raw);
  const part = parsed.attachments.find((a) => a.contentType === 'text/calendar');
  return { raw: mail[mail.length - 1].raw, part, ics: part?.content.toString('utf8') ?? '' };
}

describe('e-mail invitations', () => {
  it('a yes by e-mail arrives with the event as text/calendar METHOD:REQUEST that parses', async () => {
    const event = await testEvent(t.deps, t.tenant, { capacity: 10 });
    const r = await mailResident();
    await answerRsvp(t.deps, t.tenant, event.id, r.id, { answer: 'yes', persons: 2 }, testActor);
    const { raw, ics } = await calendarPartTo(r.email);
    expect(raw).toMatch(/Content-Type: text\/calendar;[^\r\n]*method=REQUEST/i);
    const cal = new ICAL.Component(ICAL.parse(ics));
    expect(cal.getFirstPropertyValue('method')).toBe('REQUEST');
    const vevent = cal.getFirstSubcomponent('vevent')!;
    expect(vevent.getFirstPropertyValue('uid')).toBe(event.uid);
    expect(String(vevent.getFirstPropertyValue('summary'))).toBe('Frühjahrsputz am Stadtpark');
    expect(String(vevent.getFirstPropertyValue('attendee')).toLowerCase()).toBe(`mailto:${r.email}`);
    expect(String(vevent.getFirstPropertyValue('organizer'))).toMatch(/^mailto:/i);
    expect(vevent.getFirstPropertyValue('dtstamp')).toBeTruthy();
    const start = vevent.getFirstProperty('dtstart')!;
    expect(start.getParameter('tzid')).toBe('Europe/Berlin');
    expect(cal.getAllSubcomponents('vtimezone').map((z) => z.getFirstPropertyValue('tzid'))).toEqual(['Europe/Berlin']);
    expect((start.getFirstValue() as ICAL.Time).toJSDate().getTime()).toBe(event.startsAt.getTime());
    // as the mail program gets it: CRLF line ends, no bare CR or LF, lines folded at 75 octets
    expect(ics.endsWith('\r\n')).toBe(true);
    expect(ics.replaceAll('\r\n', '')).not.toMatch(/[\r\n]/);
    for (const line of ics.split('\r\n')) expect(Buffer.byteLength(line, 'utf8')).toBeLessThanOrEqual(75);
  });

  it('a new time by staff arrives as METHOD:REQUEST for the same UID with the raised SEQUENCE and the new start', async () => {
    const event = await testEvent(t.deps, t.tenant, { capacity: 1, timeZone: 'Europe/Berlin' });
    const [r, waiting, maybe] = [await mailResident(), await mailResident(), await mailResident()];
    await answerRsvp(t.deps, t.tenant, event.id, r.id, { answer: 'yes', persons: 1 }, testActor);
    await answerRsvp(t.deps, t.tenant, event.id, waiting.id, { answer: 'yes', persons: 1 }, testActor);
    await answerRsvp(t.deps, t.tenant, event.id, maybe.id, { answer: 'maybe', persons: 1 }, testActor);
    await calendarPartTo(r.email);
    const local = (at: Date) => DateTime.fromJSDate(at, { zone: 'Europe/Berlin' }).plus({ hours: 2 }).toFormat("yyyy-MM-dd'T'HH:mm");
    const moved = await updateEvent(t.deps, testActor, t.tenant, event.id, { startsAt: local(event.startsAt), endsAt: local(event.endsAt) });
    const { ics } = await waitFor(
      () => calendarPartTo(r.email),
      (c) => c.ics.includes(`SEQUENCE:${moved.sequence}`),
    );
    const cal = new ICAL.Component(ICAL.parse(ics));
    expect(cal.getFirstPropertyValue('method')).toBe('REQUEST');
    const vevent = cal.getFirstSubcomponent('vevent')!;
    expect([vevent.getFirstPropertyValue('uid'), vevent.getFirstPropertyValue('sequence')]).toEqual([event.uid, event.sequence + 1]);
    expect((vevent.getFirstPropertyValue('dtstart') as ICAL.Time).toJSDate().getTime()).toBe(event.startsAt.getTime() + 2 * HOUR);
    // only a confirmed yes is an accepted entry; a maybe and a waiting yes are tentative
    const partstat = (text: string) =>
      new ICAL.Component(ICAL.parse(text)).getFirstSubcomponent('vevent')!.getFirstProperty('attendee')!.getParameter('partstat');
    expect(partstat(ics)).toBe('ACCEPTED');
    for (const other of [waiting, maybe]) {
      const part = await waitFor(
        () => calendarPartTo(other.email),
        (c) => c.ics.includes(`SEQUENCE:${moved.sequence}`),
      );
      expect(partstat(part.ics)).toBe('TENTATIVE');
    }
  });

  it('a cancellation notice by e-mail carries METHOD:CANCEL for the same UID', async () => {
    const event = await testEvent(t.deps, t.tenant, { capacity: 10 });
    const r = await mailResident();
    await answerRsvp(t.deps, t.tenant, event.id, r.id, { answer: 'yes', persons: 1 }, testActor);
    await calendarPartTo(r.email);
    const sends = await t.deps.db.withTenant(t.tenant.id, async (tx) => {
      await tx.update(events).set({ status: 'cancelled' }).where(eq(events.id, event.id));
      return noticeToRespondents(t.deps, tx, t.tenant, (await lockEvent(tx, t.tenant.id, event.id))!, 'cancelled');
    });
    for (const s of sends) await enqueueSend(t.deps, s);
    const { ics } = await waitFor(
      () => calendarPartTo(r.email),
      (c) => c.ics.includes('METHOD:CANCEL'),
    );
    const cal = new ICAL.Component(ICAL.parse(ics));
    expect(cal.getFirstSubcomponent('vevent')!.getFirstPropertyValue('uid')).toBe(event.uid);
    expect(cal.getFirstSubcomponent('vevent')!.getFirstPropertyValue('status')).toBe('CANCELLED');
  });
});

describe('reminders', () => {
  it('residents who said yes or maybe are reminded once; waiting and no answers are not', async () => {
    const start = new Date(Date.now() + 30 * HOUR);
    const event = await testEvent(t.deps, t.tenant, { capacity: 1, startsAt: start, endsAt: new Date(start.getTime() + HOUR), reminderHours: 24 });
    const [yes, waiting, maybe, no] = [await smsResident(), await smsResident(), await smsResident(), await smsResident()];
    const say = (id: string, answer: 'yes' | 'no' | 'maybe') => answerRsvp(t.deps, t.tenant, event.id, id, { answer, persons: 1 }, testActor);
    await say(yes.id, 'yes');
    await say(waiting.id, 'yes');
    await say(maybe.id, 'maybe');
    await say(no.id, 'no');
    // 25 hours before: not yet due
    expect((await remindTenant(t.deps, t.tenant, new Date(start.getTime() - 25 * HOUR))).reminded).toBe(0);
    const due = new Date(start.getTime() - 23 * HOUR);
    expect((await remindTenant(t.deps, t.tenant, due)).reminded).toBe(2);
    // a second run (another worker, the next minute) sends nothing twice
    expect((await remindTenant(t.deps, t.tenant, new Date(due.getTime() + 60_000))).reminded).toBe(0);
    const reminders = async (phone: string) => (await messagesTo(t.deps, t.tenant, phone)).filter((m) => m.text.includes('Erinnerung'));
    expect(await reminders(yes.phone)).toHaveLength(1);
    expect(await reminders(maybe.phone)).toHaveLength(1);
    expect(await reminders(waiting.phone)).toHaveLength(0);
    expect(await reminders(no.phone)).toHaveLength(0);
  });

  it('a weekly series reminds again before its next date', async () => {
    const first = new Date(Date.now() + 10 * HOUR);
    const event = await testEvent(t.deps, t.tenant, {
      capacity: null,
      startsAt: first,
      endsAt: new Date(first.getTime() + HOUR),
      rrule: 'FREQ=WEEKLY;COUNT=3',
      timeZone: 'UTC',
      reminderHours: 12,
    });
    const r = await smsResident();
    await answerRsvp(t.deps, t.tenant, event.id, r.id, { answer: 'yes', persons: 1 }, testActor);
    expect((await remindTenant(t.deps, t.tenant, new Date(first.getTime() - 2 * HOUR))).reminded).toBe(1);
    expect((await remindTenant(t.deps, t.tenant, new Date(first.getTime() - HOUR))).reminded).toBe(0);
    const second = new Date(first.getTime() + 7 * 24 * HOUR);
    expect((await remindTenant(t.deps, t.tenant, new Date(second.getTime() - 2 * HOUR))).reminded).toBe(1);
  });
});

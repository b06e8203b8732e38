// The staff API of events through HTTP on a real database: drafts, changes, publishing, cancelling, deleting, the
// refusals with the field named, the attendee list (audited) with check-in, the invitation draft, the image, the
// calendar files, and that another municipality sees none of it.
import { and, eq } from 'drizzle-orm';
import type { LightMyRequestResponse } from 'fastify';
import ICAL from 'ical.js';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOwnerApp, type Session, type TestApp } from '../../../../test/helpers/app.ts';
import { resident, testActor } from '../../../../test/helpers/factories.ts';
import { UNKNOWN_ID } from '../../../../test/helpers/unknown-id.ts';
import type { EventDetail } from '../../../common/contracts/events.ts';
import { auditLog, campaigns } from '../../platform/db/schema.ts';
import { answerRsvp } from './rsvp.service.ts';

let t: TestApp;
let owner: Session;
let viewer: Session;
let agent: Session;
const api = '/api/v1/tenants/musterstadt';
const BASE = { title: 'Seniorennachmittag im Bürgerhaus', startsAt: '2027-03-20T15:00', endsAt: '2027-03-20T18:00', placeName: 'Bürgerhaus' };

const problem = (res: LightMyRequestResponse) =>
  res.json() as { code: string; detail: string; errors?: Array<{ pointer: string; detail: string; code?: string; params?: Record<string, unknown> }> };
const pointers = (res: LightMyRequestResponse) => (problem(res).errors ?? []).map((e) => e.pointer);

async function create(body: Record<string, unknown> = {}): Promise<EventDetail> {
  const res = await t.as(owner, { method: 'POST', url: `${api}/events`, payload: { ...BASE, ...body } });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}
async function published(body: Record<string, unknown> = {}): Promise<EventDetail> {
  const e = await create(body);
  const res = await t.as(owner, { method: 'POST', url: `${api}/events/${e.id}/publish` });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}
let phone = 5552000;
async function yes(eventId: string, persons: number, name = 'Erika Muster') {
  const id = await resident(t.deps, t.tenant, { phone: `0170 ${phone++}`, name });
  await answerRsvp(t.deps, t.tenant, eventId, id, { answer: 'yes', persons }, testActor);
  return id;
}

beforeAll(async () => {
  ({ t, owner } = await createOwnerApp());
  viewer = await t.staffSession('viewer');
  agent = await t.staffSession('agent');
});
afterAll(async () => {
  await t?.close();
});

describe('events for staff', () => {
  it('staff create a draft in the municipality’s zone, change it and publish it; a viewer reads but cannot write', async () => {
    const e = await create({ rrule: 'FREQ=WEEKLY;BYDAY=SA;COUNT=3', capacity: 30 });
    expect(e).toMatchObject({ status: 'draft', timeZone: 'Europe/Berlin', startsLocal: '2027-03-20T15:00', startsAt: '2027-03-20T14:00:00.000Z', sequence: 0 });
    expect(e.occurrences.map((o) => o.startsAt)).toEqual(['2027-03-20T14:00:00.000Z', '2027-03-27T14:00:00.000Z', '2027-04-03T13:00:00.000Z']);
    expect(e.counts).toMatchObject({ yes: 0, confirmedPersons: 0, placesLeft: 30 });
    expect((await t.as(viewer, { method: 'PATCH', url: `${api}/events/${e.id}`, payload: { title: 'X' } })).statusCode).toBe(403);
    const patched = await t.as(owner, { method: 'PATCH', url: `${api}/events/${e.id}`, payload: { title: 'Seniorencafé', description: 'Mit Kuchen.' } });
    expect(patched.json()).toMatchObject({ title: 'Seniorencafé', description: 'Mit Kuchen.', sequence: 0 });
    expect((await t.as(owner, { method: 'POST', url: `${api}/events/${e.id}/publish` })).json().status).toBe('published');
    const list = await t.as(viewer, { method: 'GET', url: `${api}/events?status=published&q=Seniorencaf` });
    expect(list.json().items.map((i: { id: string }) => i.id)).toEqual([e.id]);
    expect((await t.as(owner, { method: 'POST', url: `${api}/events/${e.id}/publish` })).statusCode).toBe(409);
  });

  it('the upcoming list holds no drafts and starts with the soonest date; drafts are asked for by status', async () => {
    const at = (day: string) => ({ startsAt: `${day}T10:00`, endsAt: `${day}T12:00` });
    const later = await published({ title: 'Listenprobe Sommerfest', ...at('2027-06-01') });
    const sooner = await published({ title: 'Listenprobe Frühjahrsmarkt', ...at('2027-04-10') });
    const draft = await create({ title: 'Listenprobe Entwurf', ...at('2027-04-01') });
    const ids = async (query: string) =>
      ((await t.as(viewer, { method: 'GET', url: `${api}/events?q=Listenprobe&${query}` })).json().items as Array<{ id: string }>).map((i) => i.id);
    expect(await ids('when=upcoming')).toEqual([sooner.id, later.id]);
    expect(await ids('when=upcoming&status=draft')).toEqual([draft.id]);
    expect(await ids('when=past')).toEqual([]);
    expect((await ids('when=all')).sort()).toEqual([sooner.id, later.id, draft.id].sort());
  });

  it('refuses an end before the start, an unknown time zone and an invalid rule, naming the field', async () => {
    const end = await t.as(owner, { method: 'POST', url: `${api}/events`, payload: { ...BASE, endsAt: '2027-03-20T14:00' } });
    expect([end.statusCode, pointers(end)]).toEqual([400, ['/body/endsAt']]);
    const zone = await t.as(owner, { method: 'POST', url: `${api}/events`, payload: { ...BASE, timeZone: 'Mars/Olympus' } });
    expect([zone.statusCode, pointers(zone)]).toEqual([400, ['/body/timeZone']]);
    const rule = await t.as(owner, { method: 'POST', url: `${api}/events`, payload: { ...BASE, rrule: 'FREQ=SECONDLY' } });
    expect([rule.statusCode, pointers(rule)]).toEqual([400, ['/body/rrule']]);
    const many = await t.as(owner, { method: 'POST', url: `${api}/events`, payload: { ...BASE, rrule: 'FREQ=DAILY;COUNT=900' } });
    expect([many.statusCode, pointers(many)]).toEqual([400, ['/body/rrule']]);
    const unknown = await t.as(owner, { method: 'POST', url: `${api}/events`, payload: { ...BASE, colour: 'red' } });
    expect(unknown.statusCode).toBe(400);
    expect(JSON.stringify(problem(unknown).errors)).toContain('colour');
    const e = await create();
    const later = await t.as(owner, { method: 'PATCH', url: `${api}/events/${e.id}`, payload: { startsAt: '2027-03-20T19:00' } });
    expect([later.statusCode, pointers(later)]).toEqual([400, ['/body/endsAt']]);
    const pair = await t.as(owner, { method: 'PATCH', url: `${api}/events/${e.id}`, payload: { lat: 50.1 } });
    expect(pair.statusCode).toBe(400);
  });

  it('refuses a capacity below the persons already confirmed, saying how many', async () => {
    const e = await published({ capacity: 30 });
    await yes(e.id, 4);
    await yes(e.id, 3);
    const low = await t.as(owner, { method: 'PATCH', url: `${api}/events/${e.id}`, payload: { capacity: 6 } });
    expect(low.statusCode).toBe(409);
    expect(problem(low).errors?.[0]).toMatchObject({ pointer: '/body/capacity', code: 'capacity_below_confirmed', params: { minimum: 7 } });
    expect(problem(low).detail).toContain('7 places are already confirmed');
    expect((await t.as(owner, { method: 'PATCH', url: `${api}/events/${e.id}`, payload: { capacity: 7 } })).json().counts.placesLeft).toBe(0);
  });

  it('a capacity rise promotes the waitlist', async () => {
    const e = await published({ capacity: 2 });
    await yes(e.id, 2);
    await yes(e.id, 2, 'Max Wartend');
    expect((await t.as(owner, { method: 'GET', url: `${api}/events/${e.id}` })).json().counts).toMatchObject({ confirmedPersons: 2, waitlisted: 1 });
    const raised = await t.as(owner, { method: 'PATCH', url: `${api}/events/${e.id}`, payload: { capacity: 4 } });
    expect(raised.json().counts).toMatchObject({ confirmedPersons: 4, waitlisted: 0, placesLeft: 0 });
  });

  it('a new time raises SEQUENCE; a cancelled event stays, shown with its reason; only drafts are deleted', async () => {
    const e = await published();
    const moved = await t.as(owner, { method: 'PATCH', url: `${api}/events/${e.id}`, payload: { startsAt: '2027-03-21T15:00', endsAt: '2027-03-21T18:00' } });
    expect(moved.json()).toMatchObject({ sequence: 1, startsLocal: '2027-03-21T15:00' });
    expect((await t.as(owner, { method: 'PATCH', url: `${api}/events/${e.id}`, payload: { title: 'Neuer Titel' } })).json().sequence).toBe(1);
    expect((await t.as(owner, { method: 'DELETE', url: `${api}/events/${e.id}` })).statusCode).toBe(409);
    const noReason = await t.as(owner, { method: 'POST', url: `${api}/events/${e.id}/cancel`, payload: {} });
    expect([noReason.statusCode, pointers(noReason)]).toEqual([400, ['/body/reason']]);
    const cancelled = await t.as(owner, { method: 'POST', url: `${api}/events/${e.id}/cancel`, payload: { reason: 'Wasserschaden im Bürgerhaus' } });
    expect(cancelled.json()).toMatchObject({ status: 'cancelled', cancelReason: 'Wasserschaden im Bürgerhaus', sequence: 2 });
    expect((await t.as(owner, { method: 'PATCH', url: `${api}/events/${e.id}`, payload: { title: 'X' } })).statusCode).toBe(409);
    const draft = await create();
    expect((await t.as(owner, { method: 'DELETE', url: `${api}/events/${draft.id}` })).statusCode).toBe(204);
    expect((await t.as(owner, { method: 'GET', url: `${api}/events/${draft.id}` })).statusCode).toBe(404);
    expect((await t.as(owner, { method: 'GET', url: `${api}/events/${UNKNOWN_ID}` })).statusCode).toBe(404);
  });
});

describe('attendees and check-in', () => {
  it('shows who answered with names, audits each view, and exports CSV', async () => {
    const e = await published({ capacity: 3 });
    await yes(e.id, 2, 'Erika Muster');
    await yes(e.id, 2, 'Max Wartend');
    const res = await t.as(agent, { method: 'GET', url: `${api}/events/${e.id}/attendees` });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().items.map((r: { name: string; state: string; waitlistPosition: number | null }) => [r.name, r.state, r.waitlistPosition])).toEqual([
      ['Erika Muster', 'confirmed', null],
      ['Max Wartend', 'waitlisted', 1],
    ]);
    expect((await t.as(viewer, { method: 'GET', url: `${api}/events/${e.id}/attendees` })).statusCode).toBe(403);
    const csv = await t.as(agent, { method: 'GET', url: `${api}/events/${e.id}/attendees.csv` });
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.body).toContain('Erika Muster;yes;2;confirmed');
    const audits = await t.deps.db.system
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.objectId, e.id)));
    expect(audits.map((a) => a.action)).toEqual(expect.arrayContaining(['event.attendees_viewed', 'event.attendees_exported']));
  });

  it('checks an answer in at the door and takes it back', async () => {
    const e = await published();
    await yes(e.id, 3);
    const [row] = (await t.as(agent, { method: 'GET', url: `${api}/events/${e.id}/attendees` })).json().items;
    const url = `${api}/events/${e.id}/rsvps/${row.rsvpId}/check-in`;
    const all = await t.as(agent, { method: 'POST', url, payload: {} });
    expect(all.json().items[0]).toMatchObject({ checkedIn: true, checkedInPersons: 3 });
    expect(all.json().counts.checkedInPersons).toBe(3);
    expect((await t.as(agent, { method: 'POST', url, payload: { persons: 2 } })).json().items[0].checkedInPersons).toBe(2);
    expect((await t.as(agent, { method: 'POST', url, payload: { persons: 11 } })).statusCode).toBe(400);
    const undone = await t.as(agent, { method: 'DELETE', url });
    expect(undone.json().items[0]).toMatchObject({ checkedIn: false, checkedInPersons: null });
    expect((await t.as(agent, { method: 'POST', url: `${api}/events/${e.id}/rsvps/${UNKNOWN_ID}/check-in`, payload: {} })).statusCode).toBe(404);
  });
});

describe('invitation, image and calendar files', () => {
  it('drafts the invitation message linking the event page and remembers it', async () => {
    const e = await published();
    const res = await t.as(owner, { method: 'POST', url: `${api}/events/${e.id}/invite`, payload: { channels: ['sms', 'email'], audience: { topics: [] } } });
    expect(res.statusCode, res.body).toBe(201);
    const { messageId } = res.json();
    const [message] = await t.deps.db.system.select().from(campaigns).where(eq(campaigns.id, messageId));
    expect(message.status).toBe('draft');
    expect(message.body).toContain(`/m/musterstadt/events/${e.id}`);
    expect((await t.as(owner, { method: 'GET', url: `${api}/events/${e.id}` })).json().invitationId).toBe(messageId);
    const draft = await create();
    expect((await t.as(owner, { method: 'POST', url: `${api}/events/${draft.id}/invite`, payload: { channels: ['sms'] } })).statusCode).toBe(409);
  });

  it('stores an uploaded image without metadata and serves it publicly once published', async () => {
    const e = await create();
    const png = await sharp({ create: { width: 40, height: 30, channels: 3, background: '#3366cc' } })
      .png()
      .toBuffer();
    const up = await t.as(owner, { method: 'PUT', url: `${api}/events/${e.id}/image`, payload: png, headers: { 'content-type': 'image/png' } });
    expect(up.statusCode, up.body).toBe(204);
    const bad = await t.as(owner, {
      method: 'PUT',
      url: `${api}/events/${e.id}/image`,
      payload: Buffer.from('not an image'),
      headers: { 'content-type': 'image/png' },
    });
    expect(bad.statusCode).toBe(400);
    expect((await t.app.inject({ url: `/m/musterstadt/events/${e.id}/image.jpg` })).statusCode).toBe(404);
    await t.as(owner, { method: 'POST', url: `${api}/events/${e.id}/publish` });
    const pub = await t.app.inject({ url: `/m/musterstadt/events/${e.id}/image.jpg` });
    expect([pub.statusCode, pub.headers['content-type']]).toEqual([200, 'image/jpeg']);
    expect((await sharp(pub.rawPayload).metadata()).exif).toBeUndefined();
  });

  it('events.ics has published listed events, not drafts or unlisted ones, and follows changes', async () => {
    const listed = await published({ title: 'Stadtfest' });
    const unlisted = await published({ title: 'Geschlossene Runde', listed: false });
    const draft = await create({ title: 'Entwurf' });
    const feed = async () => {
      const res = await t.app.inject({ url: '/m/musterstadt/events.ics' });
      expect(res.headers['content-type']).toBe('text/calendar; charset=utf-8');
      return new ICAL.Component(ICAL.parse(res.body)).getAllSubcomponents('vevent').map((v) => String(v.getFirstPropertyValue('uid')));
    };
    const uids = await feed();
    expect(uids).toContain(listed.uid);
    expect(uids).not.toContain(unlisted.uid);
    expect(uids).not.toContain(draft.uid);
    await t.as(owner, { method: 'POST', url: `${api}/events/${draft.id}/publish` });
    expect(await feed()).toContain(draft.uid);
    const one = await t.app.inject({ url: `/m/musterstadt/events/${unlisted.id}.ics` });
    expect([one.statusCode, one.headers['content-type']]).toEqual([200, 'text/calendar; charset=utf-8']);
    const single = new ICAL.Component(ICAL.parse(one.body));
    expect(single.getAllSubcomponents('vevent').map((v) => v.getFirstPropertyValue('uid'))).toEqual([unlisted.uid]);
    expect(single.getFirstSubcomponent('vtimezone')?.getFirstPropertyValue('tzid')).toBe('Europe/Berlin');
    expect((await t.app.inject({ url: `/m/musterstadt/events/${(await create()).id}.ics` })).statusCode).toBe(404);
    expect((await t.app.inject({ url: `/m/musterstadt/events/not-an-id.ics` })).statusCode).toBe(404);
  });

  it('another municipality sees none of the events', async () => {
    const e = await published();
    const other = await t.createTenant('nachbarort', 'Nachbarort');
    const stranger = await t.staffSession('owner', other);
    expect((await t.as(stranger, { method: 'GET', url: `/api/v1/tenants/nachbarort/events/${e.id}` })).statusCode).toBe(404);
    expect((await t.as(stranger, { method: 'GET', url: '/api/v1/tenants/nachbarort/events' })).json().items).toEqual([]);
    expect((await t.app.inject({ url: `/m/nachbarort/events/${e.id}.ics` })).statusCode).toBe(404);
  });
});

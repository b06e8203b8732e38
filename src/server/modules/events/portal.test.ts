// The portal's event pages as a browser sees them (app.inject): the list with next dates and cancelled events marked,
// an event's page with its image, place, organiser, places left and the calendar link, the sign-in link that comes back, the
// answer form with where the resident stands, refusals with their reason, and the start page's events.
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/helpers/app.ts';
import { testEvent } from '../../../../test/helpers/event-rsvps.ts';
import { resident, residentSession } from '../../../../test/helpers/factories.ts';
import { esc, form } from '../../../../test/helpers/portal.ts';
import { listedEvents, upcomingEvents } from './portal.data.ts';

let t: TestApp;
let n = 0;
const ORIGIN = () => ({ origin: t.deps.config.publicUrl });

beforeAll(async () => {
  t = await createTestApp({ jobs: true });
});
afterAll(async () => t?.close());

/** A signed-in resident of Musterstadt: their session cookie. */
async function signedIn() {
  n += 1;
  const id = await resident(t.deps, t.tenant, { phone: `+4917088${String(100000 + n)}`, channels: ['sms'] });
  return residentSession(t.deps, t.tenant, id);
}
const get = (url: string, cookie?: string) => t.app.inject({ method: 'GET', url, headers: cookie ? { cookie } : {} });
const answer = (eventId: string, cookie: string, fields: Record<string, string>, headers: Record<string, string> = ORIGIN()) =>
  t.app.inject({
    method: 'POST',
    url: `/m/musterstadt/events/${eventId}/rsvp`,
    payload: form(fields),
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie, ...headers },
  });

describe('the event list', () => {
  it('shows upcoming listed events with their next dates, marks cancelled ones and links the calendar feed', async () => {
    const open = await testEvent(t.deps, t.tenant, { title: 'Seniorennachmittag' });
    const gone = await testEvent(t.deps, t.tenant, { title: 'Sommerfest', status: 'cancelled' });
    const hidden = await testEvent(t.deps, t.tenant, { title: 'Geschlossene Sitzung', listed: false });
    const past = await testEvent(t.deps, t.tenant, {
      title: 'Altes Fest',
      startsAt: new Date(Date.now() - 5 * 3600_000),
      endsAt: new Date(Date.now() - 3600_000),
    });
    const res = await get('/m/musterstadt/events');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain(`href="/m/musterstadt/events/${open.id}"`);
    expect(res.body).toMatch(new RegExp(`events/${gone.id}">Sommerfest</a> <strong class="badge">Abgesagt</strong>`));
    expect(res.body).not.toContain(hidden.id);
    expect(res.body).not.toContain(past.id);
    expect(res.body).toContain('href="/m/musterstadt/events.ics"');
    const start = await upcomingEvents(t.deps, t.tenant.id, 50);
    expect(start.find((e) => e.id === gone.id)).toMatchObject({ cancelled: true, title: 'Sommerfest' });
    expect(start.some((e) => e.id === past.id)).toBe(false);
  });
});

describe('the event list reads', () => {
  it('every listed event without its image bytes (the list and the start page show no image)', async () => {
    const pictured = await testEvent(t.deps, t.tenant, { title: 'Bildprobe', imageData: Buffer.alloc(200_000, 1), imageType: 'image/jpeg' });
    const listed = (await listedEvents(t.deps, t.tenant.id, new Date(), 100)).find((e) => e.event.id === pictured.id);
    expect(listed?.event.imageType).toBe('image/jpeg');
    expect(listed && Object.hasOwn(listed.event, 'imageData')).toBe(false);
  });
});

describe("an event's page", () => {
  it('shows date, place with coordinates, organiser, places left, the calendar link and a sign-in link that comes back', async () => {
    const event = await testEvent(t.deps, t.tenant, { capacity: 20 });
    const res = await get(`/m/musterstadt/events/${event.id}`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.body).toContain('<h1>Frühjahrsputz am Stadtpark</h1>');
    expect(res.body).toContain('Parkweg 1, 12345 Musterstadt');
    expect(res.body).toContain('Koordinaten: 51.50000, 7.40000');
    expect(res.body).toContain('Bauhof Musterstadt');
    expect(res.body).toContain('Noch 20 von 20 Plätzen frei.');
    expect(res.body).toContain(`href="/m/musterstadt/events/${event.id}.ics"`);
    expect(res.body).toContain('Zum Kalender hinzufügen');
    const next = encodeURIComponent(`/m/musterstadt/events/${event.id}`);
    expect(res.body).toContain(esc(`/m/musterstadt/login?next=${next}`));
    expect(res.body).not.toContain('name="answer"');
    // the sign-in page remembers the way back
    const login = await get(`/m/musterstadt/login?next=${next}`);
    expect(login.statusCode).toBe(200);
    expect(login.cookies.some((c) => c.name === 'civicast_resident_return')).toBe(true);
  });

  it('shows the event’s image with a text alternative, and no image where none was uploaded', async () => {
    const jpeg = await sharp({ create: { width: 40, height: 30, channels: 3, background: '#3366cc' } })
      .jpeg()
      .toBuffer();
    const pictured = await testEvent(t.deps, t.tenant, { title: 'Sommerfest im Park', imageData: jpeg, imageType: 'image/jpeg' });
    const page = await get(`/m/musterstadt/events/${pictured.id}`);
    expect(page.body).toContain(`<img src="/m/musterstadt/events/${pictured.id}/image.jpg" alt="${esc('Bild zur Veranstaltung „Sommerfest im Park“')}">`);
    const image = await get(`/m/musterstadt/events/${pictured.id}/image.jpg`);
    expect([image.statusCode, image.headers['content-type']]).toEqual([200, 'image/jpeg']);
    const plain = await testEvent(t.deps, t.tenant);
    expect((await get(`/m/musterstadt/events/${plain.id}`)).body).not.toContain('<img src="/m/musterstadt/events/');
  });

  it('a signed-in resident answers yes and sees "Sie sind angemeldet"; when full, the next sees the waiting list place', async () => {
    const event = await testEvent(t.deps, t.tenant, { capacity: 2 });
    const a = await signedIn();
    const form = await get(`/m/musterstadt/events/${event.id}`, a);
    expect(form.body).toContain('name="answer" value="yes"');
    const posted = await answer(event.id, a, { answer: 'yes', persons: '2' });
    expect(posted.statusCode).toBe(303);
    expect(posted.headers.location).toBe(`/m/musterstadt/events/${event.id}?saved=1`);
    const page = await get(posted.headers.location as string, a);
    expect(page.body).toContain('Ihre Antwort ist gespeichert.');
    expect(page.body).toContain('Sie sind angemeldet (2 Personen).');
    expect(page.body).toContain('Ausgebucht');
    const b = await signedIn();
    await answer(event.id, b, { answer: 'yes', persons: '1' });
    const waiting = await get(`/m/musterstadt/events/${event.id}`, b);
    expect(waiting.body).toContain('Sie stehen auf der Warteliste, Platz 1.');
    expect(waiting.body).toContain('rücken Sie der Reihe nach automatisch nach');
  });

  it('refusals show the page again with the reason: persons out of range, no answer, a cancelled event', async () => {
    const event = await testEvent(t.deps, t.tenant);
    const a = await signedIn();
    const tooMany = await answer(event.id, a, { answer: 'yes', persons: '0' });
    expect(tooMany.statusCode).toBe(400);
    expect(tooMany.body).toContain('Bitte geben Sie eine Personenzahl von 1 bis 10 an.');
    expect(tooMany.body).toContain('aria-invalid="true"');
    const none = await answer(event.id, a, { persons: '1' });
    expect(none.statusCode).toBe(400);
    expect(none.body).toContain('Bitte wählen Sie Zusage, Absage oder Vielleicht.');
    const cancelled = await testEvent(t.deps, t.tenant, { status: 'cancelled', cancelReason: 'Sturm' });
    const refused = await answer(cancelled.id, a, { answer: 'yes', persons: '1' });
    expect(refused.statusCode).toBe(409);
    expect(refused.body).toContain('Diese Veranstaltung wurde abgesagt.');
    expect(refused.body).toContain('Grund: Sturm');
  });

  it('an answer from another site, or without signing in, changes nothing', async () => {
    const event = await testEvent(t.deps, t.tenant);
    const a = await signedIn();
    const forged = await answer(event.id, a, { answer: 'yes', persons: '1' }, { origin: 'https://evil.example' });
    expect(forged.statusCode).toBe(403);
    const anonymous = await answer(event.id, '', { answer: 'yes', persons: '1' });
    expect(anonymous.statusCode).toBe(303);
    expect(anonymous.headers.location).toBe(`/m/musterstadt/login?next=${encodeURIComponent(`/m/musterstadt/events/${event.id}`)}`);
    const page = await get(`/m/musterstadt/events/${event.id}`, a);
    expect(page.body).not.toContain('Sie sind angemeldet');
  });

  it('drafts, unknown ids and malformed ids are a 404', async () => {
    const draft = await testEvent(t.deps, t.tenant, { status: 'draft' });
    expect((await get(`/m/musterstadt/events/${draft.id}`)).statusCode).toBe(404);
    expect((await get('/m/musterstadt/events/00000000-0000-4000-8000-000000000000')).statusCode).toBe(404);
    expect((await get('/m/musterstadt/events/nicht-da')).statusCode).toBe(404);
    expect((await get('/m/nirgendwo/events')).statusCode).toBe(404);
  });
});

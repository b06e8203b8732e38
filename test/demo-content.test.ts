// The living demo a first `npm start` seeds into Musterstadt: streets with address points, residents with consent,
// published news in two topics (one also in English), a past exercise warning with its all-clear, an inbox, and report
// categories with reports, all through the services and the delivery engine, so the portal, the feeds, the CAP
// documents, Open311 and the dev outbox have content.
import ICAL from 'ical.js';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoContent } from '../src/server/seed.ts';
import { createOwnerApp, type Session, type TestApp } from './helpers/app.ts';

let t: TestApp;
let owner: Session;

beforeAll(async () => {
  ({ t, owner } = await createOwnerApp({ work: true }));
  await seedDemoContent(t.deps);
});
afterAll(() => t.close());

const get = (url: string) => t.as(owner, { method: 'GET', url });

describe('the living demo', () => {
  it("has a waste calendar: the portal shows a street's next dates per type and moves collections off Christmas", async () => {
    const streets = (await get('/api/v1/tenants/musterstadt/streets')).json().items as Array<{ id: string; name: string }>;
    const page = await t.app.inject({ method: 'GET', url: `/m/musterstadt/waste?street=${streets[0].id}` });
    expect(page.statusCode).toBe(200);
    for (const name of ['Restmüll', 'Bioabfall', 'Papier', 'Gelbe Tonne', 'Sperrmüll']) expect(page.body).toContain(name);
    expect(page.body).toContain('Abfuhrbezirk:');
    const schedules = (await get('/api/v1/tenants/musterstadt/waste/schedules')).json().items;
    expect(schedules).toHaveLength(8);
    const districts = (await get('/api/v1/tenants/musterstadt/waste/districts')).json().items as Array<{ streetIds: string[] }>;
    expect(districts.flatMap((d) => d.streetIds).sort()).toEqual(streets.map((s) => s.id).sort());
  });

  it('has streets with address points, an area and residents who follow the town', async () => {
    const streets = (await get('/api/v1/tenants/musterstadt/streets')).json();
    expect(streets.items).toHaveLength(6);
    const residents = (await get('/api/v1/tenants/musterstadt/residents?limit=100')).json();
    expect(residents.items).toHaveLength(10);
    const areas = (await get('/api/v1/tenants/musterstadt/areas')).json();
    expect(areas.items.map((a: { name: string }) => a.name)).toEqual(['Altstadt']);
  });

  it('shows published news on the portal and in the Atom feed, and in English to English readers', async () => {
    const page = await t.app.inject({ method: 'GET', url: '/m/musterstadt/' });
    expect(page.statusCode).toBe(200);
    for (const title of ['Geänderte Abfuhrtermine zwischen den Feiertagen', 'Wertstoffhof samstags länger geöffnet', 'Weihnachtsmarkt am Marktplatz']) {
      expect(page.body).toContain(title);
    }
    const english = await t.app.inject({ method: 'GET', url: '/m/musterstadt/?lang=en' });
    expect(english.body).toContain('Christmas market on the market square');
    const feed = await t.app.inject({ method: 'GET', url: '/m/musterstadt/feed.atom' });
    expect(feed.statusCode).toBe(200);
    expect(feed.body.match(/<entry>/g)).toHaveLength(3);
    const messages = (await get('/api/v1/tenants/musterstadt/messages')).json();
    expect(messages.items.map((m: { status: string }) => m.status)).toEqual(['sent', 'sent', 'sent']);
  });

  it('has a past exercise warning with its all-clear, no banner, and its CAP documents', async () => {
    const past = (await get('/api/v1/tenants/musterstadt/warnings?state=past')).json();
    expect(past.items).toHaveLength(1);
    expect(past.items[0]).toMatchObject({ status: 'exercise', versions: 2 });
    const current = (await get('/api/v1/tenants/musterstadt/warnings?state=current')).json();
    expect(current.items).toHaveLength(0);
    const cap = await t.app.inject({ method: 'GET', url: new URL(past.items[0].capUrl).pathname });
    expect(cap.statusCode).toBe(200);
    expect(cap.body).toContain('<status>Exercise</status>');
  });

  it('sent the news and the warning through the delivery engine to the dev outbox', async () => {
    await expect
      .poll(async () => (await get('/api/v1/tenants/musterstadt/outbox?limit=200')).json().items.length, { timeout: 30_000, interval: 250 })
      .toBeGreaterThan(10);
  });

  it('has an inbox: replies by SMS and the contact form threaded into conversations, routed by rules, one overdue', async () => {
    const list = (await get('/api/v1/tenants/musterstadt/inbox/conversations?limit=50')).json();
    expect(list.items).toHaveLength(4);
    const byDepartment = Object.fromEntries(list.items.map((c: { preview: string; departmentName: string }) => [c.preview.slice(0, 20), c.departmentName]));
    expect(byDepartment).toEqual({
      'Die Straßenlaterne v': 'Bürgerbüro',
      'Gibt es beim Weihnac': 'Bürgerbüro',
      'MÜLL Unsere Biotonne': 'Bauhof',
      'Guten Tag, wie kann ': 'Bürgerbüro',
    });
    const counts = (await get('/api/v1/tenants/musterstadt/inbox/counts')).json();
    expect(counts).toMatchObject({ unanswered: 4 });
    expect(counts.overdue).toBeGreaterThanOrEqual(1);
    const canned = (await get('/api/v1/tenants/musterstadt/inbox/canned-responses')).json();
    expect(canned.items.map((c: { title: string }) => c.title).sort()).toEqual(['Eingangsbestätigung', 'Sperrmüll-Anmeldung']);
  });

  it('has report categories, which Open311 lists as services, and reports in several statuses', async () => {
    const services = await t.app.inject({ method: 'GET', url: '/open311/v2/services.json?jurisdiction_id=musterstadt' });
    expect(services.statusCode).toBe(200);
    expect(services.json().map((s: { service_code: string }) => s.service_code)).toEqual([
      'strassenschaden',
      'beleuchtung',
      'muell',
      'gruenpflege',
      'sonstiges',
    ]);
    const muell = await t.app.inject({ method: 'GET', url: '/open311/v2/services/muell.json?jurisdiction_id=musterstadt' });
    expect(muell.json().attributes[0].values.map((v: { name: string }) => v.name)).toEqual(['Sperrmüll', 'Wilder Müll', 'Glascontainer voll']);
    const list = (await get('/api/v1/tenants/musterstadt/reports?limit=50')).json();
    expect(list.items.length).toBeGreaterThanOrEqual(6);
    expect(new Set(list.items.map((r: { status: string }) => r.status))).toEqual(new Set(['received', 'confirmed', 'in_progress', 'resolved', 'rejected']));
    const overdue = (await get('/api/v1/tenants/musterstadt/reports?view=overdue')).json();
    expect(overdue.items.map((r: { categoryName: string }) => r.categoryName)).toEqual(['Müll']);
  });

  it('has one open survey about the recycling centre with every kind of question and answers from demo residents', async () => {
    const list = (await get('/api/v1/tenants/musterstadt/surveys?state=open')).json();
    const survey = list.items.find((s: { title: string }) => s.title === 'Wie zufrieden sind Sie mit dem neuen Wertstoffhof?');
    expect(survey).toMatchObject({ status: 'published', resultsVisibility: 'live', responseCount: 4 });
    const results = (await get(`/api/v1/tenants/musterstadt/surveys/${survey.id}/results`)).json();
    expect(results.questions.map((q: { kind: string }) => q.kind)).toEqual(['single', 'multiple', 'yes_no', 'rating', 'ranking', 'text']);
    expect(results.questions[3].rating.mean).toBe(3.75);
  });

  it('has a weekly market and an afternoon with places and answers, on the start page and in events.ics', async () => {
    const ics = await t.app.inject({ method: 'GET', url: '/m/musterstadt/events.ics' });
    expect(ics.statusCode).toBe(200);
    expect(ics.body).toContain('SUMMARY:Wochenmarkt auf dem Marktplatz');
    expect(ics.body).toContain('RRULE:FREQ=WEEKLY;BYDAY=SA;COUNT=20');
    expect(ics.body.replace(/\r\n /g, '')).toContain('SUMMARY:Seniorennachmittag im Bürgerhaus');
    const feed = new ICAL.Component(ICAL.parse(ics.body)).getAllSubcomponents('vevent').map((v) => new ICAL.Event(v));
    const market = feed.find((e) => e.summary === 'Wochenmarkt auf dem Marktplatz');
    expect(market?.isRecurring()).toBe(true);
    expect(
      feed
        .find((e) => e.summary === 'Seniorennachmittag im Bürgerhaus')
        ?.startDate.toJSDate()
        .getTime(),
    ).toBeGreaterThan(Date.now());
    const start = await t.app.inject({ method: 'GET', url: '/m/musterstadt/' });
    expect(start.body).toContain('Wochenmarkt auf dem Marktplatz');
    const list = (await get('/api/v1/tenants/musterstadt/events')).json();
    const seniors = list.items.find((e: { title: string }) => e.title === 'Seniorennachmittag im Bürgerhaus');
    expect(seniors).toBeTruthy();
    const detail = (await get(`/api/v1/tenants/musterstadt/events/${seniors.id}`)).json();
    expect(detail.counts).toMatchObject({ confirmedPersons: 3 });
  });

  it('shows the resolved report with its public comment, and the approved photo without metadata, on the portal', async () => {
    const list = (await get('/api/v1/tenants/musterstadt/reports?status=resolved')).json();
    const page = await t.app.inject({ method: 'GET', url: `/m/musterstadt/reports/${list.items[0].number}` });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Die Lampe wurde ersetzt.');
    const inProgress = (await get('/api/v1/tenants/musterstadt/reports?status=in_progress')).json();
    const detail = (await get(`/api/v1/tenants/musterstadt/reports/${inProgress.items[0].id}`)).json();
    expect(detail.photos.map((p: { status: string }) => p.status)).toEqual(['approved']);
    const photo = await t.app.inject({ method: 'GET', url: `/m/musterstadt/reports/photos/${detail.photos[0].id}.jpg` });
    expect(photo.statusCode).toBe(200);
    const meta = await sharp(photo.rawPayload).metadata();
    expect(meta.format).toBe('jpeg');
    expect(meta.exif).toBeUndefined();
  });
});

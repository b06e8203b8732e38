// The portal's content: current warnings first (and as a banner on every page until the all-clear), then the news by
// topic and page with a permalink each, the Atom feed, and the web app manifest. Data comes through the messages'
// and warnings' APIs, as staff make it.
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Session, type TestApp } from '../../../../test/helpers/app.ts';
import { TOWN } from '../../../../test/helpers/geo.ts';
import { area, newTenant, resident, residentSession, staffMember, testActor } from '../../../../test/helpers/factories.ts';
import { eq } from 'drizzle-orm';
import { tenants } from '../../platform/db/schema.ts';
import { emit } from '../../platform/events.ts';
import type { TenantRow } from '../../platform/tenancy.ts';
import { createMessage, sendMessage } from '../messages/index.ts';
import { addTenantToNetwork, createNetwork } from '../tenants/index.ts';
import de from './i18n/de.json' with { type: 'json' };

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

const PNG_1x1 = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');
const get = (url: string, headers: Record<string, string> = {}) => t.app.inject({ method: 'GET', url, headers });
let phones = 0;
const phone = () => `+4917055${String(++phones).padStart(5, '0')}`;

interface Town {
  tenant: TenantRow;
  owner: Session;
  residentId: string;
  api: (method: 'GET' | 'POST', path: string, payload?: object) => ReturnType<TestApp['as']>;
  base: string;
}

async function town(): Promise<Town> {
  const tenant = await newTenant(t.deps);
  await area(t.deps, tenant, 'Stadtgebiet', TOWN);
  const residentId = await resident(t.deps, tenant, { phone: phone(), topics: ['abfall'], channels: ['sms'], lat: 50.01, lng: 10.01 });
  const owner = await t.login(`owner@${tenant.slug}.test`);
  const api = (method: 'GET' | 'POST', path: string, payload?: object) =>
    t.as(owner, { method, url: `/api/v1/tenants/${tenant.slug}${path}`, ...(payload ? { payload } : {}) });
  return { tenant, owner, residentId, api, base: `/m/${tenant.slug}/` };
}

/** A message for the portal, written and sent by staff; returns its id. */
async function publish(w: Town, title: string, topic: string, opts: { send?: boolean; body?: string } = {}) {
  const created = await w.api('POST', '/messages', {
    title,
    body: opts.body ?? `Text zu ${title}.\n\nZweiter Absatz.`,
    topic,
    audience: {},
    channels: ['portal'],
  });
  expect(created.statusCode, created.body).toBe(201);
  const id = created.json().id as string;
  if (opts.send !== false) {
    const sent = await w.api('POST', `/messages/${id}/send`);
    expect(sent.json().status, sent.body).toBe('sent');
  }
  return id;
}

async function warn(w: Town, body: object = {}) {
  const res = await w.api('POST', '/warnings', {
    severity: 'severe',
    event: 'Hochwasser',
    headline: 'Hochwasser an der Aue',
    description: 'Der Pegel steigt.',
    instruction: 'Meiden Sie das Ufer.',
    area: { kind: 'tenant' },
    ...body,
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; capUrl: string };
}

const newsIds = (body: string) => [...body.matchAll(/<h3 id="news-([0-9a-f-]{36})-title">/g)].map((m) => m[1]);

describe('start page and news', { shuffle: false }, () => {
  let w: Town;
  const ids: string[] = []; // oldest first
  let draftId: string;
  let warning: { id: string; capUrl: string };

  beforeAll(async () => {
    w = await town();
    for (let i = 1; i <= 12; i++) ids.push(await publish(w, `Nachricht ${i}`, i % 3 === 0 ? 'verkehr' : 'abfall'));
    draftId = await publish(w, 'Entwurf', 'abfall', { send: false });
    warning = await warn(w);
    await warn(w, { severity: 'minor', status: 'exercise', headline: 'Probealarm der Sirenen', instruction: null });
  });

  it('shows the current warnings first, then the news, newest first, ten to a page', async () => {
    const res = await get(w.base);
    expect(res.statusCode).toBe(200);
    const body = res.body;
    const warningsAt = body.indexOf('id="warnings"');
    const newsAt = body.indexOf('id="news"');
    expect(warningsAt).toBeGreaterThan(0);
    expect(newsAt).toBeGreaterThan(warningsAt);
    expect(body.indexOf('Hochwasser an der Aue')).toBeGreaterThan(warningsAt);
    expect(body.indexOf('Hochwasser an der Aue')).toBeLessThan(newsAt);
    // severity in words, the exercise marked, the instruction and the CAP document
    expect(body).toContain(`<span class="severity severity-severe">${de.severitySevere}</span>`);
    expect(body).toContain(`<span class="drill">${de.statusExercise}</span>`);
    expect(body).toContain(de.warningExerciseNote);
    expect(body).toContain('Meiden Sie das Ufer.');
    expect(body).toContain(`href="${warning.capUrl}"`);
    // the real warning before the exercise
    expect(body.indexOf('Hochwasser an der Aue')).toBeLessThan(body.indexOf('Probealarm der Sirenen'));
    expect(newsIds(body)).toEqual(ids.slice(2).reverse());
    expect(body).toContain(`href="${w.base}news/${ids[11]}"`);
    expect(body).toContain(de.newsPageOf.replace('{page}', '1').replace('{pages}', '2'));
    expect(body).toContain(`href="${w.base}?page=2#news" rel="next"`);
  });

  it('pages on with ?page= and says when a page is empty', async () => {
    const second = await get(`${w.base}?page=2`);
    expect(newsIds(second.body)).toEqual([ids[1], ids[0]]);
    expect(second.body).toContain(`href="${w.base}#news" rel="prev"`);
    const beyond = await get(`${w.base}?page=9`);
    expect(beyond.statusCode).toBe(200);
    expect(newsIds(beyond.body)).toEqual([]);
    expect(beyond.body).toContain(de.newsPageEmpty);
    for (const bad of ['0', 'zwei', '-1', '100000']) expect((await get(`${w.base}?page=${bad}`)).statusCode).toBe(400);
    // an empty choice is the default: the first page of all topics
    expect(newsIds((await get(`${w.base}?page=&topic=`)).body)).toEqual(ids.slice(2).reverse());
  });

  it('filters by topic with ?topic=, keeping the topic while paging', async () => {
    const res = await get(`${w.base}?topic=verkehr`);
    expect(newsIds(res.body)).toEqual([ids[11], ids[8], ids[5], ids[2]]);
    expect(res.body).toContain(`<a href="${w.base}?topic=verkehr#news" aria-current="page">Verkehr</a>`);
    expect(res.body).toContain(`<a href="${w.base}#news">${de.newsAllTopics}</a>`);
    const abfall = await get(`${w.base}?topic=abfall&page=1`);
    expect(newsIds(abfall.body)).toHaveLength(8);
    const unknown = await get(`${w.base}?topic=gibtsnicht`);
    expect(unknown.statusCode).toBe(200);
    expect(unknown.body).toContain(de.newsTopicEmpty);
    expect((await get(`${w.base}?topic=${encodeURIComponent('<b>')}`)).statusCode).toBe(400);
  });

  it('gives each news item a permalink with the full text, topic and date', async () => {
    const res = await get(`${w.base}news/${ids[11]}`);
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('<h1 id="news-title">Nachricht 12</h1>');
    expect(res.body).toContain('<p>Zweiter Absatz.</p>');
    expect(res.body).toContain(de.newsTopic.replace('{topic}', 'Verkehr'));
    expect(res.body).toMatch(/<time datetime="\d{4}-\d\d-\d\dT[\d:.]+Z">/);
    expect(res.headers.etag).toBeDefined();
  });

  it('answers 404 for a permalink that is unknown, not sent, not an id, or another municipality’s', async () => {
    const other = await town();
    const foreign = await publish(other, 'Fremd', 'abfall');
    for (const path of [`news/${crypto.randomUUID()}`, `news/${draftId}`, 'news/123', `news/${foreign}`]) {
      const res = await get(`${w.base}${path}`);
      expect(res.statusCode, path).toBe(404);
      expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    }
    expect((await get(`${other.base}news/${foreign}`)).statusCode).toBe(200);
  });

  it('shows a message sent after a visit on the very next request (the cache drops the municipality’s pages)', async () => {
    const fresh = await town();
    expect(newsIds((await get(fresh.base)).body)).toEqual([]);
    expect(XMLValidator.validate((await get(`${fresh.base}feed.atom`)).body)).toBe(true);
    const id = await publish(fresh, 'Gerade eben', 'abfall');
    expect(newsIds((await get(fresh.base)).body)).toEqual([id]);
    expect((await get(`${fresh.base}feed.atom`)).body).toContain(`${fresh.base}news/${id}`);
  });

  it('says where a network’s message came from', async () => {
    const member = await town();
    const network = await createNetwork(t.deps.db, { slug: `kreis-${member.tenant.slug}`, name: 'Landkreis Muster', kind: 'landkreis' });
    await addTenantToNetwork(t.deps.db, network.id, member.tenant.id);
    const userId = await staffMember(t.deps, member.tenant, `kreis@${member.tenant.slug}.test`, 'editor');
    const actor = { ...testActor, userId };
    const input = { title: 'Kreisweite Sperrung', body: 'Die B 27 ist gesperrt.', topic: 'verkehr', audience: {}, channels: ['portal' as const] };
    const m = await createMessage(t.deps, actor, member.tenant, input, { originNetworkId: network.id });
    await sendMessage(t.deps, actor, member.tenant, m.id, { userId, role: 'editor' });
    const from = de.newsOrigin.replace('{network}', 'Landkreis Muster');
    expect((await get(member.base)).body).toContain(from);
    expect((await get(`${member.base}news/${m.id}`)).body).toContain(from);
  });

  it('lists the current warnings on /alerts', async () => {
    const res = await get(`${w.base}alerts`);
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain(`<h1>${de.warningsTitle}</h1>`);
    expect(res.body).toContain('<h2 id="warning-');
    expect(res.body).toContain('Probealarm der Sirenen');
    expect(res.body).toContain(`href="${warning.capUrl}"`);
  });

  it('carries the news in a well-formed Atom feed with permalinks, ETag and Cache-Control', async () => {
    const res = await get(`${w.base}feed.atom`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/atom+xml; charset=utf-8');
    expect(res.headers['cache-control']).toBe('public, max-age=60');
    expect(XMLValidator.validate(res.body)).toBe(true);
    const feed = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(res.body).feed;
    expect(feed.xmlns).toBe('http://www.w3.org/2005/Atom');
    const entries = [feed.entry].flat();
    expect(entries).toHaveLength(12);
    const publicUrl = t.deps.config.publicUrl;
    expect(entries[0].id).toBe(`${publicUrl}${w.base}news/${ids[11]}`);
    expect([entries[0].link].flat()[0].href).toBe(`${publicUrl}${w.base}news/${ids[11]}`);
    expect(entries[0].updated).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(feed.updated).toBe(entries[0].updated);
    expect(String(entries[0].content['#text'])).toContain('<p>Zweiter Absatz.</p>');
    const again = await get(`${w.base}feed.atom`, { 'if-none-match': res.headers.etag as string });
    expect(again.statusCode).toBe(304);
    // every page names the feed
    expect((await get(w.base)).body).toContain(`<link rel="alternate" type="application/atom+xml" title="`);
  });

  it('keeps a feed well-formed whatever staff write in a title', async () => {
    const odd = await town();
    await publish(odd, 'A < B & "C" ]]> \u0001 Ende', 'abfall', { body: 'Text mit ]]> darin & <b>nicht fett</b>' });
    const res = await get(`${odd.base}feed.atom`);
    expect(XMLValidator.validate(res.body)).toBe(true);
    const entry = new XMLParser({ ignoreAttributes: false }).parse(res.body).feed.entry;
    expect(String(entry.title['#text'] ?? entry.title)).toContain('A &lt; B &amp;');
  });

  it('is an empty, valid feed for a municipality without news', async () => {
    const empty = await town();
    const res = await get(`${empty.base}feed.atom`);
    expect(res.statusCode).toBe(200);
    expect(XMLValidator.validate(res.body)).toBe(true);
    expect(res.body).not.toContain('<entry>');
    expect((await get('/m/gibtesnicht/feed.atom')).statusCode).toBe(404);
  });
});

describe('warning banner', { shuffle: false }, () => {
  let w: Town;
  let newsId: string;
  let cookie: string;
  let warningId: string;
  // every kind of portal page: start, alerts, news item, legal pages, registration and sign-in (as a visitor), and
  // the signed-in resident's start page and own pages: [path, request headers]
  const pages = (): [string, Record<string, string>][] => [
    ...['', 'alerts', `news/${newsId}`, 'impressum', 'datenschutz', 'barrierefreiheit', 'register', 'login'].map((p): [string, Record<string, string>] => [
      p,
      {},
    ]),
    ...['', `news/${newsId}`, 'settings', 'settings/data'].map((p): [string, Record<string, string>] => [p, { cookie }]),
  ];

  beforeAll(async () => {
    w = await town();
    newsId = await publish(w, 'Straßenfest', 'abfall');
    cookie = await residentSession(t.deps, w.tenant, w.residentId);
  });

  it('is on no page while there is no warning', async () => {
    for (const [path, headers] of pages()) {
      const res = await get(`${w.base}${path}`, headers);
      expect(res.statusCode, path).toBe(200);
      expect(res.body, path).not.toContain('data-warning-banner');
    }
  });

  it('tops every portal page once a warning is issued, signed in or not', async () => {
    warningId = (await warn(w, { severity: 'extreme', headline: 'Großbrand im Gewerbegebiet' })).id;
    for (const [path, headers] of pages()) {
      const res = await get(`${w.base}${path}`, headers);
      expect(res.statusCode, path).toBe(200);
      expect(res.body, path).toContain('data-warning-banner');
      expect(res.body, path).toContain('Großbrand im Gewerbegebiet');
      expect(res.body, path).toContain(de.severityExtreme);
    }
    const settings = await get(`${w.base}settings`, { cookie });
    expect(settings.body.indexOf('data-warning-banner')).toBeLessThan(settings.body.indexOf('<h1'));
    expect(settings.body).toContain(`href="${w.base}alerts"`);
  });

  it('is gone from every page right after the all-clear', async () => {
    const res = await w.api('POST', `/warnings/${warningId}/all-clear`, {});
    expect(res.statusCode, res.body).toBeLessThan(300);
    for (const [path, headers] of pages()) {
      const page = await get(`${w.base}${path}`, headers);
      expect(page.body, path).not.toContain('data-warning-banner');
      expect(page.body, path).not.toContain('Großbrand im Gewerbegebiet');
    }
  });
});

describe('installable app', () => {
  it('links a web app manifest from every page, with name, scope, standalone display, theme colour and icons', async () => {
    const w = await town();
    for (const path of ['', 'impressum', 'register', 'alerts']) {
      expect((await get(`${w.base}${path}`)).body, path).toContain(`<link rel="manifest" href="${w.base}manifest.webmanifest">`);
    }
    const res = await get(`${w.base}manifest.webmanifest`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/manifest+json; charset=utf-8');
    const manifest = res.json();
    expect(manifest).toMatchObject({
      name: de.startTitle.replace('{name}', w.tenant.name),
      short_name: w.tenant.name,
      start_url: w.base,
      scope: w.base,
      display: 'standalone',
      theme_color: expect.stringMatching(/^#[0-9a-f]{6}$/),
    });
    const sizes = manifest.icons.map((i: { sizes: string }) => i.sizes);
    expect(sizes).toEqual(expect.arrayContaining(['192x192', '512x512']));
    for (const icon of manifest.icons as { src: string; sizes: string; type: string }[]) {
      const png = await get(icon.src);
      expect(png.statusCode, icon.src).toBe(200);
      expect(png.headers['content-type']).toBe('image/png');
      expect(png.rawPayload.subarray(1, 4).toString('latin1')).toBe('PNG');
      const [width, height] = [png.rawPayload.readUInt32BE(16), png.rawPayload.readUInt32BE(20)];
      expect(`${width}x${height}`).toBe(icon.sizes);
    }
    expect((await get('/m/gibtesnicht/manifest.webmanifest')).statusCode).toBe(404);
    // the page's icon is the 192 pixel one, in the same version
    expect((await get(w.base)).body).toContain(`<link rel="icon" href="${manifest.icons[0].src}">`);
  });

  it('puts the municipality’s logo first among the icons once it has one', async () => {
    const w = await town();
    await t.deps.db.system
      .update(tenants)
      .set({ logo: PNG_1x1.toString('base64'), logoType: 'image/png' })
      .where(eq(tenants.id, w.tenant.id));
    emit('tenant.changed', { tenantId: w.tenant.id, slug: w.tenant.slug });
    const manifest = (await get(`${w.base}manifest.webmanifest`)).json();
    expect(manifest.icons[0]).toMatchObject({ src: expect.stringMatching(new RegExp(`^${w.base}logo\\?v=`)), sizes: '1x1', type: 'image/png' });
    expect((await get(manifest.icons[0].src)).rawPayload.equals(PNG_1x1)).toBe(true);
    expect(manifest.icons.map((i: { sizes: string }) => i.sizes)).toEqual(expect.arrayContaining(['192x192', '512x512']));
  });

  it('offers notifications on the start page: registration, or the settings’ push button when signed in', async () => {
    const w = await town();
    const anonymous = await get(w.base);
    expect(anonymous.body).toContain(`href="${w.base}register"`);
    expect(anonymous.body).toContain(de.offerTitle);
    const cookie = await residentSession(t.deps, w.tenant, w.residentId);
    const signedIn = await get(w.base, { cookie });
    expect(signedIn.headers['cache-control']).toBe('private, no-cache');
    // the settings page's push button, with its script, right on the start page
    expect(signedIn.body).toContain(`data-push-setup data-sw="${w.base}sw.js" data-scope="${w.base}"`);
    expect(signedIn.body).toMatch(/<script src="\/assets\/push\.js\?v=[^"]+" defer><\/script>/);
    expect(signedIn.body).toContain(`href="${w.base}settings"`);
  });
});

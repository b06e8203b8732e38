// CAP in: a municipality subscribes to external CAP feeds served by a local publisher (the conformance files); alerts
// over its area are relayed as warnings or proposed for one click, duplicates drop, Update and Cancel apply to the
// relayed warning, conditional GET reads nothing twice, and hostile feeds only set their own last error.
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Session, type TestApp } from '../../../../../test/helpers/app.ts';
import { area, newTenant, staffMember } from '../../../../../test/helpers/factories.ts';
import { type CapFeedServer, startCapFeedServer } from '../../../../../test/peers/cap-feeds.ts';
import type { CapFeedItem, CapPollResult } from '../../../../common/contracts/cap-feeds.ts';
import { capPollDueJob, capPollJob } from './index.ts';

let t: TestApp;
let peer: CapFeedServer;
const logLines: string[] = [];
beforeAll(async () => {
  peer = await startCapFeedServer();
  // the publisher listens on 127.0.0.1, which production refuses (SSRF guard); a stall is given up after 1 s
  const stream = new Writable({ write: (chunk, _enc, done) => done(void logLines.push(String(chunk))) });
  t = await createTestApp({ env: { CIVICAST_CAP_FEEDS_ALLOW_PRIVATE: 'true', CIVICAST_CAP_FEEDS_TIMEOUT_SECONDS: '1' }, log: { level: 'warn', stream } });
});
afterAll(async () => {
  await t?.close();
  await peer?.close();
});

const square = (lng: number, lat: number, d: number) => ({
  type: 'Polygon',
  coordinates: [
    [
      [lng, lat],
      [lng + d, lat],
      [lng + d, lat + d],
      [lng, lat + d],
      [lng, lat],
    ],
  ],
});
/** Inside the DWD-shaped alert's polygon (49–50 N, 12–13 E). */
const BAVARIAN_FOREST = square(12.2, 49.1, 0.1);
const HAMBURG = square(9.9, 53.5, 0.1);
/** Inside the polygon of the NWS index's severe thunderstorm warnings in western Nebraska. */
const NEBRASKA = square(-101.5, 41.5, 0.1);

interface Town {
  owner: Session;
  api: string;
}

async function town(geometry: unknown): Promise<Town> {
  const tenant = await newTenant(t.deps);
  await area(t.deps, tenant, 'Gemeindegebiet', geometry);
  return { owner: await t.login(`owner@${tenant.slug}.test`), api: `/api/v1/tenants/${tenant.slug}` };
}

async function subscribe(m: Town, path: string, rules: Record<string, unknown> = {}) {
  const res = await t.as(m.owner, {
    method: 'POST',
    url: `${m.api}/cap-feeds`,
    payload: { name: `Feed ${path}`, url: `${peer.baseUrl}${path}`, kind: path.endsWith('.atom') ? 'atom' : 'cap', mode: 'relay', ...rules },
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id as string;
}

async function poll(m: Town, feedId: string): Promise<CapPollResult> {
  const res = await t.as(m.owner, { method: 'POST', url: `${m.api}/cap-feeds/${feedId}/poll` });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

async function items(m: Town, feedId: string): Promise<CapFeedItem[]> {
  const res = await t.as(m.owner, { method: 'GET', url: `${m.api}/cap-feeds/${feedId}/items` });
  expect(res.statusCode, res.body).toBe(200);
  return res.json().items;
}

const warning = async (m: Town, id: string) => (await t.as(m.owner, { method: 'GET', url: `${m.api}/warnings/${id}` })).json();

describe('relaying a feed', { shuffle: false }, () => {
  let m: Town;
  let feedId: string;
  let warningId: string;
  beforeAll(async () => {
    m = await town(BAVARIAN_FOREST);
    feedId = await subscribe(m, '/dwd.cap');
  });

  it('an alert over the municipality is issued as its warning, with the feed as the source', async () => {
    const result = await poll(m, feedId);
    expect(result).toMatchObject({ notModified: false, read: 1, relayed: 1, dropped: 0 });
    expect(result.feed.lastError).toBeNull();
    const [item] = await items(m, feedId);
    expect(item).toMatchObject({ state: 'relayed', identifier: peer.dwd.identifier, sender: 'opendata@dwd.de', event: 'gale-force gusts' });
    warningId = item.warningId!;
    const { warning: w } = await warning(m, warningId);
    expect(w).toMatchObject({
      severity: 'moderate',
      headline: 'Official WARNING of GALE-FORCE GUSTS',
      source: { feedId, capIdentifier: peer.dwd.identifier, capSender: 'opendata@dwd.de' },
    });
  });

  it('polling again sends the ETag: the publisher answers 304 and nothing new is read', async () => {
    const result = await poll(m, feedId);
    expect(result).toMatchObject({ notModified: true, read: 0, relayed: 0 });
    expect(peer.hits.get('304 /dwd.cap')).toBeGreaterThanOrEqual(1);
  });

  it('the same alert from a second feed is dropped as a duplicate', async () => {
    const second = await subscribe(m, '/dwd.cap', { name: 'DWD again' });
    expect(await poll(m, second)).toMatchObject({ read: 1, duplicates: 1, relayed: 0 });
    expect(await items(m, second)).toEqual([]);
  });

  it('an Update of the relayed alert becomes the next version of its warning', async () => {
    const updates = await subscribe(m, '/dwd-update.cap');
    expect(await poll(m, updates)).toMatchObject({ applied: 1, relayed: 0 });
    const { warning: w, versions } = await warning(m, warningId);
    expect(versions).toHaveLength(2);
    expect(w).toMatchObject({ msgType: 'update', severity: 'severe', headline: 'Official WARNING of STORM GUSTS' });
  });

  it('a Cancel of the relayed alert ends its warning', async () => {
    const cancels = await subscribe(m, '/dwd-cancel.cap');
    expect(await poll(m, cancels)).toMatchObject({ applied: 1 });
    const { warning: w } = await warning(m, warningId);
    expect(w).toMatchObject({ msgType: 'cancel', state: 'ended' });
  });
});

describe('rules', () => {
  it('an alert whose area lies outside the municipality is dropped with the reason', async () => {
    const m = await town(HAMBURG);
    const feedId = await subscribe(m, '/dwd.cap');
    expect(await poll(m, feedId)).toMatchObject({ read: 1, dropped: 1, relayed: 0 });
    expect(await items(m, feedId)).toEqual([
      expect.objectContaining({ state: 'dropped', reason: 'the alert area lies outside the municipality', warningId: null }),
    ]);
  });

  it('an alert below the minimum severity is dropped with the reason', async () => {
    const m = await town(BAVARIAN_FOREST);
    const feedId = await subscribe(m, '/dwd.cap', { minSeverity: 'severe' });
    await poll(m, feedId);
    expect((await items(m, feedId))[0]).toMatchObject({ state: 'dropped', reason: 'severity moderate is below severe' });
  });

  it('an alert of an event not in the list is dropped; the amber alert without a polygon is dropped while the area is required', async () => {
    const m = await town(BAVARIAN_FOREST);
    const wind = await subscribe(m, '/dwd.cap', { eventTypes: ['Frost'] });
    await poll(m, wind);
    expect((await items(m, wind))[0].reason).toBe('event "gale-force gusts" is not in the feed\'s list');
    const amber = await subscribe(m, '/amber.cap');
    await poll(m, amber);
    expect((await items(m, amber))[0]).toMatchObject({ state: 'dropped', reason: 'the alert area has no polygon or circle' });
  });
});

describe('proposals', () => {
  it('a proposed alert waits; one click approves it and issues the warning, a second click is refused', async () => {
    const m = await town(BAVARIAN_FOREST);
    const feedId = await subscribe(m, '/dwd.cap', { mode: 'propose' });
    expect(await poll(m, feedId)).toMatchObject({ proposed: 1, relayed: 0 });
    const list = await t.as(m.owner, { method: 'GET', url: `${m.api}/cap-feeds/proposals` });
    const [proposal] = list.json().items as CapFeedItem[];
    expect(proposal).toMatchObject({ state: 'proposed', warningId: null, areaDesc: expect.stringContaining('Gemeinde Grainet') });
    expect((await t.as(m.owner, { method: 'GET', url: `${m.api}/cap-feeds/${feedId}` })).json().proposals).toBe(1);

    const approved = await t.as(m.owner, { method: 'POST', url: `${m.api}/cap-feeds/proposals/${proposal.id}/approve` });
    expect(approved.statusCode, approved.body).toBe(200);
    expect(approved.json()).toMatchObject({ state: 'relayed', decidedAt: expect.any(String) });
    const { warning: w } = await warning(m, approved.json().warningId);
    expect(w).toMatchObject({ event: 'gale-force gusts', source: { feedId } });
    const again = await t.as(m.owner, { method: 'POST', url: `${m.api}/cap-feeds/proposals/${proposal.id}/approve` });
    expect(again.statusCode).toBe(409);
  });

  it('a dismissed proposal issues nothing; the amber alert is proposed when the area is not required', async () => {
    const m = await town(BAVARIAN_FOREST);
    const feedId = await subscribe(m, '/amber.cap', { mode: 'propose', requireAreaIntersection: false });
    expect(await poll(m, feedId)).toMatchObject({ proposed: 1 });
    const [proposal] = await items(m, feedId);
    const res = await t.as(m.owner, { method: 'POST', url: `${m.api}/cap-feeds/proposals/${proposal.id}/dismiss` });
    expect(res.json()).toMatchObject({ state: 'dismissed', warningId: null });
    expect((await t.as(m.owner, { method: 'GET', url: `${m.api}/warnings` })).json().items).toEqual([]);
  });
});

describe('an Atom index', () => {
  it('only entries over the municipality and at the minimum severity are fetched; a second poll is a 304', async () => {
    const m = await town(NEBRASKA);
    const feedId = await subscribe(m, '/nws.atom', { mode: 'propose', minSeverity: 'moderate' });
    const before = [...peer.hits.keys()].filter((k) => k.startsWith('/nws/')).length;
    const result = await poll(m, feedId);
    const fetched = [...peer.hits.keys()].filter((k) => k.startsWith('/nws/')).length - before;
    expect(result.proposed).toBeGreaterThanOrEqual(1);
    expect(result.read).toBe(fetched);
    expect(fetched).toBeLessThan(10); // of 163 entries
    const list = await items(m, feedId);
    expect(list.filter((i) => i.state === 'proposed').every((i) => ['moderate', 'severe', 'extreme'].includes(i.severity ?? ''))).toBe(true);
    expect(await poll(m, feedId)).toMatchObject({ notModified: true, read: 0 });
  });
});

describe('hostile and broken feeds', () => {
  const cases: Array<[string, string]> = [
    ['/hostile/malformed', 'malformed_xml'],
    ['/hostile/doctype', 'doctype_refused'],
    ['/hostile/xxe', 'doctype_refused'],
    ['/hostile/huge', 'too_large'],
    ['/hostile/slow', 'timeout'],
    ['/hostile/polygon', 'polygon_too_large'],
    ['/hostile/redirect-file', 'bad_redirect'],
    ['/missing', 'http_status'],
  ];

  it("each is refused with its last error set, and the municipality's other feed still polls", async () => {
    const m = await town(BAVARIAN_FOREST);
    for (const [path, code] of cases) {
      const feedId = await subscribe(m, path);
      const result = await poll(m, feedId);
      expect(result.feed.lastError, path).toMatch(new RegExp(`^${code}: `));
      expect(result.relayed + result.proposed).toBe(0);
    }
    const good = await subscribe(m, '/dwd.cap', { mode: 'propose' });
    expect(await poll(m, good)).toMatchObject({ proposed: 1 });
    const list = (await t.as(m.owner, { method: 'GET', url: `${m.api}/cap-feeds` })).json().items;
    expect(list.filter((f: { lastError: string | null }) => f.lastError)).toHaveLength(cases.length);
    // logged by feed and error code: no address, no content of the feed
    const refusals = logLines.filter((l) => l.includes('CAP feed refused'));
    expect(refusals.length).toBeGreaterThanOrEqual(cases.length);
    expect(refusals.filter((l) => l.includes(peer.baseUrl) || l.includes('hostile') || l.includes('lol'))).toEqual([]);
  });

  it('an index whose linked documents are hostile takes the good one and reports the rest', async () => {
    const m = await town(BAVARIAN_FOREST);
    const feedId = await subscribe(m, '/mixed.atom', { mode: 'propose' });
    const result = await poll(m, feedId);
    expect(result).toMatchObject({ proposed: 1, failed: 3 });
    expect(result.feed.lastError).toMatch(/^3 linked alert\(s\) refused; first: malformed_xml: /);
  });
});

describe('subscriptions', () => {
  it('a URL that is not http(s) is refused at the field', async () => {
    const m = await town(BAVARIAN_FOREST);
    const res = await t.as(m.owner, {
      method: 'POST',
      url: `${m.api}/cap-feeds`,
      payload: { name: 'FTP', url: 'ftp://example.org/cap.xml', kind: 'cap', mode: 'relay' },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors).toEqual([expect.objectContaining({ pointer: '/body/url' })]);
  });

  it('a viewer sees the feeds but cannot subscribe, poll or approve', async () => {
    const m = await town(BAVARIAN_FOREST);
    const feedId = await subscribe(m, '/dwd.cap');
    const slug = m.api.split('/').pop()!;
    const tenant = (await t.as(m.owner, { method: 'GET', url: m.api })).json();
    await staffMember(t.deps, { ...tenant, id: tenant.id } as never, `viewer@${slug}.test`, 'viewer');
    const viewer = await t.login(`viewer@${slug}.test`);
    expect((await t.as(viewer, { method: 'GET', url: `${m.api}/cap-feeds` })).statusCode).toBe(200);
    expect((await t.as(viewer, { method: 'POST', url: `${m.api}/cap-feeds/${feedId}/poll` })).statusCode).toBe(403);
    expect((await t.as(viewer, { method: 'PATCH', url: `${m.api}/cap-feeds/${feedId}`, payload: { enabled: false } })).statusCode).toBe(403);
  });

  it('a changed rule applies, and a deleted feed is gone with its alerts', async () => {
    const m = await town(BAVARIAN_FOREST);
    const feedId = await subscribe(m, '/amber.cap', { mode: 'propose' });
    const patched = await t.as(m.owner, {
      method: 'PATCH',
      url: `${m.api}/cap-feeds/${feedId}`,
      payload: { requireAreaIntersection: false, minSeverity: 'severe' },
    });
    expect(patched.json()).toMatchObject({ requireAreaIntersection: false, minSeverity: 'severe' });
    expect(await poll(m, feedId)).toMatchObject({ proposed: 1 });
    expect((await t.as(m.owner, { method: 'DELETE', url: `${m.api}/cap-feeds/${feedId}` })).statusCode).toBe(204);
    expect((await t.as(m.owner, { method: 'GET', url: `${m.api}/cap-feeds/${feedId}` })).statusCode).toBe(404);
  });
});

describe('polling on schedule', () => {
  it('the minute job enqueues each enabled feed whose interval has passed, once', async () => {
    const m = await town(BAVARIAN_FOREST);
    const due = await subscribe(m, '/amber.cap');
    const off = await subscribe(m, '/amber.cap', { enabled: false });
    const sent: Array<{ name: string; data: unknown; key?: string }> = [];
    const jobs = {
      send: async (def: { name: string }, data: unknown, o?: { singletonKey?: string }) => {
        sent.push({ name: def.name, data, key: o?.singletonKey });
        return 'id';
      },
    };
    await capPollDueJob.handle({}, { ...t.deps, jobs: jobs as never, jobId: 'test' });
    const mine = sent.filter((s) => s.key === due || s.key === off);
    expect(mine).toEqual([{ name: capPollJob.name, data: expect.objectContaining({ feedId: due }), key: due }]);
    await poll(m, due);
    sent.length = 0;
    await capPollDueJob.handle({}, { ...t.deps, jobs: jobs as never, jobId: 'test' });
    expect(sent.filter((s) => s.key === due)).toEqual([]);
  });
});

// Reading CAP and index feeds, the area rules and the fetcher's limits, without a database.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CapFeedServer, startCapFeedServer } from '../../../../../test/peers/cap-feeds.ts';
import { type FeedError, parseCapAlert, parseIndex } from './cap-parse.ts';
import { boundaryOf, ruleProblem } from './cap-rules.ts';
import { isPrivateAddress } from '../../../platform/outbound.ts';
import { fetchFeed } from './fetch-feed.ts';

const fixture = (name: string) => readFileSync(path.resolve(import.meta.dirname, '../../../../../test/fixtures/conformance/cap', name), 'utf8');
const refused = (fn: () => unknown) => {
  try {
    fn();
  } catch (err) {
    return (err as FeedError).code;
  }
  return null;
};

let peer: CapFeedServer;
beforeAll(async () => {
  peer = await startCapFeedServer();
});
afterAll(() => peer.close());

const limits = { timeoutMs: 1000, maxBytes: 1024 * 1024, allowPrivate: true };
const rules = { minSeverity: 'minor' as const, eventTypes: [], requireAreaIntersection: true };
// a square in the Bavarian Forest, inside the DWD-shaped alert's polygon ([lon, lat])
const bavaria = boundaryOf([
  [12.2, 49.1],
  [12.4, 49.1],
  [12.4, 49.3],
  [12.2, 49.3],
]);

describe('reading CAP', () => {
  it('the DWD-profile-shaped alert is read with its polygon, severity and times', () => {
    const alert = parseCapAlert(fixture('dwd-profile-shaped-example.SYNTHETIC.xml'));
    expect(alert).toMatchObject({ sender: 'opendata@dwd.de', status: 'actual', msgType: 'alert', scope: 'public' });
    expect(alert.references).toEqual([{ sender: 'opendata@dwd.de', identifier: '2.49.0.0.276.0.DWD.PVW.1.x.ENG' }]);
    expect(alert.info).toMatchObject({ event: 'gale-force gusts', severity: 'moderate', urgency: 'Immediate', instruction: 'Secure free-standing objects.' });
    expect(alert.info?.areas[0].polygons[0]).toHaveLength(5);
  });

  it('the amber alert (two languages, geocodes only) is read from its first info block', () => {
    const alert = parseCapAlert(fixture('cap_amber_alert_example.xml'));
    expect(alert.identifier).toBe('KAR0-0306112239-SW');
    expect(alert.info).toMatchObject({ language: 'en-US', event: 'Child Abduction', severity: 'severe' });
    expect(alert.info?.areas).toEqual([{ desc: 'Los Angeles County', polygons: [], circles: [] }]);
  });

  it('the NWS Atom index lists 163 entries with their CAP index fields', () => {
    const entries = parseIndex(fixture('nws_atom_feed_example.xml'));
    expect(entries).toHaveLength(163);
    expect(entries[0]).toMatchObject({ event: 'High Wind Warning', severity: 'severe', polygon: '' });
    expect(entries[0].url).toMatch(/^https:\/\/alerts\.weather\.gov\/cap\/wwacapget\.php\?x=AK125AB652A170/);
  });

  it('an RSS index lists the CAP documents its items link (entities in links decoded)', () => {
    const rss = `<?xml version="1.0"?><rss version="2.0"><channel><title>x</title>
      <item><title>a</title><link>https://example.org/cap?id=1&amp;lang=de</link><pubDate>Mon, 30 Nov 2026 10:00:00 +0100</pubDate></item>
      <item><title>b</title><link>https://example.org/cap?id=2</link></item></channel></rss>`;
    expect(parseIndex(rss).map((e) => [e.url, e.updated])).toEqual([
      ['https://example.org/cap?id=1&lang=de', 'Mon, 30 Nov 2026 10:00:00 +0100'],
      ['https://example.org/cap?id=2', null],
    ]);
  });

  it('a DOCTYPE, entity declarations and malformed XML are refused before anything is expanded', () => {
    expect(refused(() => parseCapAlert('<?xml version="1.0"?><!DOCTYPE a [<!ENTITY b "c">]><alert/>'))).toBe('doctype_refused');
    expect(refused(() => parseCapAlert('<alert><identifier>x</alert>'))).toBe('malformed_xml');
    expect(refused(() => parseCapAlert('<feed/>'))).toBe('not_cap');
  });

  it('a polygon of more than 5000 points is refused', () => {
    const ring = Array.from({ length: 5001 }, (_, i) => `49.${i % 10},12.${i % 7}`).join(' ');
    const xml = fixture('dwd-profile-shaped-example.SYNTHETIC.xml').replace(/<polygon>[^<]*<\/polygon>/, `<polygon>${ring}</polygon>`);
    expect(refused(() => parseCapAlert(xml))).toBe('polygon_too_large');
  });
});

describe('area rules', () => {
  const alert = () => ({
    ...parseCapAlert(fixture('dwd-profile-shaped-example.SYNTHETIC.xml')),
    info: { ...parseCapAlert(fixture('dwd-profile-shaped-example.SYNTHETIC.xml')).info!, expires: null },
  });

  it('a polygon over the municipality passes; one elsewhere is dropped with the reason', () => {
    expect(ruleProblem(alert(), rules, bavaria)).toBeNull();
    const hamburg = boundaryOf([
      [9.9, 53.5],
      [10.1, 53.5],
      [10.1, 53.6],
    ]);
    expect(ruleProblem(alert(), rules, hamburg)).toBe('the alert area lies outside the municipality');
  });

  it('a circle "lat,lon radius" reaching the municipality passes', () => {
    const a = alert();
    a.info.areas = [{ desc: 'circle', polygons: [], circles: [{ lat: 49.2, lon: 12.6, radiusKm: 20 }] }];
    expect(ruleProblem(a, rules, bavaria)).toBeNull();
    a.info.areas = [{ desc: 'circle', polygons: [], circles: [{ lat: 49.2, lon: 13.6, radiusKm: 5 }] }];
    expect(ruleProblem(a, rules, bavaria)).toBe('the alert area lies outside the municipality');
  });

  it('severity below the minimum, another event, or an expired alert is dropped', () => {
    expect(ruleProblem(alert(), { ...rules, minSeverity: 'severe' }, bavaria)).toBe('severity moderate is below severe');
    expect(ruleProblem(alert(), { ...rules, eventTypes: ['FROST'] }, bavaria)).toMatch(/not in the feed's list/);
    expect(ruleProblem(alert(), { ...rules, eventTypes: ['Gale-Force Gusts'] }, bavaria)).toBeNull();
    expect(ruleProblem(parseCapAlert(fixture('dwd-profile-shaped-example.SYNTHETIC.xml')), rules, bavaria, new Date('2030-01-01'))).toBe(
      'the alert has expired',
    );
  });
});

describe('fetching', () => {
  const code = (p: Promise<unknown>) =>
    p.then(
      () => null,
      (err: FeedError) => err.code,
    );

  it('private and loopback addresses are refused unless allowed', async () => {
    expect(isPrivateAddress('127.0.0.1')).toBe(true);
    expect(isPrivateAddress('::ffff:10.0.0.1')).toBe(true);
    expect(isPrivateAddress('fd00::1')).toBe(true);
    expect(isPrivateAddress('93.184.216.34')).toBe(false);
    expect(await code(fetchFeed(`${peer.baseUrl}/dwd.cap`, {}, { ...limits, allowPrivate: false }))).toBe('private_address');
    expect(await code(fetchFeed('http://localhost:1/x', {}, { ...limits, allowPrivate: false }))).toBe('private_address');
    // allowed (tests, an intranet warning server): a name that resolves to loopback is fetched
    const port = new URL(peer.baseUrl).port;
    expect((await fetchFeed(`http://localhost:${port}/dwd.cap`, {}, limits)).status).toBe(200);
  });

  it('conditional GET: a matching ETag answers 304', async () => {
    const first = await fetchFeed(`${peer.baseUrl}/amber.cap`, {}, limits);
    expect(first.status).toBe(200);
    const etag = first.status === 200 ? first.etag : null;
    expect(await fetchFeed(`${peer.baseUrl}/amber.cap`, { etag }, limits)).toEqual({ status: 304 });
  });

  it('an oversized answer, a stalling server and a redirect to file: are refused', async () => {
    expect(await code(fetchFeed(`${peer.baseUrl}/hostile/huge`, {}, limits))).toBe('too_large');
    expect(await code(fetchFeed(`${peer.baseUrl}/hostile/slow`, {}, { ...limits, timeoutMs: 300 }))).toBe('timeout');
    expect(await code(fetchFeed(`${peer.baseUrl}/hostile/redirect-file`, {}, limits))).toBe('bad_redirect');
    expect(await code(fetchFeed(`${peer.baseUrl}/missing`, {}, limits))).toBe('http_status');
  });
});

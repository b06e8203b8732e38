// Open311 GeoReport v2 as an integrator sees it: which municipality, which services, filing with a key, reading
// requests in a date window, tokens, and the refusals (wrong key, unknown things, bad input, floods).
import { sql } from 'drizzle-orm';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ReportCategory, reportCategoryInput, reportStatusInput } from '../../../common/contracts/reports.ts';
import { createTestApp, type TestApp } from '../../../../test/helpers/app.ts';
import { approvePhotoOf, demoCategories, multipartForm, open311ApiKey, storeReports, TOWN, townAddresses } from '../../../../test/helpers/open311.ts';
import { testActor } from '../../../../test/helpers/factories.ts';
import { changeStatus, createCategory, publicPhotoUrl, revokeOpen311Key } from '../reports/index.ts';
import { queryRows } from '../../platform/db/client.ts';
import type { TenantRow } from '../../platform/tenancy.ts';
import { OPEN311_LIMITS } from './open311.kit.ts';

let t: TestApp;
let categories: Record<string, ReportCategory>;
let apiKey: string;
let other: TenantRow;
let otherKey: string;
const DAY = 86_400_000;

const get = (path: string) => t.app.inject({ method: 'GET', url: `/open311/v2/${path}` });
function post(fields: Record<string, string | string[]>, format = 'json', headers: Record<string, string> = {}) {
  const body = new URLSearchParams();
  for (const [k, v] of Object.entries(fields)) for (const one of [v].flat()) body.append(k, one);
  return t.app.inject({
    method: 'POST',
    url: `/open311/v2/requests.${format}`,
    payload: body.toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8', ...headers },
  });
}
const base = () => ({ jurisdiction_id: 'musterstadt', api_key: apiKey });
const pothole = (extra: Record<string, string | string[]> = {}) => ({
  ...base(),
  service_code: 'strassenschaden',
  lat: String(TOWN.lat),
  long: String(TOWN.lng),
  description: 'Tiefes Schlagloch vor dem Haus',
  'attribute[size]': 'large',
  ...extra,
});
const descriptions = (res: { json(): unknown }) => (res.json() as Array<{ description: string }>).map((e) => e.description);

beforeAll(async () => {
  t = await createTestApp();
  categories = await demoCategories(t.deps, t.tenant);
  await townAddresses(t.deps, t.tenant);
  apiKey = (await open311ApiKey(t.deps, t.tenant)).key;
  other = await t.createTenant('nachbarort', 'Nachbarort');
  otherKey = (await open311ApiKey(t.deps, other)).key;
}, 120_000);
afterAll(async () => {
  await t?.close();
});

describe('the municipality (jurisdiction_id)', () => {
  it('is required, and an unknown one is a 404 naming it', async () => {
    const missing = await get('services.json');
    expect(missing.statusCode).toBe(400);
    expect(descriptions(missing)[0]).toMatch(/^jurisdiction_id: is required/);
    const unknown = await get('services.json?jurisdiction_id=nirgendwo');
    expect(unknown.statusCode).toBe(404);
    expect(descriptions(unknown)[0]).toContain('nirgendwo');
  });

  it('names whose services and requests are answered: another town sees none of them', async () => {
    const res = await get('services.json?jurisdiction_id=nachbarort');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual([]);
  });
});

describe('services', () => {
  it('lists the active categories with group, keywords and whether they have a definition', async () => {
    const res = await get('services.json?jurisdiction_id=musterstadt');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    const list = res.json() as Array<Record<string, unknown>>;
    expect(list.map((s) => s.service_code).sort()).toEqual(['beleuchtung', 'gruenpflege', 'muell', 'sonstiges', 'strassenschaden']);
    expect(list.find((s) => s.service_code === 'strassenschaden')).toEqual({
      service_code: 'strassenschaden',
      service_name: 'Straßenschaden',
      description: 'Schlaglöcher, lose Platten, abgesackte Gehwege',
      metadata: true,
      type: 'realtime',
      keywords: 'Schlagloch, Gehweg',
      group: 'Straße und Verkehr',
    });
    expect(list.find((s) => s.service_code === 'muell')?.metadata).toBe(false);
  });

  it("defines a service by its category's extra fields, in order, with the choices of a list", async () => {
    const res = await get('services/beleuchtung.json?jurisdiction_id=musterstadt');
    expect(res.statusCode).toBe(200);
    const def = res.json() as { service_code: string; attributes: Array<Record<string, unknown>> };
    expect(def.service_code).toBe('beleuchtung');
    expect(def.attributes.map((a) => [a.code, a.datatype, a.order])).toEqual([
      ['lamp_number', 'string', 1],
      ['issues', 'multivaluelist', 2],
      ['since', 'datetime', 3],
    ]);
    expect(def.attributes[0]).toEqual({
      variable: true,
      code: 'lamp_number',
      datatype: 'string',
      required: false,
      datatype_description: 'steht auf dem Schild am Mast',
      order: 1,
      description: 'Nummer am Mast',
    });
    expect(def.attributes[1]!.values).toEqual([
      { key: 'dark', name: 'dunkel' },
      { key: 'flicker', name: 'flackert' },
      { key: 'damaged', name: 'beschädigt' },
    ]);
  });

  it('an unknown or inactive service is a 404', async () => {
    for (const code of ['gibtsnicht', 'alt', categories.muell!.id]) {
      const res = await get(`services/${code}.xml?jurisdiction_id=musterstadt`);
      expect(res.statusCode, code).toBe(404);
      expect(res.body).toContain('<code>404</code>');
    }
  });
});

describe('formats', () => {
  it('are named by the extension; another extension or none is a 404 in Open311 form', async () => {
    const yaml = await get('services.yaml?jurisdiction_id=musterstadt');
    expect(yaml.statusCode).toBe(404);
    expect(yaml.headers['content-type']).toBe('text/xml; charset=utf-8');
    expect(yaml.body).toContain('<errors><error><code>404</code>');
    const bare = await get('services?jurisdiction_id=musterstadt');
    expect(bare.statusCode).toBe(404);
    expect(bare.body).toContain('<errors>');
  });

  it('GET answers may be read by any web page, POST answers not', async () => {
    expect((await get('services.json?jurisdiction_id=musterstadt')).headers['access-control-allow-origin']).toBe('*');
    expect((await post(pothole())).headers['access-control-allow-origin']).toBeUndefined();
  });
});

describe('floods', () => {
  it('a flood of reads from one address is answered 429, other addresses still read', async () => {
    const read = (ip: string) => t.app.inject({ method: 'GET', url: '/open311/v2/discovery.json', remoteAddress: ip });
    for (let i = 0; i < t.deps.config.open311.readsPerMinutePerAddress; i++) expect((await read('203.0.113.9')).statusCode).toBe(200);
    const refused = await read('203.0.113.9');
    expect(refused.statusCode).toBe(429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect((await read('203.0.113.10')).statusCode).toBe(200);
  }, 60_000);
});

describe('filing a request (POST requests)', () => {
  it('files a report with its attributes and answers its id; it can be read back without personal data', async () => {
    const res = await post(pothole({ email: 'Erika@Example.org', first_name: 'Erika', last_name: 'Muster', phone: '0170 1234567', account_id: 'acc-7' }));
    expect(res.statusCode).toBe(200);
    const [created] = res.json() as Array<{ service_request_id: string; service_notice: string | null; account_id: string | null }>;
    expect(created!.service_request_id).toMatch(/^\d+$/);
    expect(created!.service_notice).toBe(`Danke! Ihre Meldung ${created!.service_request_id} (Straßenschaden) ist eingegangen.`);
    expect(created!.account_id).toBe('acc-7');
    const stored = await t.deps.db.withTenant(t.tenant.id, (tx) =>
      tx.execute(sql`select source, contact_kind, attributes, api_key_id, token from reports where number = ${Number(created!.service_request_id)}`),
    );
    const row = (stored as unknown as { rows: Array<Record<string, unknown>> }).rows[0]!;
    expect(row).toMatchObject({ source: 'open311', contact_kind: 'email', attributes: { size: 'large' } });
    expect(row.api_key_id).toBeTruthy();
    const back = await get(`requests/${created!.service_request_id}.json?jurisdiction_id=musterstadt`);
    expect(back.statusCode).toBe(200);
    expect(back.json()).toMatchObject([{ service_request_id: created!.service_request_id, status: 'open', service_code: 'strassenschaden' }]);
    expect(back.body).not.toMatch(/erika|muster|1234567/i);
  });

  it('takes several values of a multivaluelist and converts numbers', async () => {
    const res = await post({
      ...base(),
      service_code: 'beleuchtung',
      lat: String(TOWN.lat),
      long: String(TOWN.lng),
      description: 'Laterne flackert',
      'attribute[issues][]': ['dark', 'flicker'],
      'attribute[lamp_number]': 'L-17',
      'attribute[since]': '2026-11-20T18:00:00+01:00',
    });
    expect(res.statusCode).toBe(200);
    const number = Number((res.json() as Array<{ service_request_id: string }>)[0]!.service_request_id);
    const stored = await t.deps.db.withTenant(t.tenant.id, (tx) => tx.execute(sql`select attributes from reports where number = ${number}`));
    expect((stored as unknown as { rows: Array<{ attributes: unknown }> }).rows[0]!.attributes).toEqual({
      issues: ['dark', 'flicker'],
      lamp_number: 'L-17',
      since: '2026-11-20T18:00:00+01:00',
    });
  });

  it('refuses attributes that do not fit the service definition, naming each', async () => {
    const res = await post(pothole({ 'attribute[size]': 'huge', 'attribute[depth_cm]': 'tief', 'attribute[colour]': 'rot' }));
    expect(res.statusCode).toBe(400);
    expect(descriptions(res)).toEqual([
      'attribute[colour]: is not an attribute of service strassenschaden',
      'attribute[size]: "huge" is not among the values of the service definition',
      'attribute[depth_cm]: must be a number',
    ]);
    const missing = await post(pothole({ 'attribute[size]': '' }));
    expect(descriptions(missing)).toEqual(['attribute[size]: is required']);
    const multi = await post({ ...pothole(), service_code: 'beleuchtung', 'attribute[issues][]': ['dark', 'gone'] });
    expect(descriptions(multi)).toEqual([
      'attribute[size]: is not an attribute of service beleuchtung',
      'attribute[issues]: "gone" not among the values of the service definition',
    ]);
  });

  it('finds the place of an address_string or address_id in the street directory', async () => {
    const { lat: _lat, long: _long, ...noPoint } = pothole();
    const byString = await post({ ...noPoint, address_string: 'Hauptstraße 3, 44135 Musterstadt' });
    expect(byString.statusCode).toBe(200);
    const id = (byString.json() as Array<{ service_request_id: string }>)[0]!.service_request_id;
    const [req] = (await get(`requests/${id}.json?jurisdiction_id=musterstadt`)).json() as Array<Record<string, unknown>>;
    expect(req).toMatchObject({ lat: TOWN.lat, long: TOWN.lng, zipcode: '44135' });
    const addressId = req!.address_id as string;
    const byId = await post({ ...noPoint, address_id: addressId });
    expect(byId.statusCode).toBe(200);
    const unknown = await post({ ...noPoint, address_string: 'Unbekannter Weg 1' });
    expect(unknown.statusCode).toBe(400);
    expect(descriptions(unknown)[0]).toMatch(/^address_string: not found/);
  });

  it('needs a location, inside the municipality', async () => {
    const { lat: _lat, long: _long, ...noPoint } = pothole();
    expect(descriptions(await post(noPoint))).toEqual(['lat/long: a location is required: lat and long, address_string or address_id']);
    expect(descriptions(await post(pothole({ long: '' })))).toEqual(['long: lat and long are sent together']);
    expect(descriptions(await post(pothole({ lat: 'north' })))[0]).toMatch(/^lat: must be a latitude/);
    const far = await post(pothole({ lat: '48.137', long: '11.575' }));
    expect(far.statusCode).toBe(400);
    expect(descriptions(far)[0]).toMatch(/^lat\/long: /);
  });

  it('refuses a description over 4,000 characters and keeps HTML as text', async () => {
    expect(descriptions(await post(pothole({ description: 'x'.repeat(4001) })))).toEqual(['description: at most 4,000 characters']);
    const res = await post(pothole({ description: '<b>Loch</b> & <script>x</script>' }), 'xml');
    expect(res.statusCode).toBe(200);
    const id = /<service_request_id>(\d+)</.exec(res.body)![1];
    const xml = (await get(`requests/${id}.xml?jurisdiction_id=musterstadt`)).body;
    expect(xml).toContain('<description>&lt;b&gt;Loch&lt;/b&gt; &amp; &lt;script&gt;x&lt;/script&gt;</description>');
  });

  it('an unknown service is a 404, a missing one a 400', async () => {
    expect((await post(pothole({ service_code: 'gibtsnicht' }))).statusCode).toBe(404);
    expect((await post(pothole({ service_code: 'alt' }))).statusCode).toBe(404);
    expect(descriptions(await post(pothole({ service_code: '' })))).toEqual(['service_code: is required']);
  });

  it('needs a valid api_key of this municipality: missing, unknown, revoked or another town’s key is a 403', async () => {
    const revoked = await open311ApiKey(t.deps, t.tenant, 'Alt-App');
    await revokeOpen311Key(t.deps, testActor, t.tenant, revoked.id);
    for (const key of ['', 'not-a-key', revoked.key, otherKey]) {
      const res = await post(pothole({ api_key: key }), 'xml');
      expect(res.statusCode, key).toBe(403);
      expect(res.body).toContain('<code>403</code><description>api_key: missing or invalid');
    }
  });

  it('accepts jurisdiction_id and api_key in the query string too, and ignores parameters it does not know', async () => {
    const { jurisdiction_id: _j, api_key: _k, ...rest } = pothole({ locale: 'de_DE', device_id: 'abc', media_url: 'https://example.org/a.jpg' });
    const res = await t.app.inject({
      method: 'POST',
      url: `/open311/v2/requests.json?jurisdiction_id=musterstadt&api_key=${encodeURIComponent(apiKey)}`,
      payload: new URLSearchParams(rest as Record<string, string>).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(res.statusCode).toBe(200);
  });

  it('refuses a body that is not a form, and NUL characters, with a 400 in Open311 form', async () => {
    const plain = await t.app.inject({ method: 'POST', url: '/open311/v2/requests.json', payload: 'hallo', headers: { 'content-type': 'text/plain' } });
    expect(plain.statusCode).toBe(400);
    expect(plain.json()).toEqual([{ code: 400, description: expect.stringContaining('x-www-form-urlencoded') }]);
    const nulQuery = await get('services.json?jurisdiction_id=a%00b');
    expect(nulQuery.statusCode).toBe(400);
    expect(nulQuery.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(descriptions(nulQuery)[0]).toMatch(/^jurisdiction_id: must not contain the NUL/);
    const nul = await post(pothole({ description: 'a\u0000b' }));
    expect(nul.statusCode).toBe(400);
    expect(descriptions(nul)[0]).toMatch(/^description: must not contain the NUL/);
  });

  it('takes a photo as multipart `media`; once staff approve it, media_url points to it', async () => {
    const jpeg = await sharp({ create: { width: 64, height: 48, channels: 3, background: '#808080' } })
      .jpeg()
      .toBuffer();
    const send = (files: Buffer[]) => t.app.inject({ method: 'POST', url: '/open311/v2/requests.json', ...multipartForm(pothole(), files) });
    const res = await send([jpeg]);
    expect(res.statusCode).toBe(200);
    const number = Number((res.json() as Array<{ service_request_id: string }>)[0]!.service_request_id);
    const url = `requests/${number}.json?jurisdiction_id=musterstadt`;
    expect(((await get(url)).json() as Array<{ media_url: string | null }>)[0]!.media_url).toBeNull();
    const photoId = await approvePhotoOf(t, number);
    expect(((await get(url)).json() as Array<{ media_url: string | null }>)[0]!.media_url).toBe(
      publicPhotoUrl(t.deps.config.publicUrl, 'musterstadt', photoId),
    );
  });

  it('refuses media that is not a photo, and more than five', async () => {
    const jpeg = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#000000' } })
      .jpeg()
      .toBuffer();
    const send = (files: Buffer[]) => t.app.inject({ method: 'POST', url: '/open311/v2/requests.json', ...multipartForm(pothole(), files) });
    const notAnImage = await send([Buffer.from('kein Bild')]);
    expect(notAnImage.statusCode).toBe(400);
    expect(descriptions(notAnImage)[0]).toMatch(/^media: /);
    const six = await send(Array.from({ length: 6 }, () => jpeg));
    expect(six.statusCode).toBe(400);
    expect(descriptions(six)).toEqual(['media: at most 5 files']);
  });

  it('a flood from one integrator is answered 429 with Retry-After', async () => {
    const key = await open311ApiKey(t.deps, t.tenant, 'Flut-App');
    await t.deps.db.asApp((tx) =>
      tx.execute(
        sql`insert into rate_limit_hits (key, count, reset_at) values (${`open311-post:key ${key.id}`}, ${OPEN311_LIMITS.postsPerHourPerKey}, now() + interval '1 hour')`,
      ),
    );
    const res = await post(pothole({ api_key: key.key }));
    expect(res.statusCode).toBe(429);
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    expect(res.json()).toEqual([{ code: 429, description: expect.stringContaining('api_key') }]);
  });
});

describe('reading requests (GET requests)', () => {
  let window: { recent: number[]; old: number[]; closed: number[] };
  beforeAll(async () => {
    const now = Date.now();
    const id = categories.muell!.id;
    // the other town's report lies in the same window and must never show
    const otherMuell = await createCategory(t.deps, testActor, other, reportCategoryInput.parse({ code: 'muell', name: 'Müll' }));
    await storeReports(t.deps, other, [{ categoryId: otherMuell.id, createdAt: new Date(now - DAY) }]);
    window = {
      recent: await storeReports(t.deps, t.tenant, [
        { categoryId: id, createdAt: new Date(now - 2 * DAY) },
        { categoryId: id, createdAt: new Date(now - 89 * DAY) },
      ]),
      old: await storeReports(t.deps, t.tenant, [{ categoryId: id, createdAt: new Date(now - 91 * DAY) }]),
      closed: await storeReports(t.deps, t.tenant, [
        { categoryId: id, createdAt: new Date(now - 3 * DAY), status: 'rejected', rejectReason: 'Privatgrund', closedAt: new Date(now - DAY) },
      ]),
    };
  });
  const numbers = async (query: string) =>
    ((await get(`requests.json?jurisdiction_id=musterstadt&${query}`)).json() as Array<{ service_request_id: string }>).map((r) =>
      Number(r.service_request_id),
    );

  it('answers the last 90 days by default, newest first, and only this town’s', async () => {
    const list = await numbers('service_code=muell');
    expect(list).toEqual([window.recent[0], window.closed[0], window.recent[1]]);
    expect(list).not.toContain(window.old[0]);
  });

  it('filters by status, service code and a date range', async () => {
    expect(await numbers('service_code=muell&status=closed')).toEqual(window.closed);
    expect(await numbers('service_code=muell&status=open,closed')).toHaveLength(3);
    const start = new Date(Date.now() - 100 * DAY).toISOString();
    const end = new Date(Date.now() - 88 * DAY).toISOString();
    expect(await numbers(`service_code=muell&start_date=${start}&end_date=${end}`)).toEqual([window.recent[1], window.old[0]]);
    expect(await numbers('service_code=beleuchtung,muell&status=closed')).toEqual(window.closed);
  });

  it('service_request_id overrides every other filter', async () => {
    expect(await numbers(`service_request_id=${window.old[0]},${window.closed[0]}&status=open`)).toEqual([window.closed[0], window.old[0]]);
  });

  it('says why a request was closed (the reason for rejecting it)', async () => {
    const [r] = (await get(`requests/${window.closed[0]}.json?jurisdiction_id=musterstadt`)).json() as Array<Record<string, unknown>>;
    expect(r).toMatchObject({ status: 'closed', status_notes: 'Privatgrund' });
    expect(r!.updated_datetime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d$/);
  });

  it('gives the postcode of the street, else the one written in the address', async () => {
    const [n] = await storeReports(t.deps, t.tenant, [
      { categoryId: categories.sonstiges!.id, address: 'Marktweg 1, 44139 Musterstadt', createdAt: new Date(Date.now() - DAY) },
    ]);
    const [r] = (await get(`requests/${n}.json?jurisdiction_id=musterstadt`)).json() as Array<Record<string, unknown>>;
    expect(r).toMatchObject({ zipcode: '44139', address: 'Marktweg 1, 44139 Musterstadt', address_id: null, media_url: null });
  });

  it('refuses bad dates, an end before the start and a range over 90 days', async () => {
    const bad = async (query: string) => descriptions(await get(`requests.json?jurisdiction_id=musterstadt&${query}`))[0];
    expect(await bad('start_date=gestern')).toMatch(/^start_date: must be a W3C date-time/);
    expect(await bad('end_date=2026-11-01T10:00:00')).toMatch(/^end_date: must be a W3C date-time/);
    expect(await bad('start_date=2026-11-02T00:00:00Z&end_date=2026-11-01T00:00:00Z')).toBe('end_date: must not be before start_date');
    expect(await bad('start_date=2026-01-01T00:00:00Z&end_date=2026-06-01T00:00:00Z')).toBe('start_date/end_date: the range may span at most 90 days');
    expect(await bad('status=done')).toMatch(/^status: "done" is not a status/);
    expect(await bad('service_request_id=12,abc')).toMatch(/^service_request_id: "abc"/);
  });

  it('answers at most 1,000 requests, the newest', async () => {
    const now = Date.now();
    const id = categories.gruenpflege!.id;
    const many = await storeReports(
      t.deps,
      t.tenant,
      Array.from({ length: 1_005 }, (_, i) => ({ categoryId: id, createdAt: new Date(now - DAY - i * 60_000) })),
    );
    const list = await numbers('service_code=gruenpflege');
    expect(list).toHaveLength(1_000);
    expect(list[0]).toBe(many[0]);
    expect(list.at(-1)).toBe(many[999]);
  });

  it('a list read again is the same answer, yet a request filed or closed since shows at once (JSON and XML)', async () => {
    const query = 'service_code=strassenschaden&status=open';
    const before = await numbers(query);
    const xmlBefore = (await get(`requests.xml?jurisdiction_id=musterstadt&${query}`)).body;
    expect(await numbers(query)).toEqual(before);
    const filed = await post(pothole());
    const number = Number((filed.json() as Array<{ service_request_id: string }>)[0]!.service_request_id);
    expect(await numbers(query)).toEqual([number, ...before]);
    expect((await get(`requests.xml?jurisdiction_id=musterstadt&${query}`)).body).not.toBe(xmlBefore);
    const [row] = await queryRows<{ id: string }>(t.deps.db.system, sql`select id from reports where number = ${number}`);
    await changeStatus(t.deps, testActor, { tenant: t.tenant, userId: null }, row!.id, reportStatusInput.parse({ status: 'rejected', reason: 'Privatgrund' }));
    expect(await numbers(query)).toEqual(before);
  });

  it('one request: unknown ids and other towns’ requests are a 404', async () => {
    const res = await get(`requests/${window.recent[0]}.xml?jurisdiction_id=nachbarort`);
    expect(res.statusCode).toBe(404);
    expect((await get('requests/99999999.json?jurisdiction_id=musterstadt')).statusCode).toBe(404);
    expect((await get('requests/abc.json?jurisdiction_id=musterstadt')).statusCode).toBe(404);
  });
});

describe('tokens', () => {
  it("a filed request's token leads to its id; an unknown token is a 404", async () => {
    const res = await post(pothole());
    const id = (res.json() as Array<{ service_request_id: string }>)[0]!.service_request_id;
    const stored = await t.deps.db.withTenant(t.tenant.id, (tx) => tx.execute(sql`select token from reports where number = ${Number(id)}`));
    const token = (stored as unknown as { rows: Array<{ token: string }> }).rows[0]!.token;
    expect(token).toBeTruthy();
    const found = await get(`tokens/${token}.json?jurisdiction_id=musterstadt`);
    expect(found.statusCode).toBe(200);
    expect(found.json()).toEqual([{ service_request_id: id, token }]);
    expect((await get(`tokens/${token}.json?jurisdiction_id=nachbarort`)).statusCode).toBe(404);
    expect((await get('tokens/unbekanntes-token.json?jurisdiction_id=musterstadt')).statusCode).toBe(404);
  });
});

describe('the API description', () => {
  it('lists every Open311 route in /api/openapi.json with its XML and JSON answers', async () => {
    const doc = (await t.app.inject('/api/openapi.json')).json() as {
      paths: Record<string, Record<string, { responses: Record<string, { content: Record<string, unknown> }> }>>;
    };
    const open311 = Object.entries(doc.paths).filter(([p]) => p.startsWith('/open311/v2/'));
    expect(open311.map(([p, ops]) => `${Object.keys(ops).join(',')} ${p}`).sort()).toEqual([
      'get /open311/v2/discovery.{format}',
      'get /open311/v2/requests/{service_request_id}.{format}',
      'get /open311/v2/services.{format}',
      'get /open311/v2/services/{service_code}.{format}',
      'get /open311/v2/tokens/{token}.{format}',
      'get,post /open311/v2/requests.{format}',
    ]);
    for (const [, ops] of open311)
      for (const op of Object.values(ops)) expect(Object.keys(op.responses['200']!.content).sort()).toEqual(['application/json', 'text/xml']);
  });
});

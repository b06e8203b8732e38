// Open311 GeoReport v2 conformance: every endpoint in XML and JSON. JSON answers validate against the GeoReport v2
// JSON schemas (open311/schema-validation, draft 4); XML answers have the spec examples' elements in their order,
// and carry the same values as the JSON (the Spark convention). Error documents for 400, 403 and 404 in both.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import AjvDraft04 from 'ajv-draft-04';
import { sql } from 'drizzle-orm';
import ajvFormats from 'ajv-formats';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/helpers/app.ts';
import { approvePhotoOf, demoCategories, multipartForm, open311ApiKey, TOWN } from '../../../../test/helpers/open311.ts';
import { queryRows } from '../../platform/db/client.ts';

const fixtures = path.resolve(import.meta.dirname, '../../../../test/fixtures/conformance/open311');
const fixture = (name: string) => readFileSync(path.join(fixtures, name), 'utf8');
const schemaFile = (name: string) => JSON.parse(fixture(`json-schema/${name}`)) as object;

// CommonJS packages: their `default` is the class and the plugin (TypeScript's NodeNext view of the module object)
const ajv = new AjvDraft04.default({ allErrors: true, strict: false });
ajvFormats.default(ajv);
for (const name of ['request.json', 'requests.json', 'service.json', 'services.json', 'service-definition.json']) ajv.addSchema(schemaFile(name), name);
function expectValid(schema: string, value: unknown) {
  const validate = ajv.getSchema(schema)!;
  const ok = validate(value);
  expect(validate.errors ?? [], `${schema}: ${JSON.stringify(validate.errors)}`).toEqual([]);
  expect(ok).toBe(true);
}

type Node = Record<string, Node[] | string>;
const parser = new XMLParser({ preserveOrder: true, ignoreDeclaration: true, parseTagValue: false, trimValues: true });
const nameOf = (n: Node) => Object.keys(n).find((k) => k !== ':@')!;
const childrenOf = (n: Node) => (Array.isArray(n[nameOf(n)]) ? (n[nameOf(n)] as unknown as Node[]) : []).filter((c) => nameOf(c) !== '#text');

/**
 * The element structure of a document: names in order, each list entry reduced to the first one (or the first that
 * has children when `entryWithChildren` is set, e.g. an attribute with values).
 */
function structure(xml: string, entryWithChildren = false): unknown {
  const walk = (n: Node): unknown => {
    const kids = childrenOf(n);
    if (!kids.length) return nameOf(n);
    const names = kids.map(nameOf);
    const isList = names.length >= 1 && new Set(names).size === 1 && names.length > 1;
    const chosen =
      isList || ['service_requests', 'services', 'errors', 'attributes', 'values', 'endpoints', 'formats'].includes(nameOf(n))
        ? [(entryWithChildren ? kids.find((k) => childrenOf(k).some((c) => childrenOf(c).length)) : undefined) ?? kids[0]!]
        : kids;
    return { [nameOf(n)]: chosen.map(walk) };
  };
  return walk((parser.parse(xml) as Node[])[0]!);
}

/** The XML document as JSON by the Spark convention (lists as arrays, every value text). */
function spark(xml: string): unknown {
  const LISTS = new Set(['service_requests', 'services', 'errors', 'attributes', 'values', 'endpoints', 'formats']);
  const walk = (n: Node): unknown => {
    const kids = childrenOf(n);
    const raw = n[nameOf(n)] as unknown as Node[];
    if (LISTS.has(nameOf(n))) return kids.map(walk);
    if (!kids.length) return raw.length ? String((raw[0] as unknown as { '#text': unknown })['#text']) : '';
    return Object.fromEntries(kids.map((k) => [nameOf(k), walk(k)]));
  };
  return walk((parser.parse(xml) as Node[])[0]!);
}
/** JSON values as XML carries them: text, '' for null. */
const asText = (v: unknown): unknown =>
  Array.isArray(v)
    ? v.map(asText)
    : v && typeof v === 'object'
      ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, asText(x)]))
      : v === null
        ? ''
        : String(v);

let t: TestApp;
let apiKey: string;
let filed: string;
let token: string;

const get = (url: string) => t.app.inject({ method: 'GET', url: `/open311/v2/${url}` });
function both(pathWithoutFormat: string, query = 'jurisdiction_id=musterstadt') {
  return Promise.all([get(`${pathWithoutFormat}.xml?${query}`), get(`${pathWithoutFormat}.json?${query}`)]);
}
function expectXmlDocument(res: { statusCode: number; headers: Record<string, unknown>; body: string }) {
  expect(res.headers['content-type']).toBe('text/xml; charset=utf-8');
  expect(res.body.startsWith('<?xml version="1.0" encoding="UTF-8"?>')).toBe(true);
  expect(XMLValidator.validate(res.body)).toBe(true);
}
function post(format: 'xml' | 'json', fields: Record<string, string>) {
  return t.app.inject({
    method: 'POST',
    url: `/open311/v2/requests.${format}`,
    payload: new URLSearchParams(fields).toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
  });
}
const pothole = () => ({
  jurisdiction_id: 'musterstadt',
  api_key: apiKey,
  service_code: 'strassenschaden',
  lat: String(TOWN.lat),
  long: String(TOWN.lng),
  description: 'Schlagloch',
  'attribute[size]': 'small',
  email: 'melder@example.org',
});

beforeAll(async () => {
  t = await createTestApp();
  await demoCategories(t.deps, t.tenant);
  apiKey = (await open311ApiKey(t.deps, t.tenant)).key;
  const res = await post('json', pothole());
  filed = (res.json() as Array<{ service_request_id: string }>)[0]!.service_request_id;
  const rows = await t.deps.db.withTenant(t.tenant.id, (tx) =>
    queryRows<{ token: string }>(tx, sql`select token from reports where number = ${Number(filed)}`),
  );
  token = rows[0]!.token;
  // a request with an approved photo, so that a media_url is checked against the schema's uri format too
  const jpeg = await sharp({ create: { width: 32, height: 24, channels: 3, background: '#336699' } })
    .jpeg()
    .toBuffer();
  const withPhoto = await t.app.inject({ method: 'POST', url: '/open311/v2/requests.json', ...multipartForm(pothole(), [jpeg]) });
  const number = Number((withPhoto.json() as Array<{ service_request_id: string }>)[0]!.service_request_id);
  await approvePhotoOf(t, number);
}, 120_000);
afterAll(async () => {
  await t?.close();
});

describe('Open311 GeoReport v2 conformance', () => {
  it('discovery: the spec example’s structure in XML, its keys in JSON, this endpoint listed', async () => {
    const [xml, json] = await both('discovery', '');
    expectXmlDocument(xml);
    expect(structure(xml.body)).toEqual(structure(fixture('spec-examples/discovery.xml')));
    const doc = json.json() as { endpoints: Array<{ specification: string; url: string; formats: string[]; type: string }> };
    expect(Object.keys(doc)).toEqual(Object.keys(JSON.parse(fixture('spec-examples/discovery.json'))));
    expect(doc.endpoints).toEqual([
      expect.objectContaining({
        specification: 'http://wiki.open311.org/GeoReport_v2',
        url: `${t.deps.config.publicUrl}/open311/v2`,
        type: 'production',
        formats: ['text/xml', 'application/json'],
      }),
    ]);
    expect(spark(xml.body)).toEqual(asText(doc));
  });

  it('services: valid against services.json, the example’s elements in order, the same values in both', async () => {
    const [xml, json] = await both('services');
    expect([xml.statusCode, json.statusCode]).toEqual([200, 200]);
    expectValid('services.json', json.json());
    expectXmlDocument(xml);
    expect(structure(xml.body)).toEqual(structure(fixture('spec-examples/service-list.xml')));
    expect(spark(xml.body)).toEqual(asText(json.json()));
  });

  it('service definition: valid against service-definition.json, the example’s elements, the same values', async () => {
    const [xml, json] = await both('services/strassenschaden');
    expectValid('service-definition.json', json.json());
    expectXmlDocument(xml);
    expect(structure(xml.body, true)).toEqual(structure(fixture('spec-examples/service-definition.xml'), true));
    expect(spark(xml.body)).toEqual(asText(json.json()));
    // a definition without list attributes and one without any attributes are valid too
    expectValid('service-definition.json', (await get('services/beleuchtung.json?jurisdiction_id=musterstadt')).json());
    expectValid('service-definition.json', (await get('services/muell.json?jurisdiction_id=musterstadt')).json());
  });

  it('POST requests: the example’s elements in XML and its keys in JSON', async () => {
    const xml = await post('xml', pothole());
    expect(xml.statusCode).toBe(200);
    expectXmlDocument(xml);
    expect(structure(xml.body)).toEqual(structure(fixture('spec-examples/service-request-post.xml')));
    const json = await post('json', pothole());
    const [created] = json.json() as Array<Record<string, unknown>>;
    expect(Object.keys(created!)).toEqual(Object.keys((JSON.parse(fixture('spec-examples/service-request-post.json')) as object[])[0]!));
    expect(created!.service_request_id).toEqual(expect.stringMatching(/^\d+$/));
  });

  it('GET requests: valid against requests.json, the example’s elements in order, the same values in both', async () => {
    const [xml, json] = await both('requests');
    const list = json.json() as Array<Record<string, unknown>>;
    expect(list.length).toBeGreaterThanOrEqual(4);
    expect(list.filter((r) => r.media_url !== null)).toHaveLength(1);
    expectValid('requests.json', list);
    for (const r of list) expectValid('request.json', r);
    expectXmlDocument(xml);
    expect(structure(xml.body)).toEqual(structure(fixture('spec-examples/service-requests.xml')));
    expect(spark(xml.body)).toEqual(asText(list));
  });

  it('GET request: one request as a list of one, valid and in the example’s structure', async () => {
    const [xml, json] = await both(`requests/${filed}`);
    expectValid('requests.json', json.json());
    expect(json.json()).toHaveLength(1);
    const [one] = json.json() as Array<Record<string, unknown>>;
    expect(one).toMatchObject({
      service_request_id: filed,
      status: 'open',
      service_code: 'strassenschaden',
      service_name: 'Straßenschaden',
      lat: TOWN.lat,
      long: TOWN.lng,
    });
    expect(one!.requested_datetime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+0[12]:00$/); // Europe/Berlin
    expectXmlDocument(xml);
    expect(structure(xml.body)).toEqual(structure(fixture('spec-examples/service-request.xml')));
    expect(spark(xml.body)).toEqual(asText(json.json()));
  });

  it('token: the example’s structure in XML and its keys in JSON', async () => {
    const [xml, json] = await both(`tokens/${token}`);
    expectXmlDocument(xml);
    expect(structure(xml.body)).toEqual(structure(fixture('spec-examples/request-from-token.xml')));
    const [entry] = json.json() as Array<Record<string, unknown>>;
    expect(Object.keys(entry!).sort()).toEqual(Object.keys((JSON.parse(fixture('spec-examples/request-from-token.json')) as object[])[0]!).sort());
    expect(entry).toEqual({ service_request_id: filed, token });
  });

  describe('error documents', () => {
    const cases: Array<[string, number, () => Promise<{ statusCode: number; body: string; headers: Record<string, unknown> }>[]]> = [
      ['400 (no jurisdiction_id)', 400, () => [get('services.xml'), get('services.json')]],
      [
        '400 (a bad date)',
        400,
        () => [get('requests.xml?jurisdiction_id=musterstadt&start_date=x'), get('requests.json?jurisdiction_id=musterstadt&start_date=x')],
      ],
      ['403 (a wrong api_key)', 403, () => [post('xml', { ...pothole(), api_key: 'falsch' }), post('json', { ...pothole(), api_key: 'falsch' })]],
      ['404 (an unknown jurisdiction)', 404, () => [get('services.xml?jurisdiction_id=nirgendwo'), get('services.json?jurisdiction_id=nirgendwo')]],
      [
        '404 (an unknown service)',
        404,
        () => [get('services/gibtsnicht.xml?jurisdiction_id=musterstadt'), get('services/gibtsnicht.json?jurisdiction_id=musterstadt')],
      ],
      [
        '404 (an unknown request)',
        404,
        () => [get('requests/123456789.xml?jurisdiction_id=musterstadt'), get('requests/123456789.json?jurisdiction_id=musterstadt')],
      ],
    ];
    for (const [name, status, send] of cases) {
      it(`${name}: the spec’s error document in XML and JSON, the code matching the HTTP status`, async () => {
        const [xml, json] = await Promise.all(send());
        expect([xml!.statusCode, json!.statusCode]).toEqual([status, status]);
        expectXmlDocument(xml!);
        expect(structure(xml!.body)).toEqual(structure(fixture('spec-examples/errors.xml')));
        expect(json!.headers['content-type']).toBe('application/json; charset=utf-8');
        const errors = JSON.parse(json!.body) as Array<Record<string, unknown>>;
        const example = (JSON.parse(fixture('spec-examples/errors.json')) as Array<Record<string, unknown>>)[0]!;
        for (const e of errors) {
          expect(Object.keys(e)).toEqual(Object.keys(example));
          expect(e.code).toBe(status);
          expect(e.description).toEqual(expect.any(String));
        }
        expect(spark(xml!.body)).toEqual(asText(errors));
      });
    }
  });
});

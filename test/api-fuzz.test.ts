// Nothing a client sends ends in a 5xx: every operation of /api/openapi.json (signed in as an owner and anonymous)
// and every resident page (signed in and not) gets malformed input — wrong types, missing and unknown fields, huge and
// NUL-laden strings, invalid ids, NUL and bad percent-encoding in path and query. Seeded, so a failure repeats.
import { sql } from 'drizzle-orm';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, OWNER_EMAIL, type Session, type TestApp } from './helpers/app.ts';
import { newNetwork } from './helpers/factories.ts';
import { form, type PortalBrowser, portalBrowser, registerOnPortal } from './helpers/portal.ts';

type Schema = Record<string, unknown> & { type?: string | string[]; properties?: Record<string, Schema>; items?: Schema; required?: string[] };
interface Operation {
  method: string;
  path: string;
  params: { name: string; in: string; schema?: Schema }[];
  body?: Schema;
  contentTypes: string[];
  /** Answers text/event-stream (it must be told to end: `maxEvents`). */
  stream?: boolean;
}

/** mulberry32: a small seeded generator, so every run sends the same requests. */
function seeded(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let x = Math.imul(a ^ (a >>> 15), 1 | a);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}
const random = seeded(20261130);
const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)];
const uuid = () => {
  const hex = Array.from({ length: 32 }, () => Math.floor(random() * 16).toString(16)).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20)}`;
};

const NUL = 'a\u0000b';
const HUGE = 'x'.repeat(300_000);
const JUNK: unknown[] = [
  NUL,
  '\u0000',
  HUGE,
  '',
  ' ',
  -1,
  0,
  1e308,
  3.5,
  true,
  null,
  [],
  {},
  [NUL],
  { [NUL]: NUL },
  "' or 1=1 --",
  '../../etc/passwd',
  '😀'.repeat(500),
  '%00',
  '\uffff\ud800',
];
const PATH_JUNK = ['%00', 'a%00b', 'not-an-id', 'x'.repeat(300), '%zz', '%E0%A4%A', '..', '00000000-0000-0000-0000-000000000000'];
const QUERY_JUNK = ['%00', 'a%00b', '%zz', 'x'.repeat(5000), '-1', 'abc', '1e999', '[]'];

let doc: {
  paths: Record<
    string,
    Record<
      string,
      {
        parameters?: Operation['params'];
        requestBody?: { content: Record<string, { schema: Schema }> };
        responses?: Record<string, { content?: Record<string, unknown> }>;
      }
    >
  >;
  components?: { schemas?: Record<string, Schema> };
};

function resolve(s: Schema | undefined): Schema {
  // `items: false` (a tuple's rest) and other boolean schemas stand for "nothing here"
  let node: Schema = s && typeof s === 'object' ? s : {};
  for (let i = 0; i < 10 && typeof node.$ref === 'string'; i++) node = doc.components?.schemas?.[(node.$ref as string).split('/').pop()!] ?? {};
  return node;
}

/** A plausible valid value for a JSON schema (so the malformed part is the only thing wrong). */
function sample(raw: Schema | undefined, depth = 0): unknown {
  const s = resolve(raw);
  if (depth > 6) return null;
  if ('const' in s) return s.const;
  if (Array.isArray(s.enum)) return s.enum[0];
  if ('default' in s) return s.default;
  for (const key of ['anyOf', 'oneOf', 'allOf'] as const) {
    const options = (s[key] as Schema[] | undefined)?.map(resolve).filter((o) => o.type !== 'null');
    if (options?.length) return sample(options[0], depth + 1);
  }
  const type = Array.isArray(s.type) ? s.type.find((x) => x !== 'null') : s.type;
  switch (type) {
    case 'string': {
      const format = s.format as string | undefined;
      if (format === 'email') return `fuzz${Math.floor(random() * 1e6)}@example.org`;
      if (format === 'uuid') return uuid();
      if (format === 'date-time') return '2026-12-01T10:00:00Z';
      if (format === 'uri') return 'https://example.org/x';
      const min = Number(s.minLength ?? 1);
      return 'a'.repeat(Math.max(min, Math.min(8, Number(s.maxLength ?? 8))));
    }
    case 'integer':
    case 'number':
      return Number(s.minimum ?? 1);
    case 'boolean':
      return false; // `true` could switch on two-factor duty for the owner and hide every other route behind it
    case 'array':
      if (Array.isArray(s.prefixItems)) return (s.prefixItems as Schema[]).map((item) => sample(item, depth + 1));
      return Array.from({ length: Number(s.minItems ?? 1) }, () => sample(s.items, depth + 1));
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(s.properties ?? {})) out[k] = sample(v, depth + 1);
      return out;
    }
    default:
      return 'a';
  }
}

const wrongType = (s: Schema): unknown => {
  const type = resolve(s).type;
  return type === 'string' ? 12345 : type === 'array' ? 'not-a-list' : type === 'object' ? 'not-an-object' : 'not-a-number';
};
/** The same value with every string in it changed by `f`. */
const everyString = (v: unknown, f: (s: string) => string): unknown =>
  typeof v === 'string'
    ? f(v)
    : Array.isArray(v)
      ? v.map((x) => everyString(x, f))
      : v && typeof v === 'object'
        ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, everyString(x, f)]))
        : v;

/** Malformed bodies: not objects, nothing, unknown fields, and each field missing, mistyped, NUL-laden, huge or junk. */
function bodies(op: Operation): { payload: string; type: string }[] {
  const json = (v: unknown) => ({ payload: JSON.stringify(v) ?? 'null', type: 'application/json' });
  if (!op.body) return [json({ unexpected: NUL }), { payload: 'x\u0000y', type: 'text/plain' }];
  const schema = resolve(op.body);
  const valid = sample(schema) as Record<string, unknown>;
  const out = [
    json(valid),
    json({}),
    json([]),
    json('x'),
    json(42),
    json(null),
    json({ ...valid, unknownField: 1 }),
    json(everyString(valid, (x) => `${x}\u0000`)),
    json(everyString(valid, () => HUGE.slice(0, 60_000))),
    { payload: '{"a":', type: 'application/json' },
  ];
  for (const [key, prop] of Object.entries(schema.properties ?? {})) {
    const { [key]: _dropped, ...without } = valid;
    out.push(json(without), json({ ...valid, [key]: wrongType(prop) }), json({ ...valid, [key]: NUL }), json({ ...valid, [key]: pick(JUNK) }));
    const inner = resolve(prop);
    if (inner.type === 'object' && inner.properties)
      for (const k of Object.keys(inner.properties)) out.push(json({ ...valid, [key]: { ...(valid[key] as object), [k]: pick(JUNK) } }));
  }
  if (op.contentTypes.includes('text/csv')) {
    for (const csv of ['name;number\nA\u0000;1', '\u0000', 'a,b\n"unterminated', `${'x;'.repeat(5000)}\n`, '']) out.push({ payload: csv, type: 'text/csv' });
  }
  for (const ct of op.contentTypes.filter((c) => c.startsWith('image/'))) out.push({ payload: 'GIF89a\u0000', type: ct });
  return out;
}

/** Ids of real objects by the path segment before the parameter (`departments` → a department's id). */
const realIds: Record<string, string> = {};
const realIdFor = (path: string, name: string) => {
  const segments = path.split('/');
  const before = segments[segments.indexOf(`{${name}}`) - 1];
  return name === 'userId' ? realIds.staff : name === 'attachmentId' ? realIds['consent-attachments'] : realIds[before];
};

/** Path and query variants: valid, then each parameter junk (NUL, bad escapes, overlong, wrong type), plus an unknown one. */
function urls(op: Operation): string[] {
  const valid: Record<string, string> = {};
  for (const p of op.params.filter((x) => x.in === 'path'))
    valid[p.name] = p.name === 'tenant' ? 'musterstadt' : p.name === 'token' ? 'a'.repeat(40) : (realIdFor(op.path, p.name) ?? uuid());
  const build = (path: Record<string, string>, query: string) => op.path.replace(/\{(\w+)\}/g, (_m, name: string) => path[name]) + query;
  // a live stream (server-sent events) stays open for a browser: the valid request asks it to end after one event
  const out = [build(valid, op.stream ? '?maxEvents=1' : ''), build(valid, '?unknownParam=1')];
  for (const p of op.params.filter((x) => x.in === 'path')) for (const junk of [...PATH_JUNK, uuid()]) out.push(build({ ...valid, [p.name]: junk }, ''));
  for (const p of op.params.filter((x) => x.in === 'query')) {
    for (const junk of QUERY_JUNK) out.push(build(valid, `?${p.name}=${junk}`));
    out.push(build(valid, `?${p.name}=1&${p.name}=2`));
  }
  return out;
}

function operations(): Operation[] {
  const ops: Operation[] = [];
  for (const [path, byMethod] of Object.entries(doc.paths)) {
    for (const [method, o] of Object.entries(byMethod)) {
      const content = o.requestBody?.content ?? {};
      const contentTypes = Object.keys(content);
      const stream = Boolean(o.responses?.['200']?.content?.['text/event-stream']);
      ops.push({ method: method.toUpperCase(), path, params: o.parameters ?? [], body: content['application/json']?.schema, contentTypes, stream });
    }
  }
  return ops;
}

let t: TestApp;
let owner: Session;
let resident: PortalBrowser;
let failures: string[] = [];

async function check(who: string, opts: InjectOptions & { url: string }, send: (o: InjectOptions) => Promise<LightMyRequestResponse>) {
  const res = await send(opts);
  if (res.statusCode >= 500) {
    const body = typeof opts.payload === 'string' ? opts.payload.replaceAll('\u0000', '\\0').slice(0, 200) : '';
    failures.push(`${who} ${opts.method} ${opts.url.slice(0, 200).replaceAll('\u0000', '\\0')} ${body} → ${res.statusCode} ${res.body.slice(0, 200)}`);
  }
  return res;
}

/** The fuzzed owner may sign itself out (logout, password change); sign in again when the session is gone. */
async function ownerSession() {
  const me = await t.as(owner, { method: 'GET', url: '/api/v1/me' });
  if (me.statusCode === 401) {
    // the fuzzer's own sign-in attempts may have used up the address's allowance
    await t.deps.db.system.execute(sql`delete from rate_limit_hits`);
    owner = await t.loginOwner();
  }
  return owner;
}

const SCAN = { fileName: 'scan.pdf', contentType: 'application/pdf', dataBase64: Buffer.from('%PDF-1.4\n%%EOF\n').toString('base64') };
const AREA = {
  name: 'Altstadt',
  geometry: {
    type: 'Polygon',
    coordinates: [
      [
        [10, 50],
        [10.1, 50],
        [10.1, 50.1],
        [10, 50],
      ],
    ],
  },
};

/** One object of each kind, so that ids in paths reach real rows (an empty PATCH on a real row, not only a 404). */
async function seedObjects() {
  const at = (path: string) => `/api/v1/tenants/musterstadt${path}`;
  const post = async (path: string, payload: unknown, headers?: Record<string, string>) =>
    (await t.as(owner, { method: 'POST', url: at(path), payload: payload as string, headers })).json();
  realIds.staff = (await t.as(owner, { method: 'GET', url: '/api/v1/me' })).json().user?.id;
  realIds.departments = (await post('/departments', { name: 'Ordnungsamt' })).id;
  realIds.invitations = (await post('/invitations', { email: 'neu@musterstadt.test', role: 'agent' })).id;
  realIds.providers = (await post('/providers', { channel: 'sms', kind: 'dev-outbox', name: 'Outbox' })).id;
  const person = await post('/residents', { phone: '0170 5550001', topics: ['abfall'], channels: ['sms'], consentScan: SCAN });
  // messages go to an audience (never to raw addresses): the resident above is it
  realIds.messages = (await post('/messages', { title: 'Hallo', body: 'Hallo', audience: { topics: ['abfall'] }, channels: ['sms'] })).id;
  realIds.sends = (await post(`/messages/${realIds.messages}/send`, {})).deliveryMessageIds?.[0];
  realIds['message-templates'] = (await post('/message-templates', { name: 'Vorlage', body: 'Hallo' })).id;
  realIds.residents = person.id;
  realIds['consent-attachments'] = person.attachments?.[0]?.id;
  realIds['gdpr-requests'] = (await post('/gdpr-requests', { kind: 'access', residentId: person.id })).id;
  realIds.topics = (await post('/topics', { key: 'schule', nameDe: 'Schule', nameEn: 'School' })).id;
  await post('/streets/import', 'Straße;Hausnummern;PLZ\nAm Markt;1-99;12345\n', { 'content-type': 'text/csv' });
  realIds.streets = (await t.as(owner, { method: 'GET', url: at('/streets') })).json().items?.[0]?.id;
  realIds.areas = (await post('/areas', AREA)).id;
  realIds.outbox = (await t.as(owner, { method: 'GET', url: at('/outbox') })).json().items?.[0]?.id;
  // a network the owner works for, so the network routes are fuzzed past its scope
  realIds.networks = (await newNetwork(t.deps, { members: [t.tenant], staff: { [OWNER_EMAIL]: 'admin' } })).slug;
  realIds.templates = (
    await t.as(owner, { method: 'POST', url: `/api/v1/networks/${realIds.networks}/templates`, payload: { name: 'Vorlage', body: 'Hallo' } })
  ).json().id;
}

beforeAll(async () => {
  t = await createTestApp({ work: true });
  owner = await t.loginOwner();
  doc = (await t.app.inject('/api/openapi.json')).json();
  await seedObjects();
  resident = portalBrowser(t, '198.51.100.77');
  await registerOnPortal(t, resident, '0151 23456789', '+4915123456789');
}, 120_000);
afterAll(async () => {
  await t?.close();
});

describe('fuzzing every operation', () => {
  it('the OpenAPI document lists the operations to fuzz', () => {
    expect(operations().length).toBeGreaterThan(50);
  });

  it('no API operation answers 5xx to malformed input, signed in or anonymous', async () => {
    failures = [];
    // sign-out and account changes last, so the owner's session serves the rest
    const ops = operations().sort((a, b) => Number(/logout|password|2fa/.test(a.path)) - Number(/logout|password|2fa/.test(b.path)));
    for (const op of ops) {
      const session = await ownerSession();
      const asOwner = (o: InjectOptions) => t.as(session, o);
      const anonymous = (o: InjectOptions) => t.app.inject(o);
      const first = bodies(op)[0];
      for (const url of urls(op)) {
        for (const [who, send] of [
          ['owner', asOwner],
          ['anonymous', anonymous],
        ] as const) {
          await check(
            who,
            {
              method: op.method as 'POST',
              url,
              ...(op.method === 'GET' || op.method === 'DELETE' ? {} : { payload: first.payload, headers: { 'content-type': first.type } }),
            },
            send,
          );
        }
      }
      if (op.method === 'GET') continue;
      const url = urls(op)[0];
      for (const b of bodies(op)) {
        await check('owner', { method: op.method as 'POST', url, payload: b.payload, headers: { 'content-type': b.type } }, asOwner);
      }
      await check('anonymous', { method: op.method as 'POST', url, payload: bodies(op)[1].payload, headers: { 'content-type': 'application/json' } }, (o) =>
        t.app.inject(o),
      );
    }
    expect(failures).toEqual([]);
  }, 240_000);

  it('no resident page answers 5xx to malformed forms, paths or queries, signed in or not', async () => {
    failures = [];
    const fields = [
      'phone',
      'code',
      'website',
      'consent',
      'channels',
      'topics',
      'email',
      'street',
      'houseNumber',
      'quietFrom',
      'quietTo',
      'language',
      'endpoint',
      'id',
    ];
    const values = [NUL, '\u0000', HUGE.slice(0, 60_000), '', '😀'.repeat(100), '0151 23456789', 'sms', 'yes', '25:99'];
    // the resident signs out and deletes the account last
    const last = (url: string) => Number(/logout|delete/.test(url));
    const pages = t.app.civicastRoutes.filter((r) => r.url.startsWith('/m/:tenant')).sort((a, b) => last(a.url) - last(b.url));
    const anonymous = portalBrowser(t, '198.51.100.78');
    const headers = { origin: t.deps.config.publicUrl, accept: 'text/html' };
    for (const page of pages) {
      for (const [who, b] of [
        ['resident', resident],
        ['anonymous', anonymous],
      ] as const) {
        const cookie = [...b.jar].map(([k, v]) => `${k}=${v}`).join('; ');
        for (const slug of ['musterstadt', '%00', 'a%00b', '%zz', 'x'.repeat(300)]) {
          const url = page.url.replace(':tenant', slug).replace(/:(\w+)/g, () => pick(['%00', uuid(), 'x']));
          if (page.method === 'GET') {
            for (const q of ['', '?lang=%00', '?done=%00&t=%00', '?token=a%00b', `?lang=${'x'.repeat(3000)}`]) {
              const res = await b.get(url + q);
              if (res.statusCode >= 500) failures.push(`${who} GET ${url}${q} → ${res.statusCode}`);
            }
            continue;
          }
          const body = Object.fromEntries(fields.map((f) => [f, random() < 0.5 ? pick(values) : [pick(values), pick(values)]]));
          const res = await b.post(url, body, headers);
          if (res.statusCode >= 500) failures.push(`${who} POST ${url} ${form(body).slice(0, 200)} → ${res.statusCode} ${res.body.slice(0, 200)}`);
          const json = JSON.stringify({ endpoint: NUL, keys: { p256dh: NUL, auth: [] }, id: NUL });
          await check(who, { method: 'POST', url, payload: json, headers: { ...headers, cookie, 'content-type': 'application/json' } }, (o) => t.app.inject(o));
        }
      }
    }
    expect(failures).toEqual([]);
  }, 240_000);

  it('no route outside the document and the portal pages (webhooks, console, assets) answers 5xx to junk', async () => {
    failures = [];
    const documented = new Set(operations().map((op) => `${op.method} ${op.path.replace(/\{(\w+)\}/g, ':$1')}`));
    const rest = t.app.civicastRoutes.filter((r) => !documented.has(`${r.method} ${r.url}`) && !r.url.startsWith('/m/:tenant'));
    expect(rest.length).toBeGreaterThan(3);
    for (const r of rest) {
      for (const fill of ['%00', 'x'.repeat(300), '%zz', uuid()]) {
        const url = r.url.replace(/:(\w+)/g, fill).replace('*', 'a%00b');
        for (const payload of ['{"a":"\\u0000"}', 'x\u0000', '']) {
          const body =
            r.method === 'GET' ? {} : { payload, headers: { 'content-type': pick(['application/json', 'text/plain', 'application/x-www-form-urlencoded']) } };
          await check('anonymous', { method: r.method as 'POST', url: `${url}?q=%00`, ...body }, (o) => t.app.inject(o));
        }
      }
    }
    expect(failures).toEqual([]);
  });
});

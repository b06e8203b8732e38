// What a client sends never ends in a 500: NUL characters, empty changes, bad percent-encoding, overlong paths and
// headers get a 4xx problem+json naming what is wrong, and a browser on a resident page gets a page with a way back.
// Every request schema is strict: an unknown field is a 400 naming it.
import { request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Session, type TestApp } from './helpers/app.ts';

let t: TestApp;
let owner: Session;
let streetId: string;
let departmentId: string;
beforeAll(async () => {
  t = await createTestApp();
  owner = await t.loginOwner();
  await t.as(owner, {
    method: 'POST',
    url: '/api/v1/tenants/musterstadt/streets/import',
    payload: 'Straße;Hausnummern;PLZ\nAm Markt;1-99;12345\n',
    headers: { 'content-type': 'text/csv' },
  });
  streetId = (await t.as(owner, { method: 'GET', url: '/api/v1/tenants/musterstadt/streets' })).json().items[0].id;
  departmentId = (await t.as(owner, { method: 'POST', url: '/api/v1/tenants/musterstadt/departments', payload: { name: 'Ordnungsamt' } })).json().id;
});
afterAll(async () => {
  await t.close();
});

type Res = { statusCode: number; headers: Record<string, unknown>; body: string; json: () => Record<string, unknown> };
const problem = (res: Res, status: number) => {
  expect(res.statusCode, res.body).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  return res.json() as { code: string; errors?: { pointer: string; code: string }[] };
};
const pointers = (res: Res) => (problem(res, 400).errors ?? []).map((e) => `${e.pointer} ${e.code}`);
const BROWSER = { accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8', 'accept-language': 'de' };

describe('a NUL character anywhere is a 400 naming where it is', () => {
  it('in the path of the public push routes', async () => {
    for (const url of ['/m/%00/push/key', '/m/a%00b/push/key'])
      expect(pointers(await t.app.inject({ method: 'GET', url }))).toEqual(['/params/tenant nul_character']);
    const ack = await t.app.inject({ method: 'POST', url: '/m/%00/push/ack', payload: { id: '00000000-0000-4000-8000-000000000000' } });
    expect(pointers(ack)).toEqual(['/params/tenant nul_character']);
  });

  it('in a query, a JSON string, a JSON key and a CSV body', async () => {
    expect(pointers(await t.as(owner, { method: 'GET', url: '/api/v1/tenants/musterstadt/residents?q=0151%00' }))).toEqual(['/query/q nul_character']);
    const nested = await t.as(owner, { method: 'PATCH', url: '/api/v1/tenants/musterstadt', payload: { contact: { address: 'Markt 1\u0000' }, imprint: 'x' } });
    expect(pointers(nested)).toEqual(['/body/contact/address nul_character']);
    const key = await t.as(owner, { method: 'PATCH', url: '/api/v1/tenants/musterstadt', payload: { 'name\u0000': 'x' } });
    expect(pointers(key)).toEqual(['/body/name\u0000 nul_character']);
    const csv = await t.as(owner, {
      method: 'POST',
      url: '/api/v1/tenants/musterstadt/streets/import',
      payload: 'Straße;Hausnummern\nAm\u0000Markt;1-9\n',
      headers: { 'content-type': 'text/csv' },
    });
    expect(pointers(csv)).toEqual(['/body nul_character']);
  });

  it('so is a lone surrogate (broken Unicode), which PostgreSQL cannot store either', async () => {
    // found by the fuzz test: a street district of "\uFFFF\uD800" ended in a 500
    const payload = '{"contact":{"address":"Markt 1 \\ud800"},"imprint":"x"}';
    const res = await t.as(owner, { method: 'PATCH', url: '/api/v1/tenants/musterstadt', payload, headers: { 'content-type': 'application/json' } });
    expect(pointers(res)).toEqual(['/body/contact/address nul_character']);
  });

  it('in a sign-in before any look-up', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: 'owner@musterstadt.test', password: 'x\u0000' } });
    expect(pointers(res)).toEqual(['/body/password nul_character']);
  });
});

describe('a change that names nothing', () => {
  it('is a 400 on every kind of PATCH, not a 500', async () => {
    for (const url of [
      '/api/v1/me',
      `/api/v1/tenants/musterstadt/streets/${streetId}`,
      `/api/v1/tenants/musterstadt/departments/${departmentId}`,
      '/api/v1/tenants/musterstadt',
    ]) {
      const res = await t.as(owner, { method: 'PATCH', url, payload: {} });
      expect(pointers(res), url).toEqual(['/body nothing_to_change']);
    }
  });
});

describe('a test send with empty text', () => {
  it('is a 400 naming the text, not a 500', async () => {
    const res = await t.as(owner, {
      method: 'POST',
      url: '/api/v1/tenants/musterstadt/test-send',
      payload: { channel: 'email', address: 'owner@musterstadt.test', text: '   ' },
    });
    expect(pointers(res)).toContain('/body/text required');
  });
});

describe('broken addresses and oversized requests', () => {
  it('malformed percent-encoding answers 400 problem+json', async () => {
    expect(problem(await t.app.inject({ method: 'GET', url: '/api/v1/tenants/%zz' }), 400).code).toBe('bad_request');
    expect(problem(await t.app.inject({ method: 'GET', url: '/m/%E0%A4%A/push/key' }), 400).code).toBe('bad_request');
  });

  it('an overlong path part answers 414 problem+json', async () => {
    expect(problem(await t.as(owner, { method: 'GET', url: `/api/v1/tenants/${'x'.repeat(300)}/staff` }), 414).code).toBe('uri_too_long');
  });

  it('oversized headers answer 431 problem+json on a real socket', async () => {
    const server = await createTestApp();
    try {
      await server.app.listen({ port: 0, host: '127.0.0.1' });
      const { port } = server.app.server.address() as AddressInfo;
      const res = await new Promise<{ status: number; type: string; body: string }>((resolve, reject) => {
        const req = request({ port, host: '127.0.0.1', path: '/healthz', headers: { 'x-big': 'x'.repeat(40_000) } }, (r) => {
          let body = '';
          r.on('data', (c) => (body += c)).on('end', () => resolve({ status: r.statusCode ?? 0, type: String(r.headers['content-type']), body }));
        });
        req.on('error', reject).end();
      });
      expect(res.status).toBe(431);
      expect(res.type).toMatch(/^application\/problem\+json/);
      expect(JSON.parse(res.body)).toMatchObject({ status: 431, code: 'headers_too_large' });
    } finally {
      await server.close();
    }
  });
});

describe('resident pages answer a browser with a page, never problem+json', () => {
  const page = (res: Res, status: number) => {
    expect(res.statusCode).toBe(status);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.body).toContain('<main');
    expect(res.headers['content-security-policy']).toBeDefined();
    return res.body;
  };

  it('a form field with NUL shows the error in the portal layout with a link back to the start page', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/m/musterstadt/register',
      payload: 'phone=0151%0023456789&website=',
      headers: { ...BROWSER, 'content-type': 'application/x-www-form-urlencoded', origin: t.deps.config.publicUrl },
    });
    const body = page(res, 400);
    expect(body).toContain('Das hat nicht geklappt');
    expect(body).toContain('href="/m/musterstadt/"');
  });

  it('bad percent-encoding, an overlong path and NUL in the path are pages too; a script still gets problem+json', async () => {
    expect(page(await t.app.inject({ method: 'GET', url: '/m/musterstadt/%zz', headers: BROWSER }), 400)).toContain('href="/m/musterstadt/"');
    page(await t.app.inject({ method: 'GET', url: `/m/${'x'.repeat(300)}/register`, headers: BROWSER }), 414);
    expect(page(await t.app.inject({ method: 'GET', url: '/m/%00/register', headers: BROWSER }), 400)).toContain('href="/"');
    problem(await t.app.inject({ method: 'GET', url: '/m/%00/push/key', headers: { accept: '*/*' } }), 400);
  });
});

describe('every request schema is strict', () => {
  type Schema = { properties?: Record<string, unknown>; additionalProperties?: unknown; [k: string]: unknown };
  const loose = (node: unknown, at: string, out: string[]) => {
    if (!node || typeof node !== 'object') return out;
    if (Array.isArray(node)) for (const [i, n] of node.entries()) loose(n, `${at}/${i}`, out);
    else {
      const s = node as Schema;
      if (s.properties && s.additionalProperties !== false) out.push(at);
      for (const [k, v] of Object.entries(s)) loose(v, `${at}/${k}`, out);
    }
    return out;
  };

  it('every object in every request body of the OpenAPI document refuses unknown fields', async () => {
    const doc = (await t.app.inject('/api/openapi.json')).json() as { paths: Record<string, Record<string, { requestBody?: unknown }>> };
    const found: string[] = [];
    for (const [path, ops] of Object.entries(doc.paths))
      for (const [method, op] of Object.entries(ops)) for (const at of loose(op.requestBody, '', [])) found.push(`${method} ${path} ${at}`);
    expect(found).toEqual([]);
  });

  it('an unknown query parameter is a 400 naming it on every operation that reads a query', async () => {
    type Op = { parameters?: { in: string }[]; requestBody?: { content: Record<string, unknown> } };
    const doc = (await t.app.inject('/api/openapi.json')).json() as { paths: Record<string, Record<string, Op>> };
    let checked = 0;
    for (const [path, ops] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(ops)) {
        // installation routes refuse a tenant owner before validation; their schemas are covered by the document test
        if (!op.parameters?.some((p) => p.in === 'query') || path.startsWith('/api/v1/installation')) continue;
        // Open311 clients send parameters of other servers (locale, page, …); the spec lets a server ignore them (docs/open311.md)
        if (path.startsWith('/open311/')) continue;
        const url = `${path.replace('{tenant}', 'musterstadt').replace(/\{\w+\}/g, '00000000-0000-4000-8000-000000000000')}?limt=5`;
        // a valid body, so that the query is what the answer is about
        const csv = op.requestBody?.content['text/csv'] ? { payload: 'Straße\nAm Markt\n', headers: { 'content-type': 'text/csv' } } : {};
        const res = await t.as(owner, { method: method.toUpperCase() as 'GET', url, ...csv });
        expect(problem(res, 400).errors, `${method} ${path}`).toContainEqual(expect.objectContaining({ code: 'unknown_field' }));
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(3);
  });
});

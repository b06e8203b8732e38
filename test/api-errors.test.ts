// Bad input gets a clear problem+json answer that names the field, never a 500.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Session, type TestApp } from './helpers/app.ts';

let t: TestApp;
let owner: Session;
beforeAll(async () => {
  t = await createTestApp();
  owner = await t.loginOwner();
});
afterAll(async () => {
  await t.close();
});

const problem = (res: { headers: Record<string, unknown>; json: () => Record<string, unknown> }) => {
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  const body = res.json();
  expect(body).toMatchObject({
    type: expect.any(String),
    title: expect.any(String),
    status: expect.any(Number),
    code: expect.any(String),
    requestId: expect.any(String),
  });
  return body;
};

describe('bad input', () => {
  it('malformed JSON answers 400 invalid_json', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', headers: { 'content-type': 'application/json' }, payload: '{"email": ' });
    expect(res.statusCode).toBe(400);
    expect(problem(res).code).toBe('invalid_json');
  });

  it('an unknown field is named', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: 'a@b.de', password: 'x', admin: true } });
    expect(res.statusCode).toBe(400);
    const body = problem(res);
    expect(body.code).toBe('validation_failed');
    expect(JSON.stringify(body.errors)).toContain('admin');
  });

  it('a missing field and a wrong type are pointed at', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: 42 } });
    expect(res.statusCode).toBe(400);
    const pointers = (problem(res).errors as { pointer: string }[]).map((e) => e.pointer);
    expect(pointers).toEqual(expect.arrayContaining(['/body/email', '/body/password']));
  });

  it('a wrong field in a nested object names the nested field', async () => {
    const res = await t.as(owner, {
      method: 'PATCH',
      url: '/api/v1/tenants/musterstadt',
      payload: { contact: { email: 'not-an-address' }, brandColor: 'blue' },
    });
    expect(res.statusCode).toBe(400);
    const pointers = (problem(res).errors as { pointer: string }[]).map((e) => e.pointer);
    expect(pointers).toEqual(expect.arrayContaining(['/body/contact/email', '/body/brandColor']));
  });

  it('every field error carries a code and parameters a client can translate', async () => {
    const res = await t.as(owner, { method: 'POST', url: '/api/v1/tenants/musterstadt/topics', payload: { key: 'Bad Key', nameDe: 'A', extra: 1 } });
    expect(res.statusCode).toBe(400);
    const errors = problem(res).errors as { pointer: string; code: string; params?: Record<string, unknown> }[];
    const at = (pointer: string) => errors.find((e) => e.pointer === pointer);
    expect(at('/body/nameDe')).toMatchObject({ code: 'too_short', params: { minimum: 2 } });
    expect(at('/body/nameEn')).toMatchObject({ code: 'required' });
    expect(at('/body/key')).toMatchObject({ code: 'invalid_format', params: { format: 'regex' } });
    expect(errors.find((e) => e.code === 'unknown_field')?.params).toMatchObject({ keys: ['extra'] });
    const email = await t.as(owner, { method: 'PATCH', url: '/api/v1/tenants/musterstadt', payload: { contact: { email: 'not-an-address' } } });
    expect((problem(email).errors as { code: string; params: { format: string } }[])[0]).toMatchObject({ code: 'invalid_format', params: { format: 'email' } });
  });

  it('a field error raised by a rule (not the schema) carries a code too', async () => {
    await t.as(owner, { method: 'POST', url: '/api/v1/tenants/musterstadt/departments', payload: { name: 'Bauamt Doppelt' } });
    const res = await t.as(owner, { method: 'POST', url: '/api/v1/tenants/musterstadt/departments', payload: { name: 'Bauamt Doppelt' } });
    expect(res.statusCode).toBe(400);
    expect((problem(res).errors as { pointer: string; code: string }[])[0]).toMatchObject({ pointer: '/body/name', code: 'already_exists' });
  });

  it('an oversized body answers 413', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: 'a@b.de', password: 'x'.repeat(2 * 1024 * 1024) } });
    expect(res.statusCode).toBe(413);
    expect(problem(res).code).toBe('payload_too_large');
  });

  it('an unsupported content type answers 415', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', headers: { 'content-type': 'application/xml' }, payload: '<login/>' });
    expect(res.statusCode).toBe(415);
    problem(res);
  });

  it('a wrong id format in the path answers 400, an unknown tenant 404', async () => {
    const bad = await t.as(owner, { method: 'DELETE', url: '/api/v1/tenants/musterstadt/departments/not-a-uuid' });
    expect(bad.statusCode).toBe(400);
    expect((problem(bad).errors as { pointer: string }[])[0].pointer).toBe('/params/id');
    const unknown = await t.as(owner, { method: 'GET', url: '/api/v1/tenants/gibt-es-nicht' });
    expect(unknown.statusCode).toBe(404);
  });

  it('an unknown API path answers 404 problem+json', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/nothing-here' });
    expect(res.statusCode).toBe(404);
    expect(problem(res).code).toBe('not_found');
  });

  it('a logo that is not an image is refused with a reason', async () => {
    const res = await t.as(owner, {
      method: 'PUT',
      url: '/api/v1/tenants/musterstadt/logo',
      headers: { 'content-type': 'image/png' },
      payload: Buffer.from('GIF89a-not-png'),
    });
    expect(res.statusCode).toBe(400);
    expect(problem(res).code).toBe('validation_failed');
  });

  it('garbage in every text field of every route never produces a 500', async () => {
    // a session of its own: the walk reaches POST /auth/logout, which would end the one the other tests share
    const session = await t.loginOwner();
    const junk = ['', 'null', '[]', '"x"', '{"a":{"b":[1,2,{"c":null}]}}', '\u0000\uffff', '{"email":"a@b.de","password":"' + '\\u0000'.repeat(50) + '"}'];
    for (const r of t.app.civicastRoutes) {
      if (r.method === 'GET' || r.url.includes('*')) continue;
      const url = r.url.replace(':tenant', 'musterstadt').replace(/:(\w+)/g, '00000000-0000-4000-8000-000000000000');
      for (const body of junk) {
        const res = await t.as(session, { method: r.method as 'POST', url, headers: { 'content-type': 'application/json' }, payload: body });
        expect(res.statusCode, `${r.method} ${r.url} with ${body}`).toBeLessThan(500);
      }
    }
  });
});

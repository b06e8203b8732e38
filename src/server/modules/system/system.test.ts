import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, TEST_SECRET_KEY, type TestApp } from '../../../../test/helpers/app.ts';
import { openForCli } from '../../main.ts';
import { loadConfig } from '../../platform/config.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

describe('operations endpoints', () => {
  it('/healthz answers ok', async () => {
    const res = await t.app.inject('/healthz');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok' });
  });

  it('/readyz reports the database and current migrations', async () => {
    const res = await t.app.inject('/readyz');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: 'ready', database: t.deps.db.kind });
  });

  it('/readyz answers 503 when the database is gone', async () => {
    const other = await (await import('../../../../test/helpers/app.ts')).createTestApp();
    await other.deps.db.close();
    const res = await other.app.inject('/readyz');
    expect(res.statusCode).toBe(503);
    await other.app.close();
  });

  it('/metrics exposes Prometheus text with HTTP durations', async () => {
    await t.app.inject('/healthz');
    const res = await t.app.inject('/metrics');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('civicast_http_request_duration_seconds');
  });

  it('/metrics without a token answers this machine only, not a remote or proxied caller', async () => {
    expect((await t.app.inject({ url: '/metrics', remoteAddress: '127.0.0.1' })).statusCode).toBe(200);
    for (const req of [{ remoteAddress: '203.0.113.5' }, { remoteAddress: '127.0.0.1', headers: { 'x-forwarded-for': '203.0.113.5' } }]) {
      const res = await t.app.inject({ url: '/metrics', ...req });
      expect(res.statusCode).toBe(403);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body).not.toContain('civicast_http_request_duration_seconds');
    }
  });

  it('/metrics with CIVICAST_METRICS_TOKEN wants that bearer token, from anywhere', async () => {
    const token = 'metrics-token-0123456789abcdef';
    const other = await createTestApp({ env: { CIVICAST_METRICS_TOKEN: token } });
    try {
      for (const authorization of [undefined, 'Bearer wrong-token-0123456789abcdef', `Basic ${token}`, `Bearer ${token}x`]) {
        const res = await other.app.inject({ url: '/metrics', remoteAddress: '127.0.0.1', headers: authorization ? { authorization } : {} });
        expect(res.statusCode, String(authorization)).toBe(401);
        expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
        expect(res.headers['www-authenticate']).toMatch(/^Bearer/);
      }
      const ok = await other.app.inject({ url: '/metrics', remoteAddress: '203.0.113.5', headers: { authorization: `Bearer ${token}` } });
      expect(ok.statusCode).toBe(200);
      expect(ok.body).toContain('civicast_http_request_duration_seconds');
    } finally {
      await other.close();
    }
  });

  it('a metrics token too short to be secret stops the start with a sentence that says what to set', () => {
    expect(() => loadConfig({ CIVICAST_SECRET_KEY: TEST_SECRET_KEY, CIVICAST_METRICS_TOKEN: 'short' })).toThrow(/CIVICAST_METRICS_TOKEN: must be at least 24/);
  });

  it('a database pool below 2 connections stops the start with a sentence that says why', () => {
    expect(() => loadConfig({ CIVICAST_SECRET_KEY: TEST_SECRET_KEY, CIVICAST_DB_POOL_SIZE: '1' })).toThrow(/CIVICAST_DB_POOL_SIZE: must be at least 2/);
  });

  it.runIf(process.env.DATABASE_URL)('a process keeps as many PostgreSQL connections as CIVICAST_DB_POOL_SIZE says', async () => {
    const { db } = await openForCli(loadConfig({ DATABASE_URL: t.deps.config.databaseUrl, CIVICAST_SECRET_KEY: TEST_SECRET_KEY, CIVICAST_DB_POOL_SIZE: '3' }));
    try {
      expect(db.pool?.options.max).toBe(3);
    } finally {
      await db.close();
    }
  });

  it('every response carries a request id, and a given one is echoed', async () => {
    const res = await t.app.inject({ url: '/healthz', headers: { 'x-request-id': 'trace-12345678' } });
    expect(res.headers['x-request-id']).toBe('trace-12345678');
    expect((await t.app.inject('/healthz')).headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('the OpenAPI document is 3.1 and lists the sign-in route; the docs page is served', async () => {
    const res = await t.app.inject('/api/openapi.json');
    const doc = res.json();
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.paths['/api/v1/auth/login'].post).toBeDefined();
    expect(doc.paths['/api/v1/tenants/{tenant}/staff'].get).toBeDefined();
    const docs = await t.app.inject('/api/docs/');
    expect(docs.statusCode).toBe(200);
    expect(docs.body).not.toMatch(/https?:\/\/(?!localhost)[a-z0-9.-]+\.[a-z]{2,}\/[^"']*\.(js|css)/i);
  });
});

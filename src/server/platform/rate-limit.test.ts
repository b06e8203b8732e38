// The sign-in limit per address lives in the database: every process of the installation counts the same hits,
// and the refusal is a problem+json with Retry-After.
import { like, sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, secondInstance, type TestApp } from '../../../test/helpers/app.ts';
import { purgeExpiredJob } from '../modules/system/index.ts';
import { rateLimitHits } from './db/schema.ts';
import { SIGN_IN_LIMIT } from './rate-limit.ts';

let t: TestApp;
let second: Awaited<ReturnType<typeof secondInstance>>;
let other: FastifyInstance;
beforeAll(async () => {
  t = await createTestApp();
  second = await secondInstance(t); // a second server process on the same database
  other = second.app;
});
afterAll(async () => {
  await second.close();
  await t.close();
});

const failedSignIn = (app: FastifyInstance, remoteAddress: string) =>
  app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: 'nobody@musterstadt.test', password: 'wrong password!' }, remoteAddress });

describe('sign-in limit per address (@fastify/rate-limit, counters in the database)', () => {
  it('two app instances on one database share the count: one attempt over the limit, through the other instance, is refused', async () => {
    for (let i = 0; i < Number(SIGN_IN_LIMIT.max); i++) {
      const res = await failedSignIn(i % 2 ? other : t.app, '203.0.113.31');
      expect(res.statusCode, `attempt ${i + 1}`).toBe(401);
    }
    const refused = await failedSignIn(other, '203.0.113.31');
    expect(refused.statusCode).toBe(429);
    expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(refused.json()).toMatchObject({ status: 429, code: 'rate_limited' });
    const retryAfter = Number(refused.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(500);
    expect(retryAfter).toBeLessThanOrEqual(600);
    // the first instance refuses too, and another address is not affected
    expect((await failedSignIn(t.app, '203.0.113.31')).statusCode).toBe(429);
    expect((await failedSignIn(t.app, '203.0.113.32')).statusCode).toBe(401);
  });

  it('the password reset request counts apart from the sign-in, and a run-out window starts again', async () => {
    const reset = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/password-reset',
      payload: { email: 'nobody@musterstadt.test' },
      remoteAddress: '203.0.113.31',
    });
    expect(reset.statusCode).toBe(202);
    // the window of the refused address runs out (as if ten minutes had passed)
    await t.deps.db.system.execute(sql`update rate_limit_hits set reset_at = now() - interval '1 second' where key like '%203.0.113.31'`);
    expect((await failedSignIn(other, '203.0.113.31')).statusCode).toBe(401);
    const rows = await t.deps.db.system
      .select({ key: rateLimitHits.key, count: rateLimitHits.count })
      .from(rateLimitHits)
      .where(like(rateLimitHits.key, '%203.0.113.31'))
      .orderBy(rateLimitHits.key);
    expect(rows.map((r) => [r.key, r.count])).toEqual([
      ['POST /api/v1/auth/login 203.0.113.31', 1],
      ['POST /api/v1/auth/password-reset 203.0.113.31', 1],
    ]);
  });

  it('the maintenance job sweeps windows that have run out and keeps the running ones', async () => {
    await t.deps.db.system.insert(rateLimitHits).values([
      { key: 'sweep old', count: 30, resetAt: new Date(Date.now() - 1000) },
      { key: 'sweep live', count: 3, resetAt: new Date(Date.now() + 60_000) },
    ]);
    await purgeExpiredJob.handle({}, { ...t.deps, jobId: 'test' });
    const left = await t.deps.db.system.select({ key: rateLimitHits.key }).from(rateLimitHits).where(like(rateLimitHits.key, 'sweep %'));
    expect(left.map((r) => r.key)).toEqual(['sweep live']);
  });
});

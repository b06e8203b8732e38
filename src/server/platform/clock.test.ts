import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, TEST_SECRET_KEY, type TestApp } from '../../../test/helpers/app.ts';
import { clock, setTestClock } from './clock.ts';
import { ConfigError, loadConfig } from './config.ts';

let plain: TestApp;
let withClock: TestApp;
beforeAll(async () => {
  plain = await createTestApp();
  withClock = await createTestApp({ env: { CIVICAST_TEST_CLOCK: '1' } });
});
afterEach(() => setTestClock(null));
afterAll(async () => {
  await plain?.close();
  await withClock?.close();
});

describe('the test clock', () => {
  it('is refused when the process runs in production', () => {
    const env = { CIVICAST_SECRET_KEY: TEST_SECRET_KEY, CIVICAST_DATA_DIR: '.test-tmp', CIVICAST_TEST_CLOCK: '1' };
    expect(() => loadConfig({ ...env, NODE_ENV: 'production' })).toThrow(ConfigError);
    expect(loadConfig(env).testClock).toBe(true);
    expect(loadConfig({ ...env, CIVICAST_TEST_CLOCK: undefined }).testClock).toBe(false);
  });

  it('without CIVICAST_TEST_CLOCK=1 nobody can set the clock', async () => {
    const t = plain;
    const res = await t.app.inject({ method: 'POST', url: '/__test/clock', payload: { now: '2026-12-02T17:59:00+01:00' } });
    expect(res.statusCode).toBe(404);
    expect(Math.abs(clock.now().getTime() - Date.now())).toBeLessThan(60_000);
  });

  it('with CIVICAST_TEST_CLOCK=1 a test stops the clock at a moment and lets it run again', async () => {
    const t = withClock;
    const set = await t.app.inject({ method: 'POST', url: '/__test/clock', payload: { now: '2026-12-02T17:59:00+01:00' } });
    expect(set.json()).toEqual({ now: '2026-12-02T16:59:00.000Z', fixed: true });
    expect(clock.now().toISOString()).toBe('2026-12-02T16:59:00.000Z');
    const bad = await t.app.inject({ method: 'POST', url: '/__test/clock', payload: { now: 'tomorrow evening' } });
    expect(bad.statusCode).toBe(400);
    expect(clock.now().toISOString()).toBe('2026-12-02T16:59:00.000Z');
    await t.app.inject({ method: 'POST', url: '/__test/clock', payload: { now: null } });
    expect(Math.abs(clock.now().getTime() - Date.now())).toBeLessThan(60_000);
  });
});

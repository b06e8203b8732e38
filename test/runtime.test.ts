// The explicit runtime: per-process state is created once by createAppDeps and lives on deps (never in module-level
// maps keyed by the database), security headers come from one place (helmet), and modules form no circle.
import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeAppDeps, createAppDeps } from '../src/server/deps.ts';
// @ts-expect-error: a plain ESM script (scripts/), checked by `npm run lint`
import { circles } from '../scripts/module-cycles.mjs';
import { createTestApp, type TestApp } from './helpers/app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

describe('per-process state on deps', () => {
  it('each set of deps has its own delivery runtime, and metrics, even on one database', async () => {
    const other = createAppDeps({ config: t.deps.config, db: t.deps.db, log: t.deps.log, registry: new Registry(), jobs: null });
    try {
      expect(other.delivery).not.toBe(t.deps.delivery);
      expect(other.delivery.metrics).not.toBe(t.deps.delivery.metrics);
      // the runtime works against the deps it was made with
      expect(other.delivery.deps).toBe(other);
      expect((await other.delivery.brandOf(t.tenant.id)).slug).toBe('musterstadt');
    } finally {
      await closeAppDeps(other);
    }
  });
  // the sign-in limit is shared by every process: src/server/platform/rate-limit.test.ts
});

describe('security headers (helmet)', () => {
  it('every response carries them, not only the API: here the health check and the resident portal', async () => {
    for (const url of ['/healthz', '/api/v1/me', '/m/musterstadt/']) {
      const res = await t.app.inject({ method: 'GET', url });
      expect(res.headers['x-content-type-options'], url).toBe('nosniff');
      expect(res.headers['x-frame-options'], url).toBe('DENY');
      expect(res.headers['referrer-policy'], url).toBe('same-origin');
      expect(res.headers['cross-origin-opener-policy'], url).toBe('same-origin');
    }
  });

  it('each part keeps its own Content-Security-Policy; the API is never cached', async () => {
    const api = await t.app.inject({ method: 'GET', url: '/api/v1/me' });
    expect(api.headers['cache-control']).toBe('no-store');
    expect(api.headers['content-security-policy']).toBeUndefined();
    const portal = await t.app.inject({ method: 'GET', url: '/m/musterstadt/' });
    expect(portal.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    // the unsubscribe page sends no referrer at all: its own header wins over the default
    const unsubscribe = await t.app.inject({ method: 'GET', url: '/m/musterstadt/unsubscribe?t=x' });
    expect(unsubscribe.headers['referrer-policy']).toBe('no-referrer');
  });
});

describe('module circles (scripts/module-cycles.mjs, run by npm run lint)', () => {
  it('finds a circle between two modules through files that form none, and none in a layered graph', () => {
    const layered = new Map([
      ['residents/', ['delivery/', 'geo/']],
      ['delivery/', ['tenants/']],
      ['geo/', []],
      ['tenants/', []],
    ]);
    expect(circles(layered)).toEqual([]);
    layered.get('delivery/')!.push('residents/');
    expect(circles(layered)).toEqual([['delivery/', 'residents/']]);
  });
});

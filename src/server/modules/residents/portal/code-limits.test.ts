// Code SMS and sign-in links on request are behind @fastify/rate-limit with the counters in the database: per number
// (or e-mail address) and per address range, shared by every process, answered with Retry-After, as a form page for a
// browser and as problem+json for a client that asks for JSON. Known and unknown numbers meet the same limit.
import { like } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, secondInstance, type TestApp } from '../../../../../test/helpers/app.ts';
import { esc, form, portalBrowser, registerOnPortal } from '../../../../../test/helpers/portal.ts';
import { rateLimitHits, verificationCodes } from '../../../platform/db/schema.ts';
import de from '../../portal/i18n/de.json' with { type: 'json' };
import en from '../../portal/i18n/en.json' with { type: 'json' };
import { eraseResident, findResidentByPhone, lookupHash } from '../index.ts';
import { addressLimitKey, LINK_LIMITS } from '../email-link.service.ts';
import { LIMITS, numberLimitKey } from '../verification.service.ts';

let t: TestApp;
let second: Awaited<ReturnType<typeof secondInstance>>;
let other: FastifyInstance;
beforeAll(async () => {
  t = await createTestApp({ work: true });
  second = await secondInstance(t); // a second server process on the same database
  other = second.app;
});
afterAll(async () => {
  await second.close();
  await t.close();
});

const origin = () => t.deps.config.publicUrl;
/** A form post from a browser at `ip`, through one app instance or the other. */
const post = (app: FastifyInstance, ip: string, url: string, fields: Record<string, string>, accept = 'text/html,application/xhtml+xml') =>
  app.inject({
    method: 'POST',
    url,
    remoteAddress: ip,
    payload: form(fields),
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: origin(), accept },
  });
const rows = async (prefix: string) =>
  (
    await t.deps.db.system
      .select({ key: rateLimitHits.key, count: rateLimitHits.count })
      .from(rateLimitHits)
      .where(like(rateLimitHits.key, `${prefix}%`))
  ).map((r) => [r.key, r.count]);

describe('code requests per number', () => {
  it('a number gets its hourly codes from any address and through any process, then a page that says so, with Retry-After', async () => {
    const phone = '+4917055501234';
    for (let i = 0; i < LIMITS.perNumberPerHour; i++) {
      const res = await post(i % 2 ? other : t.app, `198.18.${i}.7`, '/m/musterstadt/register', { phone, website: '' });
      expect(res.statusCode, `code ${i + 1}`).toBe(303);
    }
    const refused = await post(other, '198.18.9.7', '/m/musterstadt/register', { phone, website: '' });
    expect(refused.statusCode).toBe(429);
    expect(refused.headers['content-type']).toMatch(/^text\/html/);
    expect(refused.body).toContain(esc(de.errRateLimited));
    const retryAfter = Number(refused.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(3000);
    expect(retryAfter).toBeLessThanOrEqual(3600);
    // in English on an English page; the other process refuses as well
    const english = await post(t.app, '198.18.10.7', '/m/musterstadt/register?lang=en', { phone, website: '' });
    expect(english.statusCode).toBe(429);
    expect(english.body).toContain(esc(en.errRateLimited));
    // the refused requests sent nothing
    const hash = lookupHash(t.deps.config.secretKey, 'phone', phone);
    const codes = await t.deps.db.system.select().from(verificationCodes).where(like(verificationCodes.phoneHash, hash));
    expect(codes).toHaveLength(LIMITS.perNumberPerHour);
  });

  it('a client that asks for JSON gets problem+json rate_limited with Retry-After', async () => {
    const phone = '+4917055501235';
    for (let i = 0; i < LIMITS.perNumberPerHour; i++) await post(t.app, `198.18.${20 + i}.7`, '/m/musterstadt/login', { phone, website: '' });
    const refused = await post(t.app, '198.18.29.7', '/m/musterstadt/login', { phone, website: '' }, 'application/json');
    expect(refused.statusCode).toBe(429);
    expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(refused.json()).toMatchObject({ status: 429, code: 'rate_limited', retryAfterSeconds: expect.any(Number) });
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(3000);
  });

  it('sign-in for a number nobody registered meets the same limit: a refusal tells nothing about who is registered', async () => {
    const unknown = '+4917055501236';
    expect(await findResidentByPhone(t.deps, unknown)).toBeNull();
    const statuses = [];
    for (let i = 0; i <= LIMITS.perNumberPerHour; i++)
      statuses.push((await post(t.app, `198.18.${40 + i}.7`, '/m/musterstadt/login', { phone: unknown })).statusCode);
    expect(statuses).toEqual([...Array(LIMITS.perNumberPerHour).fill(303), 429]);
  });

  it('the counter names neither the number nor its look-up hash, and goes with an erasure', async () => {
    const phone = '+4917055501237';
    const residentId = await registerOnPortal(t, portalBrowser(t, '198.18.60.7'), phone, phone);
    const hash = lookupHash(t.deps.config.secretKey, 'phone', phone);
    const key = `resident-code:number ${numberLimitKey(hash)}`;
    expect(await rows(key)).toEqual([[key, 1]]);
    const all = JSON.stringify(await rows('resident-code:'));
    expect(all).not.toContain(hash);
    expect(all).not.toContain('5501237');
    await eraseResident(t.deps, residentId);
    expect(await rows(key)).toEqual([]);
  });
});

describe('code requests per address range', () => {
  it('one range gets the base number of codes an hour for many numbers, counted in the shared store', async () => {
    for (let i = 0; i < LIMITS.perIpPerHour; i++) {
      const res = await post(i % 2 ? other : t.app, '198.19.70.1', '/m/musterstadt/register', { phone: `+49176${String(70_000_000 + i)}`, website: '' });
      expect(res.statusCode, `code ${i + 1}`).toBe(303);
    }
    // another address of the same /24 is the same range
    const refused = await post(t.app, '198.19.70.200', '/m/musterstadt/register', { phone: '+4917670000099', website: '' });
    expect(refused.statusCode).toBe(429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(3000);
    expect(await rows('resident-code:range 198.19.70.0/24')).toEqual([['resident-code:range 198.19.70.0/24', LIMITS.perIpPerHour + 1]]);
  });
});

describe('sign-in links per address', () => {
  it('an e-mail address gets its hourly sign-in links, known or not, then the form again with the reason', async () => {
    const email = 'niemand.bekannt@example.org';
    for (let i = 0; i < LINK_LIMITS.perAddressPerHour; i++) {
      const res = await post(i % 2 ? other : t.app, `198.18.${80 + i}.9`, '/m/musterstadt/login/email', { email, website: '' });
      expect(res.statusCode, `link ${i + 1}`).toBe(200);
    }
    const refused = await post(t.app, '198.18.90.9', '/m/musterstadt/login/email', { email, website: '' });
    expect(refused.statusCode).toBe(429);
    expect(refused.body).toContain(esc(de.emailLinkLimited));
    expect(refused.body).toContain(`value="${email}"`);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(3000);
    const key = addressLimitKey(lookupHash(t.deps.config.secretKey, 'email', email));
    expect(await rows(`resident-link:address ${key}`)).toEqual([[`resident-link:address ${key}`, LINK_LIMITS.perAddressPerHour + 1]]);
  });
});

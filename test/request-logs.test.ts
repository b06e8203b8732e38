// The server log holds no personal data: a staff search by phone number or e-mail address (`?q=`) is logged by its
// route, so the number outlives no erasure in a log file. Requests are logged at debug (every one, as here) and at
// info only when refused, failed or slow, so the default level keeps the cost of a log line off cheap requests.
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './helpers/app.ts';

const lines: string[] = [];
let t: TestApp;
beforeAll(async () => {
  const stream = new Writable({ write: (chunk, _enc, done) => done(void lines.push(String(chunk))) });
  t = await createTestApp({ log: { level: 'debug', stream } });
});
afterAll(async () => {
  await t.close();
});

describe('request logs', () => {
  it('a search for a phone number and an e-mail address leaves neither in the log', async () => {
    const owner = await t.loginOwner();
    const searches = ['%2B4915123456789', '0151%2023456789', 'anna.schmidt%40example.org', 'Anna%20Schmidt'];
    for (const q of searches) {
      const res = await t.as(owner, { method: 'GET', url: `/api/v1/tenants/musterstadt/residents?q=${q}` });
      expect(res.statusCode).toBeLessThan(500);
    }
    // a refused request is logged too: still by its route
    await t.as(owner, { method: 'GET', url: '/api/v1/tenants/musterstadt/residents?q=anna.schmidt%40example.org&bogus=%2B4915123456789' });
    await new Promise((r) => setTimeout(r, 50)); // pino writes asynchronously
    const log = lines.join('');
    expect(log).toContain('/api/v1/tenants/:tenant/residents');
    for (const secret of ['4915123456789', '23456789', 'anna.schmidt', 'example.org', 'Schmidt']) expect(log).not.toContain(secret);
  });

  it('a request that succeeds is logged at debug, a refused one at info, each by its route', async () => {
    lines.length = 0;
    const owner = await t.loginOwner();
    await t.as(owner, { method: 'GET', url: '/api/v1/tenants/musterstadt/residents' });
    await t.as(owner, { method: 'GET', url: '/api/v1/tenants/musterstadt/residents?bogus=1' });
    await new Promise((r) => setTimeout(r, 50));
    const entries = lines
      .join('')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { level: number; msg: string; status?: number; req?: { route: string } });
    const ofRoute = entries.filter((e) => e.req?.route === '/api/v1/tenants/:tenant/residents');
    expect(ofRoute.filter((e) => e.msg === 'request completed').map((e) => [e.level, e.status])).toEqual([
      [20, 200],
      [20, 400],
    ]);
    expect(ofRoute.filter((e) => e.msg === 'request refused').map((e) => [e.level, e.status])).toEqual([[30, 400]]);
  });
});

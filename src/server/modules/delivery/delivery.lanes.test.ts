// Lanes: warnings (and transactional messages) have worker slots of their own, so a bulk send whose batches hold
// every bulk slot (here: a provider that never answers) cannot keep a warning from being handed off.
import { and, eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/helpers/app.ts';
import { addProvider, waitFor } from '../../../../test/helpers/delivery.ts';
import { type SmsHttpProvider, startSmsHttpProvider } from '../../../../test/peers/sms-http-provider.ts';
import { allJobs } from '../../jobs.ts';
import { deliveries } from '../../platform/db/schema.ts';
import { acceptSend } from './index.ts';

let t: TestApp;
let stalled: SmsHttpProvider;
const actor = { userId: null, email: 'test', ip: null, userAgent: null, requestId: null };

beforeAll(async () => {
  t = await createTestApp({ jobs: true, env: { CIVICAST_DELIVERY_BATCH_SIZE: '1' } });
  stalled = await startSmsHttpProvider();
  stalled.setFault('hang');
});
afterAll(async () => {
  await stalled.close(); // ends the hanging requests, so the batches holding the slots finish
  await t.close();
});

const statuses = async (messageId: string) =>
  (await t.deps.db.system.select({ status: deliveries.status }).from(deliveries).where(eq(deliveries.messageId, messageId))).map((r) => r.status);

describe('lanes', () => {
  it('a warning is handed off while every bulk worker slot is busy with a newsletter', async () => {
    const bulk = await t.createTenant('massenort', 'Massenort');
    const owner = await t.login('owner@massenort.test');
    await addProvider(
      t,
      owner,
      {
        channel: 'sms',
        kind: 'sms-http',
        name: 'Stalled SMS',
        config: { mapping: 'twilio', baseUrl: stalled.baseUrl, accountId: stalled.accountSid, from: 'Massenort', timeoutMs: 120_000 },
        secrets: { authToken: stalled.authToken },
      },
      bulk.slug,
    );
    await t.deps.jobs!.work(allJobs, t.deps);
    const newsletter = await acceptSend(t.deps, actor, bulk, {
      text: 'Newsletter',
      recipients: Array.from({ length: 12 }, (_, i) => ({ sms: `+4917031${String(i).padStart(5, '0')}` })),
    });
    // every bulk slot of this process holds a batch whose provider does not answer
    const busy = await waitFor(
      () => statuses(newsletter.id),
      (s) => s.filter((x) => x === 'sending').length >= 4,
    );
    expect(busy.filter((x) => x === 'sending').length).toBeGreaterThanOrEqual(4);

    const warning = await acceptSend(t.deps, actor, t.tenant, { kind: 'warning', text: 'Hochwasser', recipients: [{ sms: '+491709999003' }] });
    const handed = await waitFor(
      () => statuses(warning.id),
      (s) => s[0] === 'sent' || s[0] === 'delivered',
    );
    expect(['sent', 'delivered']).toContain(handed[0]);
    // and the newsletter's batches still hold their slots: the warning did not wait for one of them
    const still = await t.deps.db.system
      .select({ id: deliveries.id })
      .from(deliveries)
      .where(and(eq(deliveries.messageId, newsletter.id), inArray(deliveries.status, ['sent', 'delivered', 'failed'])));
    expect(still).toEqual([]);
  }, 60_000);
});

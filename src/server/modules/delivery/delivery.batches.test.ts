// How a send is cut into batches: an urgent message's first batch per channel is small, so that with batch n of every
// message before batch n+1 of any, fifty towns warning at once each hand off their first messages early; bulk sends
// are cut evenly.
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/helpers/app.ts';
import { deliveries } from '../../platform/db/schema.ts';
import { acceptSend } from './index.ts';

let t: TestApp;
const actor = { userId: null, email: 'test', ip: null, userAgent: null, requestId: null };

beforeAll(async () => {
  t = await createTestApp({ env: { CIVICAST_DELIVERY_BATCH_SIZE: '20' } });
});
afterAll(async () => {
  await t.close();
});

const recipients = Array.from({ length: 35 }, (_, i) => ({ sms: `+4917031${String(i).padStart(5, '0')}` }));

async function batchSizes(messageId: string): Promise<number[]> {
  const rows = await t.deps.db.system
    .select({ batch: deliveries.batch, n: sql<number>`count(*)::int` })
    .from(deliveries)
    .where(eq(deliveries.messageId, messageId))
    .groupBy(deliveries.batch)
    .orderBy(deliveries.batch);
  return rows.map((r) => r.n);
}

describe('batches', () => {
  it('a warning: a first batch of 10, then batches of the configured size', async () => {
    const sent = await acceptSend(t.deps, actor, t.tenant, { kind: 'warning', text: 'Hochwasser', recipients });
    expect(await batchSizes(sent.id)).toEqual([10, 20, 5]);
  });

  it('a bulk message: batches of the configured size', async () => {
    const sent = await acceptSend(t.deps, actor, t.tenant, { text: 'Newsletter', recipients });
    expect(await batchSizes(sent.id)).toEqual([20, 15]);
  });
});

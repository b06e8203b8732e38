// A push batch reads its subscriptions with its claim (one round trip): each claimed row carries the endpoint and keys
// of the subscription it names, and a subscription withdrawn after the send was accepted fails only its own delivery.
// No job workers run here: the test works the batch itself, so nothing races it between accept and claim.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/helpers/app.ts';
import { addProvider, acceptAddresses } from '../../../../test/helpers/delivery.ts';
import { type PushReceiver, startPushReceiver } from '../../../../test/peers/push-receiver.ts';
import { deliveries, pushSubscriptions } from '../../platform/db/schema.ts';
import { processBatch } from './delivery.engine.ts';
import { claimBatch } from './delivery.repository.ts';

let t: TestApp;
let push: PushReceiver;

beforeAll(async () => {
  t = await createTestApp({ env: { CIVICAST_PUSH_ENDPOINT_HOSTS: '127.0.0.1' } });
  push = await startPushReceiver({});
  const owner = await t.loginOwner();
  await addProvider(t, owner, { channel: 'push', kind: 'webpush', name: 'Web Push', config: { subject: 'mailto:ops@civicast.test' } });
});
afterAll(async () => {
  await t.close();
  await push.close();
});

async function subscribe(): Promise<{ id: string; endpoint: string }> {
  const sub = push.newSubscription();
  const res = await t.app.inject({ method: 'POST', url: '/m/musterstadt/push/subscriptions', payload: { endpoint: sub.endpoint, keys: sub.keys } });
  expect(res.statusCode, res.body).toBe(201);
  return { id: res.json().id, endpoint: sub.endpoint };
}

describe('push batches', () => {
  it('the claim brings each subscription along: null for one that is gone, the endpoint and keys for the others', async () => {
    const [kept, withdrawn] = [await subscribe(), await subscribe()];
    const sent = await acceptAddresses(t, { text: 'Straßensperrung', recipients: [{ push: kept.id }, { push: withdrawn.id }] });
    await t.deps.db.system.delete(pushSubscriptions).where(eq(pushSubscriptions.id, withdrawn.id));
    const { rows } = await claimBatch(t.deps.db, { tenantId: t.tenant.id, messageId: sent.id, channel: 'push', batch: 0 }, 60);
    const byRecipient = new Map(rows.map((r) => [r.recipient, r.push]));
    expect(byRecipient.get(kept.id)).toMatchObject({ endpoint: kept.endpoint, keys: { p256dh: expect.any(String), auth: expect.any(String) } });
    expect(byRecipient.get(withdrawn.id)).toBeNull();
  });

  it('a subscription withdrawn after the send was accepted fails its delivery with the reason; the other arrives', async () => {
    const [kept, withdrawn] = [await subscribe(), await subscribe()];
    const sent = await acceptAddresses(t, { text: 'Glatteis', recipients: [{ push: kept.id }, { push: withdrawn.id }] });
    await t.deps.db.system.delete(pushSubscriptions).where(eq(pushSubscriptions.id, withdrawn.id));
    const rt = t.deps.delivery;
    const result = await processBatch(t.deps, rt, { tenantId: t.tenant.id, messageId: sent.id, channel: 'push', batch: 0 }, await rt.brandOf(t.tenant.id));
    expect(result).toMatchObject({ claimed: 2, sent: 1, failed: 1 });
    const rows = await t.deps.db.system.select().from(deliveries).where(eq(deliveries.messageId, sent.id));
    expect(rows.find((r) => r.recipient === withdrawn.id)).toMatchObject({ status: 'failed', lastError: 'push subscription no longer exists' });
    expect(rows.find((r) => r.recipient === kept.id)?.status).toBe('sent');
    expect(push.received.filter((r) => r.endpoint === kept.endpoint)).toHaveLength(1);
    expect(push.received.filter((r) => r.endpoint === withdrawn.endpoint)).toHaveLength(0);
  });
});

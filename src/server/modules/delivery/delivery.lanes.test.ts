// Lanes: warnings (and transactional messages) have worker slots of their own, so a bulk send whose batches hold
// every bulk slot (here: a provider that never answers) cannot keep a warning from being handed off.
import { and, eq, inArray, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/helpers/app.ts';
import { addProvider, waitFor, watchTenantScripts } from '../../../../test/helpers/delivery.ts';
import { type SmsHttpProvider, startSmsHttpProvider } from '../../../../test/peers/sms-http-provider.ts';
import { allJobs } from '../../jobs.ts';
import { queryRows } from '../../platform/db/client.ts';
import { deliveries } from '../../platform/db/schema.ts';
import { acceptSend, sendTransactional, sweepDeliveries, urgentBatchJob, writeTransactional } from './index.ts';

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

/** The urgent lane's jobs (pg-boss) of a message's batches, with their state and how many seconds from now they are due. */
const batchJobs = (messageId: string) =>
  queryRows<{ batch: number; state: string; dueInS: number }>(
    t.deps.db.system,
    sql`select (data->>'batch')::int as batch, state, extract(epoch from start_after - now())::float8 as "dueInS"
          from pgboss.job where name = ${urgentBatchJob.name} and data->>'messageId' = ${messageId} order by 1`,
  );
/** The batches of a message that went through the urgent lane's queue. */
const queuedBatches = async (messageId: string) => (await batchJobs(messageId)).map((j) => j.batch);
const working = async () => {
  if (!t.deps.jobs!.works(urgentBatchJob)) await t.deps.jobs!.work(allJobs, t.deps);
};

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

  it("a warning's batches are all worked by the process that accepted it; the later ones have jobs only as a backup", async () => {
    await working();
    // 10 recipients fill an urgent message's first batch; with a batch size of 1 the other two are batches 1 and 2
    const recipients = Array.from({ length: 12 }, (_, i) => ({ sms: `+4917032${String(i).padStart(5, '0')}` }));
    const warning = await acceptSend(t.deps, actor, t.tenant, { kind: 'warning', text: 'Sturm', recipients });
    const done = await waitFor(
      () => statuses(warning.id),
      (s) => s.every((x) => x === 'sent' || x === 'delivered'),
    );
    expect(done).toHaveLength(12);
    // the later batches went out before their jobs were due: those wait half a minute, in case this process had died
    const jobs = await batchJobs(warning.id);
    expect(jobs.map((j) => j.batch)).toEqual([1, 2]);
    expect(jobs.every((j) => j.state === 'created' && j.dueInS > 20)).toBe(true);
    // when they come, nothing is left for them to claim: each number got its SMS once
    for (const batch of [1, 2])
      await urgentBatchJob.handle({ tenantId: t.tenant.id, messageId: warning.id, channel: 'sms', batch }, { ...t.deps, jobs: t.deps.jobs!, jobId: 'backup' });
    const rows = await t.deps.db.system.select({ attempts: deliveries.attempts }).from(deliveries).where(eq(deliveries.messageId, warning.id));
    expect(rows.map((r) => r.attempts)).toEqual(Array(12).fill(1));
  }, 60_000);

  it('when the process that accepted a warning dies before its later batches, their backup jobs send them', async () => {
    await working();
    // the process takes the later batches on and dies before working them: nothing runs them here
    const later = vi.spyOn(t.deps.delivery.laterRuns, 'tryRun').mockReturnValue(true);
    let warning: { id: string };
    try {
      const recipients = Array.from({ length: 12 }, (_, i) => ({ sms: `+4917034${String(i).padStart(5, '0')}` }));
      warning = await acceptSend(t.deps, actor, t.tenant, { kind: 'warning', text: 'Deichbruch', recipients });
    } finally {
      later.mockRestore();
    }
    const first = await waitFor(
      () => statuses(warning.id),
      (s) => s.filter((x) => x === 'sent' || x === 'delivered').length === 10,
    );
    expect(first.filter((x) => x === 'queued')).toHaveLength(2);
    // half a minute later (moved into the present) the backup jobs are due, and any worker sends the rest
    await t.deps.db.system.execute(sql`update pgboss.job set start_after = now() where name = ${urgentBatchJob.name} and data->>'messageId' = ${warning.id}`);
    t.deps.jobs!.wake(urgentBatchJob);
    const done = await waitFor(
      () => statuses(warning.id),
      (s) => s.every((x) => x === 'sent' || x === 'delivered'),
    );
    expect(done).toHaveLength(12);
  }, 60_000);

  it('a sign-in code is inserted claimed and handed off from there: no claim after the commit', async () => {
    await working();
    const scripts = watchTenantScripts(t);
    try {
      const code = (await sendTransactional(t.deps, t.tenant.id, actor, {
        channel: 'sms',
        to: '+491703300003',
        text: 'Ihr Code: 111222',
        secrets: ['111222'],
      }))!;
      const handed = await waitFor(
        () => statuses(code.id),
        (s) => s[0] === 'sent' || s[0] === 'delivered',
      );
      expect(['sent', 'delivered']).toContain(handed[0]);
      // its outcome was written, but nothing claimed its row again
      expect(scripts.claims().some((s) => s.includes(code.id))).toBe(false);
      expect(scripts.statements.filter((s) => s.includes(code.id)).length).toBeGreaterThan(0);
      const [row] = await t.deps.db.system.select({ attempts: deliveries.attempts }).from(deliveries).where(eq(deliveries.messageId, code.id));
      expect(row.attempts).toBe(1);
    } finally {
      scripts.stop();
    }
  }, 60_000);

  it('while every direct slot is taken, a first batch goes through the queue and is handed off all the same', async () => {
    await working();
    const slots = t.deps.delivery.directRuns;
    let release!: () => void;
    const held = new Promise<void>((r) => {
      release = r;
    });
    while (slots.tryRun(() => held));
    try {
      // a sign-in code: transactional, in the urgent lane
      const code = (await sendTransactional(t.deps, t.tenant.id, actor, {
        channel: 'sms',
        to: '+491703300001',
        text: 'Ihr Code: 123456',
        secrets: ['123456'],
      }))!;
      const handed = await waitFor(
        () => statuses(code.id),
        (s) => s[0] === 'sent' || s[0] === 'delivered',
      );
      expect(['sent', 'delivered']).toContain(handed[0]);
      expect(await queuedBatches(code.id)).toEqual([0]);
    } finally {
      release();
      await slots.settle();
    }
  }, 60_000);

  it('a first batch whose process died after its claim is released and enqueued by the sweeper', async () => {
    await working();
    // written and committed, then the process that would have worked it at once died holding the claim: no job exists
    const written = (await t.deps.db.withTenant(t.tenant.id, (tx) =>
      writeTransactional(t.deps, tx, t.tenant.id, actor, { channel: 'sms', to: '+491703300002', text: 'Ihr Code: 654321', secrets: ['654321'] }),
    ))!;
    await t.deps.db.system
      .update(deliveries)
      .set({ status: 'sending', claimedAt: sql`now() - interval '1 hour'`, nextAttemptAt: sql`now() - interval '1 hour'`, attempts: 1 })
      .where(eq(deliveries.messageId, written.id));
    expect(await queuedBatches(written.id)).toEqual([]);
    const swept = await sweepDeliveries(t.deps);
    expect(swept.released).toBeGreaterThanOrEqual(1);
    expect(swept.requeued).toBeGreaterThanOrEqual(1);
    const handed = await waitFor(
      () => statuses(written.id),
      (s) => s[0] === 'sent' || s[0] === 'delivered',
    );
    expect(['sent', 'delivered']).toContain(handed[0]);
  }, 60_000);
});

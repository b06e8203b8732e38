// Warnings jump every queue in every process: while one process accepts or sends a warning, the bulk batches of every
// other process on the same database wait before their next hand-off, and go on when it is done or has died.
import { Registry } from 'prom-client';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/helpers/app.ts';
import { addProvider, smppProvider, waitFor } from '../../../../test/helpers/delivery.ts';
import { startSmsc } from '../../../../test/peers/smsc.ts';
import { allJobs } from '../../jobs.ts';
import { startJobs } from '../../platform/jobs.ts';
import { acceptUrgent } from './delivery.jobs.ts';
import { DeliveryRuntime } from './delivery.runtime.ts';
import { HOLD_MS, URGENT_CHANNEL, UrgentGate } from './delivery.urgent-gate.ts';

/** Whether `p` has settled by now (after the microtasks queued so far). */
async function settled(p: Promise<unknown>): Promise<boolean> {
  let done = false;
  void p.then(() => (done = true));
  await Promise.resolve();
  await Promise.resolve();
  return done;
}

describe('the urgent gate of a process', () => {
  afterEach(() => vi.useRealTimers());

  it('holds bulk hand-offs while another process holds, and lets them go when it releases', async () => {
    const gate = new UrgentGate();
    gate.holdFor('worker-2', HOLD_MS);
    const bulk = gate.pass();
    expect(gate.busy).toBe(true);
    expect(await settled(bulk)).toBe(false);
    gate.holdFor('worker-2', 0);
    expect(gate.busy).toBe(false);
    expect(await settled(bulk)).toBe(true);
  });

  it('lets bulk hand-offs go when a hold lapses unrenewed (its process died mid-warning)', async () => {
    vi.useFakeTimers();
    const gate = new UrgentGate();
    gate.holdFor('died', HOLD_MS);
    const bulk = gate.pass();
    await vi.advanceTimersByTimeAsync(HOLD_MS - 100);
    expect(await settled(bulk)).toBe(false);
    await vi.advanceTimersByTimeAsync(200);
    expect(await settled(bulk)).toBe(true);
    expect(gate.busy).toBe(false);
  });

  it('stays closed while its own urgent work runs, whatever other processes release', async () => {
    const gate = new UrgentGate();
    gate.enter();
    gate.holdFor('worker-2', HOLD_MS);
    gate.holdFor('worker-2', 0);
    const bulk = gate.pass();
    expect(await settled(bulk)).toBe(false);
    gate.leave();
    expect(await settled(bulk)).toBe(true);
  });
});

describe('urgent holds across processes', () => {
  let t: TestApp;
  // a second runtime on the same database stands for a bulk worker process
  let worker: DeliveryRuntime;
  beforeAll(async () => {
    t = await createTestApp({ jobs: true });
    worker = new DeliveryRuntime({ ...t.deps, registry: new Registry() }, t.deps.delivery.residents);
  });
  afterAll(async () => {
    await worker?.close();
    await t?.close();
  });

  it("a warning accepted in one process holds another process's bulk hand-offs until it is written", async () => {
    expect(await worker.urgentHolds.listen()).toBe(true);
    let written = () => {};
    const accepting = acceptUrgent(t.deps, t.tenant.id, ['sms'], () => new Promise<void>((r) => (written = r)));
    // the hold travels through the database (NOTIFY), so the worker sees it a moment later
    expect(
      await waitFor(
        async () => worker.urgentGate.busy,
        (busy) => busy,
      ),
    ).toBe(true);
    const bulk = worker.urgentGate.pass();
    expect(await settled(bulk)).toBe(false);
    written();
    await accepting;
    await bulk;
    expect(worker.urgentGate.busy).toBe(false);
    // the process that announced ignores its own announcements
    expect(t.deps.delivery.urgentGate.busy).toBe(false);
  });

  it('a process that is not listening is not held', async () => {
    const other = new DeliveryRuntime({ ...t.deps, registry: new Registry() }, t.deps.delivery.residents);
    try {
      let written = () => {};
      const accepting = acceptUrgent(t.deps, t.tenant.id, ['sms'], () => new Promise<void>((r) => (written = r)));
      await waitFor(
        async () => worker.urgentGate.busy,
        (busy) => busy,
      );
      expect(other.urgentGate.busy).toBe(false);
      written();
      await accepting;
    } finally {
      await other.close();
    }
  });

  it("a warning accepted in a serve process has the urgent lane's worker bind to the town's SMSC meanwhile", async () => {
    const smsc = await startSmsc({ systemId: 'civicast', password: 'secret' });
    const urgent = new DeliveryRuntime({ ...t.deps, registry: new Registry() }, t.deps.delivery.residents);
    try {
      await addProvider(t, await t.login('owner@musterstadt.test'), smppProvider(smsc));
      await urgent.urgentHolds.listen((tenantId, channels) => urgent.warm(tenantId, channels));
      let written = () => {};
      const accepting = acceptUrgent(t.deps, t.tenant.id, ['sms'], () => new Promise<void>((r) => (written = r)));
      expect(
        await waitFor(
          async () => smsc.stats().binds,
          (n) => n > 0,
        ),
      ).toBe(1);
      expect(smsc.submits).toHaveLength(0);
      written();
      await accepting;
    } finally {
      await urgent.close();
      await smsc.close();
    }
  });

  it('a worker stopped in the middle of urgent work releases its hold at once, not when it lapses', async () => {
    const notices: Array<{ holder: string; ms: number }> = [];
    const sub = await t.deps.jobs!.listen(URGENT_CHANNEL, (payload) => notices.push(JSON.parse(payload)));
    // a worker process of its own: its job queue is stopped as `civicast worker` stops on SIGTERM
    const jobs = await startJobs({
      db: t.deps.db,
      databaseUrl: t.deps.config.databaseUrl,
      log: t.deps.log,
      definitions: allJobs,
      pollSeconds: 0.5,
      supervise: false,
    });
    const stopping = new DeliveryRuntime({ ...t.deps, jobs, registry: new Registry() }, t.deps.delivery.residents);
    try {
      expect(await worker.urgentHolds.listen()).toBe(true);
      stopping.urgentGate.enter();
      expect(
        await waitFor(
          async () => worker.urgentGate.busy,
          (busy) => busy,
        ),
      ).toBe(true);
      // the urgent batch ends while the queue stops gracefully; the queue's connections close after it
      stopping.urgentGate.leave();
      await jobs.stop();
      await stopping.close();
      const released = () => notices.some((n) => n.holder === stopping.holder && n.ms === 0);
      expect(
        await waitFor(
          async () => released(),
          (r) => r,
        ),
      ).toBe(true);
    } finally {
      await sub?.close();
    }
  });

  it('the release comes after every hold and town it ends, however many warnings are accepted at once', async () => {
    const notices: Array<{ holder: string; ms: number; accepting?: Array<{ tenantId: string }> }> = [];
    const sub = await t.deps.jobs!.listen(URGENT_CHANNEL, (payload) => notices.push(JSON.parse(payload)));
    try {
      const towns = [t.tenant, ...(await Promise.all(['nordort', 'suedort', 'ostort', 'westort'].map((slug) => t.createTenant(slug, slug))))];
      await Promise.all(towns.map((town) => acceptUrgent(t.deps, town.id, ['sms', 'email'], () => new Promise((r) => setTimeout(r, 20)))));
      // from this test's first notice on (the release of the test before may arrive late)
      const mine = () => {
        const ours = notices.filter((n) => n.holder === t.deps.delivery.holder);
        const first = ours.findIndex((n) => n.accepting);
        return first < 0 ? [] : ours.slice(first);
      };
      await waitFor(
        async () => mine().at(-1)?.ms,
        (ms) => ms === 0,
      );
      expect(mine().at(-1)?.ms).toBe(0);
      expect(
        mine()
          .slice(0, -1)
          .every((n) => n.ms === HOLD_MS),
      ).toBe(true);
      expect(
        new Set(
          mine()
            .flatMap((n) => n.accepting ?? [])
            .map((a) => a.tenantId),
        ),
      ).toEqual(new Set(towns.map((town) => town.id)));
    } finally {
      await sub?.close();
    }
  });
});

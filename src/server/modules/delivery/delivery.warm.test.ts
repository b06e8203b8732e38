// A warning's town gets its SMPP bind while the warning is still being accepted, not in its first batch; and only a
// process that works the urgent lane opens connections ahead (a `serve` process would never send over them).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/helpers/app.ts';
import { addProvider, smppProvider, waitFor } from '../../../../test/helpers/delivery.ts';
import { type Smsc, startSmsc } from '../../../../test/peers/smsc.ts';
import { allJobs } from '../../jobs.ts';
import { acceptUrgent, urgentBatchJob } from './index.ts';

let t: TestApp;
let smsc: Smsc;

beforeAll(async () => {
  t = await createTestApp({ jobs: true });
  smsc = await startSmsc({ systemId: 'civicast', password: 'secret' });
  await addProvider(t, await t.login('owner@musterstadt.test'), smppProvider(smsc));
});
afterAll(async () => {
  await t?.close();
  await smsc?.close();
});

describe('senders opened ahead of an urgent send', () => {
  it('the town binds to its SMSC without sending anything', async () => {
    expect(smsc.stats().binds).toBe(0);
    t.deps.delivery.warm(t.tenant.id, ['sms', 'email', 'push']);
    const binds = await waitFor(
      async () => smsc.stats().binds,
      (n) => n > 0,
    );
    expect(binds).toBe(1);
    expect(smsc.submits).toHaveLength(0);
    // a second warm-up reuses the open session
    t.deps.delivery.warm(t.tenant.id, ['sms']);
    await t.deps.delivery.sender((await t.deps.delivery.providersFor(t.tenant.id, 'sms'))[0]);
    expect(smsc.stats().binds).toBe(1);
  });

  it("a town's providers and its brand are read in one tenant transaction, shared by both caches", async () => {
    const town = await t.createTenant('lesestadt', 'Lesestadt');
    const db = t.deps.db;
    const withTenant = db.withTenant;
    let reads = 0;
    db.withTenant = ((tenantId: string, fn: never) => {
      if (tenantId === town.id) reads++;
      return withTenant.call(db, tenantId, fn);
    }) as typeof db.withTenant;
    try {
      t.deps.delivery.warm(town.id, ['sms', 'email']);
      const [brand, sms] = await Promise.all([t.deps.delivery.brandOf(town.id), t.deps.delivery.providersFor(town.id, 'sms')]);
      expect(brand.name).toBe('Lesestadt');
      expect(sms.length).toBeGreaterThan(0); // the installation's dev outbox, as the town has none of its own
      expect(reads).toBe(1);
      // a provider change is seen at once: the read after it is a new one
      t.deps.delivery.forgetProviders();
      await t.deps.delivery.providersFor(town.id, 'sms');
      expect(reads).toBe(2);
    } finally {
      db.withTenant = withTenant;
    }
  });

  it('a warning warms only in a process that works the urgent lane', async () => {
    const other = await startSmsc({ systemId: 'civicast', password: 'secret' });
    try {
      const town = await t.createTenant('warnstadt', 'Warnstadt');
      await addProvider(t, await t.login('owner@warnstadt.test'), smppProvider(other), 'warnstadt');
      expect(t.deps.jobs!.works(urgentBatchJob)).toBe(false); // enqueues only, like `civicast serve`
      await t.deps.jobs!.work(allJobs, t.deps);
      expect(t.deps.jobs!.works(urgentBatchJob)).toBe(true);
      await acceptUrgent(t.deps, town.id, ['sms'], async () => {});
      await waitFor(
        async () => other.stats().binds,
        (n) => n > 0,
      );
      expect(other.stats().binds).toBe(1);
      expect(other.submits).toHaveLength(0);
    } finally {
      await other.close();
    }
  });

  it('holds bulk hand-offs in this process while an urgent send is accepted, and lets them go after', async () => {
    expect(t.deps.jobs!.works(urgentBatchJob)).toBe(true); // the workers the previous test started
    const gate = t.deps.delivery.urgentGate;
    let release = () => {};
    let bulkWentOn = false;
    const accepting = acceptUrgent(t.deps, t.tenant.id, ['sms'], () => new Promise<void>((r) => (release = r)));
    const bulk = gate.pass().then(() => (bulkWentOn = true));
    await new Promise((r) => setTimeout(r, 50));
    expect(bulkWentOn).toBe(false);
    release();
    await accepting;
    await bulk;
    expect(bulkWentOn).toBe(true);
  });
});

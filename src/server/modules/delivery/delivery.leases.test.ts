// Connections per provider are shared by all workers: a provider that allows one connection is opened by one
// worker process at a time; the others wait (their sends are retried) until the slot is free again.
import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/helpers/app.ts';
import { smppPeerProvider } from '../../../../test/helpers/delivery.ts';
import { testActor } from '../../../../test/helpers/factories.ts';
import { type Smsc, startSmsc } from '../../../../test/peers/smsc.ts';
import { DeliveryRuntime, NoFreeConnection } from './delivery.runtime.ts';
import { createProvider } from './providers.service.ts';

let t: TestApp;
let smsc: Smsc;
beforeAll(async () => {
  t = await createTestApp();
  smsc = await startSmsc({ systemId: 'civicast', password: 'secret' });
});
afterAll(async () => {
  await t.close();
  await smsc.close();
});

// a provider on the local SMSC that only one connection at a time may use
const oneBind = () =>
  createProvider(
    t.deps,
    testActor,
    t.tenant,
    smppPeerProvider(smsc, 'One bind', { weight: 100, enabled: true, ratePerSecond: null, maxConnections: 1, centsPerMessage: 0 }),
  );
// two runtimes stand for two worker processes
const worker = () => new DeliveryRuntime({ ...t.deps, registry: new Registry() }, t.deps.delivery.residents);

describe('connections per provider across workers', () => {
  it('a provider allowing one connection is held by one worker; the next gets it once the first lets go', async () => {
    const p = await oneBind();
    const a = worker();
    const b = worker();
    const [record] = (await a.providersFor(t.tenant.id, 'sms')).filter((x) => x.id === p.id);
    expect(record.maxConnections).toBe(1);
    await expect(a.sender(record)).resolves.toBeDefined();
    await expect(b.sender(record)).rejects.toBeInstanceOf(NoFreeConnection);
    await a.close();
    await expect(b.sender(record)).resolves.toBeDefined();
    await b.close();
  });
});

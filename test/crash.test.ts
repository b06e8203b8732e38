// A crash loses no accepted message: a send to an audience of 5,000 residents (10,000 deliveries: SMS and e-mail),
// the process killed with SIGKILL in the middle, a new process on the same data. Every recipient arrives at the
// peers; only rows in flight at the kill may arrive twice, and never more than one batch per channel.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type PeerCounts, type Peers, startPeers } from './peers/peers-process.ts';
import { apiClient, type CivicastProcess, startCivicastProcess } from './helpers/process.ts';

const BATCH = 500;
// imported residents consent to SMS, and to e-mail when the file gives an address (the import's consent proof)
const RESIDENTS = 5000;
const SPLIT = { sms: RESIDENTS, email: RESIDENTS, push: 0 };
const TOTAL = SPLIT.sms + SPLIT.email + SPLIT.push;

let peers: Peers;
let civicast: CivicastProcess;

beforeAll(async () => {
  peers = await startPeers();
  civicast = await startCivicastProcess({
    CIVICAST_PUSH_ENDPOINT_HOSTS: '127.0.0.1',
    CIVICAST_DELIVERY_BATCH_SIZE: String(BATCH),
    CIVICAST_DELIVERY_CLAIM_TIMEOUT_SECONDS: '5',
    CIVICAST_DELIVERY_SWEEP_SECONDS: '1',
    CIVICAST_JOB_POLL_SECONDS: '0.5',
    CIVICAST_JOB_IDLE_POLL_SECONDS: '0.5',
  });
}, 120_000);
afterAll(async () => {
  await civicast?.stop();
  await peers?.close();
});

const arrived = (c: PeerCounts) => c.sms.distinct + c.email.distinct + c.push.distinct;

describe('what a started process has loaded', () => {
  // sharp maps libvips (~22 MB resident) on import: a server pays for it with its first image, a worker that never
  // reads one never does (platform/images.ts)
  it.runIf(process.platform === 'linux')('sharp and its libvips are not loaded until an image needs them', () => {
    const maps = readFileSync(`/proc/${civicast.child.pid}/maps`, 'utf8');
    expect(maps).toMatch(/\/node\b/); // the server itself: bin/civicast.mjs restarts in place (execve), same pid
    expect(maps).not.toMatch(/libvips|sharp-linux/);
  });
});

describe('a process killed in the middle of a 10,000-delivery send', () => {
  it('every recipient arrives; only rows in flight at the kill arrive twice, at most one batch per channel', async () => {
    const api = await apiClient(civicast.baseUrl);
    const provider = async (body: unknown) => expect((await api('POST', '/api/v1/tenants/musterstadt/providers', body)).status).toBe(201);
    await provider({
      channel: 'sms',
      kind: 'smpp',
      name: 'SMSC',
      config: { host: '127.0.0.1', port: peers.smscPort, systemId: 'civicast', windowSize: 50 },
      secrets: { password: 'secret' },
    });
    await provider({ channel: 'email', kind: 'smtp', name: 'SMTP', config: { host: '127.0.0.1', port: peers.smtpPort } });
    const csv = ['Telefon;E-Mail', ...Array.from({ length: RESIDENTS }, (_, i) => `+4917${String(20_000_000 + i)};crash${i}@example.org`)].join('\n');
    const started = await api('POST', '/api/v1/tenants/musterstadt/residents/imports', {
      csv,
      mapping: { phone: 'Telefon', email: 'E-Mail' },
      consentProof: 'Absturztest: Papierformulare',
    });
    expect(started.status, started.text).toBe(202);
    let run = started.json() as { id: string; status: string; report: { imported: number } | null };
    for (const until = Date.now() + 120_000; !['done', 'failed'].includes(run.status) && Date.now() < until; await new Promise((r) => setTimeout(r, 250))) {
      run = (await api('GET', `/api/v1/tenants/musterstadt/residents/imports/${run.id}`)).json();
    }
    expect(run.report?.imported, JSON.stringify(run)).toBe(RESIDENTS);
    const draft = await api('POST', '/api/v1/tenants/musterstadt/messages', { title: 'Test', body: 'Absturztest', audience: {}, channels: ['sms', 'email'] });
    expect(draft.status, draft.text).toBe(201);
    const sent = await api('POST', `/api/v1/tenants/musterstadt/messages/${draft.json().id}/send`);
    expect(sent.status, sent.text).toBe(200);
    expect(sent.json()).toMatchObject({ status: 'sent', recipients: RESIDENTS });
    // one language, SMS and e-mail: one send of the delivery engine
    expect(sent.json().deliveryMessageIds).toHaveLength(1);
    const messageId = sent.json().deliveryMessageIds[0] as string;

    // kill it once about a quarter has arrived
    for (let c = (await peers.counts()).counts; arrived(c) < TOTAL / 4; c = (await peers.counts()).counts) await new Promise((r) => setTimeout(r, 20));
    await civicast.kill();
    const atKill = (await peers.counts()).counts;
    expect(arrived(atKill)).toBeLessThan(TOTAL);

    await civicast.restart();
    let counts = atKill;
    const until = Date.now() + 180_000;
    while (arrived(counts) < TOTAL && Date.now() < until) {
      await new Promise((r) => setTimeout(r, 250));
      counts = (await peers.counts()).counts;
    }
    await new Promise((r) => setTimeout(r, 1000));
    counts = (await peers.counts()).counts;
    console.log(
      `crash test: ${arrived(atKill)} of ${TOTAL} had arrived at the kill; sent twice afterwards (in flight at the kill): ` +
        `sms ${counts.sms.duplicates}, e-mail ${counts.email.duplicates}, push ${counts.push.duplicates}`,
    );
    expect({ sms: counts.sms.distinct, email: counts.email.distinct, push: counts.push.distinct }).toEqual(SPLIT);
    for (const c of ['sms', 'email', 'push'] as const) expect(counts[c].duplicates, c).toBeLessThanOrEqual(BATCH);

    const after = await apiClient(civicast.baseUrl);
    const status = await after('GET', `/api/v1/tenants/musterstadt/sends/${messageId}`);
    const byChannel = status.json().counts as Record<string, Record<string, number>>;
    for (const c of ['sms', 'email']) expect(byChannel[c].failed + byChannel[c].expired, c).toBe(0);
  }, 420_000);
});

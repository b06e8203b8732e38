// SMS deliveries against real peers: an SMSC from the smpp package and a local server speaking Twilio's API.
// Each describe block sends for its own municipality with its own providers, so switching providers off in one
// block (rate limits, the HTTP provider) cannot starve another, whatever order the blocks and tests run in.
import { createHmac } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Session, type TestApp, tenantWithOwner } from '../../../../test/helpers/app.ts';
import { freePort } from '../../../../test/helpers/ports.ts';
import { addProvider, deliveriesOf, messageCounts, sendToAddresses, smppPeerProvider, smppProvider, waitFor } from '../../../../test/helpers/delivery.ts';
import { type Smsc, type SmscBehaviour, startSmsc } from '../../../../test/peers/smsc.ts';
import { type SmsHttpProvider, startSmsHttpProvider } from '../../../../test/peers/sms-http-provider.ts';
import { inboundMessages, providerWeightLog } from '../../platform/db/schema.ts';
import type { TenantRow } from '../../platform/tenancy.ts';

let t: TestApp;
let smsc: Smsc;
let port: number;

beforeAll(async () => {
  port = await freePort();
  t = await createTestApp({ work: true, env: { CIVICAST_PUBLIC_URL: `http://127.0.0.1:${port}`, CIVICAST_DELIVERY_BATCH_SIZE: '5' } });
  await t.app.listen({ port, host: '127.0.0.1' });
  smsc = await startSmsc({ systemId: 'civicast', password: 'secret', behaviour: { rejectDestinations: ['4915900000000'] } });
});
afterAll(async () => {
  await t.close();
  await smsc.close();
});

/** Runs `use` with a local SMSC of its own (behaving as told), closed afterwards whatever happens. */
async function withOwnSmsc(behaviour: SmscBehaviour, use: (smsc: Smsc) => Promise<void>) {
  const own = await startSmsc({ systemId: 'civicast', password: 'secret', behaviour });
  try {
    await use(own);
  } finally {
    await own.close();
  }
}

/** A provider on the shared SMSC that accepts everything (but the rejected destination). */
const smscProvider = () => smppProvider(smsc);

describe('SMS over SMPP', () => {
  let tenant: TenantRow;
  let owner: Session;
  let providerId: string;
  beforeAll(async () => {
    ({ tenant, owner } = await tenantWithOwner(t, { name: 'Bachdorf' }));
    providerId = await addProvider(t, owner, smscProvider(), tenant.slug);
  });

  it('each recipient gets the SMS once from the tenant sender id, and delivery receipts mark it delivered', async () => {
    const numbers = Array.from({ length: 12 }, (_, i) => `+49170100${String(i).padStart(4, '0')}`);
    const id = await sendToAddresses(
      t,
      {
        text: 'Wasserrohrbruch in der Bachstraße: bitte Leitungswasser abkochen.',
        recipients: numbers.map((sms) => ({ sms })),
      },
      tenant,
    );
    const counts = await waitFor(
      () => messageCounts(t, owner, id, tenant.slug),
      (c) => c.sms?.delivered === 12,
    );
    expect(counts.sms.delivered).toBe(12);
    for (const n of numbers) expect(smsc.byDestination.get(n.slice(1))).toBe(1);
    const one = smsc.submits.find((m) => m.destination === '491701000000')!;
    expect(one.source).toBe('Bachdorf');
    const rows = await deliveriesOf(t, owner, id, tenant.slug);
    expect(rows.every((r) => r.providerId === providerId && r.costCents === 7)).toBe(true);
  });

  it('a long text goes as concatenated parts, counted and priced per part', async () => {
    const text = 'Die Sperrung der Hauptstraße dauert wegen Bauarbeiten bis Freitag. '.repeat(4);
    const id = await sendToAddresses(t, { text, recipients: [{ sms: '+491701112222' }] }, tenant);
    await waitFor(
      () => messageCounts(t, owner, id, tenant.slug),
      (c) => c.sms?.delivered === 1,
    );
    const [row] = await deliveriesOf(t, owner, id, tenant.slug);
    expect(row.parts).toBe(2);
    expect(row.costCents).toBe(14);
    expect(smsc.messages.find((m) => m.destination === '491701112222')!.text).toBe(text.trim());
  });

  it('a number the SMSC rejects fails at once with the reason, others still arrive', async () => {
    const id = await sendToAddresses(t, { text: 'Test', recipients: [{ sms: '+4915900000000' }, { sms: '+491701113333' }] }, tenant);
    const counts = await waitFor(
      () => messageCounts(t, owner, id, tenant.slug),
      (c) => c.sms?.failed === 1 && c.sms?.delivered === 1,
    );
    expect(counts.sms).toMatchObject({ failed: 1, delivered: 1 });
    const failed = (await deliveriesOf(t, owner, id, tenant.slug)).find((r) => r.status === 'failed')!;
    expect(failed.attempts).toBe(1);
    expect(failed.lastError).toMatch(/RINVDSTADR|invalid dest/i);
  });

  it('a reply by SMS is stored for the tenant that last wrote to the number', async () => {
    const id = await sendToAddresses(t, { text: 'Rückfragen? Antworten Sie auf diese SMS.', recipients: [{ sms: '+491701114444' }] }, tenant);
    await waitFor(
      () => messageCounts(t, owner, id, tenant.slug),
      (c) => c.sms?.delivered === 1,
    );
    await smsc.sendMo('491701114444', 'Bachdorf', 'Danke für die Info!');
    const rows = await waitFor(
      () => t.deps.db.system.select().from(inboundMessages).where(eq(inboundMessages.sender, '+491701114444')),
      (r) => r.length > 0,
      10_000,
    );
    expect(rows[0]).toMatchObject({ tenantId: tenant.id, channel: 'sms', text: 'Danke für die Info!' });
    expect(rows[0].deliveryId).toBeTruthy();
  });
});

describe('failover', () => {
  let tenant: TenantRow;
  let owner: Session;
  beforeAll(async () => {
    ({ tenant, owner } = await tenantWithOwner(t, { name: 'Failover' }));
    await addProvider(t, owner, smscProvider(), tenant.slug);
  });

  it('a provider that keeps failing loses weight (logged) and the other carries the messages', async () => {
    await withOwnSmsc({ throttleEvery: 1 }, async (throttling) => {
      const bad = await addProvider(t, owner, smppPeerProvider(throttling, 'Throttled SMSC'), tenant.slug);
      // the choice between providers is weighted chance and a throttled provider pauses, so how many sends reach it
      // in one wave varies; waves go out until it has failed the five sends its health needs to be judged
      const log = [] as (typeof providerWeightLog.$inferSelect)[];
      for (let wave = 0; wave < 10 && log.length === 0; wave++) {
        const numbers = Array.from({ length: 150 }, (_, i) => `+4917${wave}200${String(i).padStart(4, '0')}`);
        const id = await sendToAddresses(t, { text: 'Failover', recipients: numbers.map((sms) => ({ sms })) }, tenant);
        const counts = await waitFor(
          () => messageCounts(t, owner, id, tenant.slug),
          (c) => c.sms?.delivered === 150,
          60_000,
        );
        expect(counts.sms.delivered).toBe(150);
        for (const n of numbers) expect(smsc.byDestination.get(n.slice(1))).toBe(1);
        if (throttling.attempts.length < 5) continue;
        log.push(
          ...(await waitFor(
            () => t.deps.db.system.select().from(providerWeightLog).where(eq(providerWeightLog.providerId, bad)),
            (rows) => rows.length > 0,
            10_000,
          )),
        );
      }
      expect(throttling.attempts.length).toBeGreaterThanOrEqual(5);
      expect(log.length).toBeGreaterThan(0);
      expect(log[0].toFactor).toBeLessThan(log[0].fromFactor);
      const api = await t.as(owner, { method: 'GET', url: `/api/v1/tenants/${tenant.slug}/providers/${bad}/weight-log` });
      expect(api.json().items[0].reason).toMatch(/error rate/);
    });
  }, 180_000);
});

describe('rate limits', () => {
  let tenant: TenantRow;
  let owner: Session;
  beforeAll(async () => {
    ({ tenant, owner } = await tenantWithOwner(t, { name: 'Langsamstadt' }));
  });

  it("a provider's rate limit (messages per second) holds, shared through the database", async () => {
    await withOwnSmsc({}, async (limited) => {
      await addProvider(t, owner, smppPeerProvider(limited, 'Limited', { ratePerSecond: 5 }), tenant.slug);
      const numbers = Array.from({ length: 20 }, (_, i) => `+49172300${String(i).padStart(4, '0')}`);
      const id = await sendToAddresses(t, { text: 'Langsam', recipients: numbers.map((sms) => ({ sms })) }, tenant);
      await waitFor(
        () => messageCounts(t, owner, id, tenant.slug),
        (c) => c.sms?.delivered === 20,
        30_000,
      );
      const times = limited.attempts.map((a) => a.at).sort((a, b) => a - b);
      expect(times).toHaveLength(20);
      // a bucket of 5 plus 5 per second: no one-second window may hold more than 10
      const busiest = Math.max(...times.map((start) => times.filter((x) => x >= start && x < start + 1000).length));
      expect(busiest).toBeLessThanOrEqual(10);
    });
  }, 40_000);
});

describe('SMS over an HTTP provider (Twilio-shaped API)', () => {
  let tenant: TenantRow;
  let owner: Session;
  let peer: SmsHttpProvider;
  let providerId: string;
  beforeAll(async () => {
    peer = await startSmsHttpProvider({ callbackDelayMs: 20 });
    // this tenant uses only the HTTP provider
    ({ tenant, owner } = await tenantWithOwner(t, { name: 'Webdorf' }));
    providerId = await addProvider(
      t,
      owner,
      {
        channel: 'sms',
        kind: 'sms-http',
        name: 'HTTP SMS',
        config: { mapping: 'twilio', baseUrl: peer.baseUrl, accountId: peer.accountSid, from: 'Webdorf' },
        secrets: { authToken: peer.authToken },
      },
      tenant.slug,
    );
    const patch = await t.as(owner, {
      method: 'PATCH',
      url: `/api/v1/tenants/${tenant.slug}/providers/${providerId}`,
      payload: {
        config: {
          mapping: 'twilio',
          baseUrl: peer.baseUrl,
          accountId: peer.accountSid,
          from: 'Webdorf',
          statusCallbackUrl: `http://127.0.0.1:${port}/hooks/sms/${providerId}`,
        },
      },
    });
    expect(patch.statusCode, patch.body).toBe(200);
  });
  afterAll(async () => {
    await peer.close();
  });

  it('sends through the API and the signed status callback marks the delivery delivered', async () => {
    const id = await sendToAddresses(t, { text: 'Über HTTP', recipients: [{ sms: '+491702223333' }] }, tenant);
    const counts = await waitFor(
      () => messageCounts(t, owner, id, tenant.slug),
      (c) => c.sms?.delivered === 1,
    );
    expect(counts.sms.delivered).toBe(1);
    expect(peer.messages.filter((m) => m.to === '+491702223333')).toHaveLength(1);
    expect(peer.callbacks.every((c) => c.httpStatus === 204)).toBe(true);
  });

  it('a provider error (500) costs a retry, not the message', async () => {
    peer.setFault('500');
    const id = await sendToAddresses(t, { text: 'Später', recipients: [{ sms: '+491702224444' }] }, tenant);
    const first = await waitFor(
      () => deliveriesOf(t, owner, id, tenant.slug),
      (r) => r[0]?.attempts >= 1 && r[0].status === 'queued',
    );
    expect(first[0].lastError).toBeTruthy();
    peer.setFault(null);
    const counts = await waitFor(
      () => messageCounts(t, owner, id, tenant.slug),
      (c) => c.sms?.delivered === 1,
      30_000,
    );
    expect(counts.sms.delivered).toBe(1);
    expect(peer.messages.filter((m) => m.to === '+491702224444')).toHaveLength(1);
  }, 40_000);

  it('an unsigned or tampered receipt webhook is refused and changes nothing; a malformed one answers 400', async () => {
    const url = `/hooks/sms/${providerId}`;
    const body = 'MessageSid=SM00000000000000000000000000000000&MessageStatus=delivered';
    const unsigned = await t.app.inject({ method: 'POST', url, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: body });
    expect(unsigned.statusCode).toBe(401);
    const wrong = createHmac('sha1', 'not-the-token')
      .update(`http://127.0.0.1:${port}${url}MessageSidSM00000000000000000000000000000000MessageStatusdelivered`)
      .digest('base64');
    const tampered = await t.app.inject({
      method: 'POST',
      url,
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': wrong },
      payload: body,
    });
    expect(tampered.statusCode).toBe(401);
    const good = (raw: string) => {
      const params = new URLSearchParams(raw);
      const data = [...params.keys()]
        .sort()
        .map((k) => k + params.get(k))
        .join('');
      return createHmac('sha1', peer.authToken).update(`http://127.0.0.1:${port}${url}${data}`).digest('base64');
    };
    const malformed = await t.app.inject({
      method: 'POST',
      url,
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': good('Foo=bar') },
      payload: 'Foo=bar',
    });
    expect(malformed.statusCode).toBe(400);
    expect((await t.app.inject({ method: 'POST', url: '/hooks/sms/not-a-provider', payload: 'x' })).statusCode).toBe(404);
  });
});

describe('metrics', () => {
  it('deliveries are counted per tenant, channel, provider and status', async () => {
    const { tenant, owner } = await tenantWithOwner(t, { name: 'Zahlenau' });
    await addProvider(t, owner, smscProvider(), tenant.slug);
    const id = await sendToAddresses(t, { text: 'Gezählt', recipients: [{ sms: '+491703334444' }] }, tenant);
    await waitFor(
      () => messageCounts(t, owner, id, tenant.slug),
      (c) => c.sms?.delivered === 1,
    );
    const res = await t.app.inject('/metrics');
    expect(res.body).toMatch(new RegExp(`civicast_deliveries_total\\{tenant="${tenant.id}",channel="sms",provider="[0-9a-f-]+",status="delivered"\\} \\d+`));
    expect(res.body).toContain('civicast_delivery_handoff_seconds_bucket');
    expect(res.body).toContain('civicast_delivery_queue_depth');
  });
});

describe('hand-off time', () => {
  it("a delivery's sent time is when the SMSC accepted it, not when its batch's outcomes were written", async () => {
    await withOwnSmsc({ slowDestinations: { '491733000001': 1500 } }, async (slow) => {
      const { tenant, owner } = await tenantWithOwner(t, { name: 'Eilstadt' });
      await addProvider(t, owner, smppProvider(slow), tenant.slug);
      // one batch: both are submitted at once, the fast one is answered at once and the slow one 1.5 s later
      const id = await sendToAddresses(t, { text: 'Eilt', recipients: [{ sms: '+491733000000' }, { sms: '+491733000001' }] }, tenant);
      const rows = await waitFor(
        () => deliveriesOf(t, owner, id, tenant.slug),
        (r) => r.length === 2 && r.every((d) => d.sentAt),
      );
      const at = (n: string) => new Date(rows.find((r) => r.recipient === n)!.sentAt!).getTime();
      expect(at('+491733000001') - at('+491733000000')).toBeGreaterThanOrEqual(1000);
    });
  });
});

describe('receipts while warnings go out', () => {
  it('a delivery receipt waits while urgent work runs in this process, and is stored once it is done', async () => {
    // the receipt comes a moment after the answer, so the delivery is "sent" first and the gate is shut before it
    const late = await startSmsc({ systemId: 'civicast', password: 'secret', receiptDelayMs: 400 });
    const gate = t.deps.delivery.urgentGate;
    let shut = false;
    try {
      const { tenant, owner } = await tenantWithOwner(t, { name: 'Quittungsdorf' });
      await addProvider(t, owner, smppProvider(late), tenant.slug);
      const id = await sendToAddresses(t, { text: 'Quittung später', recipients: [{ sms: '+491734000000' }] }, tenant);
      await waitFor(
        () => deliveriesOf(t, owner, id, tenant.slug),
        (r) => r[0]?.status === 'sent',
      );
      // as a warning being accepted or an urgent batch does
      gate.enter();
      shut = true;
      await waitFor(
        async () => late.stats().receiptsSent,
        (n) => n === 1,
      );
      // written at once it would be stored within milliseconds; held, nothing is written and the SMSC waits
      await new Promise((r) => setTimeout(r, 300));
      expect((await deliveriesOf(t, owner, id, tenant.slug))[0].status).toBe('sent');
      gate.leave();
      shut = false;
      const [row] = await waitFor(
        () => deliveriesOf(t, owner, id, tenant.slug),
        (r) => r[0]?.status === 'delivered',
      );
      expect(row.status).toBe('delivered');
      expect(late.stats().receiptsRefused).toBe(0);
    } finally {
      if (shut) gate.leave();
      await late.close();
    }
  });
});

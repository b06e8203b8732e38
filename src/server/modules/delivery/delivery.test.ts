import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Session, type TestApp } from '../../../../test/helpers/app.ts';
import { acceptAddresses } from '../../../../test/helpers/delivery.ts';
import { pushDevice, resident } from '../../../../test/helpers/factories.ts';
import { deliveries, devOutbox } from '../../platform/db/schema.ts';

let t: TestApp;
let owner: Session;
beforeAll(async () => {
  t = await createTestApp({ work: true, env: { CIVICAST_DELIVERY_BATCH_SIZE: '2' } });
  owner = await t.loginOwner();
});
afterAll(async () => {
  await t.close();
});

async function until<T>(fn: () => Promise<T>, ok: (v: T) => boolean, ms = 20_000): Promise<T> {
  const end = Date.now() + ms;
  let v = await fn();
  while (!ok(v) && Date.now() < end) {
    await new Promise((r) => setTimeout(r, 200));
    v = await fn();
  }
  return v;
}

const status = (id: string) => t.as(owner, { method: 'GET', url: `/api/v1/tenants/musterstadt/sends/${id}` }).then((r) => r.json());

describe('sending through the dev outbox', () => {
  it('every recipient gets the message once on each of their channels, and the statuses reach delivered', async () => {
    const sub = { id: await pushDevice(t.deps, t.tenant, null, 'http://127.0.0.1:9/push/a') };
    const { id, deliveries: counts } = await acceptAddresses(t, {
      subject: 'Straßensperrung',
      text: 'Die Hauptstraße ist morgen von 8 bis 16 Uhr gesperrt.',
      recipients: [{ sms: '+49 170 1234567', email: 'anna@example.org' }, { sms: '0171 7654321' }, { email: 'bert@example.org' }, { push: sub.id }],
    });
    expect(counts).toEqual({ sms: 2, email: 2, push: 1 });
    const done = await until(
      () => status(id),
      (s) => (['sms', 'email', 'push'] as const).every((c) => s.counts[c]?.delivered === counts[c]),
    );
    expect(done.counts.sms.delivered).toBe(2);
    // this message's rows only: other tests of this file send through the same outbox, in any order
    const outbox = (await t.deps.db.system.select().from(devOutbox).where(eq(devOutbox.tenantId, t.tenant.id))).filter((o) =>
      o.bodyText.includes('Die Hauptstraße ist morgen'),
    );
    const sms = outbox
      .filter((o) => o.channel === 'sms')
      .map((o) => o.recipient)
      .sort();
    expect(sms).toEqual(['+491701234567', '+491717654321']);
    const mail = outbox.find((o) => o.recipient === 'anna@example.org')!;
    expect(mail.subject).toBe('Straßensperrung');
    expect((mail.meta as { headers: Record<string, string> }).headers['List-Unsubscribe-Post']).toBe('List-Unsubscribe=One-Click');
    expect((mail.meta as { replyTo: string }).replyTo).toMatch(/^reply\+[\w-]{32}@/);
    expect(outbox.find((o) => o.channel === 'sms')!.meta).toMatchObject({ parts: 1, encoding: 'GSM-7' });
  });

  it('a message to an audience goes through the API to each consenting resident and arrives', async () => {
    await resident(t.deps, t.tenant, { phone: '+491702220001', email: 'clara@example.org', topics: ['baustellen'], channels: ['sms', 'email'] });
    const draft = await t.as(owner, {
      method: 'POST',
      url: '/api/v1/tenants/musterstadt/messages',
      payload: { title: 'Kanalarbeiten', body: 'Kanalarbeiten ab Montag', audience: { topics: ['baustellen'] }, channels: ['sms', 'email'] },
    });
    expect(draft.statusCode, draft.body).toBe(201);
    const res = await t.as(owner, { method: 'POST', url: `/api/v1/tenants/musterstadt/messages/${draft.json().id}/send` });
    expect(res.statusCode, res.body).toBe(200);
    const [id] = res.json().deliveryMessageIds;
    const done = await until(
      () => status(id),
      (s) => s.counts.sms?.delivered === 1 && s.counts.email?.delivered === 1,
    );
    expect(done.counts).toMatchObject({ sms: { delivered: 1 }, email: { delivered: 1 } });
  });

  it('an invalid number or address is refused before anything is queued, naming each one', async () => {
    const before = (await t.deps.db.system.select().from(deliveries)).length;
    const refused = await acceptAddresses(t, { text: 'Hallo', recipients: [{ sms: '+49 170 1234567' }, { sms: '12' }, { email: 'not-an-address' }] }).catch(
      (e: unknown) => e,
    );
    expect(refused).toMatchObject({ code: 'validation_failed' });
    expect((refused as { errors: Array<{ pointer: string }> }).errors.map((e) => e.pointer)).toEqual(['/body/recipients/1/sms', '/body/recipients/2/email']);
    expect((await t.deps.db.system.select().from(deliveries)).length).toBe(before);
  });

  it('a send is committed before it is accepted: the deliveries exist when acceptSend returns', async () => {
    const { id } = await acceptAddresses(t, { text: 'Kurz', recipients: [{ sms: '+4915112345678' }] });
    const rows = await t.deps.db.system.select().from(deliveries).where(eq(deliveries.messageId, id));
    expect(rows).toHaveLength(1);
  });

  it('a long text with umlauts is counted in GSM-7 parts; one with ê goes as UCS-2', async () => {
    const long = 'Müllabfuhr verschiebt sich wegen des Feiertags. '.repeat(5);
    const est = await t.as(owner, { method: 'POST', url: '/api/v1/tenants/musterstadt/messages/estimate', payload: { text: long, recipients: { sms: 10 } } });
    expect(est.json().sms).toMatchObject({ encoding: 'GSM-7', segments: 2 });
    const est2 = await t.as(owner, { method: 'POST', url: '/api/v1/tenants/musterstadt/messages/estimate', payload: { text: 'Fête', recipients: { sms: 1 } } });
    expect(est2.json().sms.encoding).toBe('UCS-2');
  });
});

// E-mail and web-push deliveries against real peers (an SMTP server, a push service that decrypts), with
// bounces and replies through the inbound SMTP receiver, one-click unsubscribe, and the push → SMS fallback.
import { eq, sql } from 'drizzle-orm';
import nodemailer from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Session, type TestApp } from '../../../../test/helpers/app.ts';
import { resident } from '../../../../test/helpers/factories.ts';
import { freePort } from '../../../../test/helpers/ports.ts';
import { acceptAddresses, addProvider, deliveriesOf, messageCounts, sendToAddresses, waitFor, watchTenantScripts } from '../../../../test/helpers/delivery.ts';
import { type PushReceiver, startPushReceiver } from '../../../../test/peers/push-receiver.ts';
import { type SmtpSink, startSmtpSink } from '../../../../test/peers/smtp-sink.ts';
import { deliveries, devOutbox, inboundMessages, pushSubscriptions } from '../../platform/db/schema.ts';
import { consentHistory, getFollow } from '../residents/index.ts';
import { startInboundEmail, sweepDeliveries } from './index.ts';

let t: TestApp;
let owner: Session;
let sink: SmtpSink;
let push: PushReceiver;
let inboundPort: number;
let stopInbound: (() => Promise<void>) | null;

beforeAll(async () => {
  inboundPort = await freePort();
  t = await createTestApp({
    work: true,
    env: {
      CIVICAST_INBOUND_SMTP_PORT: String(inboundPort),
      CIVICAST_REPLY_ADDRESS: 'reply@civicast.test',
      CIVICAST_HARD_BOUNCE_LIMIT: '2',
      CIVICAST_PUSH_ENDPOINT_HOSTS: '127.0.0.1',
    },
  });
  owner = await t.loginOwner();
  sink = await startSmtpSink({ failRecipients: { 'nobody@example.org': { code: 550, message: '5.1.1 No such user' } } });
  push = await startPushReceiver({});
  stopInbound = await startInboundEmail(t.deps);
  await addProvider(t, owner, { channel: 'email', kind: 'smtp', name: 'Relay', config: { host: '127.0.0.1', port: sink.port } });
  await addProvider(t, owner, { channel: 'push', kind: 'webpush', name: 'Web Push', config: { subject: 'mailto:ops@civicast.test' } });
});
afterAll(async () => {
  await stopInbound?.();
  await t.close();
  await sink.close();
  await push.close();
});

async function inboundMail(raw: string, to: string) {
  const transport = nodemailer.createTransport({ host: '127.0.0.1', port: inboundPort, secure: false, ignoreTLS: true });
  await transport.sendMail({ envelope: { from: 'mailer-daemon@mx.example.org', to }, raw });
  transport.close();
}

function dsn(recipient: string, status: string, originalMessageId: string) {
  return [
    'From: Mail Delivery System <MAILER-DAEMON@mx.example.org>',
    'To: reply@civicast.test',
    'Subject: Undelivered Mail Returned to Sender',
    'MIME-Version: 1.0',
    'Content-Type: multipart/report; report-type=delivery-status; boundary="RPT"',
    '',
    '--RPT',
    'Content-Type: text/plain',
    '',
    'Not delivered.',
    '',
    '--RPT',
    'Content-Type: message/delivery-status',
    '',
    'Reporting-MTA: dns; mx.example.org',
    '',
    `Final-Recipient: rfc822; ${recipient}`,
    'Action: failed',
    `Status: ${status}`,
    '',
    '--RPT',
    'Content-Type: text/rfc822-headers',
    '',
    `To: ${recipient}`,
    `Message-ID: ${originalMessageId}`,
    'Subject: Hallo',
    '',
    '--RPT--',
    '',
  ].join('\r\n');
}

/** The List-Unsubscribe link of the e-mail message `id` sent to `address`, once it is sent. */
async function unsubscribeLink(id: string, address: string): Promise<URL> {
  await waitFor(
    () => messageCounts(t, owner, id),
    (c) => c.email?.sent === 1,
  );
  const header = sink.messages.find((m) => m.to.includes(address))!.headers.get('list-unsubscribe')!;
  return new URL(header.slice(1, -1));
}

/** The one-click unsubscribe a mail client posts (RFC 8058). */
const oneClick = (url: string) =>
  t.app.inject({ method: 'POST', url, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'List-Unsubscribe=One-Click' });

describe('e-mail over SMTP', () => {
  it('arrives with text and HTML, the tenant as sender, a reply address with a token and one-click unsubscribe headers', async () => {
    const id = await sendToAddresses(t, {
      subject: 'Sperrmüll',
      text: 'Die Abholung ist am Montag.',
      html: '<p>Die Abholung ist am <b>Montag</b>.</p>',
      recipients: [{ email: 'clara@example.org' }, { email: 'dieter@example.org' }],
    });
    const counts = await waitFor(
      () => messageCounts(t, owner, id),
      (c) => c.email?.sent === 2,
    );
    expect(counts.email.sent).toBe(2);
    const mails = ['clara@example.org', 'dieter@example.org'].map((to) => sink.messages.find((m) => m.to.includes(to))!);
    for (const [i, mail] of mails.entries()) {
      expect(mail.headers.get('to')).toBe(mail.to[0]);
      expect(mail.subject).toBe('Sperrmüll');
      expect(mail.text.trim()).toBe('Die Abholung ist am Montag.');
      expect(mail.html).toContain('<b>Montag</b>');
      expect(mail.from).toContain('Musterstadt');
      expect(mail.headers.get('reply-to')).toMatch(/reply\+[\w-]{32}@civicast\.test/);
      expect(mail.headers.get('list-unsubscribe')).toMatch(/^<http:\/\/localhost:3000\/m\/musterstadt\/unsubscribe\?t=[\w-]{32}>$/);
      expect(mail.headers.get('list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');
      // each resident's reply token, unsubscribe link and Message-ID are their own, not the other's
      const other = mails[1 - i]!;
      expect(mail.headers.get('reply-to')).not.toBe(other.headers.get('reply-to'));
      expect(mail.headers.get('list-unsubscribe')).not.toBe(other.headers.get('list-unsubscribe'));
      expect(mail.messageId).not.toBe(other.messageId);
    }
    // the unsubscribe token in the link and the reply token are those of the same delivery
    for (const mail of mails) {
      const replyToken = /reply\+([\w-]{32})@/.exec(mail.headers.get('reply-to')!)![1];
      expect(mail.headers.get('list-unsubscribe')).toContain(`t=${replyToken}`);
    }
  });

  it('a recipient the server refuses (550) fails at once with the reason', async () => {
    const id = await sendToAddresses(t, { text: 'x', recipients: [{ email: 'nobody@example.org' }] });
    await waitFor(
      () => messageCounts(t, owner, id),
      (c) => c.email?.failed === 1,
    );
    const [row] = await deliveriesOf(t, owner, id);
    expect(row.lastError).toMatch(/550|No such user/);
  });

  it('a hard bounce marks the delivery failed; after repeated hard bounces the address is not written to again', async () => {
    for (let i = 0; i < 2; i++) {
      const id = await sendToAddresses(t, { text: `Rundbrief ${i}`, recipients: [{ email: 'gone@example.org' }] });
      await waitFor(
        () => messageCounts(t, owner, id),
        (c) => c.email?.sent === 1,
      );
      const messageId = sink.messages.filter((m) => m.to.includes('gone@example.org')).at(-1)!.messageId!;
      await inboundMail(dsn('gone@example.org', '5.1.1', messageId), 'reply@civicast.test');
      const counts = await waitFor(
        () => messageCounts(t, owner, id),
        (c) => c.email?.failed === 1,
        10_000,
      );
      expect(counts.email.failed).toBe(1);
    }
    const res = await acceptAddresses(t, { text: 'Noch einer', recipients: [{ email: 'gone@example.org' }, { email: 'anna@example.org' }] });
    expect(res.deliveries.email).toBe(1);
    expect(res.skipped[0]).toMatchObject({ pointer: '/body/recipients/0/email' });
  });

  it("a reply to the message's reply address lands as an inbound message of the tenant, matched to the delivery", async () => {
    const id = await sendToAddresses(t, { text: 'Fragen?', recipients: [{ email: 'bert@example.org' }] });
    await waitFor(
      () => messageCounts(t, owner, id),
      (c) => c.email?.sent === 1,
    );
    const replyTo = sink.messages
      .find((m) => m.to.includes('bert@example.org'))!
      .headers.get('reply-to')!
      .match(/reply\+[\w-]+@civicast\.test/)![0];
    await inboundMail(
      [
        'From: Bert <bert@example.org>',
        `To: ${replyTo}`,
        'Subject: Re: Fragen?',
        'Content-Type: text/plain; charset=utf-8',
        '',
        'Wann wird die Straße wieder frei?',
        '',
        '> Fragen?',
        '',
      ].join('\r\n'),
      replyTo,
    );
    const rows = await waitFor(
      () => t.deps.db.system.select().from(inboundMessages).where(eq(inboundMessages.sender, 'bert@example.org')),
      (r) => r.length === 1,
      10_000,
    );
    const [row] = await deliveriesOf(t, owner, id);
    expect(rows[0]).toMatchObject({ tenantId: t.tenant.id, channel: 'email', deliveryId: row.id, text: 'Wann wird die Straße wieder frei?' });
  });

  it('one click on unsubscribe (RFC 8058) stops further e-mail to that address; the link page asks first', async () => {
    const id = await sendToAddresses(t, { text: 'Newsletter', recipients: [{ email: 'carla@example.org' }] });
    const url = await unsubscribeLink(id, 'carla@example.org');
    const page = await t.app.inject({ method: 'GET', url: url.pathname + url.search });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<form method="post"');
    const done = await oneClick(url.pathname + url.search);
    expect(done.statusCode).toBe(200);
    const res = await acceptAddresses(t, { text: 'Wieder', recipients: [{ email: 'carla@example.org' }, { sms: '+491701234567' }] });
    expect(res.deliveries).toMatchObject({ email: 0, sms: 1 });
    const forged = await oneClick(`${url.pathname}?t=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA`);
    expect(forged.statusCode).toBe(400);
  });
});

describe('unsubscribe link and the consent ledger', () => {
  it("a resident who clicks the e-mail's unsubscribe link loses the e-mail channel, and the ledger records how", async () => {
    const residentId = await resident(t.deps, t.tenant, { phone: '+491709998877', email: 'Dora@Example.org', channels: ['sms', 'email'] });
    const id = await sendToAddresses(t, { text: 'Abfuhr', recipients: [{ email: 'dora@example.org' }] });
    const url = await unsubscribeLink(id, 'dora@example.org');
    const done = await oneClick(url.pathname + url.search);
    expect(done.statusCode).toBe(200);
    expect((await getFollow(t.deps, t.tenant.id, residentId))!).toMatchObject({ status: 'active', channels: ['sms'] });
    const ledger = await consentHistory(t.deps.db, t.tenant.id, residentId);
    expect(ledger.filter((c) => c.action === 'withdrawn')).toEqual([expect.objectContaining({ channel: 'email', method: 'email-unsubscribe' })]);
  });
});

describe('web push', () => {
  async function subscribe() {
    const sub = push.newSubscription();
    const res = await t.app.inject({ method: 'POST', url: '/m/musterstadt/push/subscriptions', payload: { endpoint: sub.endpoint, keys: sub.keys } });
    expect(res.statusCode, res.body).toBe(201);
    return { ...sub, id: res.json().id as string };
  }

  it('a subscription must point at an accepted push service', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/m/musterstadt/push/subscriptions',
      payload: { endpoint: 'http://10.0.0.5/internal', keys: push.newSubscription().keys },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0].pointer).toBe('/body/endpoint');
  });

  it('the notification arrives encrypted, decrypts to title, body and link; warnings are sent with high urgency', async () => {
    const sub = await subscribe();
    const key = await t.app.inject('/m/musterstadt/push/key');
    expect(key.json().publicKey).toMatch(/^[A-Za-z0-9_-]{80,90}$/);
    // the warning's first batch is inserted claimed, with the subscription's endpoint and keys: no claim after the commit
    const scripts = watchTenantScripts(t);
    try {
      await sendToAddresses(t, { subject: 'Unwetterwarnung', text: 'Sturmböen bis 100 km/h.', kind: 'warning', recipients: [{ push: sub.id }] });
      const got = await waitFor(
        async () => push.received.filter((r) => r.endpoint === sub.endpoint),
        (r) => r.length === 1,
      );
      expect(got[0].payload).toMatchObject({ title: 'Unwetterwarnung', body: 'Sturmböen bis 100 km/h.', url: 'http://localhost:3000/m/musterstadt/' });
      expect(got[0].urgency).toBe('high');
      expect(scripts.claims()).toEqual([]);
    } finally {
      scripts.stop();
    }
  });

  it('a subscription the push service reports gone is removed', async () => {
    const sub = await subscribe();
    await push.close();
    push = await startPushReceiver({ port: Number(new URL(sub.endpoint).port), goneEndpoints: new Set([sub.endpoint]) });
    const id = await sendToAddresses(t, { text: 'Weg?', recipients: [{ push: sub.id }] });
    await waitFor(
      () => messageCounts(t, owner, id),
      (c) => c.push?.failed === 1,
    );
    expect(await t.deps.db.system.select().from(pushSubscriptions).where(eq(pushSubscriptions.id, sub.id))).toHaveLength(0);
  });

  it('an unconfirmed push goes out once more as SMS (fallback), a confirmed one does not', async () => {
    const a = await subscribe();
    const b = await subscribe();
    const id = await sendToAddresses(t, {
      text: 'Bitte bestätigen',
      recipients: [
        { push: a.id, fallback: { channel: 'sms', address: '+491709990001' } },
        { push: b.id, fallback: { channel: 'sms', address: '+491709990002' } },
      ],
    });
    await waitFor(
      () => messageCounts(t, owner, id),
      (c) => c.push?.sent === 2,
    );
    // b's device confirms the notification it showed
    const shownId = push.received.find((r) => r.endpoint === b.endpoint)!.payload.id as string;
    const ack = await t.app.inject({ method: 'POST', url: '/m/musterstadt/push/ack', payload: { id: shownId } });
    expect(ack.statusCode).toBe(204);
    await t.deps.db.system.update(deliveries).set({ sentAt: sql`now() - interval '1 hour'` }).where(eq(deliveries.messageId, id));
    const swept = await sweepDeliveries(t.deps);
    expect(swept.fallbacks).toBe(1);
    const rows = await waitFor(
      () => deliveriesOf(t, owner, id),
      (r) => r.some((d) => d.channel === 'sms' && d.status === 'delivered'),
    );
    const sms = rows.filter((d) => d.channel === 'sms');
    expect(sms).toHaveLength(1);
    expect(sms[0].recipient).toBe('+491709990001');
    expect(sms[0].fallbackOf).toBe(rows.find((d) => d.recipient === a.id)!.id);
    expect((await sweepDeliveries(t.deps)).fallbacks).toBe(0); // once
    const outbox = await t.deps.db.system.select().from(devOutbox).where(eq(devOutbox.recipient, '+491709990001'));
    expect(outbox).toHaveLength(1);
  });
});

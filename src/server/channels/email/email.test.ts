// The e-mail channel against real peers: the SMTP sink for outbound mail, nodemailer delivering to our inbound MX.
import { generateKeyPairSync } from 'node:crypto';
import net from 'node:net';
import nodemailer from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SmtpSink, startSmtpSink, verifyDkim } from '../../../../test/peers/smtp-sink.ts';
import { createLogger } from '../../platform/logger.ts';
import type { Bounce, ChannelEvents, ChannelSender, InboundMessage, OutgoingMessage } from '../types.ts';
import { stripQuotedHistory } from './inbound.ts';
import { createSmtpSender, type InboundSmtp, parseReplyToken, replyAddress, startInboundSmtp } from './index.ts';
import { mailboxOf } from './smtp.sender.ts';

const log = createLogger('silent');
const TOKEN = 'tok_Ab12-cd34';

function recorder(fail = false) {
  const bounces: Bounce[] = [];
  const inbound: InboundMessage[] = [];
  const events: ChannelEvents = {
    receipt: async () => {},
    inbound: async (m) => {
      if (fail) throw new Error('database unavailable');
      inbound.push(m);
    },
    bounce: async (b) => void bounces.push(b),
  };
  return { events, bounces, inbound };
}

let seq = 0;
function message(overrides: Partial<OutgoingMessage> = {}): OutgoingMessage {
  seq += 1;
  return {
    deliveryId: `0b8f1c2e-${String(seq).padStart(4, '0')}-4000-8000-000000000000`,
    tenantId: 'tenant-1',
    channel: 'email',
    to: `resident${seq}@example.org`,
    from: 'Stadt Musterstadt <news@musterstadt.example>',
    subject: 'Straßensperrung Hauptstraße',
    text: 'Die Hauptstraße ist am Montag gesperrt.',
    html: '<p>Die Hauptstraße ist am <b>Montag</b> gesperrt.</p>',
    ...overrides,
  };
}

const sender = (port: number, extra: { dkim?: { domainName: string; keySelector: string; privateKey: string } } = {}) =>
  createSmtpSender({ providerId: 'smtp-1', host: '127.0.0.1', port, events: recorder().events, log, ...extra });

describe('the one mailbox in an address', () => {
  // a bare address is taken as it is; anything else is parsed as a header value: both must give the same answers
  it.each([
    ['anna@example.org', 'anna@example.org'],
    ['anna.o+tok_Ab12@example.org', 'anna.o+tok_Ab12@example.org'],
    [' anna@example.org ', 'anna@example.org'],
    ['Stadt Musterstadt <news@stadt.example>', 'news@stadt.example'],
    ['"Müller, Anna" <anna@example.org>', 'anna@example.org'],
    ['anna@example.org (Anna)', 'anna@example.org'],
    ['Anna:anna@example.org;', 'anna@example.org'],
    ['anna@example.org, bob@example.org', null],
    ['anna@example.org;bob@example.org', null],
    ['a@b@c', null],
    ['not an address', null],
    ['', null],
  ])('%j → %j', (value, mailbox) => {
    expect(mailboxOf(value)).toBe(mailbox);
  });
});

describe('e-mail sender', () => {
  let sink: SmtpSink;
  let smtp: ChannelSender;
  beforeAll(async () => {
    sink = await startSmtpSink({
      failRecipients: {
        'nobody@example.org': { code: 550, message: '5.1.1 No such user' },
        'busy@example.org': { code: 451, message: '4.7.1 Rate limited, try later' },
      },
    });
    smtp = sender(sink.port);
  });
  afterAll(async () => {
    await smtp.close();
    await sink.close();
  });
  const arrived = (id: string | null) => sink.messages.find((m) => m.messageId === id);

  it('a resident receives subject, plain text and HTML from the municipality', async () => {
    const result = await smtp.send(message({ to: 'anna@example.org' }));
    expect(result.ok).toBe(true);
    const mail = arrived(result.ok ? result.providerMessageId : null);
    expect(mail?.to).toEqual(['anna@example.org']);
    expect(mail?.from).toMatch(/^"?Stadt Musterstadt"? <news@musterstadt\.example>$/);
    expect(mail?.subject).toBe('Straßensperrung Hauptstraße');
    expect(mail?.text.trim()).toBe('Die Hauptstraße ist am Montag gesperrt.');
    expect(mail?.html).toContain('<b>Montag</b>');
  });

  it('the Message-ID carries the delivery id so bounces and replies find their delivery', async () => {
    const msg = message();
    const result = await smtp.send(msg);
    expect(result).toEqual({ ok: true, providerMessageId: `<${msg.deliveryId}@musterstadt.example>` });
    expect(arrived(`<${msg.deliveryId}@musterstadt.example>`)).toBeDefined();
  });

  it('the Reply-To carries the reply token', async () => {
    const result = await smtp.send(message({ replyTo: replyAddress('reply@civicast.example', TOKEN) }));
    const mail = arrived(result.ok ? result.providerMessageId : null);
    expect(mail?.headers.get('reply-to')).toBe(`reply+${TOKEN}@civicast.example`);
    expect(parseReplyToken(mail?.headers.get('reply-to') ?? '')).toBe(TOKEN);
  });

  it('mass mail carries one-click unsubscribe headers (RFC 8058) and Precedence: bulk', async () => {
    const headers = { 'List-Unsubscribe': '<https://civicast.example/u/abc>', 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' };
    const result = await smtp.send(message({ headers }));
    const mail = arrived(result.ok ? result.providerMessageId : null);
    expect(mail?.headers.get('list-unsubscribe')).toBe('<https://civicast.example/u/abc>');
    expect(mail?.headers.get('list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');
    expect(mail?.headers.get('precedence')).toBe('bulk');
    expect(mail?.headers.has('dkim-signature')).toBe(false);
  });

  it('mail is DKIM-signed for the configured domain and selector when a key is configured', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const signing = sender(sink.port, { dkim: { domainName: 'musterstadt.example', keySelector: 'cc2025', privateKey: pem } });
    const headers = { 'List-Unsubscribe': '<https://civicast.example/u/x>', 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' };
    const result = await signing.send(message({ headers }));
    await signing.close();
    const mail = arrived(result.ok ? result.providerMessageId : null);
    const signature = mail?.headers.get('dkim-signature') ?? '';
    expect(signature).toMatch(/\bd=musterstadt\.example;/);
    expect(signature).toMatch(/\bs=cc2025;/);
    expect(signature).toMatch(/\bh=[^;]*List-Unsubscribe-Post/i);
    expect(verifyDkim(mail?.raw ?? '', publicKey)).toBe(true);
  });

  it('two recipients of one message each get their own To, reply token, unsubscribe link and Message-ID', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const signing = sender(sink.port, { dkim: { domainName: 'musterstadt.example', keySelector: 'cc2025', privateKey: pem } });
    const forResident = (name: string, token: string) =>
      message({
        to: `${name}@example.org`,
        replyTo: replyAddress('reply@civicast.example', token),
        headers: { 'List-Unsubscribe': `<https://civicast.example/u/${token}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
      });
    const [berta, carl] = [forResident('berta', 'tok_berta_111'), forResident('carl', 'tok_carl_2222')];
    const results = await Promise.all([signing.send(berta), signing.send(carl), smtp.send(forResident('dora', 'tok_dora_3333'))]);
    await signing.close();
    for (const [msg, result, token] of [
      [berta, results[0], 'tok_berta_111'],
      [carl, results[1], 'tok_carl_2222'],
    ] as const) {
      expect(result).toEqual({ ok: true, providerMessageId: `<${msg.deliveryId}@musterstadt.example>` });
      const mail = arrived(result.ok ? result.providerMessageId : null);
      expect(mail?.to).toEqual([msg.to]);
      expect(mail?.headers.get('to')).toBe(msg.to);
      expect(parseReplyToken(mail?.headers.get('reply-to') ?? '')).toBe(token);
      expect(mail?.headers.get('list-unsubscribe')).toBe(`<https://civicast.example/u/${token}>`);
      expect(mail?.headers.get('precedence')).toBe('bulk');
      expect(mail?.subject).toBe('Straßensperrung Hauptstraße');
      expect(mail?.text.trim()).toBe('Die Hauptstraße ist am Montag gesperrt.');
      expect(mail?.html).toContain('<b>Montag</b>');
      expect(verifyDkim(mail?.raw ?? '', publicKey)).toBe(true);
    }
    const dora = arrived(results[2].ok ? results[2].providerMessageId : null);
    expect(dora?.headers.get('to')).toBe('dora@example.org');
    expect(dora?.headers.has('dkim-signature')).toBe(false);
  });

  it('a reply address with a display name is written by nodemailer in full and keeps its token', async () => {
    const result = await smtp.send(message({ replyTo: `Rathaus, Bürgerbüro <${replyAddress('reply@civicast.example', TOKEN)}>` }));
    const mail = arrived(result.ok ? result.providerMessageId : null);
    expect(parseReplyToken(mail?.headers.get('reply-to') ?? '')).toBe(TOKEN);
  });

  it("an unknown recipient (550) fails permanently with the server's reason", async () => {
    const result = await smtp.send(message({ to: 'nobody@example.org' }));
    expect(result).toMatchObject({ ok: false, permanent: true, error: expect.stringContaining('550 5.1.1 No such user') });
  });

  it('a throttling answer (451) means try again later, after a back-off', async () => {
    const result = await smtp.send(message({ to: 'busy@example.org' }));
    expect(result).toMatchObject({ ok: false, permanent: false, retryAfterMs: 60_000 });
  });

  it('a mail server that is down means try again later', async () => {
    const down = await startSmtpSink();
    await down.close();
    const smtpDown = sender(down.port);
    const result = await smtpDown.send(message());
    await smtpDown.close();
    expect(result).toMatchObject({ ok: false, permanent: false });
  });

  it('an address that is not one mailbox fails permanently without a connection', async () => {
    expect(await smtp.send(message({ to: 'not an address' }))).toMatchObject({ ok: false, permanent: true });
  });

  it('50 quick sends share the pooled connections and each arrives once', async () => {
    const pooled = await startSmtpSink({ parse: false });
    const smtpPooled = sender(pooled.port);
    const msgs = Array.from({ length: 50 }, () => message());
    const results = await Promise.all(msgs.map((m) => smtpPooled.send(m)));
    await smtpPooled.close();
    await pooled.close();
    expect(results.every((r) => r.ok)).toBe(true);
    expect(pooled.countByRecipient.size).toBe(50);
    expect([...pooled.countByRecipient.values()].every((n) => n === 1)).toBe(true);
    expect(pooled.countByMessageId.size).toBe(50);
    expect(pooled.connections).toBeLessThanOrEqual(smtpPooled.concurrency);
  });
});

function dsn(o: { recipient: string; action: string; status: string; diagnostic?: string; original?: string; partType?: string }) {
  return [
    'From: Mail Delivery System <MAILER-DAEMON@mx.example.org>',
    'To: bounces@civicast.example',
    'Subject: Undelivered Mail Returned to Sender',
    'Date: Mon, 3 Feb 2025 10:00:00 +0100',
    'Message-ID: <dsn-1@mx.example.org>',
    'Auto-Submitted: auto-replied',
    'MIME-Version: 1.0',
    'Content-Type: multipart/report; report-type=delivery-status;',
    '  boundary="RPT"',
    '',
    '--RPT',
    'Content-Type: text/plain; charset=us-ascii',
    '',
    'Your message could not be delivered.',
    '',
    '--RPT',
    'Content-Type: message/delivery-status',
    '',
    'Reporting-MTA: dns; mx.example.org',
    'Original-Envelope-Id: env-77@musterstadt.example',
    '',
    `Final-Recipient: rfc822; ${o.recipient}`,
    `Action: ${o.action}`,
    `Status: ${o.status}`,
    ...(o.diagnostic ? [`Diagnostic-Code: smtp; ${o.diagnostic}`] : []),
    '',
    ...(o.original
      ? [
          '--RPT',
          `Content-Type: ${o.partType ?? 'message/rfc822'}`,
          '',
          'From: Stadt <news@musterstadt.example>',
          `To: ${o.recipient}`,
          `Message-ID: ${o.original}`,
          `Reply-To: reply+${TOKEN}@civicast.example`,
          'Subject: Hallo',
          '',
          'Text',
          '',
        ]
      : []),
    '--RPT--',
    '',
  ].join('\r\n');
}

function reply(o: { subject: string; body: string; headers?: string[] }) {
  return [
    'From: Anna Beispiel <anna@example.org>',
    `To: reply+${TOKEN}@civicast.example`,
    `Subject: ${o.subject}`,
    'Date: Mon, 3 Feb 2025 11:00:00 +0100',
    'Message-ID: <r1@example.org>',
    'In-Reply-To: <del-1@musterstadt.example>',
    ...(o.headers ?? []),
    'Content-Type: text/plain; charset=utf-8',
    '',
    o.body,
    '',
  ].join('\r\n');
}

describe('inbound mail', () => {
  const rec = recorder();
  let inbound: InboundSmtp;
  const receiver = (extra: { maxSizeBytes?: number; events?: ChannelEvents } = {}) =>
    startInboundSmtp({ port: 0, host: '127.0.0.1', domains: ['civicast.example'], events: rec.events, providerId: 'smtp-1', log, ...extra });
  beforeAll(async () => {
    inbound = await receiver();
  });
  afterAll(() => inbound.close());

  async function deliver(raw: string, opts: { port?: number; to?: string; from?: string } = {}) {
    const t = nodemailer.createTransport({ host: '127.0.0.1', port: opts.port ?? inbound.port, ignoreTLS: true });
    try {
      return await t.sendMail({ envelope: { from: opts.from ?? '', to: opts.to ?? `reply+${TOKEN}@civicast.example` }, raw });
    } finally {
      t.close();
    }
  }

  // a delivery status report as the remote MTA returns it to our bounce address; what the channel made of it
  async function bounceFrom(report: Parameters<typeof dsn>[0]) {
    await deliver(dsn(report), { to: 'bounces@civicast.example' });
    return rec.bounces.at(-1);
  }

  it('a DSN with 5.1.1 is a hard bounce of the original message', async () => {
    const original = '<del-1@musterstadt.example>';
    const bounce = await bounceFrom({ recipient: 'gone@example.org', action: 'failed', status: '5.1.1', diagnostic: '550 5.1.1 User unknown', original });
    expect(bounce).toMatchObject({
      providerId: 'smtp-1',
      address: 'gone@example.org',
      providerMessageId: original,
      replyToken: TOKEN,
      hard: true,
      reason: '550 5.1.1 User unknown',
    });
  });

  it('a DSN with 4.2.2 (mailbox full) is a soft bounce, found through the returned headers', async () => {
    const original = '<del-2@musterstadt.example>';
    const bounce = await bounceFrom({ recipient: 'full@example.org', action: 'failed', status: '4.2.2', original, partType: 'text/rfc822-headers' });
    expect(bounce).toMatchObject({ address: 'full@example.org', providerMessageId: original, hard: false });
  });

  it('a DSN without the original message is matched by its envelope id', async () => {
    expect(await bounceFrom({ recipient: 'x@example.org', action: 'failed', status: '5.2.1' })).toMatchObject({
      address: 'x@example.org',
      providerMessageId: '<env-77@musterstadt.example>',
      hard: true,
    });
  });

  it('a "delayed" DSN is no bounce: the message may still arrive', async () => {
    const before = rec.bounces.length;
    await deliver(dsn({ recipient: 'slow@example.org', action: 'delayed', status: '4.4.1' }), { to: 'bounces@civicast.example' });
    expect(rec.bounces.length).toBe(before);
    expect(rec.inbound.some((m) => m.from.includes('MAILER-DAEMON'))).toBe(false);
  });

  it('a reply to reply+TOKEN arrives with the token and without the quoted history', async () => {
    const body = [
      'Danke, die Laterne brennt wieder.',
      '',
      'Am 03.02.2025 um 10:00 schrieb Stadt Musterstadt <news@musterstadt.example>:',
      '> Die Laterne ist defekt.',
      '> Gruß',
    ].join('\r\n');
    await deliver(reply({ subject: 'Re: Laterne', body }), { from: 'anna@example.org' });
    expect(rec.inbound.at(-1)).toMatchObject({
      providerId: 'smtp-1',
      channel: 'email',
      from: 'anna@example.org',
      to: `reply+${TOKEN}@civicast.example`,
      subject: 'Re: Laterne',
      text: 'Danke, die Laterne brennt wieder.',
      replyToken: TOKEN,
      messageId: 'r1@example.org',
      inReplyTo: 'del-1@musterstadt.example',
      raw: { autoReply: false, fullText: expect.stringContaining('> Die Laterne ist defekt.') },
    });
  });

  it('an out-of-office answer still arrives, marked as an auto-reply', async () => {
    const headers = ['Auto-Submitted: auto-replied'];
    await deliver(reply({ subject: 'Abwesenheitsnotiz: Laterne', body: 'Ich bin bis 10.2. nicht im Haus.', headers }));
    expect(rec.inbound.at(-1)).toMatchObject({ replyToken: TOKEN, raw: { autoReply: true } });
  });

  it('quoted history is stripped for English, two-line and inline answers', () => {
    expect(stripQuotedHistory('Yes.\n\nOn Mon, 3 Feb 2025 at 10:00, Stadt <a@b.example> wrote:\n> Question?')).toBe('Yes.');
    const wrapped = 'Ja.\n\nOn Mon, 3 Feb 2025 at 10:00, Stadt Musterstadt\n<news@musterstadt.example> wrote:\n> Frage?';
    expect(stripQuotedHistory(wrapped)).toBe('Ja.');
    expect(stripQuotedHistory('On Mon, Stadt wrote:\n> Kommen Sie?\nJa, zu zweit.\n> Wann?\nUm 18 Uhr.')).toBe('Ja, zu zweit.\nUm 18 Uhr.');
    expect(stripQuotedHistory('Gern.\n\n-----Ursprüngliche Nachricht-----\nVon: Stadt')).toBe('Gern.');
  });

  it('mail for a domain we do not serve is refused (no open relay)', async () => {
    const before = rec.inbound.length;
    const sending = deliver(reply({ subject: 'x', body: 'y' }), { to: 'someone@elsewhere.example' });
    await expect(sending).rejects.toMatchObject({ responseCode: 550 });
    expect(rec.inbound.length).toBe(before);
  });

  it('oversize mail is refused with 552', async () => {
    const small = await receiver({ maxSizeBytes: 2_000 });
    const big = reply({ subject: 'Foto', body: 'x'.repeat(76).concat('\r\n').repeat(100) });
    await expect(deliver(big, { port: small.port })).rejects.toMatchObject({ responseCode: 552 });
    await small.close();
  });

  it('when the engine cannot store a reply the sending server is told to retry (451)', async () => {
    const broken = recorder(true);
    const flaky = await receiver({ events: broken.events });
    await expect(deliver(reply({ subject: 'Re: x', body: 'y' }), { port: flaky.port })).rejects.toMatchObject({ responseCode: 451 });
    await flaky.close();
  });

  it('garbage commands and garbage data are refused and the receiver keeps working', async () => {
    await expect(deliver('\u0000\u00ff\u0001 not a message at all \u0007\r\n')).rejects.toMatchObject({ responseCode: 550 });
    const answers = await new Promise<string>((resolve) => {
      const socket = net.connect(inbound.port, '127.0.0.1');
      let seen = '';
      socket.on('data', (d) => {
        // after the greeting (talking earlier is refused outright): a TLS hello, bad commands, out-of-order DATA
        if (!seen) socket.write('\u0016\u0003\u0001\u0000\u00a5\u0001\r\nHELO\r\nDATA\r\nRCPT TO:<<<>>>\r\nQUIT\r\n');
        seen += d.toString('latin1');
      });
      socket.on('close', () => resolve(seen));
      socket.on('error', () => resolve(seen));
    });
    expect(answers).toMatch(/^220 /);
    expect(answers).toMatch(/\r\n5\d\d /);
    await deliver(reply({ subject: 'Noch da?', body: 'Ja.' }));
    expect(rec.inbound.at(-1)?.subject).toBe('Noch da?');
  });
});

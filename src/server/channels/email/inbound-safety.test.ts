// Hostile and broken mail sent over SMTP to the inbound receiver: stored safely (HTML sanitised, attachments checked by
// their bytes, broken MIME kept as text) or refused with an SMTP answer the sending server understands; every refusal
// counted in civicast_inbound_refused_total.
import nodemailer from 'nodemailer';
import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mailWithParts, sampleFiles } from '../../../../test/helpers/mail-fixtures.ts';
import { createLogger } from '../../platform/logger.ts';
import type { ChannelEvents, InboundMessage } from '../types.ts';
import { type InboundSmtp, startInboundSmtp } from './index.ts';

const log = createLogger('silent');
const registry = new Registry();
const stored: InboundMessage[] = [];
const events: ChannelEvents = { receipt: async () => {}, bounce: async () => {}, inbound: async (m) => void stored.push(m) };
let inbound: InboundSmtp;
let files: Awaited<ReturnType<typeof sampleFiles>>;

beforeAll(async () => {
  files = await sampleFiles();
  inbound = await startInboundSmtp({ port: 0, host: '127.0.0.1', domains: ['civicast.example'], events, providerId: 'smtp-1', log, registry });
});
afterAll(() => inbound.close());

async function send(raw: string | Buffer, port = inbound.port) {
  const t = nodemailer.createTransport({ host: '127.0.0.1', port, ignoreTLS: true });
  try {
    return await t.sendMail({ envelope: { from: 'anna@example.org', to: 'buergerbuero@civicast.example' }, raw });
  } finally {
    t.close();
  }
}

/** Sends and returns what the engine was handed for it. */
async function receive(raw: string | Buffer): Promise<InboundMessage> {
  const before = stored.length;
  await send(raw);
  expect(stored.length).toBe(before + 1);
  return stored[before];
}

async function refusedCount(reason: string): Promise<number> {
  const metric = await registry.getSingleMetric('civicast_inbound_refused_total')?.get();
  return metric?.values.find((v) => v.labels.channel === 'email' && v.labels.reason === reason)?.value ?? 0;
}

const plain = (headers: string[], body: string) => [...headers, '', body, ''].join('\r\n');

describe('hostile content', () => {
  it('HTML with scripts, trackers and forms reaches the inbox sanitised, with its words', async () => {
    const html = [
      '<html><head><style>p{background:url(https://track.example/css)}</style></head><body onload="x()">',
      '<p>Der <b>Spielplatz</b> ist <a href="https://musterstadt.example/spielplatz" onclick="y()">hier</a>.</p>',
      '<img src="https://track.example/pixel.gif?u=anna"><script>document.location="https://evil.example"</script>',
      '<iframe src="https://evil.example"></iframe><form action="https://evil.example"><input name="pin"></form>',
      '</body></html>',
    ].join('');
    const m = await receive(mailWithParts({ subject: 'Spielplatz', text: 'Der Spielplatz ist hier.', html }));
    expect(m.html).toContain('<p>Der <b>Spielplatz</b> ist <a href="https://musterstadt.example/spielplatz"');
    expect(m.html).not.toMatch(/script|onload|onclick|track\.example|evil\.example|<img|<iframe|<form|<input|style/);
    expect(m.text).toBe('Der Spielplatz ist hier.');
    expect(m.messageId).toMatch(/^Spielplatz-\w+@example\.org$/);
  });

  it('attachments are checked by their bytes: a disguised program is removed, noted and counted; the message is kept', async () => {
    const before = await refusedCount('attachment_type');
    const m = await receive(
      mailWithParts({
        subject: 'Antrag mit Anhängen',
        text: 'Anbei mein Antrag und ein Foto.',
        parts: [
          { type: 'application/pdf', fileName: 'antrag.pdf', content: files.pdf },
          { type: 'application/pdf', fileName: 'rechnung.pdf', content: files.exe },
          { type: 'image/jpeg', fileName: 'foto.jpg', content: files.jpeg },
        ],
      }),
    );
    expect(m.text).toBe('Anbei mein Antrag und ein Foto.');
    expect(m.attachments?.map((a) => [a.fileName, a.contentType, a.content.length])).toEqual([
      ['antrag.pdf', 'application/pdf', files.pdf.length],
      ['foto.jpg', 'image/jpeg', files.jpeg.length],
    ]);
    expect(m.attachments?.[1].content.equals(files.jpeg)).toBe(true);
    expect(m.raw?.refused).toEqual([
      {
        reason: 'attachment_type',
        fileName: 'rechnung.pdf',
        declaredType: 'application/pdf',
        detectedType: 'application/x-msdownload',
        size: files.exe.length,
      },
    ]);
    expect(await refusedCount('attachment_type')).toBe(before + 1);
  });

  it('more than ten attachments: the first ten are kept, the rest noted and counted', async () => {
    const before = await refusedCount('too_many_attachments');
    const parts = Array.from({ length: 12 }, (_, i) => ({ type: 'image/png', fileName: `foto${i + 1}.png`, content: files.png }));
    const m = await receive(mailWithParts({ subject: 'Viele Fotos', text: 'Fotos', parts }));
    expect(m.attachments).toHaveLength(10);
    expect(((m.raw?.refused ?? []) as Array<{ fileName: string }>).map((r) => r.fileName)).toEqual(['foto11.png', 'foto12.png']);
    expect(await refusedCount('too_many_attachments')).toBe(before + 2);
  });

  it('mail over the size limit is refused with 552 (the sending server bounces it) and counted', async () => {
    const small = await startInboundSmtp({
      port: 0,
      host: '127.0.0.1',
      domains: ['civicast.example'],
      events,
      providerId: 'smtp-1',
      log,
      registry,
      maxSizeBytes: 50_000,
    });
    const before = await refusedCount('message_too_large');
    const count = stored.length;
    const big = mailWithParts({
      subject: 'Großes Foto',
      text: 'Foto',
      parts: [{ type: 'application/pdf', fileName: 'scan.pdf', content: Buffer.alloc(60_000, 7) }],
    });
    await expect(send(big, small.port)).rejects.toMatchObject({ responseCode: 552 });
    await small.close();
    expect(stored.length).toBe(count);
    expect(await refusedCount('message_too_large')).toBe(before + 1);
  });

  it('References and In-Reply-To arrive without angle brackets, a hostile list cut short', async () => {
    const refs = Array.from({ length: 200 }, (_, i) => `<ref-${i}@example.org>`).join(' ');
    const m = await receive(
      plain(
        [
          'From: anna@example.org',
          'To: buergerbuero@civicast.example',
          'Subject: Re: Re: Laterne',
          'Message-ID: <m-9@example.org>',
          'In-Reply-To: <c-1@civicast.example>',
          `References: ${refs}`,
        ],
        'Danke.',
      ),
    );
    expect(m).toMatchObject({ messageId: 'm-9@example.org', inReplyTo: 'c-1@civicast.example' });
    expect(m.references).toHaveLength(50);
    expect(m.references?.at(-1)).toBe('ref-199@example.org');
  });
});

describe('broken MIME is stored as text, and the receiver keeps working', () => {
  const headers = ['From: Anna <anna@example.org>', 'To: buergerbuero@civicast.example', 'Subject: Kaputt', 'MIME-Version: 1.0'];

  it('a multipart without its closing boundary', async () => {
    const m = await receive(plain([...headers, 'Content-Type: multipart/mixed; boundary="B"'], '--B\r\nContent-Type: text/plain\r\n\r\nHallo ohne Ende'));
    expect(m.text).toBe('Hallo ohne Ende');
  });

  it('an unknown charset and 8-bit text that is not the declared charset', async () => {
    const unknown = await receive(Buffer.from(plain([...headers, 'Content-Type: text/plain; charset="x-klingon"'], 'Gr\xfc\xdfe aus der Stra\xdfe'), 'latin1'));
    expect(unknown.text).toMatch(/^Gr.+e aus der Stra.+e$/);
    const wrong = await receive(Buffer.from(plain([...headers, 'Content-Type: text/plain; charset=utf-8'], 'M\xfcll liegt herum'), 'latin1'));
    expect(wrong.text).toMatch(/^M.+ll liegt herum$/);
  });

  it('8-bit bytes in headers, UTF-8 and Latin-1', async () => {
    const utf8 = await receive(
      Buffer.from(plain(['From: Jürgen Müller <j@example.org>', 'To: buergerbuero@civicast.example', 'Subject: Straße kaputt'], 'Text')),
    );
    expect(utf8).toMatchObject({ from: 'j@example.org', subject: 'Straße kaputt', text: 'Text' });
    const latin1 = await receive(
      Buffer.from(plain(['From: J\xfcrgen <j@example.org>', 'To: buergerbuero@civicast.example', 'Subject: Stra\xdfe'], 'Text'), 'latin1'),
    );
    expect(latin1).toMatchObject({ from: 'j@example.org', subject: expect.stringMatching(/^Stra.e$/), text: 'Text' });
  });

  it('a single line of one megabyte', async () => {
    const line = 'x'.repeat(1024 * 1024);
    const m = await receive(plain([...headers, 'Content-Type: text/plain; charset=utf-8'], line));
    expect(m.text).toBe(line);
  });

  it('multiparts nested a thousand deep: too deep to parse, kept as text and noted', async () => {
    const before = await refusedCount('unparsable_mime');
    const lines = [...headers];
    for (let i = 0; i < 1000; i++) lines.push(`Content-Type: multipart/mixed; boundary="n${i}"`, '', `--n${i}`);
    lines.push('Content-Type: text/plain', '', 'ganz tief unten');
    for (let i = 999; i >= 0; i--) lines.push(`--n${i}--`);
    const m = await receive(`${lines.join('\r\n')}\r\n`);
    expect(m).toMatchObject({ from: 'anna@example.org', subject: 'Kaputt', text: 'ganz tief unten', raw: { refused: [{ reason: 'unparsable_mime' }] } });
    expect(await refusedCount('unparsable_mime')).toBe(before + 1);
  });

  it('an HTML-only mail the parser will not convert still has text', async () => {
    const html = `<p>Bitte um Rückruf.</p>${'<div>'.repeat(3000)}x${'</div>'.repeat(3000)}`;
    const m = await receive(plain([...headers, 'Content-Type: text/html; charset=utf-8'], html));
    expect(m.text).toMatch(/^Bitte um Rückruf\.\s+x$/);
    expect(m.html).toMatch(/^<p>Bitte um Rückruf\.<\/p>/);
  });

  it('after all this the receiver still takes an ordinary mail', async () => {
    const m = await receive(plain(['From: anna@example.org', 'To: buergerbuero@civicast.example', 'Subject: Noch da?'], 'Ja.'));
    expect(m.text).toBe('Ja.');
  });
});

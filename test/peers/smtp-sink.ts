// A local SMTP server that accepts everything (or what a test tells it to refuse) and records it.
// Used by the e-mail tests, the crash test and the fan-out benchmark; parse:false keeps it cheap at 30k messages.
// verifyDkim checks a received signature the way a receiving MTA would.
import { createHash, type KeyObject, verify } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer, type SMTPServerDataStream, type SMTPServerError, type SMTPServerSession } from 'smtp-server';

export interface SinkMessage {
  /** The From header (as written), or the envelope sender when the header is missing. */
  from: string;
  /** Envelope recipients. */
  to: string[];
  envelopeFrom: string;
  messageId: string | null;
  subject: string;
  text: string;
  html: string;
  /** Lower-case header name → unfolded value of its first (top-most) occurrence. */
  headers: Map<string, string>;
  raw: string;
}

export interface SmtpSinkOptions {
  port?: number;
  /** Per-address answers to RCPT TO, e.g. `{ 'nobody@example.org': { code: 550, message: '5.1.1 No such user' } }`. */
  failRecipients?: Record<string, { code: number; message: string }>;
  /** Default true; false records only recipient and Message-ID counts (for benchmarks). */
  parse?: boolean;
}

export interface SmtpSink {
  port: number;
  messages: SinkMessage[];
  countByRecipient: Map<string, number>;
  countByMessageId: Map<string, number>;
  /** TCP connections accepted so far (shows whether a client pools). */
  readonly connections: number;
  /** Messages accepted so far, counted once per recipient (cheap to read while a benchmark runs). */
  readonly received: number;
  close(): Promise<void>;
}

const HEADER_SCAN_LIMIT = 64 * 1024;

function bump(map: Map<string, number>, key: string) {
  map.set(key, (map.get(key) ?? 0) + 1);
}

function headerSection(raw: string): string {
  const end = raw.search(/\r?\n\r?\n/);
  return end < 0 ? raw : raw.slice(0, end);
}

function messageIdOf(head: string): string | null {
  return /^message-id:\s*(<[^>\r\n]+>)/im.exec(head)?.[1] ?? null;
}

function headerMap(head: string): Map<string, string> {
  const map = new Map<string, string>();
  for (const line of head.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const key = line.slice(0, colon).trim().toLowerCase();
    if (!map.has(key)) map.set(key, line.slice(colon + 1).trim());
  }
  return map;
}

/** Relaxed header canonicalization (RFC 6376 §3.4.2): lower-case name, unfolded, whitespace runs as one space. */
function relaxedHeader(field: string): string {
  const colon = field.indexOf(':');
  const value = field
    .slice(colon + 1)
    .replace(/\r\n/g, '')
    .replace(/[ \t]+/g, ' ')
    .trim();
  return `${field.slice(0, colon).trim().toLowerCase()}:${value}`;
}

/** Relaxed body canonicalization (RFC 6376 §3.4.4): whitespace runs as one space, none at line ends or at the end. */
function relaxedBody(body: string): string {
  const lines = body.split('\r\n').map((l) => l.replace(/[ \t]+/g, ' ').replace(/ $/, ''));
  return `${lines.join('\r\n').replace(/(\r\n)+$/, '')}\r\n`;
}

/**
 * Verifies the DKIM-Signature (relaxed/relaxed, rsa-sha256, RFC 6376 §3.7) of a received message against a public
 * key: what a receiving MTA would check after looking the key up in DNS.
 */
export function verifyDkim(raw: string, publicKey: KeyObject): boolean {
  const split = raw.indexOf('\r\n\r\n');
  const fields = raw.slice(0, split).split(/\r\n(?![ \t])/);
  const signature = fields.find((f) => /^dkim-signature:/i.test(f)) ?? '';
  const tags = new Map(
    signature
      .slice(signature.indexOf(':') + 1)
      .replace(/\s+/g, '')
      .split(';')
      .filter(Boolean)
      .map((tag) => [tag.slice(0, tag.indexOf('=')), tag.slice(tag.indexOf('=') + 1)] as const),
  );
  const bodyHash = createHash('sha256')
    .update(relaxedBody(raw.slice(split + 4)))
    .digest('base64');
  if (bodyHash !== tags.get('bh')) return false;
  // h= names the signed fields; a repeated name takes the next instance from the bottom up
  const used = new Map<string, number>();
  const signed = (tags.get('h') ?? '').split(':').flatMap((name) => {
    const key = name.toLowerCase();
    const field = fields.filter((f) => f.toLowerCase().startsWith(`${key}:`)).reverse()[used.get(key) ?? 0];
    used.set(key, (used.get(key) ?? 0) + 1);
    return field ? [`${relaxedHeader(field)}\r\n`] : [];
  });
  const data = signed.join('') + relaxedHeader(signature).replace(/(;\s*b=)[^;]*/, '$1');
  return verify('sha256', Buffer.from(data), publicKey, Buffer.from(tags.get('b') ?? '', 'base64'));
}

export async function startSmtpSink(opts: SmtpSinkOptions = {}): Promise<SmtpSink> {
  const parse = opts.parse ?? true;
  const fail = new Map(Object.entries(opts.failRecipients ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
  const messages: SinkMessage[] = [];
  const countByRecipient = new Map<string, number>();
  const countByMessageId = new Map<string, number>();
  let connections = 0;
  let received = 0;

  async function record(raw: string, session: SMTPServerSession) {
    const to = session.envelope.rcptTo.map((r) => r.address.toLowerCase());
    const head = headerSection(raw);
    const messageId = messageIdOf(head);
    for (const r of to) bump(countByRecipient, r);
    received += to.length;
    if (messageId) bump(countByMessageId, messageId);
    if (!parse) return;
    const envelopeFrom = session.envelope.mailFrom ? session.envelope.mailFrom.address : '';
    const parsed = await simpleParser(raw, { skipImageLinks: true, skipTextLinks: true });
    messages.push({
      from: parsed.from?.text ?? envelopeFrom,
      to,
      envelopeFrom,
      messageId,
      subject: parsed.subject ?? '',
      text: parsed.text ?? '',
      html: parsed.html || '',
      headers: headerMap(head),
      raw,
    });
  }

  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    disableReverseLookup: true,
    logger: false,
    closeTimeout: 1_000,
    onConnect(_session, callback) {
      connections += 1;
      callback();
    },
    onRcptTo(address, _session, callback) {
      const answer = fail.get(address.address.toLowerCase());
      if (!answer) return callback();
      const err: SMTPServerError = new Error(answer.message);
      err.responseCode = answer.code;
      callback(err);
    },
    onData(stream: SMTPServerDataStream, session, callback) {
      const chunks: Buffer[] = [];
      let kept = 0;
      stream.on('data', (chunk: Buffer) => {
        // without parsing only the header section matters; keep the memory flat over 30k messages
        if (parse || kept < HEADER_SCAN_LIMIT) {
          chunks.push(chunk);
          kept += chunk.length;
        }
      });
      stream.on('error', (err) => callback(err));
      stream.on('end', () => {
        record(Buffer.concat(chunks).toString('utf8'), session).then(
          () => callback(),
          (err: Error) => callback(err),
        );
      });
    },
  });
  server.on('error', () => {
    // a client that resets its socket must not take the sink (and the test run) down
  });

  await new Promise<void>((resolve, reject) => {
    server.server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => {
      server.server.off('error', reject);
      resolve();
    });
  });

  return {
    port: (server.server.address() as AddressInfo).port,
    messages,
    countByRecipient,
    countByMessageId,
    get received() {
      return received;
    },
    get connections() {
      return connections;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

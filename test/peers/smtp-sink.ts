// A local SMTP server that accepts everything (or what a test tells it to refuse) and records it.
// Used by the e-mail tests, the crash test and the fan-out benchmark; parse:false keeps it cheap at 30k messages.
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

export async function startSmtpSink(opts: SmtpSinkOptions = {}): Promise<SmtpSink> {
  const parse = opts.parse ?? true;
  const fail = new Map(Object.entries(opts.failRecipients ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
  const messages: SinkMessage[] = [];
  const countByRecipient = new Map<string, number>();
  const countByMessageId = new Map<string, number>();
  let connections = 0;

  async function record(raw: string, session: SMTPServerSession) {
    const to = session.envelope.rcptTo.map((r) => r.address.toLowerCase());
    const head = headerSection(raw);
    const messageId = messageIdOf(head);
    for (const r of to) bump(countByRecipient, r);
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
    get connections() {
      return connections;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

// Inbound MX for replies and bounces: smtp-server receives, mailparser reads, ChannelEvents hears about it.
// A message is acknowledged (250) only after the engine stored it, so a failing database costs a retry by the
// sending MTA (451), never a lost reply or bounce.
import type { AddressInfo } from 'node:net';
import { type Attachment, type ParsedMail, type StructuredHeader, simpleParser } from 'mailparser';
import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from 'smtp-server';
import type { Logger } from '../../platform/logger.ts';
import type { Bounce, ChannelEvents } from '../types.ts';
import { parseReplyToken } from './smtp.sender.ts';

export interface InboundSmtpOptions {
  port: number;
  host?: string;
  /** Recipient domains this receiver accepts; anything else is refused (we are no open relay). */
  domains: string[];
  /** Default 10 MB. */
  maxSizeBytes?: number;
  /** Offer STARTTLS with this key and certificate; without them STARTTLS is off. */
  tls?: { key: string | Buffer; cert: string | Buffer };
  events: ChannelEvents;
  providerId: string;
  log: Logger;
}

export interface InboundSmtp {
  port: number;
  close(): Promise<void>;
}

/** An SMTP answer for the sending MTA: 5xx means "do not retry", 4xx "try again later". */
class SmtpReply extends Error {
  constructor(
    readonly responseCode: number,
    message: string,
  ) {
    super(message);
  }
}

const PARSE_OPTIONS = {
  keepDeliveryStatus: true,
  skipImageLinks: true,
  skipTextLinks: true,
  skipTextToHtml: true,
  maxHtmlLengthToParse: 2 * 1024 * 1024,
};
const DELIVERY_STATUS = /^message\/(global-)?delivery-status$/i;
const ORIGINAL_MESSAGE = /^(message\/(rfc822|global|global-headers)|text\/rfc822-headers)$/i;
const ATTRIBUTION = [/^On\b.*\bwrote:$/i, /^Am\b.*\bschrieb\b.*:$/i];
const ORIGINAL_MARKER = /^-{2,}\s*(Original Message|Ursprüngliche Nachricht)\s*-{2,}$/i;
// German, English and French out-of-office subjects (many responders send no Auto-Submitted header);
// narrow on purpose: a resident's "Abwesend am Wahltag?" is no auto-reply
const AUTO_REPLY_SUBJECT =
  /^\s*(auto(matic)?[ -]?(reply|response|antwort)|automatische antwort|out of (the )?office|abwesenheitsnotiz|abwesenheit:|réponse automatique)/i;

/** Unfolds a header-style block (RFC 5322 and RFC 3464 fields) and splits it into groups at blank lines. */
export function parseFieldGroups(block: string): Map<string, string>[] {
  const groups: Map<string, string>[] = [];
  let current = new Map<string, string>();
  for (const line of block
    .replace(/\r\n/g, '\n')
    .replace(/\n[ \t]+/g, ' ')
    .split('\n')) {
    if (line.trim() === '') {
      if (current.size) groups.push(current);
      current = new Map();
      continue;
    }
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    if (!current.has(name)) current.set(name, line.slice(colon + 1).trim());
  }
  if (current.size) groups.push(current);
  return groups;
}

function typedAddress(value: string | undefined): string | undefined {
  if (!value) return undefined;
  // "rfc822; a@b" (RFC 3464 address-type; address)
  const address = value
    .slice(value.indexOf(';') + 1)
    .trim()
    .replace(/^<|>$/g, '');
  return address.includes('@') ? address : undefined;
}

/** The failed recipients of a DSN (RFC 3464) as bounces; delayed or delivered recipients are not bounces. */
export function readDeliveryReport(mail: ParsedMail, providerId: string, at: Date): Bounce[] {
  const statusPart = mail.attachments.find((a) => DELIVERY_STATUS.test(a.contentType));
  if (!statusPart) return [];
  const groups = parseFieldGroups(statusPart.content.toString('utf8'));
  const original = originalHeaders(mail.attachments);
  const envelopeId = decodeXtext(groups[0]?.get('original-envelope-id'));
  const messageId = normalizeMessageId(original?.get('message-id')) ?? (envelopeId?.includes('@') ? normalizeMessageId(envelopeId) : undefined);
  const replyTo = original?.get('reply-to');
  const replyToken = replyTo ? (parseReplyToken(replyTo) ?? undefined) : undefined;

  const bounces: Bounce[] = [];
  for (const g of groups) {
    const address = typedAddress(g.get('final-recipient')) ?? typedAddress(g.get('original-recipient'));
    if (!address || g.get('action')?.toLowerCase() !== 'failed') continue;
    const status = /^[245]\.\d{1,3}\.\d{1,3}/.exec(g.get('status') ?? '')?.[0];
    const diagnostic = g.get('diagnostic-code')?.replace(/^[^;]*;\s*/, '');
    // the status class decides; an MTA that left Status out still tells it by the reply code in Diagnostic-Code
    const statusClass = status?.[0] ?? diagnostic?.[0];
    bounces.push({
      providerId,
      address,
      ...(messageId ? { providerMessageId: messageId } : {}),
      ...(replyToken ? { replyToken } : {}),
      hard: statusClass === '5',
      reason: diagnostic ?? (status ? `status ${status}` : 'delivery failed'),
      at,
    });
  }
  return bounces;
}

/** ENVID travels xtext-encoded (RFC 3461 §4): "+2B" stands for "+". */
function decodeXtext(value: string | undefined): string | undefined {
  return value?.replace(/\+([0-9A-F]{2})/gi, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));
}

function originalHeaders(attachments: Attachment[]): Map<string, string> | undefined {
  const part = attachments.find((a) => ORIGINAL_MESSAGE.test(a.contentType));
  if (!part) return undefined;
  const text = part.content.toString('utf8');
  const end = text.search(/\r?\n\r?\n/);
  return parseFieldGroups(end < 0 ? text : text.slice(0, end))[0];
}

function normalizeMessageId(value: string | undefined): string | undefined {
  const id = value?.trim().replace(/^<|>$/g, '');
  return id ? `<${id}>` : undefined;
}

/**
 * The resident's new words: above an "On … wrote:" / "Am … schrieb …:" / "-----Original Message-----" line,
 * without '>' lines. When nothing stands above it the resident answered inline, so their lines below count.
 */
export function stripQuotedHistory(text: string): string {
  const lines = text.replace(/\r\n/g, '\n').split('\n');
  let cut = -1;
  let skip = 1;
  for (let i = 0; i < lines.length && cut < 0; i++) {
    const line = lines[i].trim();
    // mail clients wrap a long attribution ("On Mon, … <x@y>\nwrote:") over two lines
    const joined = `${line} ${lines[i + 1]?.trim() ?? ''}`;
    if (ORIGINAL_MARKER.test(line) || ATTRIBUTION.some((r) => r.test(line))) cut = i;
    else if (/^(On|Am)\b/.test(line) && ATTRIBUTION.some((r) => r.test(joined))) [cut, skip] = [i, 2];
  }
  const unquoted = (part: string[]) =>
    part
      .filter((l) => !/^\s*>/.test(l))
      .join('\n')
      .trim();
  if (cut < 0) return unquoted(lines) || text.trim();
  const above = unquoted(lines.slice(0, cut));
  if (above) return above;
  const inline = ORIGINAL_MARKER.test(lines[cut].trim()) ? '' : unquoted(lines.slice(cut + skip));
  return inline || text.trim();
}

function headerText(mail: ParsedMail, name: string): string {
  const value = mail.headers.get(name);
  return typeof value === 'string' ? value.toLowerCase() : '';
}

/** RFC 3834 Auto-Submitted, the common vendor headers, or an out-of-office subject. */
export function isAutoReply(mail: ParsedMail): boolean {
  const autoSubmitted = headerText(mail, 'auto-submitted');
  if (autoSubmitted && !autoSubmitted.startsWith('no')) return true;
  if (mail.headers.has('x-autoreply') || mail.headers.has('x-autorespond')) return true;
  if (headerText(mail, 'precedence') === 'auto_reply') return true;
  return AUTO_REPLY_SUBJECT.test(mail.subject ?? '');
}

async function handleMessage(raw: Buffer, session: SMTPServerSession, opts: InboundSmtpOptions): Promise<void> {
  const { events, providerId, log } = opts;
  const at = new Date();
  let mail: ParsedMail;
  try {
    mail = await simpleParser(raw, PARSE_OPTIONS);
  } catch (err) {
    log.warn({ providerId, sessionId: session.id, err }, 'inbound mail could not be parsed');
    throw new SmtpReply(554, '5.6.0 Message could not be parsed');
  }
  const envelopeFrom = session.envelope.mailFrom ? session.envelope.mailFrom.address : '';

  if (mail.attachments.some((a) => DELIVERY_STATUS.test(a.contentType))) {
    const bounces = readDeliveryReport(mail, providerId, at);
    for (const b of bounces) await events.bounce(b);
    log.info({ providerId, bounces: bounces.length }, 'delivery status report received');
    return;
  }
  // mailparser always reads Content-Type into { value, params }
  const contentType = mail.headers.get('content-type') as StructuredHeader | undefined;
  if (contentType?.value === 'multipart/report') {
    // read receipts (MDN) and abuse reports (ARF) are not conversations; accept so the sender stops retrying
    log.info({ providerId, reportType: contentType.params['report-type'] }, 'non-delivery report ignored');
    return;
  }
  const from = mail.from?.value[0]?.address;
  if (!from) {
    log.warn({ providerId, sessionId: session.id }, 'inbound mail without From refused'); // no address in the log
    throw new SmtpReply(550, '5.6.0 Message has no From address');
  }
  if (envelopeFrom === '' && /^(mailer-daemon|postmaster)@/i.test(from)) {
    // an old-style bounce without a delivery-status part: nothing to match it by, and no resident wrote it
    log.warn({ providerId, sessionId: session.id }, 'bounce without a delivery-status report ignored');
    return;
  }

  const recipients = session.envelope.rcptTo.map((r) => r.address);
  const tokenRecipient = recipients.find((a) => parseReplyToken(a) !== null);
  const fullText = mail.text ?? '';
  const autoReply = isAutoReply(mail);
  await events.inbound({
    providerId,
    channel: 'email',
    from,
    to: tokenRecipient ?? recipients[0],
    subject: mail.subject ?? '',
    text: stripQuotedHistory(fullText),
    at,
    ...(tokenRecipient ? { replyToken: parseReplyToken(tokenRecipient) ?? undefined } : {}),
    raw: {
      autoReply,
      messageId: mail.messageId ?? null,
      // our Message-IDs are <deliveryId@domain>: a reply without the token can still be matched by these
      inReplyTo: mail.inReplyTo ?? null,
      references: mail.references ?? null,
      envelopeFrom,
      fullText,
      attachments: mail.attachments.map((a) => ({ filename: a.filename ?? null, contentType: a.contentType, size: a.size })),
    },
  });
}

export async function startInboundSmtp(opts: InboundSmtpOptions): Promise<InboundSmtp> {
  const { log, providerId } = opts;
  const maxSize = opts.maxSizeBytes ?? 10 * 1024 * 1024;
  const domains = new Set(opts.domains.map((d) => d.toLowerCase()));

  const server = new SMTPServer({
    banner: 'Civicast',
    size: maxSize,
    authOptional: true,
    disabledCommands: opts.tls ? ['AUTH'] : ['AUTH', 'STARTTLS'],
    ...(opts.tls ? { key: opts.tls.key, cert: opts.tls.cert } : {}),
    disableReverseLookup: true,
    logger: false,
    maxClients: 200,
    closeTimeout: 5_000,
    onRcptTo(address, _session, callback) {
      const domain = address.address.slice(address.address.lastIndexOf('@') + 1).toLowerCase();
      if (domains.has(domain)) return callback();
      callback(new SmtpReply(550, `5.7.1 Relaying denied: ${domain || 'no domain'} is not served here`));
    },
    onData(stream: SMTPServerDataStream, session, callback) {
      const chunks: Buffer[] = [];
      let size = 0;
      stream.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size <= maxSize) chunks.push(chunk); // keep reading past the limit so the session stays in sync
      });
      stream.on('error', (err) => callback(err));
      stream.on('end', () => {
        if (stream.sizeExceeded || size > maxSize) {
          log.warn({ providerId, sessionId: session.id, size }, 'inbound mail too large');
          return callback(new SmtpReply(552, '5.3.4 Message too big'));
        }
        handleMessage(Buffer.concat(chunks), session, opts).then(
          () => callback(),
          (err: unknown) => {
            if (err instanceof SmtpReply) return callback(err);
            log.error({ providerId, sessionId: session.id, err }, 'inbound mail could not be stored');
            callback(new SmtpReply(451, '4.3.0 Temporary failure, try again later'));
          },
        );
      });
    },
  });
  // socket resets and protocol errors are the client's problem; an unhandled 'error' would end the process
  server.on('error', (err) => log.warn({ providerId, err }, 'inbound smtp connection error'));

  await new Promise<void>((resolve, reject) => {
    server.server.once('error', reject);
    server.listen(opts.port, opts.host, () => {
      server.server.off('error', reject);
      resolve();
    });
  });
  const port = (server.server.address() as AddressInfo).port;
  log.info({ providerId, port, domains: [...domains] }, 'inbound smtp listening');

  return {
    port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

// Inbound MX for replies and bounces: smtp-server receives, mailparser reads, ChannelEvents hears about it.
// A message is acknowledged (250) only after the engine stored it, so a failing database costs a retry by the
// sending MTA (451), never a lost reply or bounce.
import type { AddressInfo } from 'node:net';
import { type Attachment, type ParsedMail, type StructuredHeader, simpleParser } from 'mailparser';
import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from 'smtp-server';
import type { Registry } from 'prom-client';
import type { Logger } from '../../platform/logger.ts';
import { type InboundRefusedCounter, inboundRefusedCounter } from '../inbound-refused.ts';
import type { Bounce, ChannelEvents, InboundMessage } from '../types.ts';
import { checkAttachments, htmlToPlainText, MAX_HTML_CHARS, MAX_MESSAGE_BYTES, type Refusal, sanitizeInboundHtml } from './inbound-content.ts';
import { parseReplyToken } from './smtp.sender.ts';

export interface InboundSmtpOptions {
  port: number;
  host?: string;
  /** Recipient domains this receiver accepts; anything else is refused (we are no open relay). */
  domains: string[];
  /** Default MAX_MESSAGE_BYTES (room for 25 MB of attachments); larger mail is refused with 552. */
  maxSizeBytes?: number;
  /** Offer STARTTLS with this key and certificate; without them STARTTLS is off. */
  tls?: { key: string | Buffer; cert: string | Buffer };
  events: ChannelEvents;
  providerId: string;
  log: Logger;
  /** Where civicast_inbound_refused_total is registered (the app's /metrics registry). */
  registry?: Registry;
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

/** What one received mail amounts to; the SMTP receiver and the IMAP poller act on it the same way. */
export type MailOutcome =
  | { kind: 'inbound'; message: InboundMessage }
  | { kind: 'bounces'; bounces: Bounce[] }
  | { kind: 'ignored'; why: string }
  | { kind: 'refused'; code: number; reply: string; why: string };

export interface MailContext {
  providerId: string;
  /** The SMTP envelope sender ('' for bounces); IMAP knows none and passes null. */
  envelopeFrom: string | null;
  /** The envelope recipients; IMAP passes the To and Cc addresses of the header. */
  recipients: string[];
  at: Date;
  log: Logger;
  refused: InboundRefusedCounter;
}

const bare = (id: string) => id.trim().replace(/^<|>$/g, '').trim();
/** Message ids from a header value (one or several "<…>", or bare ids separated by blanks); a hostile list is cut short. */
function messageIds(value: string | string[] | undefined): string[] {
  const text = (Array.isArray(value) ? value : value ? [value] : []).join(' ');
  const bracketed = [...text.matchAll(/<([^<>\s]{1,998})>/g)].map((m) => m[1]);
  const ids = bracketed.length ? bracketed : text.split(/\s+/).map(bare);
  return ids.filter((id) => id.length > 0 && id.length <= 998).slice(-50);
}

/** The part of a header block or body we can still read when the MIME structure cannot be parsed at all. */
function headerField(raw: string, name: string): string | undefined {
  return new RegExp(`^${name}:[ \\t]*(.*)$`, 'im').exec(raw.slice(0, 64 * 1024))?.[1]?.trim() || undefined;
}

/** Broken beyond what the parser takes: stored as text (headers off), so no resident's words are lost. */
function unparsableMail(raw: Buffer, ctx: MailContext): MailOutcome {
  const text = raw.toString('utf8');
  const end = text.search(/\r?\n\r?\n/);
  const from = /[^\s<>"]+@[^\s<>"]+/.exec(headerField(text, 'From') ?? '')?.[0] ?? ctx.envelopeFrom;
  if (!from) return { kind: 'refused', code: 550, reply: '5.6.0 Message has no From address', why: 'no_from' };
  ctx.refused.inc({ channel: 'email', reason: 'unparsable_mime' });
  ctx.log.warn({ providerId: ctx.providerId, size: raw.length }, 'inbound mail could not be parsed; stored as text');
  // boundary and part-header lines are structure, not words
  const body = (end < 0 ? '' : text.slice(end))
    .split(/\r?\n/)
    .filter((line) => !/^--[^\s]{1,200}$/.test(line) && !/^Content-[\w-]+:/i.test(line))
    .join('\n')
    .trim();
  return {
    kind: 'inbound',
    message: {
      providerId: ctx.providerId,
      channel: 'email',
      from,
      to: ctx.recipients[0] ?? '',
      subject: headerField(text, 'Subject') ?? '',
      text: body,
      at: ctx.at,
      raw: { autoReply: false, envelopeFrom: ctx.envelopeFrom, fullText: body, refused: [{ reason: 'unparsable_mime' } satisfies Refusal] },
    },
  };
}

/** Reads one received mail: a delivery report, an ignorable report, a refusal, or a resident's message made safe. */
export async function readInboundMail(raw: Buffer, ctx: MailContext): Promise<MailOutcome> {
  const { providerId, at, log } = ctx;
  let mail: ParsedMail;
  try {
    mail = await simpleParser(raw, PARSE_OPTIONS);
  } catch (err) {
    log.warn({ providerId, err: err instanceof Error ? err.message : String(err) }, 'mail parser failed');
    return unparsableMail(raw, ctx);
  }
  if (mail.attachments.some((a) => DELIVERY_STATUS.test(a.contentType))) {
    return { kind: 'bounces', bounces: readDeliveryReport(mail, providerId, at) };
  }
  // mailparser always reads Content-Type into { value, params }
  const contentType = mail.headers.get('content-type') as StructuredHeader | undefined;
  if (contentType?.value === 'multipart/report') {
    // read receipts (MDN) and abuse reports (ARF) are not conversations; accept so the sender stops retrying
    return { kind: 'ignored', why: `report ${contentType.params['report-type'] ?? ''}`.trim() };
  }
  const from = mail.from?.value[0]?.address;
  if (!from) return { kind: 'refused', code: 550, reply: '5.6.0 Message has no From address', why: 'no_from' };
  if (ctx.envelopeFrom === '' && /^(mailer-daemon|postmaster)@/i.test(from)) {
    // an old-style bounce without a delivery-status part: nothing to match it by, and no resident wrote it
    return { kind: 'ignored', why: 'bounce without a delivery-status report' };
  }

  const refusals: Refusal[] = [];
  const fullText = mail.text || (typeof mail.html === 'string' ? htmlToPlainText(mail.html) : '');
  let html: string | undefined;
  if (typeof mail.html === 'string' && mail.html.length > MAX_HTML_CHARS) refusals.push({ reason: 'html_too_large', size: mail.html.length });
  else if (typeof mail.html === 'string') html = sanitizeInboundHtml(mail.html) || undefined;
  const { accepted, refused } = await checkAttachments(
    mail.attachments.map((a) => ({ fileName: a.filename, declaredType: a.contentType, content: a.content })),
  );
  refusals.push(...refused);
  for (const r of refusals) ctx.refused.inc({ channel: 'email', reason: r.reason });
  if (refusals.length) log.warn({ providerId, refused: refusals.map((r) => r.reason) }, 'inbound mail: parts refused'); // reasons only, no names

  // IMAP has no envelope: the header's To and Cc stand in for it
  const headerRecipients = [mail.to, mail.cc].flat().flatMap((a) => a?.value.map((v) => v.address ?? '') ?? []);
  const recipients = ctx.recipients.length ? ctx.recipients : headerRecipients.filter(Boolean);
  const tokenRecipient = recipients.find((a) => parseReplyToken(a) !== null);
  const messageId = messageIds(mail.messageId)[0];
  const inReplyTo = messageIds(mail.inReplyTo)[0];
  const references = messageIds(mail.references);
  return {
    kind: 'inbound',
    message: {
      providerId,
      channel: 'email',
      from,
      to: tokenRecipient ?? recipients[0] ?? '',
      subject: mail.subject ?? '',
      // the resident's new words; the whole text, quotes and signature included, stays in raw.fullText
      text: stripQuotedHistory(fullText),
      at,
      ...(tokenRecipient ? { replyToken: parseReplyToken(tokenRecipient) ?? undefined } : {}),
      // our Message-IDs are <deliveryId@domain>: a reply without the token can still be matched by these
      ...(messageId ? { messageId } : {}),
      ...(inReplyTo ? { inReplyTo } : {}),
      ...(references.length ? { references } : {}),
      ...(html ? { html } : {}),
      ...(accepted.length ? { attachments: accepted } : {}),
      raw: { autoReply: isAutoReply(mail), envelopeFrom: ctx.envelopeFrom, fullText, ...(refusals.length ? { refused: refusals } : {}) },
    },
  };
}

/** Hands a read mail to the engine; resolves once it is stored, throws an SmtpReply for what the sender must hear. */
export async function deliverInboundMail(outcome: MailOutcome, events: ChannelEvents, ctx: Pick<MailContext, 'providerId' | 'log'>): Promise<void> {
  const { providerId, log } = ctx;
  if (outcome.kind === 'bounces') {
    for (const b of outcome.bounces) await events.bounce(b);
    log.info({ providerId, bounces: outcome.bounces.length }, 'delivery status report received');
  } else if (outcome.kind === 'ignored') {
    log.info({ providerId, why: outcome.why }, 'inbound mail ignored');
  } else if (outcome.kind === 'refused') {
    log.warn({ providerId, why: outcome.why }, 'inbound mail refused'); // no address in the log
    throw new SmtpReply(outcome.code, outcome.reply);
  } else {
    await events.inbound(outcome.message);
  }
}

async function handleMessage(raw: Buffer, session: SMTPServerSession, opts: InboundSmtpOptions, refused: InboundRefusedCounter): Promise<void> {
  const ctx: MailContext = {
    providerId: opts.providerId,
    envelopeFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
    recipients: session.envelope.rcptTo.map((r) => r.address),
    at: new Date(),
    log: opts.log,
    refused,
  };
  const outcome = await readInboundMail(raw, ctx);
  if (outcome.kind === 'refused') refused.inc({ channel: 'email', reason: outcome.why });
  await deliverInboundMail(outcome, opts.events, ctx);
}

export async function startInboundSmtp(opts: InboundSmtpOptions): Promise<InboundSmtp> {
  const { log, providerId } = opts;
  const maxSize = opts.maxSizeBytes ?? MAX_MESSAGE_BYTES;
  const refused = inboundRefusedCounter(opts.registry);
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
          refused.inc({ channel: 'email', reason: 'message_too_large' });
          return callback(new SmtpReply(552, '5.3.4 Message too big'));
        }
        handleMessage(Buffer.concat(chunks), session, opts, refused).then(
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

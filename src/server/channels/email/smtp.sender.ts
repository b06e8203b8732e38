// E-mail over SMTP: one connection pool per provider row (smtp.pool.ts), each mail rendered to bytes first (once per
// message where it can be, mime-template.ts), DKIM-signed when configured, answers mapped to SendResult.
import { buffer } from 'node:stream/consumers';
import type { NodemailerError, SendMailOptions } from 'nodemailer';
import addressparser from 'nodemailer/lib/addressparser';
import DKIM from 'nodemailer/lib/dkim';
import MailComposer from 'nodemailer/lib/mail-composer';
import type { Logger } from '../../platform/logger.ts';
import type { ChannelEvents, ChannelSender, OutgoingMessage, SendResult } from '../types.ts';
import { createMimeCache, type SharedFields } from './mime-template.ts';
import { createSmtpPool } from './smtp.pool.ts';

export interface SmtpSenderOptions {
  providerId: string;
  host: string;
  port: number;
  /** Implicit TLS (port 465); otherwise STARTTLS is used when the server offers it. */
  secure?: boolean;
  user?: string;
  password?: string;
  /** Open connections at most (default 5); also the concurrency the engine uses. */
  maxConnections?: number;
  dkim?: { domainName: string; keySelector: string; privateKey: string };
  /** Refuse to send when the server does not offer STARTTLS. */
  requireTLS?: boolean;
  /**
   * Envelope sender (Return-Path). Bounces go here, so point it at a domain the inbound receiver
   * accepts; without it bounces go to the tenant's From mailbox and never reach Civicast.
   */
  bounceAddress?: string;
  /** Unused for now: SMTP reports nothing after the 250; bounces and replies arrive through the inbound receiver. */
  events: ChannelEvents;
  log: Logger;
}

type SendFailure = Extract<SendResult, { ok: false }>;

const TOKEN = /^[A-Za-z0-9_-]{8,64}$/;

// A 4xx from our own relay means "slow down": 421 closing/too many connections, 450-452 busy, rate-limited, full.
const BACKOFF_BY_CODE: Record<number, number> = { 421: 30_000, 450: 60_000, 451: 60_000, 452: 60_000 };

// Only a refusal of this recipient or this content is final; a 5xx on MAIL FROM or AUTH is our configuration.
const RECIPIENT_OR_CONTENT_COMMANDS = new Set(['RCPT TO', 'DATA']);

/** `reply@civicast.example` + token → `reply+token@civicast.example` (plus addressing, RFC 5233 style). */
export function replyAddress(base: string, token: string): string {
  if (!TOKEN.test(token)) throw new TypeError('reply token must be 8-64 characters of A-Z a-z 0-9 _ -');
  const at = base.lastIndexOf('@');
  if (at < 1) throw new TypeError(`reply base "${base}" is not an address`);
  const local = base.slice(0, at).split('+')[0];
  return `${local}+${token}${base.slice(at)}`;
}

/** The token of a `local+token@domain` address (bare or `Name <…>`), or null. */
export function parseReplyToken(address: string): string | null {
  const bare = (/<([^<>]*)>/.exec(address)?.[1] ?? address).trim();
  const at = bare.lastIndexOf('@');
  if (at < 1) return null;
  const local = bare.slice(0, at);
  const plus = local.indexOf('+');
  if (plus < 0) return null;
  const token = local.slice(plus + 1);
  return TOKEN.test(token) ? token : null;
}

// An address with nothing the header grammar would read as a name, comment, group or list: the usual recipient, taken
// as it is. Parsing every address as a header value was 3% of a fan-out's allocations (bench:fanout, sampled).
const BARE_ADDRESS = /^[^\s@<>()[\]",;:\\]+@[^\s@<>()[\]",;:\\]+$/;

/** The single mailbox in a header value such as `Stadt <news@stadt.example>`, or null. */
export function mailboxOf(value: string): string | null {
  if (BARE_ADDRESS.test(value)) return value;
  const list = addressparser(value, { flatten: true });
  const address = list.length === 1 ? list[0].address : '';
  return /^[^\s@<>]+@[^\s@<>]+$/.test(address) ? address : null;
}

/** Maps a nodemailer error to a retry decision; never by message text, only by reply code, command and error code. */
export function mapSmtpError(err: unknown): SendFailure {
  const e = (typeof err === 'object' && err !== null ? err : { message: String(err) }) as NodemailerError;
  const text = (e.response ?? e.message ?? 'unknown SMTP error').trim();
  const code = e.responseCode;
  if (code !== undefined && code >= 500 && e.permanent && e.command && RECIPIENT_OR_CONTENT_COMMANDS.has(e.command)) {
    return { ok: false, permanent: true, error: text };
  }
  if (code !== undefined && BACKOFF_BY_CODE[code] !== undefined) {
    return { ok: false, permanent: false, error: text, retryAfterMs: BACKOFF_BY_CODE[code] };
  }
  // EMESSAGE without a reply: the message is larger than the server's advertised SIZE; resending will not help
  if (code === undefined && e.code === 'EMESSAGE') return { ok: false, permanent: true, error: text };
  // Everything else (refused, reset, timeouts, TLS, auth, other 4xx) is about the path, not the recipient
  return { ok: false, permanent: false, error: e.code && !text.includes(e.code) ? `${e.code}: ${text}` : text };
}

function hasHeader(headers: Record<string, string>, name: string): boolean {
  const wanted = name.toLowerCase();
  return Object.keys(headers).some((k) => k.toLowerCase() === wanted);
}

/**
 * Builds the nodemailer message. `Precedence: bulk` is added only to mass mail (the engine marks it with
 * List-Unsubscribe): RFC 3834 responders then skip their out-of-office answers, which would otherwise flood
 * the inbox. `Auto-Submitted` is not set: staff write these messages and residents are meant to answer them.
 */
function composeMail(msg: OutgoingMessage, to: string, messageId: string): SendMailOptions {
  return {
    ...composeShared(sharedFields(msg)),
    to,
    ...(msg.replyTo ? { replyTo: msg.replyTo } : {}),
    headers: headersOf(msg),
    messageId,
  };
}

function headersOf(msg: OutgoingMessage): Record<string, string> {
  const headers: Record<string, string> = { ...msg.headers };
  if (hasHeader(headers, 'List-Unsubscribe') && !hasHeader(headers, 'Precedence')) headers.Precedence = 'bulk';
  return headers;
}

/** What every recipient of this message gets alike: all but To, Reply-To, List-Unsubscribe and Message-ID. */
function sharedFields(msg: OutgoingMessage): SharedFields {
  const headers = headersOf(msg);
  for (const name of Object.keys(headers)) if (name.toLowerCase() === 'list-unsubscribe') delete headers[name];
  return {
    from: msg.from ?? '',
    subject: msg.subject ?? '',
    text: msg.text,
    ...(msg.html ? { html: msg.html } : {}),
    ...(msg.calendar ? { calendar: msg.calendar } : {}),
    headers,
  };
}

function composeShared(shared: SharedFields): SendMailOptions {
  return {
    from: shared.from,
    subject: shared.subject,
    text: shared.text,
    ...(shared.html ? { html: shared.html } : {}),
    // an invitation travels as text/calendar; method=… so mail programs offer to accept it
    ...(shared.calendar ? { icalEvent: { method: shared.calendar.method, content: shared.calendar.ics } } : {}),
    headers: shared.headers,
    xMailer: false,
    // templates may carry user-written text; never let it point nodemailer at files or URLs
    disableFileAccess: true,
    disableUrlAccess: true,
  };
}

function envelopeOf(from: string, to: string, messageId: string, bounceAddress?: string) {
  return {
    envelope: { from: bounceAddress ?? from, to: [to] },
    // ENVID comes back in the DSN's Original-Envelope-Id when the relay speaks DSN; HDRS keeps bounces small
    dsn: { id: messageId.slice(1, -1), return: 'headers', notify: ['FAILURE'], recipient: to },
  };
}

function listUnsubscribeOf(msg: OutgoingMessage): string | undefined {
  const name = Object.keys(msg.headers ?? {}).find((k) => k.toLowerCase() === 'list-unsubscribe');
  return name ? msg.headers![name] : undefined;
}

export function createSmtpSender(opts: SmtpSenderOptions): ChannelSender {
  const { providerId, log } = opts;
  const maxConnections = opts.maxConnections ?? 5;
  const pool = createSmtpPool({
    connection: {
      host: opts.host,
      port: opts.port,
      secure: opts.secure ?? false,
      requireTLS: opts.requireTLS ?? false,
      // fail fast so the engine can retry or fail over instead of holding a batch for minutes
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 60_000,
    },
    ...(opts.user ? { auth: { user: opts.user, pass: opts.password ?? '' } } : {}),
    maxConnections,
  });
  const mime = createMimeCache();
  // the From of a municipality's messages has its name in it (`Stadt <news@stadt.example>`): parsed once per sender
  const froms = new Map<string, string | null>();
  const fromMailbox = (value: string) => {
    let mailbox = froms.get(value);
    if (mailbox === undefined) {
      if (froms.size >= 1000) froms.clear();
      mailbox = mailboxOf(value);
      froms.set(value, mailbox);
    }
    return mailbox;
  };
  const dkim = opts.dkim ? new DKIM({ ...opts.dkim }) : null;

  return {
    kind: 'email',
    providerId,
    concurrency: maxConnections,
    // bounces come back by mail and are matched by the reply token (events.bounce), never as parked receipts
    receipts: false,

    async send(msg: OutgoingMessage): Promise<SendResult> {
      const to = typeof msg.to === 'string' ? mailboxOf(msg.to) : null;
      if (!to) return { ok: false, permanent: true, error: 'recipient is not a single e-mail address' };
      const from = msg.from ? fromMailbox(msg.from) : null;
      if (!from) return { ok: false, permanent: true, error: 'message has no valid From address' };
      // the delivery id in the Message-ID lets bounces and replies (In-Reply-To) find their delivery row
      const messageId = `<${msg.deliveryId}@${from.slice(from.lastIndexOf('@') + 1)}>`;
      try {
        const rendered =
          (await mime.render(sharedFields(msg), { to, replyTo: msg.replyTo, listUnsubscribe: listUnsubscribeOf(msg), messageId }, composeShared)) ??
          (await new MailComposer(composeMail(msg, to, messageId)).compile().build());
        // DKIM is signed per recipient: it covers the substituted headers
        const mail = dkim ? await buffer(dkim.sign(rendered)) : rendered;
        const { envelope, dsn } = envelopeOf(from, to, messageId, opts.bounceAddress);
        await pool.send({ ...envelope, dsn }, mail);
        return { ok: true, providerMessageId: messageId };
      } catch (err) {
        const result = mapSmtpError(err);
        const code = (err as NodemailerError).code;
        // a broken login or TLS setup fails every message: say so loudly, once per message is fine
        const level = code === 'EAUTH' || code === 'ETLS' || code === 'EREQUIRETLS' ? 'error' : 'debug';
        log[level]({ providerId, deliveryId: msg.deliveryId, code, permanent: result.permanent, error: result.error }, 'smtp send failed');
        return result;
      }
    },

    async close(): Promise<void> {
      pool.close();
    },
  };
}

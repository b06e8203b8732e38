// IMAP polling for a municipality that keeps its own mailbox (buergerbuero@musterstadt.de): fetch unseen messages,
// read each exactly as the SMTP receiver does (readInboundMail), and mark it seen only after the engine stored it.
// A message stored but not marked (the flag failed, the connection dropped) is fetched again next time and stored
// once: its raw.providerMessageId ("imap:<UIDVALIDITY>:<UID>") meets the unique index on inbound messages.
import { ImapFlow } from 'imapflow';
import type { Registry } from 'prom-client';
import type { Logger } from '../../platform/logger.ts';
import { inboundRefusedCounter } from '../inbound-refused.ts';
import type { ChannelEvents } from '../types.ts';
import { deliverInboundMail, type MailContext, readInboundMail } from './inbound.ts';
import { MAX_MESSAGE_BYTES } from './inbound-content.ts';

export interface ImapMailboxOptions {
  /** The tenant's provider row: the engine files what arrives under that provider's municipality. */
  providerId: string;
  host: string;
  port: number;
  /** TLS from the first byte (993); false means plain IMAP, where the library upgrades with STARTTLS if offered. */
  secure: boolean;
  user: string;
  password: string;
  /** Default INBOX. */
  folder?: string;
  /** Messages per poll, so a large backlog is worked off over several polls instead of one long session. */
  batchSize?: number;
  events: ChannelEvents;
  log: Logger;
  registry?: Registry;
  /** Give up on an unresponsive server after this long (default 30 s). */
  timeoutMs?: number;
}

export interface PollResult {
  /** Handed to the engine and marked seen. */
  stored: number;
  /** Read but not a resident's message (reports, refusals): marked seen, counted, left in the mailbox. */
  skipped: number;
  /** Unseen messages left for the next poll (over the batch size). */
  remaining: number;
}

/** One poll: connect, read up to batchSize unseen messages in UID order, log out. Throws when the engine cannot store. */
export async function pollImapMailbox(opts: ImapMailboxOptions): Promise<PollResult> {
  const { providerId, log } = opts;
  const refused = inboundRefusedCounter(opts.registry);
  const timeout = opts.timeoutMs ?? 30_000;
  const client = new ImapFlow({
    host: opts.host,
    port: opts.port,
    secure: opts.secure,
    auth: { user: opts.user, pass: opts.password },
    logger: false,
    disableAutoIdle: true,
    connectionTimeout: timeout,
    greetingTimeout: timeout,
    socketTimeout: timeout,
  });
  // a dropped connection is reported by the command that was running; without a listener 'error' would end the process
  client.on('error', (err: Error) => log.warn({ providerId, err: err.message }, 'imap connection error'));
  await client.connect();
  const result: PollResult = { stored: 0, skipped: 0, remaining: 0 };
  try {
    const lock = await client.getMailboxLock(opts.folder ?? 'INBOX');
    try {
      const mailbox = client.mailbox;
      const uidValidity = mailbox ? String(mailbox.uidValidity) : '0';
      const unseen = ((await client.search({ seen: false }, { uid: true })) || []).sort((a, b) => a - b);
      const batch = unseen.slice(0, opts.batchSize ?? 50);
      result.remaining = unseen.length - batch.length;
      for (const uid of batch) {
        const stored = await takeMessage(client, uid, uidValidity, { ...opts, refused });
        if (stored) result.stored += 1;
        else result.skipped += 1;
        // only now: what is marked seen is stored (or deliberately skipped)
        if (!(await client.messageFlagsAdd(String(uid), ['\\Seen'], { uid: true }))) {
          // stored but still unseen: the next poll hands it again under the same id, which the engine stores once
          throw new Error(`imap: the server did not mark message ${uid} seen`);
        }
      }
    } finally {
      lock.release();
    }
  } finally {
    await client.logout().catch(() => client.close());
  }
  if (result.stored || result.skipped) log.info({ providerId, ...result }, 'imap mailbox polled');
  return result;
}

/** Reads and hands on one message; true when a resident's message was stored, false when it was skipped. */
async function takeMessage(
  client: ImapFlow,
  uid: number,
  uidValidity: string,
  opts: ImapMailboxOptions & { refused: ReturnType<typeof inboundRefusedCounter> },
): Promise<boolean> {
  const { providerId, log, refused } = opts;
  const size = await client.fetchOne(String(uid), { uid: true, size: true }, { uid: true });
  if (size && (size.size ?? 0) > MAX_MESSAGE_BYTES) {
    // nobody to bounce to from a mailbox: counted, logged, and left in the mailbox for staff's mail client
    refused.inc({ channel: 'email', reason: 'message_too_large' });
    log.warn({ providerId, uid, size: size.size }, 'imap message too large: left in the mailbox');
    return false;
  }
  const message = await client.fetchOne(String(uid), { uid: true, source: true }, { uid: true });
  const source = message ? message.source : undefined;
  if (!source) return false;
  const ctx: MailContext = { providerId, envelopeFrom: null, recipients: [], at: new Date(), log, refused };
  const outcome = await readInboundMail(source, ctx);
  if (outcome.kind === 'inbound') {
    outcome.message.raw = { ...outcome.message.raw, providerMessageId: `imap:${uidValidity}:${uid}` };
    await opts.events.inbound(outcome.message); // throws when not stored: the message stays unseen
    return true;
  }
  if (outcome.kind === 'refused') {
    refused.inc({ channel: 'email', reason: outcome.why });
    log.warn({ providerId, uid, why: outcome.why }, 'imap message refused: left in the mailbox');
    return false;
  }
  await deliverInboundMail(outcome, opts.events, ctx); // bounces and ignorable reports, as over SMTP
  return false;
}

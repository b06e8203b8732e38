// Who wrote an inbound message, and which conversation it continues: the e-mail headers first, then the reply token
// of a conversation's reply, then the open conversation of the same number or address; a reply to a staff message
// (campaign, warning) that continues nothing opens a conversation about that message and its topic.
import { sql } from 'drizzle-orm';
import type { ContactKind } from '../../../common/states.ts';
import type { AppDeps } from '../../platform/context.ts';
import { queryRows, type Tx } from '../../platform/db/client.ts';
import { seal } from '../../platform/auth/crypto.ts';
import { lookupHash } from '../residents/index.ts';
import type { PortalRaw } from './inbound.ts';
import type { InboundRow } from './threading.ts';

export interface Contact {
  kind: ContactKind;
  residentId: string | null;
  /** Keyed hash of the number or address: conversations of one sender are found by it (residents' too). */
  hash: string | null;
  /** The number or address, sealed. */
  enc: string | null;
  nameEnc: string | null;
  /** The resident's language when known, else what the contact form was filled in. */
  language: string | null;
}

export interface Match {
  conversationId: string | null;
  /** The staff message this one answers (messages.id of the engine), for a new conversation. */
  answersMessageId: string | null;
  topic: string | null;
}

const EMAIL = /^[^\s@]+@[^\s@]+$/;

export async function contactOf(deps: AppDeps, tx: Tx, row: InboundRow): Promise<Contact> {
  const key = deps.config.secretKey;
  const raw = (row.raw ?? {}) as PortalRaw;
  const sender = row.sender.trim();
  let address: string | null = null;
  let kind: 'phone' | 'email' = 'email';
  if (row.channel === 'sms') {
    address = sender;
    kind = 'phone';
  } else if (EMAIL.test(sender)) address = sender.toLowerCase();
  const hash = address ? lookupHash(key, kind, address) : null;
  let residentId: string | null = row.channel === 'portal' ? (raw.residentId ?? residentFromSender(sender)) : null;
  if (!residentId && hash) {
    const column = kind === 'phone' ? sql`phone_hash` : sql`email_hash`;
    const [r] = await queryRows<{ id: string }>(tx, sql`select id from residents where ${column} = ${hash} order by created_at limit 1`);
    residentId = r?.id ?? null;
  }
  let language: string | null = row.channel === 'portal' ? (raw.language ?? null) : null;
  let residentHash: string | null = null;
  if (residentId) {
    // the language they chose for this municipality, else their account's
    const [r] = await queryRows<{ language: string | null; phoneHash: string | null; emailHash: string | null }>(
      tx,
      sql`select coalesce(f.language, r.language) as language, r.phone_hash as "phoneHash", r.email_hash as "emailHash"
            from residents r left join follows f on f.resident_id = r.id where r.id = ${residentId}`,
    );
    if (r) {
      language = r.language;
      residentHash = r.phoneHash ?? r.emailHash;
    } else residentId = null;
  }
  return {
    kind: residentId ? 'resident' : kind,
    residentId,
    hash: hash ?? residentHash,
    enc: seal(key, address),
    nameEnc: raw.nameEnc ?? null,
    language,
  };
}

const residentFromSender = (sender: string) => {
  const m = /^resident:([0-9a-f-]{36})$/i.exec(sender);
  return m ? m[1] : null;
};

export async function findConversation(tx: Tx, row: InboundRow, contact: Contact): Promise<Match> {
  const raw = row.raw ?? {};
  const none: Match = { conversationId: null, answersMessageId: null, topic: null };
  if (row.channel === 'email') {
    const ids = [raw.inReplyTo, ...(Array.isArray(raw.references) ? [...raw.references].reverse() : [])].filter(
      (v): v is string => typeof v === 'string' && v.length > 0,
    );
    if (ids.length) {
      const [hit] = await queryRows<{ id: string }>(
        tx,
        sql`select conversation_id as id from conversation_items where email_message_id = any(${sql.param(ids)}::text[])
             order by array_position(${sql.param(ids)}::text[], email_message_id), created_at desc limit 1`,
      );
      const live = hit && (await liveConversation(tx, hit.id));
      if (live) return { ...none, conversationId: live };
    }
  }
  let answers: { messageId: string; topic: string | null } | null = null;
  if (row.deliveryId) {
    const [d] = await queryRows<{ messageId: string; kind: string; topic: string | null; replyConversation: string | null }>(
      tx,
      sql`select d.message_id as "messageId", m.kind, c.topic,
                 (select i.conversation_id from conversation_items i where i.sent_message_id = d.message_id order by i.created_at desc limit 1) as "replyConversation"
            from deliveries d join messages m on m.id = d.message_id
            left join campaigns c on c.id = m.campaign_id
           where d.id = ${row.deliveryId}`,
    );
    if (d?.replyConversation) {
      const live = await liveConversation(tx, d.replyConversation);
      if (live) return { ...none, conversationId: live };
    }
    if (d && (d.kind === 'message' || d.kind === 'warning')) answers = { messageId: d.messageId, topic: d.topic };
  }
  // the contact form starts a new conversation each time: each submission has its own subject
  if (contact.hash && row.channel !== 'portal') {
    // an SMS has no headers: it continues the sender's open conversation; an e-mail only one that came by e-mail
    // and, when it answers a staff message, one about that message
    const sameAnswer = answers ? sql`and answers_message_id = ${answers.messageId}` : sql``;
    const sameChannel = row.channel === 'sms' ? sql`` : sql`and channel = ${row.channel}`;
    const preferAnswer = answers ? sql`(answers_message_id is not distinct from ${answers.messageId}) desc,` : sql``;
    const [open] = await queryRows<{ id: string }>(
      tx,
      sql`select id from conversations
           where contact_hash = ${contact.hash} and status in ('open', 'waiting') and merged_into is null
             ${row.channel === 'sms' ? sql`` : sameAnswer} ${sameChannel}
           order by ${preferAnswer} last_activity_at desc limit 1`,
    );
    if (open) return { ...none, conversationId: open.id };
  }
  return answers ? { conversationId: null, answersMessageId: answers.messageId, topic: answers.topic } : none;
}

/** The conversation itself, or the one it was merged into; null when closed (archived: a new message starts anew). */
async function liveConversation(tx: Tx, id: string): Promise<string | null> {
  let current = id;
  for (let hop = 0; hop < 5; hop++) {
    const [c] = await queryRows<{ status: string; mergedInto: string | null }>(
      tx,
      sql`select status, merged_into as "mergedInto" from conversations where id = ${current}`,
    );
    if (!c) return null;
    if (c.mergedInto) {
      current = c.mergedInto;
      continue;
    }
    return c.status === 'closed' ? null : current;
  }
  return null;
}

/** The sender's latest conversation that is not archived: where a keyword is logged when nothing else matched. */
export async function latestConversation(tx: Tx, contact: Contact): Promise<string | null> {
  if (!contact.hash) return null;
  const [c] = await queryRows<{ id: string }>(
    tx,
    sql`select id from conversations where contact_hash = ${contact.hash} and status <> 'closed' and merged_into is null
         order by last_activity_at desc limit 1`,
  );
  return c?.id ?? null;
}

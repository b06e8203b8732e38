// One interface for every outbound channel adapter. The delivery engine knows only this file;
// each adapter (SMPP, HTTP SMS, SMTP, web push, dev outbox) lives in its own folder beside it.

export type ChannelKind = 'sms' | 'email' | 'push';

export interface OutgoingMessage {
  /** The delivery row id: the idempotency key wherever a provider accepts one. */
  deliveryId: string;
  tenantId: string;
  channel: ChannelKind;
  /** sms: E.164 number; email: address; push: the subscription (endpoint and keys). */
  to: string | PushTarget;
  /** sms: the whole text; email: the plain-text body; push: the notification body. */
  text: string;
  /** email: subject; push: notification title. */
  subject?: string;
  /** email only. */
  html?: string;
  /** sms: alphanumeric sender id (max 11 chars) or number; email: From address with name. */
  from?: string;
  /** email: Reply-To (carries a token so replies can be matched). */
  replyTo?: string;
  /** email: extra headers such as List-Unsubscribe. */
  headers?: Record<string, string>;
  /** push: RFC 8030 Urgency; warnings use 'high'. */
  urgency?: 'very-low' | 'low' | 'normal' | 'high';
  /** push: TTL in seconds; sms: validity period. */
  ttlSeconds?: number;
  /** push: where a click on the notification leads. */
  url?: string;
  /**
   * What staff may see of this message when it carries a code or a link (masked). Only an adapter that keeps a copy
   * for staff (the dev outbox) uses it; every other adapter sends `text`.
   */
  shown?: { subject?: string; text: string; html?: string };
  /** email only: an iCalendar part sent as text/calendar with this METHOD (an event invitation or cancellation). */
  calendar?: { method: 'REQUEST' | 'CANCEL'; ics: string };
}

export interface PushTarget {
  endpoint: string;
  keys: { p256dh: string; auth: string };
}

export type SendResult =
  | { ok: true; providerMessageId: string | null; parts?: number }
  | {
      ok: false;
      /** true: the address or content will never work (invalid number, rejected); false: try again later. */
      permanent: boolean;
      error: string;
      /** The provider asked us to slow down (throttling, queue full); the engine backs off for at least this long. */
      retryAfterMs?: number;
      /** push only: the subscription is gone (404/410); the engine removes it. */
      gone?: boolean;
    };

export type ReceiptStatus = 'delivered' | 'failed' | 'expired';

export interface Receipt {
  providerId: string;
  providerMessageId: string;
  status: ReceiptStatus;
  error?: string;
  at: Date;
}

export interface InboundMessage {
  providerId: string;
  channel: ChannelKind;
  from: string;
  to: string;
  text: string;
  subject?: string;
  at: Date;
  /** e-mail: the token found in the reply address, if any. */
  replyToken?: string;
  /** e-mail: Message-ID, In-Reply-To and References (angle brackets removed), for threading in the inbox. */
  messageId?: string;
  inReplyTo?: string;
  references?: string[];
  /** e-mail: the HTML part after sanitising (never the original markup). */
  html?: string;
  /** e-mail: attachments that passed the size cap and whose type was read from the bytes. */
  attachments?: InboundAttachment[];
  raw?: Record<string, unknown>;
}

export interface InboundAttachment {
  fileName: string;
  contentType: string;
  content: Buffer;
}

export interface Bounce {
  providerId: string;
  /** The recipient address that bounced. */
  address: string;
  /** e-mail Message-ID or token of the original message, when the DSN carries it. */
  providerMessageId?: string;
  replyToken?: string;
  hard: boolean;
  reason: string;
  at: Date;
}

/** Adapters report what arrives later (receipts, replies, bounces) here; the delivery engine implements it. */
export interface ChannelEvents {
  receipt(r: Receipt): Promise<void>;
  /**
   * Resolves once the message is stored. With `answerBy` (epoch ms: when the peer stops waiting for the answer), a
   * message not yet being written by then is refused and never written later, so a peer told "not stored" that
   * sends it again gets it stored once.
   */
  inbound(m: InboundMessage, opts?: { answerBy?: number }): Promise<void>;
  bounce(b: Bounce): Promise<void>;
}

export interface ChannelSender {
  readonly kind: ChannelKind;
  /** The provider row id this adapter instance serves. */
  readonly providerId: string;
  /** How many sends this adapter wants in flight at once (SMPP window, SMTP pool size, …). */
  readonly concurrency: number;
  /**
   * Whether the provider reports what became of a message later, by its provider message id (events.receipt). Only
   * then can a receipt arrive before its send is recorded and wait in pending_receipts for it.
   */
  readonly receipts: boolean;
  send(msg: OutgoingMessage): Promise<SendResult>;
  close(): Promise<void>;
}

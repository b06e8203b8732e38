// Incoming side of SMPP 3.4: delivery receipts (deliver_sm with esm_class 0x04) and mobile-originated
// messages, including the reassembly of concatenated MO parts.
import type { DecodedMessage, PDU } from 'smpp';
import { encodeGsm7 } from '../../../common/sms/segments.ts';
import type { ReceiptStatus } from '../types.ts';
import { DATA_CODING_GSM7 } from './smpp.codec.ts';

export interface ParsedReceiptText {
  messageId: string;
  stat: string | null;
  err: string | null;
  /** As written by the SMSC, whose time zone is unknown: kept for the record, not for timing. */
  doneDate: Date | null;
}

/** Parses "id:… sub:… dlvrd:… submit date:… done date:… stat:… err:… text:…" (SMPP 3.4 Appendix B). */
export function parseReceiptText(text: string): ParsedReceiptText | null {
  const id = /(?:^|\s)id:(\S+)/i.exec(text);
  if (!id) return null;
  const stat = /(?:^|\s)stat:(\w+)/i.exec(text);
  const err = /(?:^|\s)err:(\w+)/i.exec(text);
  // vendors write YYMMDDhhmm (the appendix) or YYMMDDhhmmss
  const done = /done date:(\d{10}(?:\d{2})?)(?!\d)/i.exec(text);
  return { messageId: id[1]!, stat: stat ? stat[1]!.toUpperCase() : null, err: err ? err[1]! : null, doneDate: done ? smppDate(done[1]!) : null };
}

function smppDate(digits: string): Date | null {
  const [yy, mm, dd, hh, mi, ss = '00'] = digits.match(/\d\d/g)!;
  const date = new Date(Date.UTC(2000 + Number(yy), Number(mm) - 1, Number(dd), Number(hh), Number(mi), Number(ss)));
  return Number.isNaN(date.getTime()) ? null : date;
}

/** message_state TLV values (SMPP 3.4 5.2.28; 0 and 9 from SMPP 5.0) by their receipt-text names. */
const MESSAGE_STATES = ['SCHEDLD', 'ENROUTE', 'DELIVRD', 'EXPIRED', 'DELETED', 'UNDELIV', 'ACCEPTD', 'UNKNOWN', 'REJECTD', 'SKIPPED'];

const STAT_ALIASES: Record<string, string> = {
  DELIVERED: 'DELIVRD',
  UNDELIVERABLE: 'UNDELIV',
  REJECTED: 'REJECTD',
  ACCEPTED: 'ACCEPTD',
};

/** Final states only; ENROUTE and SCHEDLD are intermediate and change nothing. */
export function receiptStatusOf(stat: string): ReceiptStatus | null {
  switch (STAT_ALIASES[stat] ?? stat) {
    case 'DELIVRD':
    // ACCEPTD is final in SMPP 3.4: read on the subscriber's behalf by customer service
    case 'ACCEPTD':
      return 'delivered';
    case 'EXPIRED':
      return 'expired';
    case 'UNDELIV':
    case 'REJECTD':
    case 'DELETED':
    case 'UNKNOWN':
    case 'SKIPPED':
      return 'failed';
    default:
      return null;
  }
}

/** The text of short_message (or message_payload) as the package decoded it. */
export function messageText(pdu: PDU): { text: string; udh: Buffer[] } {
  const decoded = [pdu.short_message, pdu.message_payload].find(
    (m): m is DecodedMessage => typeof m === 'object' && m !== null && 'message' in m && (m as DecodedMessage).message.length > 0,
  );
  if (!decoded) return { text: '', udh: [] };
  const text = typeof decoded.message === 'string' ? decoded.message : decoded.message.toString('latin1');
  return { text, udh: decoded.udh ?? [] };
}

/** Receipt texts are ASCII; undo the package's GSM-7 decoding so "_" or "@" in an id survive. */
function receiptAscii(pdu: PDU, text: string): string {
  if (Number(pdu.data_coding ?? 0) !== DATA_CODING_GSM7) return text;
  try {
    return Buffer.from(encodeGsm7(text)).toString('latin1');
  } catch {
    return text;
  }
}

export interface ReadReceipt {
  messageId: string;
  stat: string;
  status: ReceiptStatus | null;
  error?: string;
}

/** receipted_message_id and message_state TLVs win; the text form fills what they leave out. */
export function readReceipt(pdu: PDU): ReadReceipt | null {
  const tlvId = typeof pdu.receipted_message_id === 'string' && pdu.receipted_message_id ? pdu.receipted_message_id : null;
  const tlvState = typeof pdu.message_state === 'number' ? MESSAGE_STATES[pdu.message_state] : undefined;
  // the common case (both TLVs, delivered) needs no text parsing: receipts come by the ten thousand
  const needsText = !tlvId || !tlvState || receiptStatusOf(tlvState) !== 'delivered';
  const parsed = needsText ? parseReceiptText(receiptAscii(pdu, messageText(pdu).text)) : null;
  const messageId = tlvId ?? parsed?.messageId;
  const stat = tlvState ?? parsed?.stat;
  if (!messageId || !stat) return null;
  const status = receiptStatusOf(stat);
  const err = parsed?.err;
  const error = status === 'delivered' ? undefined : err ? `${stat} err:${err}` : stat;
  return { messageId, stat, status, ...(error ? { error } : {}) };
}

export interface ConcatInfo {
  reference: number;
  total: number;
  sequence: number;
}

/** The concatenation element of a UDH: IEI 0x00 (8-bit reference) or 0x08 (16-bit reference). */
export function concatInfo(udh: Buffer[]): ConcatInfo | null {
  for (const ie of udh) {
    if (ie[0] === 0x00 && ie[1] === 3) return { reference: ie[2]!, total: ie[3]!, sequence: ie[4]! };
    if (ie[0] === 0x08 && ie[1] === 4) return { reference: ie.readUInt16BE(2), total: ie[4]!, sequence: ie[5]! };
  }
  return null;
}

interface PendingMo {
  texts: Array<string | undefined>;
  received: number;
  timer: NodeJS.Timeout;
}

/**
 * Collects the parts of concatenated MO messages. A message whose parts never all arrive is still
 * handed on after `timeoutMs` with a gap marker: a resident's reply must not vanish.
 */
export function createMoAssembler(timeoutMs: number, onIncomplete: (from: string, to: string, text: string) => void) {
  const pending = new Map<string, PendingMo>();
  return {
    /** Returns the whole text once the last missing part arrived, else null. */
    add(from: string, to: string, concat: ConcatInfo, text: string): string | null {
      const key = `${from}|${to}|${concat.reference}|${concat.total}`;
      let entry = pending.get(key);
      if (!entry) {
        const timer = setTimeout(() => {
          pending.delete(key);
          onIncomplete(from, to, entry!.texts.map((t) => t ?? '[…]').join(''));
        }, timeoutMs);
        timer.unref();
        entry = { texts: new Array(concat.total).fill(undefined), received: 0, timer };
        pending.set(key, entry);
      }
      const index = concat.sequence - 1;
      if (index < 0 || index >= concat.total || entry.texts[index] !== undefined) return null;
      entry.texts[index] = text;
      if (++entry.received < concat.total) return null;
      clearTimeout(entry.timer);
      pending.delete(key);
      return entry.texts.join('');
    },
    clear() {
      for (const entry of pending.values()) clearTimeout(entry.timer);
      pending.clear();
    },
  };
}

// Outgoing side of SMPP 3.4 for Civicast: addresses, submit_sm parts (GSM-7 or UCS-2, UDH-concatenated),
// validity periods, and what a command_status means for the delivery engine.
import smpp from 'smpp';
import { analyzeSms, encodeGsm7, splitSms } from '../../../common/sms/segments.ts';

export const DATA_CODING_GSM7 = 0x00;
export const DATA_CODING_UCS2 = 0x08;
export const ESM_CLASS_UDHI = 0x40;
export const ESM_CLASS_RECEIPT = 0x04;

export const STATUS = {
  ok: 0x00,
  invalidBindStatus: 0x04,
  queueFull: 0x14,
  throttled: 0x58,
  tempAppError: 0x64,
} as const;

/** Statuses that mean "this message will never be accepted as it is": retrying only costs money. */
const PERMANENT_STATUSES = new Set([
  0x01, // ESME_RINVMSGLEN
  0x07, // ESME_RINVREGDLVFLG
  0x0a, // ESME_RINVSRCADR
  0x0b, // ESME_RINVDSTADR
  0x43, // ESME_RINVESMCLASS
  0x48, // ESME_RINVSRCTON
  0x49, // ESME_RINVSRCNPI
  0x50, // ESME_RINVDSTTON
  0x51, // ESME_RINVDSTNPI
  0x61, // ESME_RINVSCHED
  0x62, // ESME_RINVEXPIRY
  0x65, // ESME_RX_P_APPN (permanent application error)
  0x66, // ESME_RX_R_APPN (rejected by the receiver)
  0x101, // ESME_RPROHIBITED
  0x104, // ESME_RINVDCS
]);

const STATUS_NAMES = new Map(Object.entries(smpp.errors).map(([name, code]) => [code, name] as const));

export function statusName(code: number): string {
  return STATUS_NAMES.get(code) ?? `ESME_0x${code.toString(16).padStart(8, '0')}`;
}

export function isThrottling(code: number): boolean {
  return code === STATUS.throttled || code === STATUS.queueFull;
}

/** Unknown statuses count as transient: a retry costs a little, a wrongly failed message costs a resident. */
export function isPermanent(code: number): boolean {
  return PERMANENT_STATUSES.has(code);
}

export type Addressed<T> = T | { error: string };

export interface SourceAddress {
  source_addr_ton: number;
  source_addr_npi: number;
  source_addr: string;
}

/** An alphanumeric sender id (TON 5) when it has letters, else an international number (TON 1, NPI 1). */
export function sourceAddress(from: string): Addressed<SourceAddress> {
  const trimmed = from.trim();
  if (/[a-z]/i.test(trimmed)) {
    // GSM allows 11 characters in an alphanumeric originator; longer ones are cut or refused by the network
    if (trimmed.length > 11) return { error: `sender id "${trimmed}" is longer than 11 characters` };
    return { source_addr_ton: 5, source_addr_npi: 0, source_addr: trimmed };
  }
  const digits = trimmed.replace(/^\+/, '');
  if (!/^\d{1,15}$/.test(digits)) return { error: `sender "${from}" is neither a sender id nor a number` };
  return { source_addr_ton: 1, source_addr_npi: 1, source_addr: digits };
}

export interface DestinationAddress {
  dest_addr_ton: number;
  dest_addr_npi: number;
  destination_addr: string;
}

export function destinationAddress(to: string): Addressed<DestinationAddress> {
  const match = /^\+([1-9]\d{5,14})$/.exec(to.trim());
  if (!match) return { error: `destination "${to}" is not an E.164 number` };
  return { dest_addr_ton: 1, dest_addr_npi: 1, destination_addr: match[1]! };
}

export interface SubmitPart {
  data_coding: number;
  esm_class: number;
  short_message: Buffer;
}

/** The parts of one text; several parts carry a UDH (IEI 0x00, 8-bit reference, count, sequence). */
export function buildSubmitParts(text: string, reference: number): Addressed<SubmitPart[]> {
  const { encoding } = analyzeSms(text);
  const texts = splitSms(text);
  if (texts.length === 0) return { error: 'empty message' };
  // the UDH counts parts in one octet
  if (texts.length > 255) return { error: `message needs ${texts.length} parts, at most 255 are possible` };
  const dataCoding = encoding === 'GSM-7' ? DATA_CODING_GSM7 : DATA_CODING_UCS2;
  return texts.map((part, i) => {
    const body = encoding === 'GSM-7' ? Buffer.from(encodeGsm7(part)) : Buffer.from(part, 'utf16le').swap16();
    if (texts.length === 1) return { data_coding: dataCoding, esm_class: 0, short_message: body };
    const udh = Buffer.from([0x05, 0x00, 0x03, reference & 0xff, texts.length, i + 1]);
    return { data_coding: dataCoding, esm_class: ESM_CLASS_UDHI, short_message: Buffer.concat([udh, body]) };
  });
}

/**
 * A stable concatenation reference per delivery: a retried message reuses it, so a handset can combine
 * parts accepted by an earlier attempt with the ones sent now.
 */
export function concatReference(deliveryId: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < deliveryId.length; i++) hash = Math.imul(hash ^ deliveryId.charCodeAt(i), 0x01000193);
  return (hash >>> 0) & 0xff;
}

/** SMPP relative time "YYMMDDhhmmss" (the package appends "000R"); capped at 99 days. */
export function relativeValidity(seconds: number): string {
  let rest = Math.max(60, Math.min(Math.floor(seconds), 99 * 86_400));
  const days = Math.floor(rest / 86_400);
  rest -= days * 86_400;
  const hours = Math.floor(rest / 3600);
  rest -= hours * 3600;
  const minutes = Math.floor(rest / 60);
  const two = (n: number) => String(n).padStart(2, '0');
  return `0000${two(days)}${two(hours)}${two(minutes)}${two(rest - minutes * 60)}`;
}

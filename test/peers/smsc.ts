// A local SMSC built on the `smpp` package's server, for the SMPP adapter tests, the crash test and the
// fan-out benchmark: assigns message ids, answers submit_sm, sends delivery receipts and MO messages, and
// misbehaves on request (throttling, receipts before answers, a dropped connection, rejected numbers).
// It decodes with the package's own GSM-7/UCS-2 decoder, so the adapter's encoder is checked independently.
import type { AddressInfo } from 'node:net';
import smpp, { type PDU, type Session } from 'smpp';
import { analyzeSms, splitSms } from '../../src/common/sms/segments.ts';

export interface SmscBehaviour {
  /** Answer every Nth submit_sm (counting all attempts) with ESME_RTHROTTLED. */
  throttleEvery?: number;
  /** Send the delivery receipt before the submit_sm_resp. */
  receiptBeforeResp?: boolean;
  /** Destroy the connection after the Nth accepted submit_sm, once; later PDUs on it are ignored. */
  dropAfter?: number;
  /** E.164 numbers without '+' answered with ESME_RINVDSTADR. */
  rejectDestinations?: string[];
  /** Answer submit_sm to these destinations (E.164 without '+') only after so many milliseconds: a slow route. */
  slowDestinations?: Record<string, number>;
  /** Which receipt forms to send: both (default), only the receipted_message_id TLV, or only the text. */
  receiptForm?: 'both' | 'tlv' | 'text';
}

export interface SmscOptions {
  port?: number;
  systemId?: string;
  password?: string;
  receiptDelayMs?: number;
  behaviour?: SmscBehaviour;
}

export interface SmscPart {
  reference: number;
  total: number;
  sequence: number;
}

export interface SmscSubmit {
  destination: string;
  source: string;
  sourceTon: number;
  text: string;
  dataCoding: number;
  messageId: string;
  part: SmscPart | null;
  registeredDelivery: number;
}

export interface SmscMessage {
  destination: string;
  text: string;
  parts: number;
  messageIds: string[];
}

export interface Smsc {
  port: number;
  /** Every accepted submit_sm (one per part). */
  submits: SmscSubmit[];
  /** Complete messages, parts reassembled. */
  messages: SmscMessage[];
  /** Complete messages per destination (E.164 without '+'). */
  byDestination: Map<string, number>;
  /** Every submit_sm answered, accepted or not, with its time: shows how fast the client sent. */
  attempts: Array<{ at: number; status: number }>;
  /** receiptsRefused: receipts the client answered with an error (it could not store them). */
  stats(): { binds: number; receiptsSent: number; receiptsRefused: number };
  sendMo(from: string, to: string, text: string): Promise<void>;
  close(): Promise<void>;
}

const THROTTLED = 0x58;
const INVALID_DESTINATION = 0x0b;
const INVALID_PASSWORD = 0x0e;

function doneDate(at: Date): string {
  const two = (n: number) => String(n).padStart(2, '0');
  return `${two(at.getUTCFullYear() % 100)}${two(at.getUTCMonth() + 1)}${two(at.getUTCDate())}${two(at.getUTCHours())}${two(at.getUTCMinutes())}`;
}

function concatPart(udh: Buffer[] | undefined): SmscPart | null {
  for (const ie of udh ?? []) {
    if (ie[0] === 0x00) return { reference: ie[2]!, total: ie[3]!, sequence: ie[4]! };
    if (ie[0] === 0x08) return { reference: ie.readUInt16BE(2), total: ie[4]!, sequence: ie[5]! };
  }
  return null;
}

export async function startSmsc(opts: SmscOptions = {}): Promise<Smsc> {
  const behaviour = opts.behaviour ?? {};
  const receiptDelayMs = opts.receiptDelayMs ?? 0;
  const rejected = new Set(behaviour.rejectDestinations ?? []);
  const submits: SmscSubmit[] = [];
  const messages: SmscMessage[] = [];
  const byDestination = new Map<string, number>();
  const attempts: Smsc['attempts'] = [];
  const assembling = new Map<string, { texts: Array<string | undefined>; ids: string[]; received: number }>();
  const timers = new Set<NodeJS.Timeout>();
  const bound = new Set<Session>();
  const dropping = new WeakSet<Session>();
  let nextId = 1;
  let seen = 0;
  let accepted = 0;
  let dropped = false;
  let binds = 0;
  let receiptsSent = 0;
  let receiptsRefused = 0;

  const complete = (destination: string, text: string, parts: number, messageIds: string[]) => {
    messages.push({ destination, text, parts, messageIds });
    byDestination.set(destination, (byDestination.get(destination) ?? 0) + 1);
  };

  const record = (submit: SmscSubmit) => {
    submits.push(submit);
    const { part } = submit;
    if (!part || part.total <= 1) return complete(submit.destination, submit.text, 1, [submit.messageId]);
    const key = `${submit.destination}|${part.reference}|${part.total}`;
    let entry = assembling.get(key);
    if (!entry) assembling.set(key, (entry = { texts: new Array(part.total).fill(undefined), ids: [], received: 0 }));
    // a part sent twice (a retry) is a duplicate for the handset too: keep the first
    if (part.sequence < 1 || part.sequence > part.total || entry.texts[part.sequence - 1] !== undefined) return;
    entry.texts[part.sequence - 1] = submit.text;
    entry.ids[part.sequence - 1] = submit.messageId;
    if (++entry.received < part.total) return;
    assembling.delete(key);
    complete(submit.destination, entry.texts.join(''), part.total, entry.ids);
  };

  const sendReceipt = (session: Session, submit: SmscSubmit) => {
    const text = `id:${submit.messageId} sub:001 dlvrd:001 submit date:${doneDate(new Date())} done date:${doneDate(new Date())} stat:DELIVRD err:000 text:${submit.text.slice(0, 20).replace(/[^\x20-\x7e]/g, '.')}`;
    const form = behaviour.receiptForm ?? 'both';
    const pdu = new smpp.PDU('deliver_sm', {
      source_addr_ton: 1,
      source_addr_npi: 1,
      source_addr: submit.destination,
      dest_addr_ton: submit.sourceTon,
      destination_addr: submit.source,
      esm_class: 0x04,
      data_coding: 0,
      // real SMSCs write the receipt text as plain ASCII bytes, not GSM-7 septets
      short_message: form === 'tlv' ? Buffer.alloc(0) : Buffer.from(text, 'ascii'),
      ...(form === 'text' ? {} : { receipted_message_id: submit.messageId, message_state: 2 }),
    });
    receiptsSent++;
    const target = bound.has(session) ? session : bound.values().next().value;
    target?.send(pdu, (resp: PDU) => {
      if (resp.command_status !== 0) receiptsRefused++;
    });
  };

  const scheduleReceipt = (session: Session, submit: SmscSubmit) => {
    if (receiptDelayMs <= 0) return sendReceipt(session, submit);
    const timer = setTimeout(() => {
      timers.delete(timer);
      sendReceipt(session, submit);
    }, receiptDelayMs);
    timers.add(timer);
  };

  const onSubmit = (session: Session, pdu: PDU) => {
    if (dropping.has(session)) return;
    // answers and receipts of one read burst leave in one write: the benchmark pushes tens of thousands
    session.socket.cork();
    process.nextTick(() => session.socket.uncork());
    seen++;
    const destination = String(pdu.destination_addr);
    let status = 0;
    if (behaviour.throttleEvery && seen % behaviour.throttleEvery === 0) status = THROTTLED;
    else if (rejected.has(destination)) status = INVALID_DESTINATION;
    attempts.push({ at: Date.now(), status });
    if (status !== 0) return session.send(pdu.response({ command_status: status }));

    const decoded = pdu.short_message as { message: string | Buffer; udh?: Buffer[] };
    const submit: SmscSubmit = {
      destination,
      source: String(pdu.source_addr),
      sourceTon: Number(pdu.source_addr_ton),
      text: typeof decoded.message === 'string' ? decoded.message : decoded.message.toString('latin1'),
      dataCoding: Number(pdu.data_coding),
      messageId: (0x10000000 + nextId++).toString(16),
      part: concatPart(decoded.udh),
      registeredDelivery: Number(pdu.registered_delivery),
    };
    record(submit);
    accepted++;
    const wantsReceipt = (submit.registeredDelivery & 0x03) !== 0;
    if (wantsReceipt && behaviour.receiptBeforeResp) scheduleReceipt(session, submit);
    const drop = behaviour.dropAfter !== undefined && !dropped && accepted >= behaviour.dropAfter;
    if (drop) {
      dropped = true;
      dropping.add(session);
    }
    const answer = () =>
      session.send(pdu.response({ message_id: submit.messageId }), () => {
        // leave the answer time to reach the client, then cut the line with the rest of its window unanswered
        if (drop) setTimeout(() => session.destroy(), 20);
      });
    const slowMs = behaviour.slowDestinations?.[destination];
    if (slowMs) {
      const timer = setTimeout(() => {
        timers.delete(timer);
        answer();
      }, slowMs);
      timers.add(timer);
    } else answer();
    if (wantsReceipt && !behaviour.receiptBeforeResp && !drop) scheduleReceipt(session, submit);
  };

  const server = smpp.createServer((session: Session) => {
    session.on('error', () => {}); // clients that vanish are part of the tests
    session.on('close', () => bound.delete(session));
    session.on('bind_transceiver', (pdu: PDU) => {
      binds++;
      const refused = (opts.systemId !== undefined && pdu.system_id !== opts.systemId) || (opts.password !== undefined && pdu.password !== opts.password);
      if (refused) return session.send(pdu.response({ command_status: INVALID_PASSWORD }));
      bound.add(session);
      session.send(pdu.response({ system_id: 'civicast-test-smsc' }));
    });
    session.on('enquire_link', (pdu: PDU) => session.send(pdu.response()));
    session.on('unbind', (pdu: PDU) => {
      bound.delete(session);
      session.send(pdu.response(), () => session.close());
    });
    session.on('submit_sm', (pdu: PDU) => onSubmit(session, pdu));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;

  async function sendMo(from: string, to: string, text: string): Promise<void> {
    const session = bound.values().next().value;
    if (!session) throw new Error('no client is bound to the test SMSC');
    const dataCoding = analyzeSms(text).encoding === 'GSM-7' ? 0 : 8;
    const parts = splitSms(text);
    const reference = nextId & 0xff;
    await Promise.all(
      parts.map(
        (part, i) =>
          new Promise<void>((resolve, reject) => {
            const udh = parts.length > 1 ? Buffer.from([0x05, 0x00, 0x03, reference, parts.length, i + 1]) : undefined;
            const pdu = new smpp.PDU('deliver_sm', {
              source_addr_ton: 1,
              source_addr_npi: 1,
              source_addr: from.replace(/^\+/, ''),
              destination_addr: to,
              esm_class: 0,
              data_coding: dataCoding,
              // the package encodes the string itself (GSM-7 or UTF-16BE) and prepends the UDH
              short_message: udh ? { udh, message: part } : part,
            });
            session.send(pdu, (resp: PDU) => (resp.command_status === 0 ? resolve() : reject(new Error(`deliver_sm answered ${resp.command_status}`))));
          }),
      ),
    );
  }

  async function close(): Promise<void> {
    for (const timer of timers) clearTimeout(timer);
    timers.clear();
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      for (const session of [...server.sessions]) session.destroy();
    });
  }

  return { port, submits, messages, byDestination, attempts, stats: () => ({ binds, receiptsSent, receiptsRefused }), sendMo, close };
}

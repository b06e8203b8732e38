// deliver_sm from the SMSC: delivery receipts go to events.receipt, mobile-originated texts to events.inbound.
// Every deliver_sm is answered; the answer waits for the engine, so a receipt or reply the engine failed
// to store is answered with a temporary error and the SMSC delivers it again.
import type { PDU, Session } from 'smpp';
import type { ChannelEvents } from '../types.ts';
import { ESM_CLASS_RECEIPT, STATUS } from './smpp.codec.ts';
import { concatInfo, createMoAssembler, messageText, readReceipt } from './smpp.inbound.ts';
import type { SmppLogger } from './smpp.sender.ts';

/** How long the parts of a concatenated reply may trickle in before the gap-marked text is handed on. */
const MO_REASSEMBLY_MS = 5 * 60_000;

/** A write already under way when the answer is due is waited for this many answer times before giving up on it. */
const HUNG_FACTOR = 3;

export interface DeliverHandlerOptions {
  providerId: string;
  events: ChannelEvents;
  log: SmppLogger;
  answerTimeoutMs: number;
}

export function createDeliverHandler({ providerId, events, log, answerTimeoutMs }: DeliverHandlerOptions) {
  const inbound = (from: string, to: string, text: string, answerBy?: number) =>
    events.inbound({ providerId, channel: 'sms', from, to, text, at: new Date() }, answerBy === undefined ? undefined : { answerBy });

  const assembler = createMoAssembler(MO_REASSEMBLY_MS, (from, to, text) => {
    log.warn({ providerId }, 'concatenated SMS incomplete: handing on what arrived'); // the sender's number stays out of the log
    inbound(from, to, text).catch((err: unknown) => log.error({ err }, 'storing an incomplete inbound SMS failed'));
  });

  async function onReceipt(pdu: PDU): Promise<void> {
    const receipt = readReceipt(pdu);
    if (!receipt) {
      // nothing a redelivery would fix: acknowledge and keep a trace
      log.warn({ text: messageText(pdu).text.slice(0, 200) }, 'unreadable delivery receipt');
      return;
    }
    if (!receipt.status) return; // ENROUTE, SCHEDLD: intermediate, the final receipt follows
    // receipts can arrive before submit_sm_resp (so before send() returned the id): forward them anyway,
    // the engine parks receipts for ids it does not know yet and applies them once the id is stored
    await events.receipt({
      providerId,
      providerMessageId: receipt.messageId,
      status: receipt.status,
      ...(receipt.error ? { error: receipt.error } : {}),
      // the SMSC's "done date" has no time zone; arrival time is what latency and fallback timers need
      at: new Date(),
    });
  }

  async function onMobileOriginated(pdu: PDU, answerBy: number): Promise<void> {
    const { text, udh } = messageText(pdu);
    const source = String(pdu.source_addr ?? '');
    // numbers become E.164; an alphanumeric originator stays as it is
    const from = /^\d+$/.test(source) ? `+${source}` : source;
    const to = String(pdu.destination_addr ?? '');
    const concat = concatInfo(udh);
    if (concat && concat.total > 1) {
      const whole = assembler.add(from, to, concat, text);
      if (whole !== null) await inbound(from, to, whole, answerBy);
      return;
    }
    await inbound(from, to, text, answerBy);
  }

  function handle(session: Session, pdu: PDU): void {
    const isReceipt = (Number(pdu.esm_class ?? 0) & ESM_CLASS_RECEIPT) !== 0;
    // a reply not yet being written when the answer is due is refused by the engine and never written later: the
    // SMSC repeats it, and it is stored once. The timer below only guards against an engine that hangs mid-write.
    const answerBy = Date.now() + answerTimeoutMs;
    let timer: NodeJS.Timeout | undefined;
    const hung = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error('engine did not answer in time')), answerTimeoutMs * HUNG_FACTOR);
    });
    Promise.race([isReceipt ? onReceipt(pdu) : onMobileOriginated(pdu, answerBy), hung])
      .then(
        () => session.send(pdu.response()),
        (err: unknown) => {
          log.error({ err, receipt: isReceipt }, 'deliver_sm not stored: asking the SMSC to repeat it');
          session.send(pdu.response({ command_status: STATUS.tempAppError }));
        },
      )
      .finally(() => clearTimeout(timer));
  }

  return { handle, clear: () => assembler.clear() };
}

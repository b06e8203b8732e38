// SMS over SMPP 3.4: one bind_transceiver per adapter, keep-alive, reconnect with backoff, and messages
// split into parts that go through the submit window (smpp.window.ts); receipts and replies in smpp.deliver.ts.
import smpp, { type PDU, type Session } from 'smpp';
import type { ChannelEvents, ChannelSender, OutgoingMessage, SendResult } from '../types.ts';
import { buildSubmitParts, concatReference, destinationAddress, relativeValidity, STATUS, sourceAddress, statusName } from './smpp.codec.ts';
import { createDeliverHandler } from './smpp.deliver.ts';
import { createSubmitWindow, type PartFailure, type PartResult, transient } from './smpp.window.ts';

export interface SmppLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
  child(bindings: Record<string, unknown>): SmppLogger;
}

export interface SmppSenderOptions {
  providerId: string;
  host: string;
  port: number;
  systemId: string;
  password: string;
  systemType?: string;
  /** Default originator: alphanumeric sender id (max 11) or number; `OutgoingMessage.from` overrides it. */
  sourceAddr: string;
  windowSize?: number;
  enquireLinkMs?: number;
  submitTimeoutMs?: number;
  events: ChannelEvents;
  log: SmppLogger;
}

export interface SmppSenderStats {
  /** The window currently allowed; below windowSize after throttling answers. */
  window: number;
  inFlight: number;
  queued: number;
  pausedUntil: number;
}

export type SmppSender = ChannelSender & { connected(): boolean; stats(): SmppSenderStats };

const BACKOFF_START_MS = 250;
const BACKOFF_MAX_MS = 30_000;
/** Parts of a message accepted before a transient failure, so a retry sends only the missing ones. */
const PARTIAL_MEMORY = 10_000;

export function createSmppSender(opts: SmppSenderOptions): SmppSender {
  const windowSize = Math.max(1, opts.windowSize ?? 10);
  const enquireLinkMs = opts.enquireLinkMs ?? 30_000;
  const submitTimeoutMs = opts.submitTimeoutMs ?? 10_000;
  const log = opts.log.child({ channel: 'sms-smpp', providerId: opts.providerId });

  let session: Session | null = null;
  let bound = false;
  let closing = false;
  let lastError = '';
  let reconnectAttempt = 0;
  let reconnectTimer: NodeJS.Timeout | null = null;
  let connectTimer: NodeJS.Timeout | null = null;
  let enquireTimer: NodeJS.Timeout | null = null;
  const partial = new Map<string, { reference: number; ids: Array<string | undefined> }>();

  const deliver = createDeliverHandler({ providerId: opts.providerId, events: opts.events, log, answerTimeoutMs: submitTimeoutMs });
  const submitWindow = createSubmitWindow({
    windowSize,
    submitTimeoutMs,
    log,
    link: () => (bound ? session : null),
    linkError: () => lastError,
    rebind: () => session?.destroy(),
  });

  // --- connection ---

  const clearTimers = () => {
    for (const t of [connectTimer, enquireTimer]) if (t) clearTimeout(t);
    connectTimer = enquireTimer = null;
  };

  const scheduleReconnect = () => {
    const base = Math.min(BACKOFF_MAX_MS, BACKOFF_START_MS * 2 ** reconnectAttempt++);
    const delay = base / 2 + Math.random() * (base / 2);
    log.info({ delayMs: Math.round(delay), lastError }, 'SMPP reconnect scheduled');
    reconnectTimer = setTimeout(() => {
      reconnectTimer = null;
      connect();
    }, delay);
  };

  const startKeepAlive = (s: Session) => {
    enquireTimer = setInterval(() => {
      let answered = false;
      const deadTimer = setTimeout(() => {
        if (!answered && session === s) {
          lastError = 'enquire_link unanswered';
          log.warn({}, 'SMPP link silent: reconnecting');
          s.destroy();
        }
      }, submitTimeoutMs);
      deadTimer.unref();
      s.send(new smpp.PDU('enquire_link', {}), () => {
        answered = true;
        clearTimeout(deadTimer);
      });
    }, enquireLinkMs);
  };

  const onClosed = (s: Session) => {
    if (session !== s) return;
    session = null;
    bound = false;
    clearTimers();
    submitWindow.connectionLost();
    if (!closing) scheduleReconnect();
  };

  function connect() {
    if (closing) return;
    const s = smpp.connect({ host: opts.host, port: opts.port });
    session = s;
    // a silently dropped SYN would otherwise hang for minutes
    connectTimer = setTimeout(() => {
      if (!bound) {
        lastError = 'connect/bind timeout';
        s.destroy();
      }
    }, submitTimeoutMs);
    s.on('connect', () => {
      const bind = new smpp.PDU('bind_transceiver', {
        system_id: opts.systemId,
        password: opts.password,
        system_type: opts.systemType ?? '',
        interface_version: 0x34,
      });
      s.send(bind, (resp) => {
        if (session !== s) return;
        if (resp.command_status !== STATUS.ok) {
          lastError = `bind failed: ${statusName(resp.command_status)}`;
          log.error({ status: statusName(resp.command_status) }, 'SMPP bind refused');
          s.destroy();
          return;
        }
        if (connectTimer) clearTimeout(connectTimer);
        bound = true;
        reconnectAttempt = 0;
        lastError = '';
        log.info({ host: opts.host, port: opts.port }, 'SMPP bound');
        startKeepAlive(s);
        submitWindow.drain();
      });
    });
    s.on('error', (err: Error) => {
      lastError = err.message;
      log.warn({ err: err.message }, 'SMPP connection error');
      // the package stops reading after a parse error, so the socket is of no further use
      s.destroy();
    });
    s.on('close', () => onClosed(s));
    s.on('deliver_sm', (pdu: PDU) => deliver.handle(s, pdu));
    s.on('enquire_link', (pdu: PDU) => s.send(pdu.response()));
    s.on('unbind', (pdu: PDU) => {
      bound = false;
      s.send(pdu.response(), () => s.close());
    });
  }

  // --- messages ---

  const rememberPartial = (deliveryId: string, entry: { reference: number; ids: Array<string | undefined> }) => {
    partial.delete(deliveryId);
    partial.set(deliveryId, entry);
    if (partial.size > PARTIAL_MEMORY) partial.delete(partial.keys().next().value!);
  };

  async function send(msg: OutgoingMessage): Promise<SendResult> {
    if (closing) return transient('sender closed');
    if (msg.channel !== 'sms' || typeof msg.to !== 'string') return { ok: false, permanent: true, error: 'not an SMS recipient' };
    const destination = destinationAddress(msg.to);
    if ('error' in destination) return { ok: false, permanent: true, error: destination.error };
    const source = sourceAddress(msg.from ?? opts.sourceAddr);
    if ('error' in source) return { ok: false, permanent: true, error: source.error };
    const earlier = partial.get(msg.deliveryId);
    const reference = earlier?.reference ?? concatReference(msg.deliveryId);
    const parts = buildSubmitParts(msg.text, reference);
    if ('error' in parts) return { ok: false, permanent: true, error: parts.error };
    const ids = earlier && earlier.ids.length === parts.length ? earlier.ids : new Array<string | undefined>(parts.length);
    const common = {
      service_type: '',
      ...source,
      ...destination,
      ...(msg.ttlSeconds ? { validity_period: relativeValidity(msg.ttlSeconds) } : {}),
    };
    const results = await Promise.all(
      parts.map((part, i): Promise<PartResult> | PartResult => {
        const known = ids[i];
        if (known !== undefined) return { ok: true, messageId: known };
        // only the last part asks for a receipt: its id is the one the engine stores
        return submitWindow.submit({ ...common, ...part, registered_delivery: i === parts.length - 1 ? 1 : 0 });
      }),
    );
    results.forEach((r, i) => {
      if (r.ok) ids[i] = r.messageId;
    });
    const failures = results.filter((r): r is PartFailure => !r.ok);
    const permanent = failures.find((f) => f.permanent);
    if (permanent) {
      partial.delete(msg.deliveryId);
      return { ok: false, permanent: true, error: permanent.error };
    }
    if (failures.length > 0) {
      if (ids.some((id) => id !== undefined)) rememberPartial(msg.deliveryId, { reference, ids });
      const retryAfterMs = Math.max(0, ...failures.map((f) => f.retryAfterMs ?? 0));
      return { ok: false, permanent: false, error: failures[0]!.error, ...(retryAfterMs ? { retryAfterMs } : {}) };
    }
    partial.delete(msg.deliveryId);
    return { ok: true, providerMessageId: ids[ids.length - 1] || null, parts: parts.length };
  }

  async function close(): Promise<void> {
    if (closing) return;
    closing = true;
    if (reconnectTimer) clearTimeout(reconnectTimer);
    submitWindow.failQueued('sender closed');
    // let written parts get their answers (each has its own deadline), then unbind
    await submitWindow.idle();
    deliver.clear();
    const s = session;
    if (!s) return clearTimers();
    await new Promise<void>((done) => {
      const force = setTimeout(() => s.destroy(), Math.min(2_000, submitTimeoutMs));
      s.socket.once('close', () => {
        clearTimeout(force);
        done();
      });
      if (bound && s.send(new smpp.PDU('unbind', {}), () => s.close())) return;
      s.destroy();
    });
    clearTimers();
  }

  connect();

  return {
    kind: 'sms',
    providerId: opts.providerId,
    concurrency: windowSize,
    receipts: true,
    send,
    close,
    connected: () => bound,
    stats: () => submitWindow.stats(),
  };
}

// The SMPP adapter against a real SMSC peer (the `smpp` package's server) on a local port.
import { afterEach, describe, expect, it } from 'vitest';
import smpp, { type PDU, type Session } from 'smpp';
import { startSmsc, type Smsc, type SmscOptions } from '../../../../test/peers/smsc.ts';
import { createLogger } from '../../platform/logger.ts';
import type { ChannelEvents, InboundMessage, OutgoingMessage, Receipt, SendResult } from '../types.ts';
import { createSmppSender, type SmppSender, type SmppSenderOptions } from './index.ts';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** The engine's edge: records what the adapter reports. */
function recordingEvents() {
  const receipts: Receipt[] = [];
  const inbound: InboundMessage[] = [];
  const events: ChannelEvents = {
    receipt: async (r) => void receipts.push(r),
    inbound: async (m) => void inbound.push(m),
    bounce: async () => {},
  };
  return { receipts, inbound, events };
}

async function smsc(opts: SmscOptions = {}): Promise<Smsc> {
  const peer = await startSmsc({ systemId: 'civicast', password: 'secret', ...opts });
  cleanups.push(() => peer.close());
  return peer;
}

function sender(port: number, events: ChannelEvents, extra: Partial<SmppSenderOptions> = {}): SmppSender {
  const s = createSmppSender({
    providerId: 'smsc-test',
    host: '127.0.0.1',
    port,
    systemId: 'civicast',
    password: 'secret',
    sourceAddr: 'Musterstadt',
    events,
    log: createLogger('silent'),
    ...extra,
  });
  cleanups.push(() => s.close());
  return s;
}

let nextDelivery = 1;
function sms(to: string, text: string): OutgoingMessage {
  return { deliveryId: `d-${nextDelivery++}`, tenantId: 't-1', channel: 'sms', to, text };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitFor(condition: () => boolean, timeoutMs = 5_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await sleep(10);
  }
}

/** What the delivery engine does: retry transient failures after the requested pause. */
async function sendWithRetries(s: SmppSender, msg: OutgoingMessage, seen: SendResult[] = []): Promise<SendResult> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const result = await s.send(msg);
    seen.push(result);
    if (result.ok || result.permanent) return result;
    await sleep(result.retryAfterMs ?? 50);
  }
  throw new Error(`gave up on ${msg.deliveryId}`);
}

describe('SMS over SMPP', () => {
  it('a GSM-7 text arrives intact from the alphanumeric sender id', async () => {
    const peer = await smsc();
    const s = sender(peer.port, recordingEvents().events);
    const text = 'Müllabfuhr: Dienstag statt Montag. Kosten 5€ [Info] ~ Straße';
    const result = await s.send(sms('+4915112345678', text));
    expect(result).toEqual({ ok: true, providerMessageId: peer.submits[0]!.messageId, parts: 1 });
    expect(peer.submits[0]).toMatchObject({ destination: '4915112345678', text, dataCoding: 0, source: 'Musterstadt', sourceTon: 5 });
    expect(s.connected()).toBe(true);
  });

  it('"Müll" stays GSM-7 while a text with ê goes as UCS-2', async () => {
    const peer = await smsc();
    const s = sender(peer.port, recordingEvents().events, { sourceAddr: '+4930123456' });
    await s.send(sms('+4915112345678', 'Müll'));
    await s.send(sms('+4915112345678', 'Fête am Marktplatz 😀'));
    expect(peer.submits.map((p) => [p.text, p.dataCoding])).toEqual([
      ['Müll', 0],
      ['Fête am Marktplatz 😀', 8],
    ]);
    expect(peer.submits[0]).toMatchObject({ source: '4930123456', sourceTon: 1 });
  });

  it('a 300-character text arrives as two parts and is reassembled', async () => {
    const peer = await smsc();
    const s = sender(peer.port, recordingEvents().events);
    const text = `${'Bitte beachten Sie die Sperrung der Hauptstraße. '.repeat(6)}`.slice(0, 300);
    const result = await s.send(sms('+4915112345678', text));
    expect(peer.submits).toHaveLength(2);
    expect(peer.messages).toEqual([{ destination: '4915112345678', text, parts: 2, messageIds: peer.submits.map((p) => p.messageId) }]);
    // the last part's id is the one receipts are asked for and the engine stores
    expect(result).toEqual({ ok: true, providerMessageId: peer.messages[0]!.messageIds[1], parts: 2 });
    expect(peer.submits.map((p) => p.registeredDelivery)).toEqual([0, 1]);
  });

  it('a delivery receipt marks the message delivered', async () => {
    const peer = await smsc({ receiptDelayMs: 20 });
    const { events, receipts } = recordingEvents();
    const s = sender(peer.port, events);
    const result = await s.send(sms('+4915112345678', 'Ihr Termin ist bestätigt.'));
    await waitFor(() => receipts.length === 1);
    expect(receipts[0]).toMatchObject({ providerId: 'smsc-test', providerMessageId: result.ok && result.providerMessageId, status: 'delivered' });
  });

  it('a receipt the engine fails to store is answered with a temporary error so the SMSC repeats it', async () => {
    const peer = await smsc();
    const events: ChannelEvents = {
      receipt: async () => {
        throw new Error('database unavailable');
      },
      inbound: async () => {},
      bounce: async () => {},
    };
    const s = sender(peer.port, events);
    await s.send(sms('+4915112345678', 'Hallo'));
    await waitFor(() => peer.stats().receiptsRefused === 1);
  });

  it('a receipt in text form only is understood as well', async () => {
    const peer = await smsc({ behaviour: { receiptForm: 'text' } });
    const { events, receipts } = recordingEvents();
    const s = sender(peer.port, events);
    const result = await s.send(sms('+4915112345678', 'Hallo'));
    await waitFor(() => receipts.length === 1);
    expect(receipts[0]).toMatchObject({ providerMessageId: result.ok && result.providerMessageId, status: 'delivered' });
  });

  it('a receipt that arrives before submit_sm_resp is forwarded, not lost', async () => {
    const peer = await smsc({ behaviour: { receiptBeforeResp: true } });
    const { events, receipts } = recordingEvents();
    const s = sender(peer.port, events);
    const result = await s.send(sms('+4915112345678', 'Schnell zugestellt'));
    expect(receipts).toHaveLength(1);
    expect(receipts[0]!.providerMessageId).toBe(result.ok && result.providerMessageId);
  });

  it('throttling answers slow the sender down and lose no message', async () => {
    const peer = await smsc({ behaviour: { throttleEvery: 4 } });
    const s = sender(peer.port, recordingEvents().events, { windowSize: 8 });
    let smallestWindow = 8;
    const probe = setInterval(() => (smallestWindow = Math.min(smallestWindow, s.stats().window)), 2);
    const seen: SendResult[] = [];
    const numbers = Array.from({ length: 40 }, (_, i) => `+49151000${String(i).padStart(4, '0')}`);
    await Promise.all(numbers.map((n) => sendWithRetries(s, sms(n, `Nachricht an ${n}`), seen)));
    clearInterval(probe);
    expect(seen.some((r) => !r.ok && !r.permanent && r.error === 'ESME_RTHROTTLED' && (r.retryAfterMs ?? 0) > 0)).toBe(true);
    expect(smallestWindow).toBeLessThan(8);
    expect(peer.messages).toHaveLength(40);
    expect([...peer.byDestination.values()].every((count) => count === 1)).toBe(true);
  });

  it('a long message whose second part was throttled resends only that part, under the same reference', async () => {
    const peer = await smsc({ behaviour: { throttleEvery: 2 } });
    const s = sender(peer.port, recordingEvents().events, { windowSize: 1 });
    const text = 'x'.repeat(200);
    const seen: SendResult[] = [];
    const result = await sendWithRetries(s, sms('+4915112345678', text), seen);
    expect(seen[0]).toMatchObject({ ok: false, permanent: false, error: 'ESME_RTHROTTLED' });
    expect(result).toEqual({ ok: true, providerMessageId: peer.submits[1]!.messageId, parts: 2 });
    expect(peer.submits.map((p) => p.part?.sequence)).toEqual([1, 2]);
    expect(peer.messages).toEqual([expect.objectContaining({ text, parts: 2 })]);
  });

  it('a connection dropped mid-window costs retries, not messages, and sends nothing twice', async () => {
    const peer = await smsc({ behaviour: { dropAfter: 5 } });
    const s = sender(peer.port, recordingEvents().events, { windowSize: 10 });
    const seen: SendResult[] = [];
    const numbers = Array.from({ length: 30 }, (_, i) => `+49152000${String(i).padStart(4, '0')}`);
    await Promise.all(numbers.map((n) => sendWithRetries(s, sms(n, `Warnung ${n}`), seen)));
    expect(seen.some((r) => !r.ok && r.error === 'connection lost')).toBe(true);
    expect(peer.byDestination.size).toBe(30);
    expect([...peer.byDestination.values()].every((count) => count === 1)).toBe(true);
    expect(peer.submits).toHaveLength(30);
    expect(peer.stats().binds).toBeGreaterThanOrEqual(2);
  });

  it('an invalid destination fails permanently with the status name', async () => {
    const peer = await smsc({ behaviour: { rejectDestinations: ['4915199999999'] } });
    const s = sender(peer.port, recordingEvents().events);
    expect(await s.send(sms('+4915199999999', 'x'))).toEqual({ ok: false, permanent: true, error: 'ESME_RINVDSTADR' });
    expect(await s.send(sms('0151 123', 'x'))).toMatchObject({ ok: false, permanent: true });
  });

  it('a reply from a resident arrives as an inbound message, long ones reassembled', async () => {
    const peer = await smsc();
    const { events, inbound } = recordingEvents();
    const s = sender(peer.port, events);
    await waitFor(() => s.connected());
    await peer.sendMo('+4915112345678', '4930123456', 'Danke, Straße ist frei {ok}');
    await peer.sendMo('+4915112345678', '4930123456', 'Très bien 👍');
    const long = 'Die Laterne vor Hausnummer 12 ist seit Tagen dunkel. '.repeat(5);
    await peer.sendMo('+4915112345678', '4930123456', long);
    expect(inbound.map((m) => [m.channel, m.from, m.to, m.text])).toEqual([
      ['sms', '+4915112345678', '4930123456', 'Danke, Straße ist frei {ok}'],
      ['sms', '+4915112345678', '4930123456', 'Très bien 👍'],
      ['sms', '+4915112345678', '4930123456', long],
    ]);
    expect(inbound[0]!.at).toBeInstanceOf(Date);
  });

  it('reconnects after the SMSC restarts', async () => {
    const first = await startSmsc({});
    const s = sender(first.port, recordingEvents().events, { submitTimeoutMs: 1_000 });
    await waitFor(() => s.connected());
    await first.close();
    await waitFor(() => !s.connected());
    const second = await smsc({ port: first.port });
    const result = await sendWithRetries(s, sms('+4915112345678', 'Wieder da'));
    expect(result.ok).toBe(true);
    expect(second.messages.map((m) => m.text)).toEqual(['Wieder da']);
  });

  it('without a reachable SMSC a send answers transiently within the timeout', async () => {
    const peer = await startSmsc();
    const port = peer.port;
    await peer.close();
    const s = sender(port, recordingEvents().events, { submitTimeoutMs: 300 });
    const started = Date.now();
    const result = await s.send(sms('+4915112345678', 'x'));
    expect(result).toMatchObject({ ok: false, permanent: false });
    expect(!result.ok && result.error).toMatch(/^not connected/);
    expect(Date.now() - started).toBeLessThan(1_500);
  });

  it('a wrong password keeps it unbound and says why', async () => {
    const peer = await smsc();
    const s = sender(peer.port, recordingEvents().events, { password: 'wrong', submitTimeoutMs: 300 });
    const result = await s.send(sms('+4915112345678', 'x'));
    expect(result).toEqual({ ok: false, permanent: false, error: 'not connected: bind failed: ESME_RINVPASWD' });
    expect(s.connected()).toBe(false);
  });

  it('an SMSC that never answers a submit costs a transient timeout, not a hang', async () => {
    const silent = smpp.createServer((session: Session) => {
      session.on('error', () => {});
      session.on('bind_transceiver', (pdu: PDU) => session.send(pdu.response()));
    });
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', () => resolve()));
    cleanups.push(
      () =>
        new Promise<void>((resolve) => {
          silent.close(() => resolve());
          for (const session of [...silent.sessions]) session.destroy();
        }),
    );
    const address = silent.address();
    const s = sender(typeof address === 'object' && address ? address.port : 0, recordingEvents().events, { submitTimeoutMs: 200 });
    expect(await s.send(sms('+4915112345678', 'x'))).toEqual({ ok: false, permanent: false, error: 'submit timeout' });
  });

  it('close() unbinds, and later sends are refused transiently', async () => {
    const peer = await smsc();
    const s = sender(peer.port, recordingEvents().events);
    await s.send(sms('+4915112345678', 'Letzte Nachricht'));
    await s.close();
    expect(s.connected()).toBe(false);
    expect(await s.send(sms('+4915112345678', 'zu spät'))).toEqual({ ok: false, permanent: false, error: 'sender closed' });
  });
});

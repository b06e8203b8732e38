// Server-sent events for Fastify routes: the route checks permissions and input as usual, then hands the reply to
// `streamEvents`, which polls a state function (about once a second), sends an event whenever the state changes, a
// comment as heartbeat, and stops when the client goes away, the state says it is done, after `maxEvents` (tests
// through app.inject wait for the end) or after `maxDurationMs` (the browser's EventSource reconnects by itself).
// Bounded: at most MAX_STREAMS open streams per process; beyond that the client is told to come back later.
import type { FastifyReply, FastifyRequest } from 'fastify';

export interface StreamOptions<T> {
  /** The current state; an event is sent when its JSON differs from the last one sent. */
  poll: () => Promise<T>;
  /** The event name (`event:` line); default: the unnamed `message` event. */
  event?: string;
  intervalMs?: number;
  heartbeatMs?: number;
  /** Ends the stream after this many events (tests). */
  maxEvents?: number;
  /** Ends the stream after the event for a state that is final (e.g. everything delivered). */
  done?: (state: T) => boolean;
  maxDurationMs?: number;
  /** Extra headers (the route's security headers; hooks do not run on a streamed reply). */
  headers?: Record<string, string>;
}

export const MAX_STREAMS = 200;
let open = 0;
const closers = new Set<() => void>();

/** Ends every open stream (on shutdown: a streamed reply would otherwise hold the server open). */
export function closeAllStreams() {
  for (const close of closers) close();
}

/** How many event streams this process holds open (for tests and metrics). */
export const openStreams = () => open;

/** One event in the text/event-stream format; data is JSON on one line. */
export function formatEvent(data: unknown, opts: { event?: string; id?: string | number; retryMs?: number } = {}): string {
  let out = '';
  if (opts.retryMs) out += `retry: ${opts.retryMs}\n`;
  if (opts.id !== undefined) out += `id: ${opts.id}\n`;
  if (opts.event) out += `event: ${opts.event}\n`;
  return `${out}data: ${JSON.stringify(data)}\n\n`;
}

/** Takes over the reply and streams until one of the ends above; resolves when the stream is closed. */
export async function streamEvents<T>(req: FastifyRequest, reply: FastifyReply, opts: StreamOptions<T>): Promise<void> {
  const intervalMs = opts.intervalMs ?? 1000;
  const heartbeatMs = opts.heartbeatMs ?? 15_000;
  const maxDurationMs = opts.maxDurationMs ?? 10 * 60_000;
  reply.hijack();
  const res = reply.raw;
  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache, no-transform',
    connection: 'keep-alive',
    'x-accel-buffering': 'no',
    ...opts.headers,
  });
  if (open >= MAX_STREAMS) {
    res.end(formatEvent({ error: 'too_many_streams' }, { event: 'busy', retryMs: 10_000 }));
    return;
  }
  open++;
  let closed = false;
  let sent = 0;
  let last: string | null = null;
  let wake: (() => void) | null = null;
  const close = () => {
    if (closed) return;
    closed = true;
    wake?.();
  };
  // the response's close, not the request's: a request emits 'close' as soon as its (empty) body is read
  res.on('close', close);
  closers.add(close);
  const started = Date.now();
  let lastWrite = Date.now();
  try {
    res.write(`retry: ${Math.max(1000, intervalMs * 3)}\n\n`);
    while (!closed) {
      let state: T;
      try {
        state = await opts.poll();
      } catch (err) {
        req.log.error({ err }, 'event stream poll failed');
        res.write(formatEvent({ error: 'unavailable' }, { event: 'error' }));
        break;
      }
      if (closed) break;
      const json = JSON.stringify(state);
      if (json !== last) {
        last = json;
        res.write(formatEvent(state, { event: opts.event, id: ++sent }));
        lastWrite = Date.now();
        if ((opts.maxEvents && sent >= opts.maxEvents) || opts.done?.(state)) break;
      } else if (Date.now() - lastWrite >= heartbeatMs) {
        res.write(': heartbeat\n\n');
        lastWrite = Date.now();
      }
      if (Date.now() - started >= maxDurationMs) break;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, intervalMs);
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      wake = null;
    }
  } finally {
    open--;
    closers.delete(close);
    res.off('close', close);
    if (!res.writableEnded) res.end();
  }
}

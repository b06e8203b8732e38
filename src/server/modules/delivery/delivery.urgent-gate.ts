// The urgent gate: while warnings and transactional messages are accepted or sent, bulk batches wait before their next
// hand-off. Within a process a counter says so; across processes on one PostgreSQL each process announces its own
// urgent work (LISTEN/NOTIFY) as a hold that lapses unless renewed, so a process that dies mid-warning holds nobody
// for longer than HOLD_MS.
import { z } from 'zod';
import { CHANNELS } from '../../../common/states.ts';
import type { ChannelKind } from '../../channels/types.ts';
import type { Jobs } from '../../platform/jobs.ts';
import type { Logger } from '../../platform/logger.ts';

/**
 * Both lanes share the process (event loop, database pool): while urgent batches run, the bulk batches of this
 * process pause before their next hand-off (their claims stay alive) and go on when the last urgent batch is done.
 * The same counting gate tells when the urgent sends being accepted in this process are all written. Holds announced
 * by other processes (holdFor) close it as well.
 */
export class UrgentGate {
  private active = 0;
  private waiting: Array<() => void> = [];
  /** Other processes' holds: who → until when (this process's clock). */
  private holds = new Map<string, number>();
  private lapse: NodeJS.Timeout | null = null;
  /** Told when this process's own urgent work starts (true) and ends (false). */
  onChange: ((active: boolean) => void) | null = null;

  /** Whether urgent work is under way in this process, or another process holds the gate. */
  get busy(): boolean {
    return this.active > 0 || this.held();
  }
  enter() {
    if (this.active++ === 0) this.onChange?.(true);
  }
  leave() {
    if (--this.active > 0) return;
    this.onChange?.(false);
    this.open();
  }
  /** Another process's urgent work: holds the gate for `ms` from now (0: released). */
  holdFor(holder: string, ms: number) {
    if (ms > 0) this.holds.set(holder, Date.now() + ms);
    else this.holds.delete(holder);
    this.open();
  }
  /** Resolves when the gate is open; with `maxMs`, after that long at the latest (work that may wait, not starve). */
  pass(maxMs?: number): Promise<void> {
    if (!this.busy) return Promise.resolve();
    return new Promise((resume) => {
      if (maxMs === undefined) return void this.waiting.push(resume);
      const timer = setTimeout(resume, maxMs);
      this.waiting.push(() => {
        clearTimeout(timer);
        resume();
      });
    });
  }

  private held(): boolean {
    if (!this.holds.size) return false; // the common case, asked before every bulk hand-off
    const now = Date.now();
    for (const [holder, until] of this.holds) if (until <= now) this.holds.delete(holder);
    return this.holds.size > 0;
  }
  /** Lets the waiting go when nothing holds the gate; otherwise looks again when the next hold lapses. */
  private open() {
    if (this.lapse) clearTimeout(this.lapse);
    this.lapse = null;
    if (this.active > 0) return;
    if (this.held()) {
      const next = Math.min(...this.holds.values());
      this.lapse = setTimeout(() => this.open(), Math.max(1, next - Date.now()));
      this.lapse.unref();
      return;
    }
    const go = this.waiting;
    this.waiting = [];
    for (const resume of go) resume();
  }
}

export const URGENT_CHANNEL = 'civicast_urgent';
/** How long an announced hold lasts unless renewed: a process that died mid-warning holds the others this long at most. */
export const HOLD_MS = 3_000;
const RENEW_MS = 1_000;
// a warning's batches follow each other with short gaps in which the gate is open; a release sent in every gap would
// be two notifications per batch
const RELEASE_AFTER_MS = 100;
// a notification's payload is limited to 8,000 bytes; one town takes about 80
const ACCEPTING_PER_NOTICE = 50;

const announcement = z.strictObject({
  holder: z.string().min(1).max(200),
  ms: z.number().int().min(0).max(60_000),
  // urgent sends being accepted: the workers of the urgent lane open these towns' senders meanwhile
  accepting: z
    .array(z.strictObject({ tenantId: z.uuid(), channels: z.array(z.enum(CHANNELS)).max(CHANNELS.length) }))
    .max(ACCEPTING_PER_NOTICE)
    .optional(),
});

/** What a process that works the urgent lane does when another process accepts an urgent send. */
export type OnAccepting = (tenantId: string, channels: readonly ChannelKind[]) => void;

/**
 * Connects the gate of this process to the others: announces its own urgent work (a hold, renewed while it lasts, and
 * a release) and, once `listen` was called, applies theirs. A failed announcement only costs the other processes'
 * restraint, so it is logged, never thrown.
 */
export class UrgentHolds {
  private renewing: NodeJS.Timeout | null = null;
  private releasing: NodeJS.Timeout | null = null;
  private announced = false;
  /** What is still to be announced: the latest hold, and the towns accepted since the last notice. */
  private pending: { ms: number; accepting: Map<string, Set<ChannelKind>> } | null = null;
  private sending: Promise<void> | null = null;
  private listening: Promise<{ close(): Promise<void> } | null> | null = null;
  private onAccepting: OnAccepting | null = null;
  private closed = false;
  private closing: Promise<void> | null = null;
  private watchedStop: Jobs | null = null;

  constructor(
    private readonly gate: UrgentGate,
    private readonly jobs: () => Jobs | null | undefined,
    private readonly holder: string,
    private readonly log: Logger,
  ) {
    gate.onChange = (active) => (active ? this.start() : this.stop());
  }

  /**
   * Applies the holds other processes announce, from now on (idempotent: a process calls it when it runs bulk
   * batches), and with `onAccepting` the urgent sends they accept. Resolves to whether this process receives them.
   */
  async listen(onAccepting?: OnAccepting): Promise<boolean> {
    if (onAccepting) this.onAccepting = onAccepting;
    const jobs = this.queue();
    if (!jobs || this.closed) return false;
    this.listening ??= jobs
      .listen(URGENT_CHANNEL, (payload) => this.receive(payload))
      .catch((err) => {
        this.log.warn({ err }, 'urgent holds of other processes cannot be received; bulk batches here hold only for this process');
        return null;
      });
    return (await this.listening) !== null;
  }

  /** The job queue, which closes these holds when it stops (its connection carries the last release). */
  private queue(): Jobs | null {
    const jobs = this.jobs() ?? null;
    if (jobs && this.watchedStop !== jobs) {
      this.watchedStop = jobs;
      jobs.onStopped(() => this.close());
    }
    return jobs;
  }

  close(): Promise<void> {
    this.closing ??= this.closeNow();
    return this.closing;
  }

  private async closeNow(): Promise<void> {
    this.closed = true;
    if (this.renewing) clearInterval(this.renewing);
    if (this.releasing) clearTimeout(this.releasing);
    await this.sending;
    if (this.announced) {
      this.announce(0);
      await this.sending;
    }
    await (await this.listening)?.close().catch(() => {});
  }

  private receive(payload: string) {
    let parsed: z.infer<typeof announcement>;
    try {
      parsed = announcement.parse(JSON.parse(payload));
    } catch {
      return; // not ours to act on: the channel is open to every session of the database
    }
    if (parsed.holder === this.holder) return;
    this.gate.holdFor(parsed.holder, parsed.ms);
    for (const a of parsed.accepting ?? []) this.onAccepting?.(a.tenantId, a.channels);
  }

  /** Tells the other processes that this one accepts an urgent send for `tenantId` (and holds while it does). */
  announceAccepting(tenantId: string, channels: readonly ChannelKind[]): void {
    if (!this.closed) this.announce(HOLD_MS, { tenantId, channels });
  }

  private start() {
    if (this.releasing) clearTimeout(this.releasing);
    this.releasing = null;
    if (this.renewing || this.closed) return; // still announced from the work just before
    this.announce(HOLD_MS);
    this.renewing = setInterval(() => this.announce(HOLD_MS), RENEW_MS);
    this.renewing.unref();
  }

  private stop() {
    if (!this.renewing || this.releasing) return;
    this.releasing = setTimeout(() => {
      this.releasing = null;
      if (this.renewing) clearInterval(this.renewing);
      this.renewing = null;
      this.announce(0);
    }, RELEASE_AFTER_MS);
    this.releasing.unref();
  }

  /**
   * Announces the hold (`ms`, 0 to release) and an accepted town, one notice at a time: a release sent beside a hold
   * over another connection could arrive before it and leave the others held until the hold lapsed. What comes in
   * while a notice is under way is merged into the next (the latest hold wins), so fifty warnings accepted at once
   * make a few notices, not fifty.
   */
  private announce(ms: number, accepting?: { tenantId: string; channels: readonly ChannelKind[] }) {
    if (!this.queue()) return;
    this.announced = ms > 0;
    const next = (this.pending ??= { ms, accepting: new Map() });
    next.ms = ms;
    if (accepting) {
      const channels = next.accepting.get(accepting.tenantId) ?? new Set<ChannelKind>();
      for (const c of accepting.channels) channels.add(c);
      next.accepting.set(accepting.tenantId, channels);
    }
    this.sending ??= this.send();
  }

  private async send() {
    for (;;) {
      const next = this.pending;
      if (!next) {
        this.sending = null; // in the step that found nothing pending: an announcement after it starts anew
        return;
      }
      this.pending = null;
      const towns = [...next.accepting].map(([tenantId, channels]) => ({ tenantId, channels: [...channels] }));
      for (let i = 0; i === 0 || i < towns.length; i += ACCEPTING_PER_NOTICE) {
        const chunk = towns.slice(i, i + ACCEPTING_PER_NOTICE);
        const notice = { holder: this.holder, ms: next.ms, ...(chunk.length ? { accepting: chunk } : {}) };
        try {
          await this.jobs()?.notify(URGENT_CHANNEL, JSON.stringify(notice));
        } catch (err) {
          this.log.warn({ err }, 'urgent hold could not be announced to other processes');
        }
      }
    }
  }
}

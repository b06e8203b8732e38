// The submit window: at most `windowSize` submit_sm without an answer, a queue in front of it, a deadline
// for every part, and AIMD slow-down when the SMSC throttles (ESME_RTHROTTLED, ESME_RMSGQFUL).
import smpp, { type PDU, type Session } from 'smpp';
import { isPermanent, isThrottling, STATUS, statusName } from './smpp.codec.ts';
import type { SmppLogger } from './smpp.sender.ts';

export type PartFailure = { ok: false; permanent: boolean; error: string; retryAfterMs?: number };
export type PartResult = { ok: true; messageId: string } | PartFailure;

interface PartTask {
  fields: Record<string, unknown>;
  deadline: number;
  timer: NodeJS.Timeout | null;
  settled: boolean;
  resolve(result: PartResult): void;
}

export interface SubmitWindowOptions {
  windowSize: number;
  submitTimeoutMs: number;
  log: SmppLogger;
  /** The bound session, or null while (re)connecting. */
  link(): Session | null;
  /** Why there is no link, for the error of parts that waited in vain. */
  linkError(): string;
  /** The SMSC says we are not bound (ESME_RINVBNDSTS): drop the connection so it binds again. */
  rebind(): void;
}

export const transient = (error: string, retryAfterMs?: number): PartFailure => ({
  ok: false,
  permanent: false,
  error,
  ...(retryAfterMs ? { retryAfterMs } : {}),
});

export function createSubmitWindow(opts: SubmitWindowOptions) {
  const { windowSize, submitTimeoutMs, log } = opts;
  let queue: PartTask[] = [];
  let head = 0;
  const inFlight = new Set<PartTask>();
  const idleWaiters: Array<() => void> = [];
  let allowed = windowSize;
  let pausedUntil = 0;
  let throttleStreak = 0;
  let drainTimer: NodeJS.Timeout | null = null;

  const finish = (task: PartTask, result: PartResult) => {
    if (task.settled) return;
    task.settled = true;
    if (task.timer) clearTimeout(task.timer);
    task.resolve(result);
  };

  const armQueueDeadline = (task: PartTask) => {
    task.timer = setTimeout(
      () => {
        const link = opts.link();
        finish(task, transient(link ? 'submit timeout (queued)' : `not connected${opts.linkError() ? `: ${opts.linkError()}` : ''}`));
      },
      Math.max(0, task.deadline - Date.now()),
    );
  };

  const settleInFlight = (task: PartTask, result: PartResult) => {
    inFlight.delete(task);
    finish(task, result);
    if (inFlight.size === 0) for (const wake of idleWaiters.splice(0)) wake();
  };

  // AIMD: halve once per throttling episode and pause a little longer each time; grow back by one per window
  const onThrottled = (): number => {
    const now = Date.now();
    if (now >= pausedUntil) {
      allowed = Math.max(1, allowed / 2);
      throttleStreak++;
    }
    const pauseMs = Math.min(5_000, 100 * 2 ** Math.min(throttleStreak, 6));
    pausedUntil = Math.max(pausedUntil, now + pauseMs);
    log.warn({ window: Math.floor(allowed), pauseMs }, 'SMSC throttles: slowing down');
    return Math.max(250, pausedUntil - now);
  };

  const onResponse = (task: PartTask, resp: PDU) => {
    if (!inFlight.has(task)) return; // timed out or the connection was lost first
    const status = resp.command === 'generic_nack' && !resp.command_status ? STATUS.tempAppError : resp.command_status;
    if (status === STATUS.ok) {
      throttleStreak = 0;
      allowed = Math.min(windowSize, allowed + 1 / allowed);
      settleInFlight(task, { ok: true, messageId: String(resp.message_id ?? '') });
    } else if (isThrottling(status)) {
      settleInFlight(task, transient(statusName(status), onThrottled()));
    } else if (isPermanent(status)) {
      settleInFlight(task, { ok: false, permanent: true, error: statusName(status) });
    } else {
      settleInFlight(task, transient(statusName(status)));
      if (status === STATUS.invalidBindStatus) opts.rebind();
    }
    drain();
  };

  const write = (session: Session, task: PartTask): boolean => {
    if (task.timer) clearTimeout(task.timer);
    if (!session.send(new smpp.PDU('submit_sm', task.fields), (resp) => onResponse(task, resp))) return false;
    inFlight.add(task);
    task.timer = setTimeout(() => {
      settleInFlight(task, transient('submit timeout'));
      drain();
    }, submitTimeoutMs);
    return true;
  };

  function drain(): void {
    const session = opts.link();
    if (!session) return;
    const wait = pausedUntil - Date.now();
    if (wait > 0) {
      drainTimer ??= setTimeout(() => {
        drainTimer = null;
        drain();
      }, wait);
      return;
    }
    // one write per burst instead of one per PDU
    session.socket.cork();
    while (inFlight.size < Math.floor(allowed) && head < queue.length) {
      const task = queue[head++]!;
      if (task.settled) continue;
      if (!write(session, task)) {
        // the socket is closing: the part was not written, so it waits for the reconnect
        queue[--head] = task;
        armQueueDeadline(task);
        break;
      }
    }
    process.nextTick(() => session.socket.uncork());
    if (head > 1024 && head * 2 > queue.length) {
      queue = queue.slice(head);
      head = 0;
    }
  }

  return {
    submit(fields: Record<string, unknown>): Promise<PartResult> {
      return new Promise((resolve) => {
        const task: PartTask = { fields, deadline: Date.now() + submitTimeoutMs, timer: null, settled: false, resolve };
        queue.push(task);
        drain();
        // only a part still waiting for the window or the connection needs its queue deadline
        if (!task.settled && !inFlight.has(task)) armQueueDeadline(task);
      });
    },
    drain,
    /** Written but unanswered: the SMSC may or may not have taken them; the engine decides to retry. */
    connectionLost(): void {
      if (drainTimer) clearTimeout(drainTimer);
      drainTimer = null;
      for (const task of [...inFlight]) settleInFlight(task, transient('connection lost'));
    },
    failQueued(error: string): void {
      for (let i = head; i < queue.length; i++) finish(queue[i]!, transient(error));
      queue = [];
      head = 0;
    },
    /** Resolves once no written part waits for an answer (each has its own deadline). */
    idle(): Promise<void> {
      return inFlight.size === 0 ? Promise.resolve() : new Promise((wake) => idleWaiters.push(wake));
    },
    stats() {
      return { window: Math.floor(allowed), inFlight: inFlight.size, queued: queue.length - head, pausedUntil };
    },
  };
}

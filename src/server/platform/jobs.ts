// Background jobs on pg-boss (PGlite adapter embedded, connection string on PostgreSQL). Each module declares its
// jobs with defineJob (name, payload schema, retry policy); payloads are validated when sent and when worked.
import { PgBoss, fromPglite } from 'pg-boss';
import type { z } from 'zod';
import type { Database } from './db/client.ts';
import type { AppDeps } from './context.ts';
import type { Logger } from './logger.ts';

export interface JobDefinition<S extends z.ZodType = z.ZodType> {
  name: string;
  payload: S;
  retryLimit?: number;
  retryDelaySeconds?: number;
  expireInSeconds?: number;
  /** A cron expression (UTC) when the job also runs on a schedule. */
  cron?: string;
  /** How many of these jobs one process works at once (default 1). */
  localConcurrency?: number;
  handle(payload: z.infer<S>, ctx: JobContext): Promise<void>;
}

/** What a job handler gets: the process's dependencies, a logger bound to the job, and the job id. */
export interface JobContext extends AppDeps {
  jobId: string;
}

export function defineJob<S extends z.ZodType>(def: JobDefinition<S>): JobDefinition<S> {
  return def;
}

export interface SendOptions {
  priority?: number;
  startAfter?: Date | number;
  singletonKey?: string;
}

export interface Jobs {
  boss: PgBoss;
  send<S extends z.ZodType>(def: JobDefinition<S>, payload: z.infer<S>, options?: SendOptions): Promise<string | null>;
  /** Enqueues many jobs of one kind in one statement. */
  insert<S extends z.ZodType>(def: JobDefinition<S>, items: Array<{ data: z.infer<S> } & SendOptions>): Promise<void>;
  /** Wakes this process's idle workers of the job so they fetch now rather than at their next poll. */
  wake(def: JobDefinition): void;
  /** Registers the handlers of the given jobs in this process (the worker role). */
  work(defs: JobDefinition[], deps: AppDeps): Promise<void>;
  /** Whether this process works the job (a `serve` process only enqueues). */
  works(def: JobDefinition): boolean;
  /** Sends `payload` to every process listening on `channel` (NOTIFY; in-process on PGlite). */
  notify(channel: string, payload: string): Promise<void>;
  /**
   * Calls `onPayload` with what any process sends on `channel`, over the queue's own listener machinery (a dedicated
   * connection that reconnects). Null where the database offers no listener (e.g. behind PgBouncer in transaction mode).
   */
  listen(channel: string, onPayload: (payload: string) => void): Promise<{ close(): Promise<void> } | null>;
  /**
   * Runs `fn` once, on stop, after the workers have finished and before the queue's connections close: a last notice
   * about work that has just ended (e.g. the release of an urgent hold) can still be sent then.
   */
  onStopped(fn: () => Promise<void>): void;
  stop(): Promise<void>;
}

export interface StartJobsOptions {
  db: Database;
  databaseUrl?: string;
  log: Logger;
  definitions: JobDefinition[];
  /** How often idle workers look for jobs when no LISTEN connection wakes them (e.g. behind PgBouncer). */
  pollSeconds: number;
  /**
   * How often idle workers look anyway while LISTEN wakes them on every enqueue (default: pollSeconds): for jobs that
   * become due later without anyone here knowing (pg-boss's own retries, start-after jobs of another process).
   */
  idlePollSeconds?: number;
  /** Only one kind of process needs to run pg-boss maintenance and cron; serve-only processes skip it. */
  supervise: boolean;
}

/** Creates the queue handle at once and starts pg-boss in the background; every call waits for the start. */
export function createJobs(opts: StartJobsOptions): Jobs & { ready: Promise<void> } {
  const { db, log } = opts;
  // Every queue wakes its workers on enqueue, in any process: pg-boss NOTIFYs in the enqueuing transaction and its
  // listener (one connection on PostgreSQL; in-process on PGlite) wakes the workers. Polling every 2 s instead cost
  // 35 worker slots a fetch each, about 17 fetches a second on an idle installation; on PGlite that was 16% of the
  // event loop while the portal was under load (bench:http).
  const listen = { useListenNotify: true };
  const boss =
    db.kind === 'pglite'
      ? new PgBoss({ db: fromPglite(db.pglite!), backend: 'pglite', supervise: opts.supervise, schedule: opts.supervise, ...listen })
      : new PgBoss({ connectionString: opts.databaseUrl!, max: 4, supervise: opts.supervise, schedule: opts.supervise, ...listen });
  boss.on('error', (err: Error) => log.error({ err }, 'job queue error'));
  const worked = new Set<string>();
  const ready = (async () => {
    await boss.start();
    // queues are created once and kept in line with their definitions (an installation made by an older version
    // gets new settings such as notify); one look-up instead of a statement per queue keeps start-up short
    const existing = new Map((await boss.getQueues()).map((q) => [q.name, q]));
    for (const def of opts.definitions) {
      const settings = {
        retryLimit: def.retryLimit ?? 3,
        retryDelay: def.retryDelaySeconds ?? 10,
        retryBackoff: true,
        expireInSeconds: def.expireInSeconds ?? 300,
        notify: true,
      };
      const queue = existing.get(def.name);
      if (!queue) await boss.createQueue(def.name, settings);
      else if (Object.entries(settings).some(([k, v]) => queue[k as keyof typeof settings] !== v)) await boss.updateQueue(def.name, settings);
      if (def.cron && opts.supervise) await boss.schedule(def.name, def.cron, {});
    }
  })();
  ready.catch((err) => log.error({ err }, 'job queue failed to start'));
  const wake = (name: string) => {
    for (const w of boss.getWipData()) if (w.name === name) boss.notifyWorker(w.id);
  };
  const wakeLater = wakeTimers(wake);
  const whenStopped: Array<() => Promise<void>> = [];
  return {
    boss,
    ready,
    async send(def, payload, options) {
      const data = def.payload.parse(payload) as object;
      await ready;
      const id = await boss.send(def.name, data, options ?? {});
      wakeLater(def.name, options?.startAfter);
      return id;
    },
    async insert(def, items) {
      const jobs = items.map(({ data, ...o }) => ({ data: def.payload.parse(data) as object, ...o }));
      await ready;
      for (let i = 0; i < jobs.length; i += 1000) await boss.insert(def.name, jobs.slice(i, i + 1000));
      for (const j of jobs) wakeLater(def.name, j.startAfter);
    },
    works: (def) => worked.has(def.name),
    wake: (def) => wake(def.name),
    async notify(channel, payload) {
      await ready;
      await boss.getDb().executeSql('select pg_notify($1, $2)', [channel, payload]);
    },
    async listen(channel, onPayload) {
      await ready;
      const db = boss.getDb();
      // a missed payload needs no recovery here: what is sent on these channels is renewed while it holds
      return db.listen ? db.listen(channel, onPayload, () => {}) : null;
    },
    async work(defs, deps) {
      await ready;
      // pg-boss waits out the poll interval after every job it handed to a worker (its burst mode goes by a cached
      // backlog count that lags): batches of a warning then started in waves half a second apart. A worker that has
      // just done a job fetches again at once instead, since a queue that had one likely has more; a fetch that
      // finds nothing falls back to polling. Every busy worker of the queue is told, this one among them.
      const keepFetching = (name: string) => {
        for (const w of boss.getWipData()) if (w.name === name && w.count > 0) boss.notifyWorker(w.id);
      };
      for (const def of defs) worked.add(def.name);
      for (const def of defs) {
        // with the listener up, polling only finds what no notification and no timer here announced
        const polling = { pollingIntervalSeconds: opts.pollSeconds, notifyPollingIntervalSeconds: opts.idlePollSeconds ?? opts.pollSeconds };
        await boss.work(def.name, { ...polling, localConcurrency: def.localConcurrency ?? 1 }, async (jobs) => {
          for (const job of jobs) {
            const parsed = def.payload.safeParse(job.data ?? {});
            if (!parsed.success) {
              log.error({ job: def.name, jobId: job.id, issues: parsed.error.issues }, 'job payload rejected');
              throw new Error(`invalid payload for ${def.name}`);
            }
            await def.handle(parsed.data, { ...deps, log: log.child({ job: def.name, jobId: job.id }), jobId: job.id });
          }
          keepFetching(def.name);
        });
      }
    },
    onStopped: (fn) => void whenStopped.push(fn),
    async stop() {
      await ready.catch(() => {});
      // the workers first, the connections after what runs between: urgent work ending in the graceful stop releases
      // its hold through them, or the other processes stay held until the hold lapses
      await boss.stop({ graceful: true, timeout: 10_000, close: false });
      for (const fn of whenStopped.splice(0)) await fn().catch((err) => log.warn({ err }, 'work after the job queue stopped failed'));
      await boss.stop({ close: true });
    },
  };
}

// A job enqueued to start later sends no notification when it becomes due (pg-boss notifies only runnable jobs), so
// the process that enqueued it wakes its own workers then; one timer per queue and second, however many jobs.
const MAX_WAKE_AHEAD_MS = 24 * 3_600_000;
function wakeTimers(wake: (name: string) => void) {
  const pending = new Set<string>();
  return (name: string, startAfter: Date | number | string | undefined) => {
    if (startAfter === undefined) return;
    const at = typeof startAfter === 'number' ? Date.now() + startAfter * 1000 : new Date(startAfter).getTime();
    const ms = at - Date.now();
    if (!(ms > 0) || ms > MAX_WAKE_AHEAD_MS) return;
    const second = Math.ceil(at / 1000);
    const key = `${name} ${second}`;
    if (pending.has(key)) return;
    pending.add(key);
    setTimeout(
      () => {
        pending.delete(key);
        wake(name);
      },
      second * 1000 - Date.now(),
    ).unref();
  };
}

export async function startJobs(opts: StartJobsOptions): Promise<Jobs> {
  const jobs = createJobs(opts);
  await jobs.ready;
  return jobs;
}

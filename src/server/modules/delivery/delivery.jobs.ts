// Jobs of the delivery pipeline: one job per batch of recipients on one channel (the sweeper that keeps the
// pipeline honest is delivery.sweeper.ts), and the inbound SMTP receiver.
import { z } from 'zod';
import { CHANNELS } from '../../../common/states.ts';
import type { ChannelKind } from '../../channels/types.ts';
import type { AppDeps } from '../../platform/context.ts';
import { defineJob, type Jobs } from '../../platform/jobs.ts';
import { processBatch } from './delivery.engine.ts';
import type { ClaimedBatch } from './delivery.repository.ts';

const batchPayload = z.object({ tenantId: z.uuid(), messageId: z.uuid(), channel: z.enum(CHANNELS), batch: z.number().int() });
export type BatchPayload = z.infer<typeof batchPayload>;

/** Warnings jump the queue; within a class, batch n of every message goes before batch n+1 of any (fairness). */
export const batchPriority = (warning: boolean, batch: number) => (warning ? 1_000_000 : 0) + Math.max(0, 100_000 - batch);

// Two lanes with their own worker slots: priority orders a queue but does not pre-empt a running batch, so warnings
// and transactional messages (codes, confirmations) get workers that bulk batches can never occupy.
const batchJob = (name: string, localConcurrency: number, urgent: boolean) =>
  defineJob({
    name,
    payload: batchPayload,
    retryLimit: 5,
    retryDelaySeconds: 5,
    expireInSeconds: 300,
    localConcurrency,
    handle: (payload, deps) => workBatch(deps, payload, urgent),
  });

/**
 * Works one batch in its lane: an urgent batch holds the bulk batches back while it runs, this process's and (through
 * the holds it announces) every other's; a bulk batch waits before each hand-off while any process holds.
 */
async function workBatch(deps: AppDeps, payload: BatchPayload, urgent: boolean, claimed?: ClaimedBatch): Promise<void> {
  const rt = deps.delivery;
  const gate = rt.urgentGate;
  if (urgent) gate.enter();
  else void listenForUrgentHolds(deps);
  let result: Awaited<ReturnType<typeof processBatch>>;
  try {
    result = await processBatch(deps, rt, payload, await rt.brandOf(payload.tenantId), urgent ? { claimed } : { beforeSend: () => gate.pass() });
  } finally {
    if (urgent) gate.leave();
  }
  // the retry stays in its lane
  if (result.retryAt && deps.jobs) await enqueueBatches(deps.jobs, [{ ...payload, urgent, startAfter: result.retryAt }]);
  if (result.claimed) deps.log.debug({ ...payload, ...result }, 'batch worked');
}

/** Bulk: messages, campaigns, reminders. */
export const sendBatchJob = batchJob('delivery.send-batch', 4, false);
/** Warnings and transactional messages. */
// more slots than bulk: urgent batches are small and mostly wait on the network (a bind per provider)
export const urgentBatchJob = batchJob('delivery.send-urgent-batch', 16, true);

/**
 * The urgent lane in a worker that works nothing else (`civicast worker --lanes urgent`): with 16 slots, fifty towns'
 * first batches waited 1.1 s for one there (bench:alerts --workers 1 --layout split), with 64 0.2 s, since they mostly
 * wait on round trips (a claim, a bind, the outcomes). Where the process also accepts warnings, 64 slots took pool
 * connections from the accepts, which then returned later.
 */
export const urgentOnlyBatchJob = { ...urgentBatchJob, localConcurrency: 64 };

/**
 * Accepts an urgent send (a warning) through `accept`, holding bulk batches before their next hand-off until `accept`
 * has written and enqueued the send: a running campaign would otherwise compete with the warning for the event loop
 * and the database. The hold reaches every process on the database (UrgentHolds), so a `serve` process that accepts
 * holds the workers that send. The tenant's senders are opened meanwhile by the processes that will send: this one
 * when it works the urgent lane, else the urgent lane's workers, told with the hold (a `serve` process would hold
 * connections, and provider connection leases, that it never sends over).
 */
export async function acceptUrgent<T>(deps: AppDeps, tenantId: string, channels: readonly ChannelKind[], accept: () => Promise<T>): Promise<T> {
  const here = !!deps.jobs?.works(urgentBatchJob);
  if (here) deps.delivery.warm(tenantId, channels);
  else deps.delivery.urgentHolds.announceAccepting(tenantId, channels);
  const gate = deps.delivery.urgentGate;
  gate.enter();
  if (here) deps.delivery.accepting.enter();
  try {
    return await accept();
  } finally {
    if (here) deps.delivery.accepting.leave();
    gate.leave();
  }
}

/**
 * Receives the urgent holds of the other processes on the database (idempotent): a process that runs bulk batches
 * waits while they hold, and one that works the urgent lane opens the senders of the towns they accept warnings for.
 */
export function listenForUrgentHolds(deps: AppDeps): Promise<boolean> {
  const urgentHere = !!deps.jobs?.works(urgentBatchJob);
  return deps.delivery.urgentHolds.listen(urgentHere ? (tenantId, channels) => deps.delivery.warm(tenantId, channels) : undefined);
}

/** The lane of a message's batches, from the priority its deliveries were written with (warning and transactional: 1). */
export const isUrgent = (deliveryPriority: number) => deliveryPriority > 0;

/** A batch to hand on; `claimed` when its rows were inserted claimed by this process (claimFirstBatches). */
export type BatchItem = BatchPayload & { urgent: boolean; startAfter?: Date; claimed?: ClaimedBatch };

/**
 * Whether a message being written should have its first batch per channel inserted claimed, to be sent by this
 * process right after the commit: an urgent one, in a process that works the urgent lane, with a direct slot free.
 */
export const claimFirstBatches = (deps: AppDeps, urgent: boolean) => urgent && !!deps.jobs?.works(urgentBatchJob) && deps.delivery.directRuns.hasRoom();

/**
 * Hands a written message's batches on after its commit. In a process that works the urgent lane, an urgent message
 * (a warning, a sign-in code) is worked here:
 * - its first batch per channel at once: through the queue it waited 0.4-0.7 s for a fetch when fifty towns warned at
 *   once (bench:alerts), and its claim another round trip, through a database busy with exactly those warnings. Its
 *   rows were mostly inserted claimed (claimFirstBatches); otherwise it runs here while a direct slot is free.
 * - its later batches as soon as this process has accepted the urgent sends under way (at most a second later): through
 *   the queue they waited 1.7-2 s for the urgent lane's slots, and started while other towns' warnings were still
 *   being accepted, which made those later. Each is enqueued as well, to start LATER_BACKUP_MS from now: if this process
 *   dies first, another worker sends the rows, and otherwise that job finds nothing left to claim.
 * Everything else is enqueued. A direct batch without a job (a first batch) is recovered by the sweeper, which releases
 * the claims of a dead process and re-enqueues its rows, as it does for any batch whose job was lost.
 */
export async function dispatchBatches(deps: AppDeps, items: BatchItem[]): Promise<void> {
  const jobs = deps.jobs;
  if (!jobs || !items.length) return;
  const queued: BatchItem[] = [];
  const here = jobs.works(urgentBatchJob);
  const { directRuns, laterRuns } = deps.delivery;
  for (const item of items) {
    const { urgent: _u, startAfter: _s, claimed, ...payload } = item;
    // rows claimed here go out from here: no other process may take them until the claim times out
    if (claimed) directRuns.run(() => workDirect(deps, payload, claimed));
    else if (!here || !item.urgent || item.startAfter) queued.push(item);
    else if (item.batch === 0) {
      if (!directRuns.tryRun(() => workDirect(deps, payload))) queued.push(item);
    } else if (laterRuns.tryRun(() => workLater(deps, payload))) queued.push({ ...item, startAfter: new Date(Date.now() + LATER_BACKUP_MS) });
    else queued.push(item);
  }
  await enqueueBatches(jobs, queued);
}

/** When the job behind a later batch worked here starts, in case this process died before it could claim the rows. */
const LATER_BACKUP_MS = 30_000;
/** How long a later batch waits for this process's accepts: a steady stream of warnings must not hold it for ever. */
const LATER_WAIT_MAX_MS = 1_000;

/** A later batch of an urgent message: worked here once the urgent sends being accepted in this process are written. */
async function workLater(deps: AppDeps, payload: BatchPayload): Promise<void> {
  await deps.delivery.accepting.pass(LATER_WAIT_MAX_MS);
  await workDirect(deps, payload);
}

async function workDirect(deps: AppDeps, payload: BatchPayload, claimed?: ClaimedBatch): Promise<void> {
  try {
    await workBatch(deps, payload, true, claimed);
  } catch (err) {
    // its rows stay queued (or claimed until the claim times out): the sweeper enqueues them again
    deps.log.error({ err, ...payload }, 'first batch failed; the sweeper will enqueue it again');
  }
}

export async function enqueueBatches(jobs: Jobs, items: Array<Omit<BatchItem, 'claimed'>>) {
  for (const def of [urgentBatchJob, sendBatchJob]) {
    const urgent = def === urgentBatchJob;
    const lane = items.filter((i) => i.urgent === urgent);
    if (!lane.length) continue;
    await jobs.insert(
      def,
      lane.map(({ urgent: _u, startAfter, ...data }) => ({ data, priority: batchPriority(urgent, data.batch), ...(startAfter ? { startAfter } : {}) })),
    );
    // the workers of this process need no notification round trip
    if (lane.some((i) => !i.startAfter || i.startAfter.getTime() <= Date.now())) jobs.wake(def);
  }
}

export const INBOUND_EMAIL_PROVIDER_ID = '00000000-0000-4000-8000-000000000002';

/** The inbound SMTP receiver for replies and bounces, when CIVICAST_INBOUND_SMTP_PORT is set. */
export async function startInboundEmail(deps: AppDeps): Promise<(() => Promise<void>) | null> {
  const port = deps.config.delivery.inboundSmtpPort;
  if (!port) return null;
  const { startInboundSmtp } = await import('../../channels/email/index.ts');
  const rt = deps.delivery;
  const server = await startInboundSmtp({
    port,
    domains: [deps.config.delivery.replyAddress.split('@')[1]],
    events: rt.events,
    providerId: INBOUND_EMAIL_PROVIDER_ID,
    log: deps.log.child({ component: 'inbound-smtp' }),
    registry: deps.registry,
  });
  deps.log.info({ port: server.port }, 'inbound SMTP receiver listening');
  return () => server.close();
}

// The threader as a job: woken whenever inbound messages are stored ('inbox.inbound'), and once a minute by its
// schedule, which also picks up rows stored by another process or before the inbox existed.
import type { AppDeps } from '../../platform/context.ts';
import { on } from '../../platform/events.ts';
import { scheduledJob } from '../../platform/scheduled-job.ts';
import { threadPending } from './threading.ts';

export const threadInboundJob = scheduledJob('inbox.thread', '* * * * *', { retryLimit: 2, retryDelaySeconds: 5, expireInSeconds: 600 }, async (ctx) => {
  const threaded = await threadPending(ctx);
  if (threaded) ctx.log.info({ threaded }, 'inbound messages threaded');
});

/** A burst of stored messages wakes the threader once: it threads everything waiting when it runs. */
const WAKE_DELAY_MS = 20;

/**
 * Sends the threading job when inbound messages were stored in this process; returns the function that stops
 * listening. Without a job queue (a bare server instance) the schedule of a worker picks the rows up.
 */
export function wakeThreaderOnInbound(deps: AppDeps): () => void {
  let timer: NodeJS.Timeout | null = null;
  const off = on('inbox.inbound', () => {
    if (!deps.jobs || timer) return;
    timer = setTimeout(() => {
      timer = null;
      deps.jobs?.send(threadInboundJob, {}).catch((err) => deps.log.error({ err }, 'waking the threader failed'));
    }, WAKE_DELAY_MS);
  });
  return () => {
    off();
    if (timer) clearTimeout(timer);
  };
}

// Jobs of the delivery pipeline: one job per batch of recipients on one channel (the sweeper that keeps the
// pipeline honest is delivery.sweeper.ts), and the inbound SMTP receiver.
import { z } from 'zod';
import { CHANNELS } from '../../../common/states.ts';
import type { AppDeps } from '../../platform/context.ts';
import { defineJob, type Jobs } from '../../platform/jobs.ts';
import { processBatch } from './delivery.engine.ts';

const batchPayload = z.object({ tenantId: z.uuid(), messageId: z.uuid(), channel: z.enum(CHANNELS), batch: z.number().int() });
export type BatchPayload = z.infer<typeof batchPayload>;

/** Warnings jump the queue; within a class, batch n of every message goes before batch n+1 of any (fairness). */
export const batchPriority = (warning: boolean, batch: number) => (warning ? 1_000_000 : 0) + Math.max(0, 100_000 - batch);

export const sendBatchJob = defineJob({
  name: 'delivery.send-batch',
  payload: batchPayload,
  retryLimit: 5,
  retryDelaySeconds: 5,
  expireInSeconds: 300,
  localConcurrency: 4,
  async handle(payload, deps) {
    const rt = deps.delivery;
    const result = await processBatch(deps, rt, payload, await rt.brandOf(payload.tenantId));
    if (result.retryAt && deps.jobs) {
      await deps.jobs.send(sendBatchJob, payload, { startAfter: result.retryAt, priority: batchPriority(false, payload.batch) });
    }
    if (result.claimed) deps.log.debug({ ...payload, ...result }, 'batch worked');
  },
});

export async function enqueueBatches(jobs: Jobs, items: Array<BatchPayload & { warning: boolean; startAfter?: Date }>) {
  await jobs.insert(
    sendBatchJob,
    items.map(({ warning, startAfter, ...data }) => ({ data, priority: batchPriority(warning, data.batch), ...(startAfter ? { startAfter } : {}) })),
  );
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

// Polling: every minute one job finds the feeds whose interval has passed (per municipality, inside its tenant wall)
// and enqueues one poll job per feed; a feed's poll job is a singleton, so a slow feed is never polled twice at once.
import { z } from 'zod';
import { defineJob } from '../../../platform/jobs.ts';
import { findTenantById, listTenants } from '../../tenants/index.ts';
import * as repo from './cap-feeds.repository.ts';
import { pollFeed } from './cap-poll.service.ts';

export const capPollJob = defineJob({
  name: 'warnings.cap-poll',
  payload: z.object({ tenantId: z.uuid(), feedId: z.uuid() }),
  retryLimit: 0,
  // an index may link up to 200 documents, each with its own 10 s deadline
  expireInSeconds: 3600,
  localConcurrency: 2,
  async handle({ tenantId, feedId }, ctx) {
    const tenant = await findTenantById(ctx.db, tenantId);
    if (!tenant) return;
    try {
      await pollFeed(ctx, tenant, feedId);
    } catch (err) {
      // a feed deleted since it was enqueued
      if ((err as { code?: string }).code !== 'not_found') throw err;
    }
  },
});

export const capPollDueJob = defineJob({
  name: 'warnings.cap-poll-due',
  payload: z.object({}),
  cron: '* * * * *',
  retryLimit: 0,
  async handle(_payload, ctx) {
    if (!ctx.jobs) return;
    const now = new Date();
    for (const tenant of await listTenants(ctx.db)) {
      const due = await ctx.db.withTenant(tenant.id, (tx) => repo.dueFeedIds(tx, now));
      for (const feedId of due) await ctx.jobs.send(capPollJob, { tenantId: tenant.id, feedId }, { singletonKey: feedId });
    }
  },
});

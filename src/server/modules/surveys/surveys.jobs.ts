// `surveys.close-due`: every minute, published surveys whose end has passed are closed (closed_at = their end) and
// the portal is told. Reads never wait for this: a published survey past its end already reads as ended.
import { z } from 'zod';
import type { AppDeps } from '../../platform/context.ts';
import { defineJob } from '../../platform/jobs.ts';
import { listTenants } from '../tenants/index.ts';
import { closeDueSurveys } from './surveys.repository.ts';
import { announceChange } from './surveys.service.ts';

/** Closes every municipality's due surveys at `now`; returns how many closed (one failing municipality stops no other). */
export async function closeDue(deps: AppDeps, now: Date = new Date()): Promise<number> {
  let closed = 0;
  for (const tenant of await listTenants(deps.db)) {
    try {
      const ids = await deps.db.withTenant(tenant.id, (tx) => closeDueSurveys(tx, now));
      for (const id of ids) announceChange(tenant.id, id);
      closed += ids.length;
    } catch (err) {
      deps.log.error({ err, tenant: tenant.slug }, 'closing due surveys failed');
    }
  }
  return closed;
}

export const closeDueSurveysJob = defineJob({
  name: 'surveys.close-due',
  payload: z.object({}).passthrough(),
  cron: '* * * * *',
  // the next minute's run is the retry
  retryLimit: 0,
  async handle(_payload, ctx) {
    await closeDue(ctx);
  },
});

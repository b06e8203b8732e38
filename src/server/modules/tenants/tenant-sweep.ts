// Sweeps over every municipality, as the minutely jobs run them (reminders, deadlines, closing due surveys).
import type { AppDeps } from '../../platform/context.ts';
import type { JobContext } from '../../platform/jobs.ts';
import { scheduledJob } from '../../platform/scheduled-job.ts';
import type { TenantRow } from '../../platform/tenancy.ts';
import { listTenants } from './tenants.service.ts';

/** Runs `work` for each municipality in turn; one that fails is logged with `failure` and stops no other. */
export async function forEachTenant(deps: AppDeps, failure: string, work: (tenant: TenantRow) => Promise<unknown>): Promise<void> {
  for (const tenant of await listTenants(deps.db)) {
    try {
      await work(tenant);
    } catch (err) {
      deps.log.error({ err, tenant: tenant.slug }, failure);
    }
  }
}

/** A job without payload that runs every minute; it is not retried, since the next minute's run is its retry. */
export const everyMinuteJob = (name: string, run: (ctx: JobContext) => Promise<unknown>) => scheduledJob(name, '* * * * *', { retryLimit: 0 }, run);

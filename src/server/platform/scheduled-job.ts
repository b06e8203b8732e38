// Jobs that only run on their schedule: pg-boss sends each cron tick an empty payload, and the work finds for itself
// what is due (mailboxes to read, conversations past retention), so the job is a name, a cron and a policy.
import { z } from 'zod';
import { defineJob, type JobContext, type JobDefinition } from './jobs.ts';

type Policy = Pick<JobDefinition, 'retryLimit' | 'retryDelaySeconds' | 'expireInSeconds'>;

/** A job without payload that runs at `cron` (UTC), and when sent `{}` (a wake-up); `policy` as in defineJob. */
export function scheduledJob(name: string, cron: string, policy: Policy, run: (ctx: JobContext) => Promise<unknown>) {
  return defineJob({
    name,
    payload: z.object({}).passthrough(),
    cron,
    ...policy,
    async handle(_payload, ctx) {
      await run(ctx);
    },
  });
}

// A worker that has just done a job fetches the next one at once: pg-boss alone would wait out its poll interval after
// every job, so the batches of fifty simultaneous warnings started in waves half a second apart.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { purgeExpiredJob } from '../src/server/modules/system/index.ts';
import { createLogger } from '../src/server/platform/logger.ts';
import { type Jobs, startJobs } from '../src/server/platform/jobs.ts';
import { createTestApp, type TestApp } from './helpers/app.ts';

let t: TestApp;
let jobs: Jobs;
beforeAll(async () => {
  t = await createTestApp();
  // a poll interval far longer than the test may take: only a fetch right after each job can finish it in time
  jobs = await startJobs({
    db: t.deps.db,
    databaseUrl: t.deps.config.databaseUrl,
    log: createLogger('silent'),
    definitions: [purgeExpiredJob],
    pollSeconds: 600,
    supervise: false,
  });
});
afterAll(async () => {
  await jobs?.stop();
  await t?.close();
});

describe('workers keep fetching while there is work', () => {
  it('one worker slot works three queued jobs one after another without waiting for its poll', async () => {
    const ids = [await jobs.send(purgeExpiredJob, {}), await jobs.send(purgeExpiredJob, {}), await jobs.send(purgeExpiredJob, {})];
    await jobs.work([purgeExpiredJob as never], t.deps); // one slot (localConcurrency 1): its first fetch is at once
    const states = async () => Promise.all(ids.map(async (id) => (await jobs.boss.getJobById(purgeExpiredJob.name, id!))?.state));
    const until = Date.now() + 20_000;
    let seen = await states();
    while (Date.now() < until && !seen.every((s) => s === 'completed')) {
      await new Promise((r) => setTimeout(r, 100));
      seen = await states();
    }
    expect(seen).toEqual(['completed', 'completed', 'completed']);
  }, 30_000);
});

// Every queue wakes its workers when a job is enqueued (pg-boss NOTIFY, in-process on PGlite), and a job enqueued to
// start later wakes this process's workers when it is due: idle workers then need to poll only rarely.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { purgeExpiredJob } from '../src/server/modules/system/index.ts';
import { createLogger } from '../src/server/platform/logger.ts';
import { type Jobs, startJobs } from '../src/server/platform/jobs.ts';
import { createTestApp, type TestApp } from './helpers/app.ts';

let t: TestApp;
let jobs: Jobs;
beforeAll(async () => {
  t = await createTestApp();
  // polls far apart: only a notification or a wake timer can get a job worked within the test
  jobs = await startJobs({
    db: t.deps.db,
    databaseUrl: t.deps.config.databaseUrl,
    log: createLogger('silent'),
    definitions: [purgeExpiredJob],
    pollSeconds: 600,
    idlePollSeconds: 600,
    supervise: false,
  });
  await jobs.work([purgeExpiredJob as never], t.deps);
  // the workers' first fetch happens at once; let it find the queue empty so they wait out their poll
  await new Promise((r) => setTimeout(r, 500));
});
afterAll(async () => {
  await jobs?.stop();
  await t?.close();
});

async function completedWithin(id: string | null, ms: number) {
  const until = Date.now() + ms;
  for (;;) {
    const state = (await jobs.boss.getJobById(purgeExpiredJob.name, id!))?.state;
    if (state === 'completed' || Date.now() > until) return { state, at: Date.now() };
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('idle workers wake on enqueue', () => {
  it('a job sent while the workers wait out a 600 s poll is worked at once', async () => {
    const id = await jobs.send(purgeExpiredJob, {});
    expect((await completedWithin(id, 15_000)).state).toBe('completed');
  }, 30_000);

  it('a job enqueued to start in a second is worked when it is due, not at the next poll', async () => {
    const sentAt = Date.now();
    const id = await jobs.send(purgeExpiredJob, {}, { startAfter: new Date(sentAt + 1000) });
    const done = await completedWithin(id, 15_000);
    expect(done.state).toBe('completed');
    expect(done.at - sentAt).toBeGreaterThanOrEqual(1000);
  }, 30_000);

  it('a queue made by an older version, without notifications, gets them at the next start', async () => {
    await jobs.boss.updateQueue(purgeExpiredJob.name, { notify: false });
    const again = await startJobs({
      db: t.deps.db,
      databaseUrl: t.deps.config.databaseUrl,
      log: createLogger('silent'),
      definitions: [purgeExpiredJob],
      pollSeconds: 600,
      supervise: false,
    });
    try {
      expect((await again.boss.getQueue(purgeExpiredJob.name))?.notify).toBe(true);
    } finally {
      await again.stop();
    }
  }, 30_000);
});

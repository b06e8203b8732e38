// Jobs run on pg-boss: on PostgreSQL a job enqueued in this process is worked by a separate `civicast worker`.
import { spawn } from 'node:child_process';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { purgeExpiredJob } from '../src/server/modules/system/index.ts';
import { sessions, staffUsers } from '../src/server/platform/db/schema.ts';
import { createTestApp, TEST_SECRET_KEY, type TestApp } from './helpers/app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ jobs: true });
});
afterAll(async () => {
  await t.close();
});

async function insertExpiredSession(id: string) {
  const [user] = await t.deps.db.system.select().from(staffUsers).limit(1);
  await t.deps.db.system.insert(sessions).values({ id, userId: user.id, csrfToken: 'x', expiresAt: new Date(Date.now() - 1000) });
}

async function waitFor(check: () => Promise<boolean>, ms: number) {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (await check()) return true;
    await new Promise((r) => setTimeout(r, 200));
  }
  return false;
}

const sessionGone = (id: string) => async () => (await t.deps.db.system.select().from(sessions).where(eq(sessions.id, id))).length === 0;

describe('jobs', () => {
  it('an invalid payload is refused when enqueued', async () => {
    await expect(t.deps.jobs!.send(purgeExpiredJob, 'nope' as never)).rejects.toThrow();
  });

  // One behaviour per database mode: PGlite cannot be shared between processes, PostgreSQL is meant to be.
  const embedded = !process.env.DATABASE_URL;

  (embedded ? it : it.skip)('embedded PGlite: a job enqueued is worked in the same process (npm test without DATABASE_URL)', async () => {
    await insertExpiredSession('embedded-expired');
    await t.deps.jobs!.work([purgeExpiredJob as never], t.deps);
    await t.deps.jobs!.send(purgeExpiredJob, {});
    expect(await waitFor(sessionGone('embedded-expired'), 15_000)).toBe(true);
  });

  (embedded ? it.skip : it)(
    'PostgreSQL: a job enqueued here is worked by another process, civicast worker (npm test with DATABASE_URL)',
    async () => {
      await insertExpiredSession('cross-process-expired');
      const jobId = await t.deps.jobs!.send(purgeExpiredJob, {});
      expect(jobId).toBeTruthy();
      const child = spawn(process.execPath, ['bin/civicast.mjs', 'worker'], {
        env: {
          ...process.env,
          DATABASE_URL: t.deps.config.databaseUrl,
          CIVICAST_SECRET_KEY: TEST_SECRET_KEY,
          CIVICAST_JOB_POLL_SECONDS: '0.5',
          CIVICAST_JOB_IDLE_POLL_SECONDS: '0.5',
          LOG_LEVEL: 'warn',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let output = '';
      child.stdout.on('data', (d) => (output += d));
      child.stderr.on('data', (d) => (output += d));
      try {
        expect(await waitFor(sessionGone('cross-process-expired'), 25_000), output).toBe(true);
        const job = await t.deps.jobs!.boss.getJobById(purgeExpiredJob.name, jobId!);
        expect(await waitFor(async () => (await t.deps.jobs!.boss.getJobById(purgeExpiredJob.name, jobId!))?.state === 'completed', 10_000)).toBe(true);
        expect(job).toBeTruthy();
      } finally {
        const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
        child.kill('SIGTERM');
        expect(await exited).toBe(0); // graceful shutdown
      }
    },
    60_000,
  );
});

// The time jobs go by. Real time, except in a process started with CIVICAST_TEST_CLOCK=1 (browser tests), where
// `POST /__test/clock {now}` stops the clock at a chosen moment: a test can then stand at "the evening before the
// collection, 17:59" and know that no cron minute moves it on. Refused in production (config.ts).
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { AppDeps } from './context.ts';

// one process, one clock: the test clock is process-wide by nature, like the time it stands in for
let fixed: Date | null = null;

export const clock = {
  /** Now: the real time, or the moment a test set. */
  now(): Date {
    return fixed ? new Date(fixed.getTime()) : new Date();
  },
};

/** Stops the clock at `at` (null: real time again). Only the test route and tests call it. */
export function setTestClock(at: Date | null): void {
  fixed = at ? new Date(at.getTime()) : null;
}

const clockBody = z.strictObject({
  now: z.iso.datetime({ offset: true, error: 'must be a date and time with offset, e.g. 2026-12-03T17:59:00+01:00' }).nullable(),
});
const clockReply = z.object({ now: z.string(), fixed: z.boolean() });

/**
 * `POST /__test/clock`, registered only when the process runs with CIVICAST_TEST_CLOCK=1 (never in production): sets
 * the clock (null: real time again). Outside the tenant scope and hidden from the API document: it is no API.
 */
export async function testClockRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  if (!deps.config.testClock) return;
  deps.log.warn("CIVICAST_TEST_CLOCK=1: anyone can set this process's clock with POST /__test/clock; never use it outside tests");
  app.post('/__test/clock', { schema: { hide: true, body: clockBody, response: { 200: clockReply } } }, async (req) => {
    const { now } = req.body as z.infer<typeof clockBody>;
    setTestClock(now ? new Date(now) : null);
    return { now: clock.now().toISOString(), fixed: now !== null };
  });
}

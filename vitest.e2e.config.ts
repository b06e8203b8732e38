// Browser tests: each file starts its own `civicast start` (own data directory, or own PostgreSQL database) and its
// own Chromium, so two files run side by side (measured: 122 s instead of 178 s for the suite on 2 cores).
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/e2e/**/*.e2e.test.ts'],
    pool: 'forks',
    fileParallelism: true,
    maxWorkers: 2,
    testTimeout: 120_000,
    hookTimeout: 180_000,
    // The page settles in the browser at its own pace: Vitest's 1 s default for expect.poll failed a map-tile check
    // on a loaded 2-core machine, while a working page still passes at once.
    expect: { poll: { timeout: 10_000 } },
  },
});

#!/usr/bin/env node
// npm test: the integration suite (Vitest, real database), then the browser tests (Playwright on Debian's Chromium).
// Without Chromium the browser tests are skipped with a plain notice; with CI=true they are required.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ci = process.env.CI === 'true' || process.env.CI === '1';
// npx, Vitest and Vite start through `#!/usr/bin/env node`: this script's own Node first on their PATH makes them run
// on the same runtime as this script (under npm, the Node 24 that the `node` package installs).
const env = { ...process.env, PATH: [path.dirname(process.execPath), process.env.PATH].join(path.delimiter) };
const run = (cmd, args) => spawnSync(cmd, args, { stdio: 'inherit', env }).status ?? 1;

const where = process.env.DATABASE_URL ? 'PostgreSQL (DATABASE_URL)' : 'embedded PGlite';
console.log(`\n▶ Integration tests on ${where}, Node ${process.version}`);
let status = run('npx', ['vitest', 'run']);
if (status !== 0) process.exit(status);

if (!existsSync(chromium)) {
  const msg = `Browser tests SKIPPED: no Chromium at ${chromium}. Install it with "apt-get install -y chromium" (or set CHROMIUM_PATH) and run npm test again.`;
  if (ci) {
    console.error(`\n✖ ${msg} CI requires them.`);
    process.exit(1);
  }
  console.log(`\n⚠ ${msg}`);
  process.exit(0);
}
console.log('\n▶ Building the staff console for the browser tests');
status = run('npx', ['vite', 'build', '--logLevel', 'warn']);
if (status !== 0) process.exit(status);
console.log(`\n▶ Browser tests (Chromium at ${chromium})`);
status = run('npx', ['vitest', 'run', '--config', 'vitest.e2e.config.ts']);
process.exit(status);

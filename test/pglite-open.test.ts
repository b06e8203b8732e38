// How the embedded database opens its data directory: a new one is created in a worker thread, so the process keeps
// nothing of initdb's WebAssembly instance, and PostgreSQL runs with 32 MB of shared buffers (platform/db/client.ts).
// Each case runs in a process of its own: memory left by another test file would hide what is measured.
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { createDataDir } from './helpers/scratch-database.ts';

const data = createDataDir('pglite-open');
afterAll(() => data.remove());
const client = pathToFileURL(path.resolve('src/server/platform/db/client.ts')).href;
const probe = path.join(data.dir, 'probe.mts');
writeFileSync(
  probe,
  `const { openDatabase } = await import(${JSON.stringify(client)});
   const db = await openDatabase({ dataDir: process.argv[2] });
   const [row] = (await db.pglite.query('show shared_buffers')).rows;
   const mb = (n) => Math.round(n / 2 ** 20);
   console.log(JSON.stringify({ externalMb: mb(process.memoryUsage().external), sharedBuffers: row.shared_buffers }));
   await db.close();`,
);

function open(dir: string) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', probe, dir], { encoding: 'utf8', env: { ...process.env, DATABASE_URL: '' } });
  expect(r.status, r.stderr).toBe(0);
  return JSON.parse(r.stdout.trim().split('\n').at(-1)!) as { externalMb: number; sharedBuffers: string };
}

describe('opening the embedded database', () => {
  const dir = path.join(data.dir, 'town');

  it('creates a new data directory in a worker: the process holds only its own instance, not initdb leftovers', () => {
    const fresh = open(dir);
    // the instance's 128 MB of WebAssembly memory and PGlite's files; initdb in the process itself left ~350 MB more
    // outside the heap until a full collection
    expect(fresh.externalMb).toBeLessThan(250);
    expect(fresh.sharedBuffers).toBe('32MB');
  });

  it('opens the same directory again, with the same settings and memory', () => {
    const again = open(dir);
    expect(again.sharedBuffers).toBe('32MB');
    expect(again.externalMb).toBeLessThan(250);
  });
});

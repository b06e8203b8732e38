// `civicast worker` runs with a bounded heap: bin/civicast.mjs starts the process again, under the same pid, with the
// V8 flags of bin/worker-heap.mjs, because V8 reads them only at start.
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { createDataDir } from './helpers/scratch-database.ts';

const heapModule = pathToFileURL(path.resolve('bin/worker-heap.mjs')).href;
const dir = createDataDir('worker-heap');
const probe = path.join(dir.dir, 'probe.mjs');
afterAll(() => dir.remove());
writeFileSync(
  probe,
  `import v8 from 'node:v8';
   const before = process.env.PROBE_PID ?? String(process.pid);
   process.env.PROBE_PID = before;
   const { withWorkerHeap } = await import(${JSON.stringify(heapModule)});
   withWorkerHeap();
   console.log(JSON.stringify({ before: Number(before), pid: process.pid, execArgv: process.execArgv, limitMb: v8.getHeapStatistics().heap_size_limit / 2 ** 20, tunables: process.env.GLIBC_TUNABLES ?? null }));`,
);

function run(env: Record<string, string | undefined>, args: string[] = []) {
  const merged: Record<string, string | undefined> = { ...process.env, ...env };
  for (const [k, v] of Object.entries(env)) if (v === undefined) delete merged[k];
  const r = spawnSync(process.execPath, [probe, ...args], { env: merged as NodeJS.ProcessEnv, encoding: 'utf8' });
  return { status: r.status, stderr: r.stderr, out: r.status === 0 ? JSON.parse(r.stdout) : null };
}

describe('the worker heap', () => {
  it('with CIVICAST_WORKER_HEAP_MB, starts again under the same pid with small semi-spaces and the old generation capped', () => {
    const { out } = run({ CIVICAST_WORKER_HEAP_MB: '256' });
    expect(out.pid).toBe(out.before);
    expect(out.execArgv).toEqual(['--max-semi-space-size=8', '--max-old-space-size=256']);
    // the limit V8 reports is the old generation plus the young one (three semi-spaces)
    expect(out.limitMb).toBeGreaterThanOrEqual(256);
    expect(out.limitMb).toBeLessThan(320);
  });

  it('takes the cap from CIVICAST_WORKER_HEAP_MB; 0 leaves V8 its own sizing, empty is as unset', () => {
    expect(run({ CIVICAST_WORKER_HEAP_MB: '512' }).out.execArgv).toEqual(['--max-semi-space-size=8', '--max-old-space-size=512']);
    expect(run({ CIVICAST_WORKER_HEAP_MB: '0' }).out.execArgv).toEqual([]);
    expect(run({ CIVICAST_WORKER_HEAP_MB: '' }).out.execArgv).toEqual(['--max-semi-space-size=8', '--max-old-space-size=384']);
  });

  it('unset, a worker of the bulk lane only is capped at 256 MB and a process of all lanes (start, worker) at 384 MB; one of the urgent lane is not', () => {
    const bulk = ['--max-semi-space-size=8', '--max-old-space-size=256'];
    const all = ['--max-semi-space-size=8', '--max-old-space-size=384'];
    expect(run({ CIVICAST_WORKER_HEAP_MB: undefined }, ['--lanes', 'bulk']).out.execArgv).toEqual(bulk);
    expect(run({ CIVICAST_WORKER_HEAP_MB: undefined }, ['--lanes=bulk']).out.execArgv).toEqual(bulk);
    expect(run({ CIVICAST_WORKER_HEAP_MB: undefined }, ['--lanes', 'urgent']).out.execArgv).toEqual([]);
    expect(run({ CIVICAST_WORKER_HEAP_MB: undefined }, ['--lanes', 'all']).out.execArgv).toEqual(all);
    expect(run({ CIVICAST_WORKER_HEAP_MB: undefined }).out.execArgv).toEqual(all);
    // a word that is no lane (the worker refuses it later with its own message) gets no cap, not a crash here
    expect(run({ CIVICAST_WORKER_HEAP_MB: undefined }, ['--lanes', 'constructor']).out.execArgv).toEqual([]);
    expect(run({ CIVICAST_WORKER_HEAP_MB: '0' }, ['--lanes', 'bulk']).out.execArgv).toEqual([]);
    expect(run({ CIVICAST_WORKER_HEAP_MB: '0' }).out.execArgv).toEqual([]);
    expect(run({ CIVICAST_WORKER_HEAP_MB: '512' }, ['--lanes', 'bulk']).out.execArgv).toEqual(['--max-semi-space-size=8', '--max-old-space-size=512']);
  });

  it('civicast start works all lanes and civicast worker those of --lanes; serve and the other commands work none', async () => {
    const { commandLanes } = await import('../bin/worker-heap.mjs');
    const argv = (...args: string[]) => ['node', 'bin/civicast.mjs', ...args];
    expect(commandLanes(argv('start'))).toBe('all');
    expect(commandLanes(argv('worker'))).toBe('all');
    expect(commandLanes(argv('worker', '--lanes', 'bulk'))).toBe('bulk');
    expect(commandLanes(argv('serve'))).toBeNull();
    expect(commandLanes(argv('migrate'))).toBeNull();
  });

  it('keeps a size the operator gave in NODE_OPTIONS (node reads it before its command line, so ours would win)', () => {
    const { out } = run({ CIVICAST_WORKER_HEAP_MB: undefined, NODE_OPTIONS: '--max_old_space_size=1024' });
    expect(out.pid).toBe(out.before);
    expect(out.execArgv).toEqual(['--max-semi-space-size=8']);
    expect(out.limitMb).toBeGreaterThanOrEqual(1024);
    // both given: nothing to add, no second start
    expect(run({ NODE_OPTIONS: '--max-old-space-size=1024 --max-semi-space-size=16' }).out.execArgv).toEqual([]);
  });

  it("starts with glibc's malloc threshold fixed, also without heap flags, and keeps the operator's tunables", () => {
    const fixed = 'glibc.malloc.mmap_threshold=131072';
    const plain = run({ CIVICAST_WORKER_HEAP_MB: undefined, GLIBC_TUNABLES: undefined }).out;
    expect(plain.pid).toBe(plain.before);
    expect(plain.tunables).toBe(fixed);
    // no heap flags to add: the process still starts again once, for the threshold
    const noCap = run({ CIVICAST_WORKER_HEAP_MB: '0', GLIBC_TUNABLES: undefined }).out;
    expect([noCap.pid, noCap.execArgv, noCap.tunables]).toEqual([noCap.before, [], fixed]);
    // other tunables of the operator's stay, and a threshold of theirs wins
    expect(run({ GLIBC_TUNABLES: 'glibc.malloc.arena_max=2' }).out.tunables).toBe(`glibc.malloc.arena_max=2:${fixed}`);
    expect(run({ GLIBC_TUNABLES: 'glibc.malloc.mmap_threshold=65536' }).out.tunables).toBe('glibc.malloc.mmap_threshold=65536');
  });

  it('sets no tunables outside Linux, where glibc does not read them', async () => {
    const { mallocTunables } = await import('../bin/worker-heap.mjs');
    expect(mallocTunables({}, 'darwin')).toBeNull();
    expect(mallocTunables({}, 'linux')).toBe('glibc.malloc.mmap_threshold=131072');
  });

  it('refuses a value that is not a whole number of megabytes, naming the variable', () => {
    const r = run({ CIVICAST_WORKER_HEAP_MB: 'lots' });
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/CIVICAST_WORKER_HEAP_MB must be a whole number/);
  });
});

#!/usr/bin/env node
// Runs the server compiled ahead of time (dist/server, `npm run build`), so a start transpiles no TypeScript. When that
// build is missing or older than a source it was built from, it is built first, so `npm install && npm start` on a
// fresh clone and a start after editing the sources both work without a separate step.
// npm puts the Node 24 that the project installs (the `node` package) first on the PATH of `npm start` and
// `npx civicast`. Started by hand on a Node older than the minimum, dependencies would fail later with obscure
// errors, so say it at once.
import { readFileSync, statSync } from 'node:fs';
import module from 'node:module';
import { fileURLToPath } from 'node:url';

const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 12)) {
  console.error(
    `civicast needs Node.js 22.12 or newer; this is ${process.version}. Start it through npm (npm start, npx civicast), which uses the Node 24 installed with the project.`,
  );
  process.exit(1);
}

// a process that works the jobs (worker; start, which also serves) runs with a bounded heap (bin/worker-heap.mjs):
// started again with its flags first
if (process.argv[2] === 'worker' || process.argv[2] === 'start') {
  try {
    const heap = await import('./worker-heap.mjs');
    heap.withWorkerHeap(process.env, heap.commandLanes());
  } catch (err) {
    console.error(err.message); // a misspelt CIVICAST_WORKER_HEAP_MB: the sentence names it; 4 as for any invalid configuration
    process.exit(4);
  }
}

const root = new URL('../', import.meta.url);
const entry = new URL('dist/server/cli.js', root);

/** True when dist/server was built after every file it was built from last changed (a few hundred stat calls). */
function builtAndCurrent() {
  try {
    const builtAt = statSync(entry).mtimeMs;
    const inputs = JSON.parse(readFileSync(new URL('dist/server/inputs.json', root), 'utf8'));
    return inputs.every((file) => statSync(fileURLToPath(new URL(file, root))).mtimeMs <= builtAt);
  } catch {
    return false; // not built, or a source it was built from is gone
  }
}

if (!builtAndCurrent()) {
  process.stderr.write('Building the server (first start, or the sources changed)…\n');
  const { buildServer } = await import('../scripts/build-server.mjs');
  await buildServer({ clean: false });
}
// V8's compiled code of the bundle and of node_modules is kept on disk (in the system's temporary folder) for the next
// start; NODE_COMPILE_CACHE names another folder, NODE_DISABLE_COMPILE_CACHE=1 turns it off
module.enableCompileCache?.();
// stack traces in logs point into src/server, not into the bundle
process.setSourceMapsEnabled(true);
await import(entry.href);

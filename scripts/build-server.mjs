#!/usr/bin/env node
// Compiles the server (src/server/cli.ts and what it imports) ahead of time into dist/server/, so starting Civicast
// transpiles no TypeScript. `npm run build` runs it; bin/civicast.mjs runs it when dist/server is missing or older than
// a source it was built from. Tests keep running the TypeScript through Vitest.
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
export const outDir = path.join(root, 'dist', 'server');
/** Every file the build read (relative to the root), for bin/civicast.mjs's up-to-date check. */
export const inputsFile = path.join(outDir, 'inputs.json');

// The bundle lives in dist/server/, but modules find their assets, migrations and the console beside their source
// (`new URL('./assets/…', import.meta.url)`): each module keeps its own source file's URL instead of the bundle's.
const keepSourceUrl = {
  name: 'keep-source-url',
  setup(b) {
    b.onLoad({ filter: /\.ts$/ }, (args) => {
      const source = readFileSync(args.path, 'utf8');
      if (!source.includes('import.meta.url')) return undefined;
      const fromOut = path.relative(outDir, args.path).split(path.sep).join('/');
      return { contents: source.replaceAll('import.meta.url', `new URL(${JSON.stringify(fromOut)}, import.meta.url).href`), loader: 'ts' };
    });
  },
};

// Libraries are bundled too: resolving and instantiating some 1,500 module files of node_modules one by one (each
// looks up its package.json to learn its format) was a third of a start. These stay outside the bundle: native
// addons, WebAssembly and files found beside their own module, worker-thread entries, what loads on first use only,
// and the build and dev tools the server imports when asked to.
const EXTERNAL = [
  '@electric-sql/pglite', // its .wasm and data files beside the module
  '@node-rs/argon2', // native addon
  'sharp', // native addon
  'pino', // transports start worker threads from files of the package
  'pg-native', // optional native binding pg asks for only when told
  '@fastify/swagger-ui', // serves its own static files
  '@fastify/static',
  '@touch4it/ical-timezones', // reads its zone files from disk
  // loaded on first use (channels, inbound mail), so a process that never sends pays nothing for them
  'nodemailer',
  'smpp',
  'web-push',
  'smtp-server',
  'imapflow',
  'mailparser',
  // build and development tools
  'esbuild',
  'tsx',
  'vite',
  '@vitejs/*',
  'lightningcss',
  'fsevents',
];
// CommonJS libraries in an ES module bundle still call require() for Node's built-ins and for the packages above
const REQUIRE_SHIM = "import { createRequire as __civicastRequire } from 'node:module'; const require = __civicastRequire(import.meta.url);";

/**
 * Builds into a fresh folder and swaps it in. `clean` drops what an earlier build left; without it (the automatic
 * rebuild) earlier chunks stay, because a server still running from them may import one lazily later.
 */
export async function buildServer({ clean = true } = {}) {
  const tmp = `${outDir}.tmp-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  const result = await build({
    entryPoints: { cli: path.join(root, 'src/server/cli.ts') },
    outdir: tmp,
    bundle: true,
    // channels and jobs load their libraries on first use (`await import`): chunks keep that lazy
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node22.12',
    external: EXTERNAL,
    banner: { js: REQUIRE_SHIM },
    sourcemap: 'linked',
    sourcesContent: false,
    chunkNames: '[name]-[hash]',
    metafile: true,
    logLevel: 'warning',
    plugins: [keepSourceUrl],
  });
  // the libraries' thousands of files are stood for by the lock file that pins them (a few hundred stat calls at start)
  const sources = Object.keys(result.metafile.inputs).filter((f) => !f.startsWith('node_modules/'));
  const inputs = [...sources, 'package-lock.json', path.relative(root, fileURLToPath(import.meta.url))];
  writeFileSync(path.join(tmp, 'inputs.json'), JSON.stringify(inputs));
  if (clean) rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  // cli.js and inputs.json last: a starting process sees either the old build or the whole new one
  const files = result.metafile.outputs;
  const last = new Set(['cli.js', 'cli.js.map', 'inputs.json']);
  const names = [...Object.keys(files).map((f) => path.basename(f)), 'inputs.json'];
  for (const name of [...names.filter((n) => !last.has(n)), ...names.filter((n) => last.has(n))]) {
    renameSync(path.join(tmp, name), path.join(outDir, name));
  }
  rmSync(tmp, { recursive: true, force: true });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const started = Date.now();
  await buildServer();
  console.log(`Server built into ${path.relative(process.cwd(), outDir) || '.'} in ${Date.now() - started} ms.`);
}

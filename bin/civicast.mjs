#!/usr/bin/env node
// Runs the TypeScript CLI through tsx, so `npx civicast` and `npm start` need no separate build step.
// npm puts the Node 24 that the project installs (the `node` package) first on the PATH of `npm start` and
// `npx civicast`. Started by hand on a Node older than the minimum, dependencies would fail later with obscure
// errors, so say it at once.
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 12)) {
  console.error(
    `civicast needs Node.js 22.12 or newer; this is ${process.version}. Start it through npm (npm start, npx civicast), which uses the Node 24 installed with the project.`,
  );
  process.exit(1);
}
const { register } = await import('tsx/esm/api');
register();
await import('../src/server/cli.ts');

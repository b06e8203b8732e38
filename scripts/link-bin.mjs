// postinstall: links node_modules/.bin/civicast to bin/civicast.mjs, so `npx civicast` finds it as a local command.
// package.json declares no "bin" on purpose: npx treats a command named in the project's own "bin" as a package to
// install into its cache, loading the whole dependency tree first, which took 0.6 s of every `npx civicast` (the CLI
// itself answers --help in 0.03 s); a command found in node_modules/.bin runs at once (about 0.3 s with npx's own start).
import { chmodSync, lstatSync, mkdirSync, readlinkSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../', import.meta.url));
const binDir = path.join(root, 'node_modules', '.bin');
const link = path.join(binDir, 'civicast');
const target = path.relative(binDir, path.join(root, 'bin', 'civicast.mjs'));

function current() {
  try {
    return lstatSync(link).isSymbolicLink() ? readlinkSync(link) : 'file';
  } catch {
    return null;
  }
}

if (current() !== target) {
  mkdirSync(binDir, { recursive: true });
  rmSync(link, { force: true });
  try {
    symlinkSync(target, link);
  } catch {
    // where links are not allowed (some Windows set-ups): a shell script that starts it
    writeFileSync(link, `#!/bin/sh\nexec node "$(dirname "$0")/${target.split(path.sep).join('/')}" "$@"\n`);
    chmodSync(link, 0o755);
  }
}

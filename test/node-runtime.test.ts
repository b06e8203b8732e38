// The runtime Civicast brings: npm puts the Node of the `node` package (24 LTS) first on the PATH of every npm
// script and of `npx civicast`, so the suite, the CLI and the servers the tests start run on it, whatever Node the
// machine has. Operators who bring their own Node need 22.12 (the minimum of pg-boss and Vitest); the CLI refuses
// an older one with a clear message instead of failing later inside a dependency.
import { spawnSync } from 'node:child_process';
import { readFileSync, realpathSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
  engines: { node: string };
  dependencies: Record<string, string>;
  allowScripts?: Record<string, boolean>;
  bin?: unknown;
  scripts: Record<string, string>;
};
const brought = JSON.parse(readFileSync(new URL('../node_modules/node/package.json', import.meta.url), 'utf8')) as { version: string };

// Starts the CLI on this Node, made to report another version, as a machine with that Node would.
const cliOn = (version: string, ...args: string[]) => {
  const pretend = `Object.defineProperty(process.versions,"node",{value:"${version}"});Object.defineProperty(process,"version",{value:"v${version}"})`;
  return spawnSync(process.execPath, ['--import', `data:text/javascript,${pretend}`, 'bin/civicast.mjs', ...args], { encoding: 'utf8', timeout: 60_000 });
};

describe('runtime', () => {
  it('the suite runs on the Node 24 that the project installs, not on the machine’s own', () => {
    expect(pkg.dependencies.node).toMatch(/^\^24\./);
    // npm skips dependencies' install scripts unless allowed, and the `node` package fetches its binary in one
    expect(pkg.allowScripts?.node).toBe(true);
    expect(brought.version).toMatch(/^24\./);
    expect(process.version).toBe(`v${brought.version}`);
  });

  it('operators may bring Node 22.12 or newer; the CLI refuses an older one and says what to do', () => {
    expect(pkg.engines.node).toBe('>=22.12');
    const old = cliOn('22.11.0', '--help');
    expect(old.status).toBe(1);
    expect(old.stderr).toContain('civicast needs Node.js 22.12 or newer; this is v22.11.0');
    expect(old.stdout).toBe('');
    const minimum = cliOn('22.12.0', '--help');
    expect(minimum.status).toBe(0);
    expect(minimum.stdout).toContain('Usage: civicast');
  });

  it('npx civicast runs the CLI from node_modules/.bin, linked at install, not through npx installing the project itself', () => {
    // a "bin" of the project's own makes npx load the whole dependency tree before every start (scripts/link-bin.mjs)
    expect(pkg.bin).toBeUndefined();
    expect(pkg.scripts.postinstall).toBe('node scripts/link-bin.mjs');
    expect(realpathSync(new URL('../node_modules/.bin/civicast', import.meta.url))).toBe(realpathSync(new URL('../bin/civicast.mjs', import.meta.url)));
    const help = spawnSync('npx', ['civicast', '--help'], { encoding: 'utf8', timeout: 60_000 });
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('Usage: civicast');
  });
});

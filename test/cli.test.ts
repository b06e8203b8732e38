// The civicast command: help, exit codes scripts can trust, tenants, users, and the data directory lock.
import { spawnSync } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { lockDataDir } from '../src/server/platform/db/client.ts';
import { createDataDir } from './helpers/scratch-database.ts';

const data = createDataDir('cli');
const dir = data.dir;
afterAll(() => data.remove());

// Always embedded here: the CLI against PostgreSQL is exercised by the jobs test's worker.
const env = { ...process.env, CIVICAST_DATA_DIR: dir, DATABASE_URL: '', LOG_LEVEL: 'silent' };
delete (env as Record<string, string | undefined>).DATABASE_URL;
const civicast = (...args: string[]) => spawnSync(process.execPath, ['bin/civicast.mjs', ...args], { env, encoding: 'utf8', timeout: 60_000 });

describe('civicast CLI', () => {
  it('--help lists the commands and exits 0; no command exits 2', () => {
    const help = civicast('--help');
    expect(help.status).toBe(0);
    for (const cmd of ['start', 'serve', 'worker', 'migrate', 'tenant', 'user']) expect(help.stdout).toContain(cmd);
    expect(civicast().status).toBe(2);
    expect(civicast('tenant', '--help').stdout).toContain('tenant create --slug');
  });

  it('a worker is told its lanes: --help names them, and a lane that does not exist exits 2 before anything starts', () => {
    expect(civicast('worker', '--help').stdout).toContain('--lanes all|urgent|bulk');
    const res = civicast('worker', '--lanes', 'express');
    expect(res.status).toBe(2);
    expect(res.stderr).toContain('--lanes is one of all, urgent, bulk, not "express"');
    const typo = civicast('worker', '--lane', 'bulk');
    expect(typo.status).toBe(2);
    expect(typo.stderr).toContain('Usage: civicast worker [--lanes all|urgent|bulk]');
  });

  it('an unknown command exits 2 and says so', () => {
    const res = civicast('frobnicate');
    expect(res.status).toBe(2);
    expect(res.stderr).toContain('Unknown command');
  });

  it('creates and lists tenants, creates a user; a bad slug exits 2 with the reason', () => {
    const created = civicast('tenant', 'create', '--slug', 'neustadt', '--name', 'Neustadt');
    expect(created.status, created.stderr).toBe(0);
    const list = civicast('tenant', 'list', '--json');
    expect(JSON.parse(list.stdout)).toEqual([expect.objectContaining({ slug: 'neustadt', name: 'Neustadt' })]);
    const user = civicast('user', 'create', '--email', 'chef@neustadt.test', '--tenant', 'neustadt', '--role', 'owner');
    expect(user.status, user.stderr).toBe(0);
    expect(user.stdout).toMatch(/Password: \S{10,}/);
    const bad = civicast('tenant', 'create', '--slug', 'Bad Slug!', '--name', 'X');
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('slug');
    const noTenant = civicast('user', 'create', '--email', 'a@b.test', '--tenant', 'nowhere');
    expect(noTenant.status).toBe(1);
    // an installation operator needs no municipality; the installation tenant is in no list
    const operator = civicast('user', 'create', '--email', 'betrieb@civicast.test', '--operator');
    expect(operator.status, operator.stderr).toBe(0);
    expect(operator.stdout).toContain('installation operator');
    expect(civicast('user', 'create', '--email', 'chef@neustadt.test', '--tenant', 'neustadt', '--role', 'owner', '--operator').stdout).toContain(
      'and installation operator',
    );
    expect(JSON.parse(civicast('tenant', 'list', '--json').stdout).map((x: { slug: string }) => x.slug)).toEqual(['neustadt']);
  }, 240_000);

  it('a second process on a data directory in use exits 3 and names the directory', () => {
    const release = lockDataDir(dir);
    try {
      const res = civicast('migrate');
      expect(res.status).toBe(3);
      expect(res.stderr).toContain(dir);
      expect(res.stderr).toContain('in use');
    } finally {
      release();
    }
  }, 60_000);

  it('invalid configuration exits 4 with a sentence naming the variable', () => {
    const res = spawnSync(process.execPath, ['bin/civicast.mjs', 'migrate'], { env: { ...env, PORT: 'eighty' }, encoding: 'utf8' });
    expect(res.status).toBe(4);
    expect(res.stderr).toContain('PORT');
  });
});

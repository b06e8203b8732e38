// `civicast network …`: an operator creates a network, adds members and staff from the command line.
import { spawnSync } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { createDataDir } from '../../../../test/helpers/scratch-database.ts';

const data = createDataDir('cli-network');
afterAll(() => data.remove());

// embedded on purpose (a data directory of its own), as test/cli.test.ts
const env: Record<string, string | undefined> = { ...process.env, CIVICAST_DATA_DIR: data.dir, LOG_LEVEL: 'silent' };
delete env.DATABASE_URL;
const civicast = (...args: string[]) => spawnSync(process.execPath, ['bin/civicast.mjs', ...args], { env, encoding: 'utf8', timeout: 60_000 });

describe('civicast network', () => {
  // each command is a process that opens the data directory: few of them, and time for a busy machine
  it('creates a network, adds a member, lists it; a missing option exits 2 with the reason', { timeout: 240_000 }, () => {
    expect(civicast('tenant', 'create', '--slug', 'kreisstadt', '--name', 'Kreisstadt').status).toBe(0);
    const created = civicast('network', 'create', '--slug', 'landkreis-sued', '--name', 'Landkreis Süd', '--kind', 'landkreis');
    expect(created.status, created.stderr).toBe(0);
    const added = civicast('network', 'add-member', '--network', 'landkreis-sued', '--tenant', 'kreisstadt');
    expect(added.status, added.stderr).toBe(0);
    const list = civicast('network', 'list', '--json');
    expect(JSON.parse(list.stdout)).toEqual([{ slug: 'landkreis-sued', name: 'Landkreis Süd', kind: 'landkreis', members: ['kreisstadt'] }]);
    const usage = civicast('network', 'staff', '--network', 'landkreis-sued', '--email', 'a@b.test', '--role', 'chef');
    expect(usage.status).toBe(2);
    expect(usage.stderr).toContain('--role');
  });
});

// The first tenant wall in the code: only the files below use the owner connection (`db.system`), which bypasses
// row-level security. Everything else reaches the database through `db.withTenant` (or `db.asApp`), and the
// repositories take the tenant transaction type that only `withTenant` creates. docs/ARCHITECTURE.md names the
// same list. A new use elsewhere fails here: move the query into a tenant transaction, or into one of these files
// when it crosses tenants by design (and say why below).
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const OWNER_CONNECTION_FILES: Record<string, string> = {
  'src/server/platform/db/client.ts': 'opens it',
  'src/server/platform/db/migrate.ts': 'migrations',
  'src/server/cli.commands.ts': 'the command line (municipalities, staff accounts, migrations)',
  'src/server/seed.ts': 'the demo municipality',
  'src/server/platform/auth/session.ts': 'staff sessions',
  'src/server/platform/tenancy.ts': "the caller's memberships, before a tenant is chosen",
  'src/server/platform/audit.ts': 'account events (a staff account belongs to no tenant)',
  'src/server/modules/auth/auth.repository.ts': 'sign-in, staff accounts, password reset and invitation tokens',
  'src/server/modules/tenants/tenants.service.ts': 'the tenant list: create, find by slug or id, names, tile URLs',
  'src/server/modules/residents/residents.service.ts': 'a resident is one person across municipalities: account, export, erasure',
  'src/server/modules/residents/verification.service.ts': 'sign-in codes and their budgets per number, prefix and address range',
  'src/server/modules/residents/email-link.service.ts': 'e-mail link tokens',
  'src/server/modules/residents/portal/resident-session.ts': 'resident sessions',
  'src/server/modules/delivery/delivery.sweeper.ts': 'the sweeper and the queue depth metric (all tenants)',
  'src/server/modules/delivery/delivery.events.ts': 'receipts, replies and bounces: matched per provider, not per tenant',
  'src/server/modules/delivery/providers.repository.ts': "provider state all workers share (leases, rate buckets, health) and the installation's providers",
  'src/server/modules/system/system.jobs.ts': 'maintenance: expired sessions, reset tokens, parked receipts',
  'src/server/channels/vapid-source.ts': "the installation's VAPID key pair",
  'src/server/modules/inbox/threading.ts': 'the threading queue: unthreaded inbound messages of every tenant (each is then written in its tenant transaction)',
  'src/server/modules/reports/forward.repository.ts':
    'which municipalities have reports to forward or to poll (ids only; each is then worked in its tenant transaction)',
};

const root = path.resolve(import.meta.dirname, '..');
const USE = /\.system\b|\{[^}]*\bsystem\b[^}]*\}\s*=\s*[\w.]*db\b/;

function sourceFiles(dir: string): string[] {
  return readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((e) => {
    const rel = `${dir}/${e.name}`;
    if (e.isDirectory()) return sourceFiles(rel);
    // tests build their fixtures with it; they are not part of the running server
    return /\.tsx?$/.test(e.name) && !/\.test\.tsx?$/.test(e.name) ? [rel] : [];
  });
}

/** Lines that use the owner connection, per file. */
function ownerConnectionUses(): Map<string, number> {
  const uses = new Map<string, number>();
  for (const file of sourceFiles('src/server')) {
    const n = readFileSync(path.join(root, file), 'utf8')
      .split('\n')
      .filter((line) => !/^\s*(\/\/|\*|\/\*)/.test(line) && USE.test(line)).length;
    if (n) uses.set(file, n);
  }
  return uses;
}

describe('the owner connection', () => {
  it('is used only by the named files', () => {
    const outside = [...ownerConnectionUses().keys()].filter((f) => !(f in OWNER_CONNECTION_FILES));
    expect(outside, 'use db.withTenant, or move the cross-tenant look-up into a file of OWNER_CONNECTION_FILES').toEqual([]);
  });

  it('the list names no file that no longer needs it (it stays short and true)', () => {
    const uses = ownerConnectionUses();
    const unused = Object.keys(OWNER_CONNECTION_FILES).filter((f) => !uses.has(f) && f !== 'src/server/platform/db/client.ts');
    expect(unused).toEqual([]);
  });

  it('the architecture page names the same files', () => {
    const doc = readFileSync(path.join(root, 'docs/ARCHITECTURE.md'), 'utf8');
    const section = doc.slice(doc.indexOf('## Tenancy in two walls'), doc.indexOf('\n## ', doc.indexOf('## Tenancy in two walls') + 5));
    for (const file of Object.keys(OWNER_CONNECTION_FILES)) expect(section, file).toContain(file.replace(/^src\/server\//, ''));
  });

  it('the scan finds a use it must refuse', () => {
    expect(USE.test('  const rows = await deps.db.system.select().from(follows);')).toBe(true);
    expect(USE.test('  const { system } = deps.db;')).toBe(true);
    expect(USE.test("  <td>{e.actorEmail ?? t('audit.system')}</td>")).toBe(true); // a false alarm is fine: src/web is not scanned
    expect(USE.test('  await deps.db.withTenant(tenant.id, (tx) => tx.select().from(follows));')).toBe(false);
  });
});

// A throw-away database for a benchmark: PGlite in a temp directory, or a fresh PostgreSQL database created
// next to DATABASE_URL and dropped afterwards.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';

export interface BenchDatabase {
  dataDir: string;
  databaseUrl?: string;
  secretKey: string;
  dispose(): Promise<void>;
}

export async function benchDatabase(prefix: string): Promise<BenchDatabase> {
  const dataDir = mkdtempSync(path.join(tmpdir(), `civicast-${prefix}-`));
  const secretKey = randomBytes(32).toString('base64');
  let databaseUrl: string | undefined;
  let drop = async () => {};
  if (process.env.DATABASE_URL) {
    const name = `civicast_bench_${randomBytes(4).toString('hex')}`;
    const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await admin.connect();
    await admin.query(`create database ${name}`);
    const u = new URL(process.env.DATABASE_URL);
    u.pathname = `/${name}`;
    databaseUrl = u.toString();
    drop = async () => {
      await admin.query('select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()', [name]);
      await admin.query(`drop database if exists ${name}`);
      await admin.end();
    };
  }
  return {
    dataDir,
    databaseUrl,
    secretKey,
    dispose: async () => {
      await drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

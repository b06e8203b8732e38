// Runs `civicast start` as a real child process (embedded PGlite, or a fresh PostgreSQL database when
// DATABASE_URL is set) that can be killed and started again on the same data.
import { type ChildProcess, spawn } from 'node:child_process';
import { scratchDatabase } from './scratch-database.ts';
import { freePort } from './ports.ts';

export const ADMIN_EMAIL = 'owner@musterstadt.example';
export const ADMIN_PASSWORD = 'crash-test-password';

export interface CivicastProcess {
  baseUrl: string;
  child: ChildProcess;
  output(): string;
  /** SIGKILL: no shutdown, no cleanup, like a crash. */
  kill(): Promise<void>;
  /** Start again on the same data directory or database. */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

const exited = (c: ChildProcess) => new Promise<void>((r) => (c.exitCode !== null || c.signalCode !== null ? r() : c.once('exit', () => r())));

export async function startCivicastProcess(extraEnv: Record<string, string> = {}): Promise<CivicastProcess> {
  const port = await freePort();
  const scratch = await scratchDatabase('proc');
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const key of Object.keys(env)) if (key.startsWith('CIVICAST_')) delete env[key];
  Object.assign(env, {
    PORT: String(port),
    HOST: '127.0.0.1',
    CIVICAST_DATA_DIR: scratch.dataDir,
    CIVICAST_ADMIN_EMAIL: ADMIN_EMAIL,
    CIVICAST_ADMIN_PASSWORD: ADMIN_PASSWORD,
    CIVICAST_SEED_DEMO: 'true',
    // an empty Musterstadt: tests count what they add (pass CIVICAST_DEMO_CONTENT: 'true' for the living demo)
    CIVICAST_DEMO_CONTENT: 'false',
    LOG_LEVEL: 'warn',
    ...extraEnv,
  });
  if (scratch.databaseUrl) Object.assign(env, { DATABASE_URL: scratch.databaseUrl, CIVICAST_SECRET_KEY: scratch.secretKey });
  else delete env.DATABASE_URL;

  const baseUrl = `http://127.0.0.1:${port}`;
  let out = '';
  const proc: CivicastProcess = {
    baseUrl,
    child: null as unknown as ChildProcess,
    output: () => out,
    async kill() {
      proc.child.kill('SIGKILL');
      await exited(proc.child);
    },
    async restart() {
      proc.child = spawn(process.execPath, ['bin/civicast.mjs', 'start'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
      proc.child.stdout!.on('data', (d) => (out += d));
      proc.child.stderr!.on('data', (d) => (out += d));
      const until = Date.now() + 90_000;
      for (;;) {
        if (proc.child.exitCode !== null) throw new Error(`civicast exited with ${proc.child.exitCode}:\n${out}`);
        try {
          if ((await fetch(`${baseUrl}/readyz`)).ok) return;
        } catch {}
        if (Date.now() > until) throw new Error(`civicast did not get ready:\n${out}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    },
    async stop() {
      if (proc.child && proc.child.exitCode === null && proc.child.signalCode === null) {
        proc.child.kill('SIGINT');
        await exited(proc.child);
      }
      await scratch.dispose();
    },
  };
  await proc.restart();
  return proc;
}

/** A signed-in staff client for the process's API. */
export async function apiClient(baseUrl: string, email = ADMIN_EMAIL, password = ADMIN_PASSWORD) {
  const login = await fetch(`${baseUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  if (!login.ok) throw new Error(`login failed: ${login.status} ${await login.text()}`);
  const cookie = login.headers.get('set-cookie')!.split(';')[0];
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  const call = async (method: string, url: string, body?: unknown) => {
    const res = await fetch(`${baseUrl}${url}`, {
      method,
      headers: { cookie, 'x-csrf-token': csrfToken, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    const text = await res.text();
    return { status: res.status, json: () => JSON.parse(text), text };
  };
  return call;
}

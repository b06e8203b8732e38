// Browser-test harness: a real `civicast start` on a fresh data directory (and a fresh PostgreSQL database when
// DATABASE_URL is set), Debian's Chromium through playwright-core, axe-core checks, a third-party request watch
// and TOTP codes as an authenticator app would show them.
import { type ChildProcess, spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import net from 'node:net';
import { fileURLToPath } from 'node:url';
import { Secret, TOTP } from 'otpauth';
import { type Browser, type BrowserContext, type BrowserContextOptions, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { scratchDatabase } from '../helpers/scratch-database.ts';

export const OWNER_EMAIL = 'owner@musterstadt.example';
export const OWNER_PASSWORD = 'e2e-password-123';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const READY_TIMEOUT_MS = 120_000; // a cold PGlite start on a loaded 2-core machine can take a minute
const STOP_TIMEOUT_MS = 30_000;

export interface Civicast {
  baseUrl: string;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => (port ? resolve(port) : reject(new Error('no free port'))));
    });
  });
}

const exited = (child: ChildProcess) =>
  new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });

/** `env`: more settings for the process, e.g. CIVICAST_TEST_CLOCK=1 (applied after the defaults below). */
export interface StartOptions {
  demoContent?: boolean;
  env?: Record<string, string>;
}

/**
 * `civicast start` with the demo municipality, its owner OWNER_EMAIL / OWNER_PASSWORD, on a free port. Musterstadt
 * starts empty unless `demoContent` asks for the living demo (streets, residents, news, a past exercise warning).
 */
export async function startCivicast(opts: StartOptions = {}): Promise<Civicast> {
  const port = await freePort();
  const scratch = await scratchDatabase('e2e');
  const env: NodeJS.ProcessEnv = { ...process.env };
  // settings from the surrounding shell must not change what the tests see
  for (const key of Object.keys(env)) if (key.startsWith('CIVICAST_')) delete env[key];
  Object.assign(env, {
    PORT: String(port),
    HOST: '127.0.0.1',
    CIVICAST_DATA_DIR: scratch.dataDir,
    CIVICAST_ADMIN_EMAIL: OWNER_EMAIL,
    CIVICAST_ADMIN_PASSWORD: OWNER_PASSWORD,
    CIVICAST_SEED_DEMO: 'true',
    CIVICAST_DEMO_CONTENT: opts.demoContent ? 'true' : 'false',
    LOG_LEVEL: 'warn',
    CIVICAST_JOB_POLL_SECONDS: '1',
    CIVICAST_JOB_IDLE_POLL_SECONDS: '1',
  });
  Object.assign(env, opts.env ?? {});

  if (scratch.databaseUrl) Object.assign(env, { DATABASE_URL: scratch.databaseUrl, CIVICAST_SECRET_KEY: scratch.secretKey });
  else delete env.DATABASE_URL;

  const child = spawn(process.execPath, ['bin/civicast.mjs', 'start'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const baseUrl = `http://127.0.0.1:${port}`;

  const cleanUp = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGINT');
      const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
      await exited(child);
      clearTimeout(timer);
    }
    await scratch.dispose();
  };

  try {
    await waitUntilReady(baseUrl, child);
  } catch (error) {
    await cleanUp();
    const output = `--- stderr ---\n${stderr || '(empty)'}\n--- stdout ---\n${stdout || '(empty)'}`;
    throw new Error(`${(error as Error).message}\n${output}`);
  }
  return { baseUrl, stop: cleanUp };
}

async function waitUntilReady(baseUrl: string, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  let last = 'no answer yet';
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`civicast start exited early (code ${child.exitCode}, signal ${child.signalCode})`);
    }
    try {
      const res = await fetch(`${baseUrl}/readyz`, { signal: AbortSignal.timeout(2_000) });
      if (res.status === 200) return;
      last = `HTTP ${res.status}: ${await res.text()}`;
    } catch (error) {
      last = (error as Error).message;
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`civicast did not become ready at ${baseUrl}/readyz within ${READY_TIMEOUT_MS / 1000} s (last: ${last})`);
}

/** Debian's Chromium (or CHROMIUM_PATH), headless, with no background traffic of its own. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** A browser profile of a German-speaking user; bypassCSP only so that axe-core can be injected. */
export function newContext(browser: Browser, options: BrowserContextOptions = {}): Promise<BrowserContext> {
  return browser.newContext({ bypassCSP: true, locale: 'de-DE', ...options });
}

const require = createRequire(import.meta.url);
let axeSource: Promise<string> | null = null;

interface Violation {
  id: string;
  impact: string | null;
  help: string;
  target: string;
  count: number;
}

/** Runs axe-core (WCAG 2.0/2.1 A and AA) on the page; fails on any serious or critical violation. */
export async function checkA11y(page: Page, label: string): Promise<void> {
  axeSource ??= readFile(require.resolve('axe-core/axe.min.js'), 'utf8');
  const content = await axeSource;
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ content });
  const violations: Violation[] = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: typeof import('axe-core') }).axe;
    const result = await axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
    });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact ?? null,
      help: v.help,
      target: v.nodes[0]?.target.map(String).join(' ') ?? '',
      count: v.nodes.length,
    }));
  });
  const blocking = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  if (blocking.length > 0) {
    const lines = blocking.map((v) => `  - ${v.id} (${v.impact}, ${v.count}×) at ${v.target}: ${v.help}`);
    throw new Error(`Accessibility violations on ${label} (${page.url()}):\n${lines.join('\n')}`);
  }
}

const LOCAL_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * Records every request that leaves this machine in `seen` (a story passes its own list to gather several contexts
 * in one, as they happen); the list must stay empty (no third-party requests).
 */
export function watchThirdParty(target: Page | BrowserContext, seen: string[] = []): string[] {
  target.on('request', (request) => {
    const url = new URL(request.url());
    if (url.protocol === 'data:' || url.protocol === 'blob:') return;
    if (!LOCAL_HOSTS.has(url.hostname)) seen.push(`${request.method()} ${request.url()}`);
  });
  return seen;
}

const totpFor = (secret: string) => new TOTP({ secret: Secret.fromBase32(secret), digits: 6, period: 30, algorithm: 'SHA1' });

/** The 6-digit code an authenticator app shows right now. */
export function totpCode(secret: string): string {
  return totpFor(secret).generate();
}

const lastUsedStep = new Map<string, number>();
const MIN_REMAINING_MS = 4_000;

/**
 * A code from a 30-second step not yet used with this secret and not about to expire. The server accepts the steps
 * either side of now (RFC 6238 §5.2), so when the current step is used or nearly over, the next step's code works at
 * once, as for a phone whose clock runs a little ahead; it waits only when both are used.
 */
export async function freshTotpCode(secret: string): Promise<string> {
  const periodMs = 30_000;
  for (;;) {
    const now = Date.now();
    const step = Math.floor(now / periodMs);
    const last = lastUsedStep.get(secret) ?? Number.NEGATIVE_INFINITY;
    const remaining = (step + 1) * periodMs - now;
    const candidate = last < step && remaining >= MIN_REMAINING_MS ? step : last < step + 1 ? step + 1 : null;
    if (candidate !== null) {
      lastUsedStep.set(secret, candidate);
      return totpFor(secret).generate({ timestamp: candidate * periodMs });
    }
    await new Promise((resolve) => setTimeout(resolve, remaining + 200));
  }
}

/** One story's set-up: a fresh Civicast, a browser, a context whose third-party requests are watched, and a page. */
export interface BrowserSession {
  civicast: Civicast;
  browser: Browser;
  context: BrowserContext;
  page: Page;
  /** Third-party requests of every context of the session, including those of newPage. */
  thirdParty: string[];
  /** A page in a fresh browser profile (own cookies, empty cache), watched like the first; closed with the session. */
  newPage(options?: BrowserContextOptions): Promise<Page>;
  close(): Promise<void>;
}

/** `demoContent`: Musterstadt with the living demo (streets, residents who sign in on the portal, news, warnings). */
export async function openBrowserSession(opts: StartOptions = {}): Promise<BrowserSession> {
  const civicast = await startCivicast(opts);
  const browser = await launchBrowser();
  const thirdParty: string[] = [];
  const watchedContext = async (options: BrowserContextOptions = {}) => {
    const context = await newContext(browser, options);
    context.setDefaultTimeout(15_000);
    watchThirdParty(context, thirdParty);
    return context;
  };
  const context = await watchedContext();
  const page = await context.newPage();
  return {
    civicast,
    browser,
    context,
    page,
    thirdParty,
    newPage: async (options) => (await watchedContext(options)).newPage(),
    close: async () => {
      await browser.close();
      await civicast.stop();
    },
  };
}

/**
 * A test file's session: opened in a beforeAll (then `ready` takes what the file needs from it), closed in an
 * afterAll. The object returned is filled in once the beforeAll has run: read it in tests and hooks only.
 */
export function browserSessionForFile(opts: StartOptions = {}, ready: (session: BrowserSession) => void | Promise<void> = () => {}): BrowserSession {
  const session = {} as BrowserSession;
  let opened: BrowserSession | undefined;
  beforeAll(async () => {
    opened = await openBrowserSession(opts);
    await ready(Object.assign(session, opened));
  });
  afterAll(async () => {
    await opened?.close();
  });
  return session;
}

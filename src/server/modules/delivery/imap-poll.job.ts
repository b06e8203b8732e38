// Reads the municipalities' own mailboxes (providers of kind email-imap) once a minute, each as often as its
// pollSeconds asks. What arrives goes through the engine's inbound writer like mail over SMTP (filed under the
// provider's tenant, then threaded into the inbox). It lives in delivery, not in inbox, because it needs the provider
// rows and their decrypted secrets, which stay inside this module.
import type { ProviderRecord } from '../../channels/registry.ts';
import type { AppDeps } from '../../platform/context.ts';
import { scheduledJob } from '../../platform/scheduled-job.ts';
import * as providerRepo from './providers.repository.ts';
import { providerKinds } from './providers.schemas.ts';

export const IMAP_DEFAULT_POLL_SECONDS = 60;
/** The cron runs every minute, give or take a few seconds: a mailbox due "in 2 s" is polled now, not a minute late. */
const DUE_SLACK_MS = 5_000;
/** Mailboxes read at once: a slow server (30 s timeout) must not make the others wait a whole round each. */
const PARALLEL_POLLS = 4;

export interface ImapPollRun {
  /** Mailboxes read this run. */
  polled: number;
  /** Mailboxes whose poll failed (connection, sign-in, storing); they are tried again when next due. */
  failed: number;
  /** Messages handed to the engine. */
  stored: number;
  skipped: number;
}

// per process (kept by its delivery runtime): another worker that takes the next minute's job keeps its own times,
// which at worst polls a mailbox early; a mailbox read twice stores nothing twice (provider message id, unique index)
const stateOf = (deps: AppDeps) => deps.delivery.imapPolls;

const imapConfig = providerKinds['email-imap'].config;

/** The mailboxes due now: enabled email-imap providers whose last poll in this process is pollSeconds ago. */
async function dueMailboxes(deps: AppDeps, now: number, force: boolean): Promise<ProviderRecord[]> {
  const { lastPolled, running } = stateOf(deps);
  const rows = await providerRepo.loadEnabledProvidersOfKind(deps.db, 'email-imap');
  return rows
    .filter((r) => {
      if (running.has(r.id)) return false;
      const seconds = typeof r.config.pollSeconds === 'number' ? r.config.pollSeconds : IMAP_DEFAULT_POLL_SECONDS;
      const last = lastPolled.get(r.id);
      return force || last === undefined || now - last + DUE_SLACK_MS >= seconds * 1000;
    })
    .map((r) => providerRepo.toRecord(deps.config.secretKey, r));
}

/** One mailbox; never throws (a failing provider must not stop the others). */
async function pollOne(deps: AppDeps, p: ProviderRecord, run: ImapPollRun) {
  const log = deps.log.child({ provider: p.id, tenant: p.tenantId, kind: p.kind });
  const config = imapConfig.safeParse(p.config);
  if (!config.success) {
    run.failed++;
    log.warn({ issues: config.error.issues.map((i) => i.path.join('.')) }, 'imap provider settings invalid: not polled');
    return;
  }
  const c = config.data as { host: string; port: number; secure?: boolean; user: string; folder?: string };
  try {
    const { pollImapMailbox } = await import('../../channels/email/index.ts');
    const result = await pollImapMailbox({
      providerId: p.id,
      host: c.host,
      port: c.port,
      secure: c.secure === true,
      user: c.user,
      password: p.secrets.password ?? '',
      folder: c.folder || undefined,
      events: deps.delivery.events,
      log,
      registry: deps.registry,
    });
    run.polled++;
    run.stored += result.stored;
    run.skipped += result.skipped;
  } catch (err) {
    run.failed++;
    // the message of a network or IMAP error names the command and the server's answer, never a mail's contents
    log.warn({ err: err instanceof Error ? err.message.slice(0, 300) : 'unknown error' }, 'imap mailbox poll failed');
  }
}

/**
 * Polls every mailbox that is due (all enabled ones with `force`), a few at a time. The time of a poll is noted when it
 * starts, so a mailbox that fails is tried again when next due rather than every minute.
 */
export async function pollImapMailboxes(deps: AppDeps, opts: { force?: boolean; now?: number } = {}): Promise<ImapPollRun> {
  const now = opts.now ?? Date.now();
  const state = stateOf(deps);
  const due = await dueMailboxes(deps, now, opts.force ?? false);
  const run: ImapPollRun = { polled: 0, failed: 0, stored: 0, skipped: 0 };
  const queue = [...due];
  const worker = async () => {
    for (let p = queue.shift(); p; p = queue.shift()) {
      state.lastPolled.set(p.id, now);
      state.running.add(p.id);
      try {
        await pollOne(deps, p, run);
      } finally {
        state.running.delete(p.id);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL_POLLS, queue.length) }, worker));
  if (run.polled || run.failed) deps.log.debug({ ...run }, 'imap mailboxes polled');
  return run;
}

// the next minute's run is the retry; up to 4 mailboxes at once, each with a 30 s timeout per step
export const imapPollJob = scheduledJob('inbox.imap-poll', '* * * * *', { retryLimit: 0, expireInSeconds: 900 }, (ctx) => pollImapMailboxes(ctx));

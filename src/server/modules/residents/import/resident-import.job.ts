// The background resident import: phase 1 checks every row (progress in `validated`, no transaction held), phase 2
// writes the valid rows in chunks, each chunk with its `written` advance in one transaction, so a restarted run resumes
// at the last committed chunk. Re-running a finished run does nothing; residents are merged by phone hash.
import { setImmediate as nextTick } from 'node:timers/promises';
import { and, eq, inArray, notInArray, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import type { ImportStatus } from '../../../../common/states.ts';
import { type Actor, recordAudit } from '../../../platform/audit.ts';
import type { AppDeps } from '../../../platform/context.ts';
import type { Tx } from '../../../platform/db/client.ts';
import { residentImports } from '../../../platform/db/schema.ts';
import { defineJob, type JobContext } from '../../../platform/jobs.ts';
import type { TenantRow } from '../../../platform/tenancy.ts';
import { countCsvRecords, readCsv, type RowError } from '../../geo/index.ts';
import { findTenantById } from '../../tenants/index.ts';
import { currentConsentText } from '../consent.service.ts';
import { unsealCsv } from './resident-import.csv.ts';
import { type ColumnMapping, createRowChecker, type ImportRow, type Lookups } from './resident-import.rows.ts';
import { loadLookups, type ResidentImportResult, writeBatch } from './resident-import.service.ts';

/** Rows between two progress updates in phase 1, and rows per transaction in phase 2. */
export const PROGRESS_EVERY = 1000;
export const WRITE_CHUNK = 1000;
/** The report lists at most this many row errors; `moreErrors` counts the rest. */
export const REPORT_MAX_ERRORS = 1000;

export type { ImportStatus };
export interface ImportReport extends Omit<ResidentImportResult, 'tooLarge'> {
  moreErrors: number;
}
/** What `report` holds while rows are written: how many valid rows there are, and the counts of committed chunks. */
export interface WriteProgress {
  toWrite: number;
  created: number;
  updated: number;
}

const actorSchema = z.object({
  userId: z.uuid().nullable(),
  email: z.string().max(320).nullable(),
  ip: z.string().max(100).nullable(),
  userAgent: z.string().max(1000).nullable(),
  requestId: z.string().max(200).nullable(),
});
const importPayload = z.object({ tenantId: z.uuid(), importId: z.uuid(), actor: actorSchema });
export type ImportJobPayload = z.infer<typeof importPayload>;

/** Test seam: called after each committed chunk (a test throws here to simulate a crash). */
export interface RunHooks {
  afterChunk?: (written: number) => void | Promise<void>;
}

type Run = typeof residentImports.$inferSelect;
const thisRun = (p: ImportJobPayload) => and(eq(residentImports.tenantId, p.tenantId), eq(residentImports.id, p.importId));
const lockRun = async (tx: Tx, p: ImportJobPayload) =>
  (
    await tx
      .select({ status: residentImports.status, mode: residentImports.mode, written: residentImports.written, report: residentImports.report })
      .from(residentImports)
      .where(thisRun(p))
      .for('update')
  )[0];

async function updateRun(deps: AppDeps, p: ImportJobPayload, set: Partial<Run>, onlyIn?: ImportStatus[]) {
  const where: SQL | undefined = onlyIn ? and(thisRun(p), inArray(residentImports.status, onlyIn)) : thisRun(p);
  await deps.db.withTenant(p.tenantId, (tx) => tx.update(residentImports).set(set).where(where));
}

export async function runResidentImport(deps: AppDeps, p: ImportJobPayload, hooks: RunHooks = {}): Promise<void> {
  const [stored] = await deps.db.withTenant(p.tenantId, (tx) => tx.select().from(residentImports).where(thisRun(p)));
  if (!stored || stored.status === 'done' || stored.status === 'failed') return; // finished runs stay finished (a repeated job)
  // the sealed file is not kept while the rows are written (about half the file's size)
  const { csvEnc, ...run } = stored;
  if (!csvEnc) return failResidentImport(deps, p, 'The uploaded file is no longer stored.');
  const tenant = await findTenantById(deps.db, p.tenantId);
  if (!tenant) return;
  const look = await loadLookups(deps, tenant);
  // a resumed run checks the file again (fast, deterministic) without moving the progress shown back to zero
  const showProgress = run.status === 'queued' || run.status === 'validating';
  const file = await checkFile(deps, p, csvEnc, run.mapping as ColumnMapping, look, showProgress);
  if (!file) return failResidentImport(deps, p, 'The stored file cannot be decrypted (was CIVICAST_SECRET_KEY changed?).');
  const { total, checked } = file;
  const report = (counts: { created: number; updated: number }, committed: boolean): ImportReport => ({
    total,
    imported: committed ? checked.rows.length : 0,
    created: counts.created,
    updated: counts.updated,
    merged: checked.merged,
    committed,
    errors: checked.errors.slice(0, REPORT_MAX_ERRORS),
    moreErrors: Math.max(0, checked.errors.length - REPORT_MAX_ERRORS),
  });
  const rejectedRows = new Set(checked.errors.map((e: RowError) => e.line)).size;
  if (!checked.rows.length || (run.mode === 'all-or-nothing' && checked.errors.length)) {
    return finishRun(deps, p, report({ created: 0, updated: 0 }, false), rejectedRows);
  }
  const counts = await writeRows(deps, p, run, tenant, checked.rows, hooks);
  if (counts) await finishRun(deps, p, report(counts, true), rejectedRows);
}

/**
 * Phase 1: the stored file decrypted and every row checked, with progress in `validated`; null when it cannot be
 * decrypted. The records are read one at a time and the file's text is let go when this returns, before the rows are
 * written: a 25 MB file held as text, records and checked rows at once took 220 MB of heap, near the cap of a bulk
 * worker (bin/worker-heap.mjs), which works imports too.
 */
async function checkFile(deps: AppDeps, p: ImportJobPayload, sealed: string, mapping: ColumnMapping, look: Lookups, showProgress: boolean) {
  let csv: string;
  try {
    csv = await unsealCsv(deps.config.secretKey, sealed);
  } catch {
    return null;
  }
  // the count first, so staff see how far the check is (a second reading of the file, without keeping its records)
  const total = countCsvRecords(csv);
  const { header, records } = readCsv(csv);
  const checker = createRowChecker(header, mapping, look);
  if (showProgress) await updateRun(deps, p, { status: 'validating', total, validated: 0 }, ['queued', 'validating']);
  let done = 0;
  for (const record of records) {
    checker.add(record);
    if (++done % PROGRESS_EVERY === 0) {
      if (showProgress) await updateRun(deps, p, { validated: done }, ['validating']);
      await nextTick(); // PGlite answers in microtasks: without this, no request is served until the run ends
    }
  }
  if (showProgress) await updateRun(deps, p, { validated: total }, ['validating']);
  return { total, checked: checker.result() };
}

/** Phase 2: chunk after chunk, each in one transaction with its progress; returns null when another runner finished. */
async function writeRows(
  deps: AppDeps,
  p: ImportJobPayload,
  run: Pick<Run, 'consentProof' | 'createdBy'>,
  tenant: TenantRow,
  rows: ImportRow[],
  hooks: RunHooks,
) {
  const text = await currentConsentText(deps.db, tenant);
  const consent = { textHash: text.hash, proof: run.consentProof, actorId: run.createdBy };
  const start: WriteProgress = { toWrite: rows.length, created: 0, updated: 0 };
  await updateRun(deps, p, { status: 'writing', written: 0, report: { ...start } }, ['queued', 'validating']);
  for (;;) {
    const step = await deps.db.withTenant(p.tenantId, async (tx) => {
      // the row lock serialises runners of the same import: each chunk is written once
      const current = await lockRun(tx, p);
      if (current?.status !== 'writing') return { done: true, progress: null };
      const progress = { ...start, ...(current.report as Partial<WriteProgress> | null), toWrite: rows.length };
      if (current.written >= rows.length) return { done: true, progress };
      const chunk = rows.slice(current.written, current.written + WRITE_CHUNK);
      const counts = await writeBatch(deps, tx, p.tenantId, chunk, consent);
      const next = { toWrite: rows.length, created: progress.created + counts.created, updated: progress.updated + counts.updated };
      await tx
        .update(residentImports)
        .set({ written: current.written + chunk.length, report: { ...next } })
        .where(thisRun(p));
      return { done: false, progress: next, written: current.written + chunk.length };
    });
    if (step.done) return step.progress;
    await hooks.afterChunk?.(step.written!);
    await nextTick();
  }
}

async function finishRun(deps: AppDeps, p: ImportJobPayload, report: ImportReport, rejectedRows: number) {
  await deps.db.withTenant(p.tenantId, async (tx) => {
    const current = await lockRun(tx, p);
    if (!current || current.status === 'done' || current.status === 'failed') return;
    await tx
      .update(residentImports)
      .set({ status: 'done', report: { ...report }, csvEnc: null, validated: report.total, finishedAt: new Date() })
      .where(thisRun(p));
    await recordAudit(tx, p.tenantId, p.actor as Actor, {
      action: 'residents.import',
      objectType: 'resident',
      details: {
        importId: p.importId,
        mode: current.mode,
        committed: report.committed,
        total: report.total,
        imported: report.imported,
        merged: report.merged,
        rejectedRows,
      },
    });
  });
}

/** Ends a run as failed and wipes the file; chunks already committed stay (running the file again merges by phone). */
export async function failResidentImport(deps: AppDeps, p: ImportJobPayload, error: string) {
  await deps.db.withTenant(p.tenantId, async (tx) => {
    const rows = await tx
      .update(residentImports)
      .set({ status: 'failed', error, csvEnc: null, finishedAt: new Date() })
      .where(and(thisRun(p), notInArray(residentImports.status, ['done', 'failed'])))
      .returning({ written: residentImports.written });
    if (rows.length)
      await recordAudit(tx, p.tenantId, p.actor as Actor, {
        action: 'residents.import.failed',
        objectType: 'resident',
        details: { importId: p.importId, written: rows[0].written, error },
      });
  });
}

async function isLastAttempt(ctx: JobContext): Promise<boolean> {
  const job = await ctx.jobs?.boss.getJobById(residentImportJob.name, ctx.jobId).catch(() => null);
  return !job || job.retryCount >= job.retryLimit;
}

export const residentImportJob = defineJob({
  name: 'residents.import',
  payload: importPayload,
  retryLimit: 3,
  retryDelaySeconds: 5,
  // 100,000 rows take well under this; an expired attempt that still runs is harmless (chunks are row-locked)
  expireInSeconds: 3600,
  async handle(payload, ctx) {
    try {
      await runResidentImport(ctx, payload);
    } catch (err) {
      ctx.log.error({ err, importId: payload.importId }, 'resident import attempt failed');
      if (await isLastAttempt(ctx)) await failResidentImport(ctx, payload, 'The import stopped because of a server error; rows written so far are kept.');
      throw err;
    }
  },
});

// Resident imports of any size: the request stores the run (file encrypted) and enqueues the job; staff poll the run.
import { and, desc, eq, getTableColumns } from 'drizzle-orm';
import { z } from 'zod';
import type { ImportMode } from '../../../../common/states.ts';
import { type Actor, recordAudit } from '../../../platform/audit.ts';
import type { AppDeps } from '../../../platform/context.ts';
import { residentImports } from '../../../platform/db/schema.ts';
import { AppError, notFound } from '../../../platform/errors.ts';
import type { TenantRow } from '../../../platform/tenancy.ts';
import { parseCsv } from '../../geo/index.ts';
import { sealCsv } from './resident-import.csv.ts';
import { failResidentImport, type ImportReport, type ImportStatus, residentImportJob, runResidentImport, type WriteProgress } from './resident-import.job.ts';
import { residentImportInput } from './resident-import.service.ts';

/** 100,000 rows of a typical export fit in well under this. */
export const IMPORT_MAX_BYTES = 25 * 1024 * 1024;

export const startImportBody = residentImportInput.extend({
  csv: z
    .string()
    .min(1, 'the file is empty')
    .max(IMPORT_MAX_BYTES, `the file is larger than ${IMPORT_MAX_BYTES / 1024 / 1024} MB`),
});
export type StartImportBody = z.input<typeof startImportBody>;

// everything but the (large) encrypted file
const { csvEnc: _file, ...viewColumns } = getTableColumns(residentImports);
type Run = Omit<typeof residentImports.$inferSelect, 'csvEnc'>;

export interface ImportRunView {
  id: string;
  status: ImportStatus;
  mode: ImportMode;
  /** Data rows in the file (known once checking starts). */
  total: number;
  validated: number;
  written: number;
  /** Valid rows to write (distinct phone numbers); known from the writing phase on. */
  toWrite: number | null;
  /** When done: counts and row errors, as the synchronous import reports them. */
  report: ImportReport | null;
  error: string | null;
  createdAt: string;
  finishedAt: string | null;
}

function present(run: Run, withErrors = true): ImportRunView {
  const report = run.report as (Partial<ImportReport> & Partial<WriteProgress>) | null;
  const final = run.status === 'done' && report ? (report as ImportReport) : null;
  return {
    id: run.id,
    status: run.status,
    mode: run.mode,
    total: run.total,
    validated: run.validated,
    written: run.written,
    toWrite: final ? final.imported : (report?.toWrite ?? null),
    report: final && !withErrors ? { ...final, errors: [] } : final,
    error: run.error,
    createdAt: run.createdAt.toISOString(),
    finishedAt: run.finishedAt?.toISOString() ?? null,
  };
}

/** The mapping is checked against the header at once: a wrong column is a 400, not a finished run with one error. */
function checkHeader(csv: string, mapping: Record<string, string | undefined>) {
  const { header } = parseCsv(csv.slice(0, 64 * 1024));
  const errors = Object.entries(mapping)
    .filter(([, column]) => column && !header.includes(column))
    .map(([field, column]) => ({ pointer: `/body/mapping/${field}`, detail: `the column "${column}" is not in the file; it has ${header.join(', ')}` }));
  if (errors.length) throw new AppError('validation_failed', 'The column mapping names columns the file does not have.', errors);
}

export async function startResidentImport(deps: AppDeps, actor: Actor, tenant: TenantRow, body: z.infer<typeof startImportBody>): Promise<ImportRunView> {
  checkHeader(body.csv, body.mapping);
  const csvEnc = await sealCsv(deps.config.secretKey, body.csv);
  const run = await deps.db.withTenant(tenant.id, async (tx) => {
    const [row] = await tx
      .insert(residentImports)
      .values({
        tenantId: tenant.id,
        mode: body.mode,
        mapping: body.mapping as Record<string, string>,
        consentProof: body.consentProof,
        csvEnc,
        createdBy: actor.userId,
      })
      .returning(viewColumns);
    await recordAudit(tx, tenant.id, actor, {
      action: 'residents.import.started',
      objectType: 'resident',
      details: { importId: row.id, mode: body.mode, bytes: body.csv.length },
    });
    return row;
  });
  const payload = { tenantId: tenant.id, importId: run.id, actor };
  if (!deps.jobs) {
    // a process without a queue (tests, scripts) works the run itself, in the background like the job would
    void runResidentImport(deps, payload).catch(async (err) => {
      deps.log.error({ err, importId: run.id }, 'resident import failed');
      await failResidentImport(deps, payload, 'The import stopped because of a server error.');
    });
    return present(run);
  }
  try {
    await deps.jobs.send(residentImportJob, payload, { singletonKey: run.id });
  } catch (err) {
    await failResidentImport(deps, payload, 'The import could not be queued.');
    throw err;
  }
  return present(run);
}

export async function getResidentImport(deps: AppDeps, tenant: TenantRow, id: string): Promise<ImportRunView> {
  const [run] = await deps.db.withTenant(tenant.id, (tx) =>
    tx
      .select(viewColumns)
      .from(residentImports)
      .where(and(eq(residentImports.tenantId, tenant.id), eq(residentImports.id, id))),
  );
  if (!run) throw notFound('This import');
  return present(run);
}

/** The latest runs, newest first; row errors only in the single view. */
export async function listResidentImports(deps: AppDeps, tenant: TenantRow, limit = 20): Promise<{ items: ImportRunView[] }> {
  const runs = await deps.db.withTenant(tenant.id, (tx) =>
    tx.select(viewColumns).from(residentImports).where(eq(residentImports.tenantId, tenant.id)).orderBy(desc(residentImports.createdAt)).limit(limit),
  );
  return { items: runs.map((r) => present(r, false)) };
}

// Staff API for background resident imports: start a run (202 + Location), poll it, list recent runs. Managers only:
// reports name rows and phone numbers.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { actorOf, type AppDeps } from '../../../platform/context.ts';
import { AppError } from '../../../platform/errors.ts';
import { idParams, tenantParams } from '../staff/residents.schemas.ts';
import { IMPORT_SYNC_MAX_ROWS, importResidentsCsv, residentImportInput } from './resident-import.service.ts';
import { getResidentImport, IMPORT_MAX_BYTES, listResidentImports, startImportBody, startResidentImport } from './resident-import.runs.ts';
import * as c from '../../../../common/contracts/residents.ts';

/** The CSV (5 MB, as for street lists) travels inside JSON, so the body may be twice that. */
const SYNC_IMPORT_MAX_BYTES = 10 * 1024 * 1024;

export async function residentImportRoutes(app: FastifyInstance, deps: AppDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['residents'];
  const base = '/api/v1/tenants/:tenant/residents/imports';
  // the tenant scope resolves the tenant before the body is read: staff of another municipality get 404, never a 400
  const config = { permission: 'residents.import' } as const;

  r.post(
    base,
    {
      config,
      bodyLimit: IMPORT_MAX_BYTES + 1024 * 1024,
      schema: {
        tags,
        summary: 'Start a resident CSV import of any size (202; poll the Location for progress and the report)',
        response: { 202: c.importRun },
        params: tenantParams,
        body: startImportBody,
      },
    },
    async (req, reply) => {
      const run = await startResidentImport(deps, actorOf(req), req.tenant, req.body);
      return reply
        .status(202)
        .header('location', `/api/v1/tenants/${encodeURIComponent(req.params.tenant)}/residents/imports/${run.id}`)
        .send(run);
    },
  );
  // small files at once: the report comes back in the answer
  r.post(
    '/api/v1/tenants/:tenant/residents/import',
    {
      config,
      bodyLimit: SYNC_IMPORT_MAX_BYTES,
      schema: {
        tags,
        summary: `Import residents from CSV with a column mapping (at most ${IMPORT_SYNC_MAX_ROWS} rows per request)`,
        response: { 200: c.residentImportResult },
        params: tenantParams,
        body: residentImportInput,
      },
    },
    async (req) => {
      const result = await importResidentsCsv(deps, actorOf(req), req.tenant, { ...req.body, maxRows: IMPORT_SYNC_MAX_ROWS });
      if (result.tooLarge)
        throw new AppError('payload_too_large', `The file has ${result.total} rows; import at most ${IMPORT_SYNC_MAX_ROWS} per request (split the file).`);
      return result;
    },
  );
  r.get(
    base,
    {
      config,
      schema: { tags, summary: 'Recent resident imports, newest first (counts, no row errors)', response: { 200: c.importRunList }, params: tenantParams },
    },
    async (req) => listResidentImports(deps, req.tenant),
  );
  r.get(
    `${base}/:id`,
    { config, schema: { tags, summary: 'One resident import: status, progress, and when done the report', response: { 200: c.importRun }, params: idParams } },
    async (req) => getResidentImport(deps, req.tenant, req.params.id),
  );
}

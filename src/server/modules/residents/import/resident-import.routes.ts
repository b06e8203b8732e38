// Staff API for background resident imports: start a run (202 + Location), poll it, list recent runs. Managers only:
// reports name rows and phone numbers.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { MANAGER_ROLES } from '../../../../common/roles.ts';
import { requireStaff } from '../../../platform/auth/session.ts';
import { actorOf, type AppDeps } from '../../../platform/context.ts';
import { resolveTenantAccess, type TenantRow } from '../../../platform/tenancy.ts';
import { idParams, tenantParams } from '../staff/residents.schemas.ts';
import { getResidentImport, IMPORT_MAX_BYTES, listResidentImports, startImportBody, startResidentImport } from './resident-import.runs.ts';

export async function residentImportRoutes(app: FastifyInstance, deps: AppDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const auth = requireStaff(deps.db, deps.config);
  const tags = ['residents'];
  const base = '/api/v1/tenants/:tenant/residents/imports';
  const access = async (req: FastifyRequest) => (await resolveTenantAccess(deps.db, req.staff!, (req.params as { tenant: string }).tenant, MANAGER_ROLES)).tenant;
  // the tenant is resolved before the body is validated: staff of another municipality get 404, never a 400 about fields
  const resolved = new WeakMap<FastifyRequest, TenantRow>();

  r.post(
    base,
    {
      onRequest: auth,
      preValidation: async (req) => {
        resolved.set(req, await access(req));
      },
      bodyLimit: IMPORT_MAX_BYTES + 1024 * 1024,
      schema: { tags, summary: 'Start a resident CSV import of any size (202; poll the Location for progress and the report)', params: tenantParams, body: startImportBody },
    },
    async (req, reply) => {
      const run = await startResidentImport(deps, actorOf(req), resolved.get(req)!, req.body);
      return reply.status(202).header('location', `/api/v1/tenants/${encodeURIComponent(req.params.tenant)}/residents/imports/${run.id}`).send(run);
    },
  );
  r.get(base, { onRequest: auth, schema: { tags, summary: 'Recent resident imports, newest first (counts, no row errors)', params: tenantParams } }, async (req) => listResidentImports(deps, await access(req)));
  r.get(`${base}/:id`, { onRequest: auth, schema: { tags, summary: 'One resident import: status, progress, and when done the report', params: idParams } }, async (req) =>
    getResidentImport(deps, await access(req), req.params.id),
  );
}

import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ALL_ROLES, MANAGER_ROLES, type Role } from '../../../common/roles.ts';
import { requireStaff } from '../../platform/auth/session.ts';
import { actorOf, type AppDeps } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { resolveTenantAccess } from '../../platform/tenancy.ts';
import { IMPORT_SYNC_MAX_ROWS, importResidentsCsv, residentImportInput } from '../residents/import/resident-import.service.ts';
import * as areas from './areas.service.ts';
import { previewAudience } from './audience.service.ts';
import { coverage } from './coverage.service.ts';
import { mapSettings } from './map.service.ts';
import * as streets from './streets.service.ts';

const CSV_MAX_BYTES = 5 * 1024 * 1024;
const params = z.object({ tenant: z.string().max(64) });
const idParams = params.extend({ id: z.uuid('must be an id') });
const mode = z.object({ mode: z.enum(['valid-rows', 'all-or-nothing']).default('valid-rows') });
const population = z.number().int().min(0).max(100_000_000).nullable();
const areaBody = z.object({ name: z.string().min(1).max(200), geometry: z.record(z.string(), z.unknown()), population: population.optional() });
const audienceBody = z.object({
  topics: z.array(z.string().max(64)).max(50).optional(),
  areaIds: z.array(z.uuid()).max(500).optional(),
  streetIds: z.array(z.uuid()).max(5000).optional(),
  channels: z.array(z.enum(['sms', 'email', 'push', 'voice'])).min(1),
  warning: z.boolean().optional(),
});

export async function geoRoutes(app: FastifyInstance, deps: AppDeps) {
  const auth = requireStaff(deps.db, deps.config);
  const tags = ['residents'];
  const access = async (staff: Parameters<typeof resolveTenantAccess>[1], slug: string, roles: readonly Role[] = MANAGER_ROLES) => (await resolveTenantAccess(deps.db, staff, slug, roles)).tenant;

  // street lists arrive as text/csv; the parser lives in this scope only
  await app.register(async (scope) => {
    scope.addContentTypeParser('text/csv', { parseAs: 'string', bodyLimit: CSV_MAX_BYTES }, (_req, body, done) => done(null, body));
    scope.withTypeProvider<ZodTypeProvider>().post(
      '/api/v1/tenants/:tenant/streets/import',
      { onRequest: auth, bodyLimit: CSV_MAX_BYTES, schema: { tags, summary: 'Import a street list (CSV: street, house number ranges, postcode, district, population)', consumes: ['text/csv'], params, querystring: mode, body: z.string() } },
      async (req) => streets.importStreetsCsv(deps, actorOf(req), (await access(req.staff!, req.params.tenant)).id, req.body, req.query.mode),
    );
  });

  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get('/api/v1/tenants/:tenant/streets', { onRequest: auth, schema: { tags, summary: 'Streets, searched by name', params, querystring: z.object({ q: z.string().max(100).optional() }) } }, async (req) =>
    streets.listStreets(deps, (await access(req.staff!, req.params.tenant, ALL_ROLES)).id, req.query.q),
  );
  r.patch('/api/v1/tenants/:tenant/streets/:id', { onRequest: auth, schema: { tags, summary: 'Change a street’s population or district', params: idParams, body: z.object({ population: population.optional(), district: z.string().max(200).nullable().optional() }) } }, async (req) =>
    streets.updateStreet(deps, actorOf(req), (await access(req.staff!, req.params.tenant)).id, req.params.id, req.body),
  );
  r.delete('/api/v1/tenants/:tenant/streets/:id', { onRequest: auth, schema: { tags, summary: 'Remove a street', params: idParams } }, async (req, reply) => {
    await streets.deleteStreet(deps, actorOf(req), (await access(req.staff!, req.params.tenant)).id, req.params.id);
    return reply.status(204).send();
  });

  r.get('/api/v1/tenants/:tenant/map', { onRequest: auth, schema: { tags, summary: 'The map tiles the console shows (the tenant’s own, else the installation default, else none)', params } }, async (req) =>
    mapSettings(deps.config, await access(req.staff!, req.params.tenant, ALL_ROLES)),
  );
  r.get('/api/v1/tenants/:tenant/areas', { onRequest: auth, schema: { tags, summary: 'Areas (GeoJSON polygons)', params } }, async (req) => areas.listAreas(deps, (await access(req.staff!, req.params.tenant, ALL_ROLES)).id));
  r.post('/api/v1/tenants/:tenant/areas', { onRequest: auth, bodyLimit: CSV_MAX_BYTES, schema: { tags, summary: 'Add an area (GeoJSON Polygon or MultiPolygon, WGS 84)', params, body: areaBody } }, async (req, reply) =>
    reply.status(201).send(await areas.createArea(deps, actorOf(req), (await access(req.staff!, req.params.tenant)).id, req.body)),
  );
  r.post('/api/v1/tenants/:tenant/areas/import', { onRequest: auth, bodyLimit: CSV_MAX_BYTES, schema: { tags, summary: 'Import areas from a GeoJSON FeatureCollection (name from properties.name): all or none', params, body: z.record(z.string(), z.unknown()) } }, async (req, reply) =>
    reply.status(201).send(await areas.importAreas(deps, actorOf(req), (await access(req.staff!, req.params.tenant)).id, req.body)),
  );
  r.patch('/api/v1/tenants/:tenant/areas/:id', { onRequest: auth, bodyLimit: CSV_MAX_BYTES, schema: { tags, summary: 'Rename an area, change its population or redraw it', params: idParams, body: areaBody.partial() } }, async (req) =>
    areas.updateArea(deps, actorOf(req), (await access(req.staff!, req.params.tenant)).id, req.params.id, req.body),
  );
  r.delete('/api/v1/tenants/:tenant/areas/:id', { onRequest: auth, schema: { tags, summary: 'Remove an area', params: idParams } }, async (req, reply) => {
    await areas.deleteArea(deps, actorOf(req), (await access(req.staff!, req.params.tenant)).id, req.params.id);
    return reply.status(204).send();
  });

  r.post('/api/v1/tenants/:tenant/audience/preview', { onRequest: auth, schema: { tags, summary: 'How many residents a message would reach, per channel (no personal data)', params, body: audienceBody } }, async (req) =>
    previewAudience(deps, (await access(req.staff!, req.params.tenant, ALL_ROLES)).id, req.body),
  );
  r.get('/api/v1/tenants/:tenant/coverage', { onRequest: auth, schema: { tags, summary: 'Registered residents against population per street and area, lowest share first', params } }, async (req) =>
    coverage(deps, (await access(req.staff!, req.params.tenant, ALL_ROLES)).id),
  );

  // the resident import is registered here so app.ts keeps one line for this feature; it moves with the residents routes
  r.post('/api/v1/tenants/:tenant/residents/import', { onRequest: auth, bodyLimit: CSV_MAX_BYTES * 2, schema: { tags, summary: `Import residents from CSV with a column mapping (at most ${IMPORT_SYNC_MAX_ROWS} rows per request)`, params, body: residentImportInput } }, async (req) => {
    const tenant = await access(req.staff!, req.params.tenant);
    const result = await importResidentsCsv(deps, actorOf(req), tenant, { ...req.body, maxRows: IMPORT_SYNC_MAX_ROWS });
    if (result.tooLarge) throw new AppError('payload_too_large', `The file has ${result.total} rows; import at most ${IMPORT_SYNC_MAX_ROWS} per request (split the file).`);
    return result;
  });
}

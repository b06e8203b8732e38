import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf, type AppDeps } from '../../platform/context.ts';
import * as areas from './areas.service.ts';
import { audienceInput } from './audience.schemas.ts';
import { previewAudience } from './audience.service.ts';
import { coverage } from './coverage.service.ts';
import { mapSettings } from './map.service.ts';
import * as points from './points.service.ts';
import * as streets from './streets.service.ts';
import * as c from '../../../common/contracts/geo.ts';
import { noContent } from '../../../common/contracts/common.ts';

const CSV_MAX_BYTES = 5 * 1024 * 1024;
const params = z.strictObject({ tenant: z.string().max(64) });
const idParams = params.extend({ id: z.uuid('must be an id') });
const mode = z.strictObject({ mode: z.enum(['valid-rows', 'all-or-nothing']).default('valid-rows') });
const population = z.number().int().min(0).max(100_000_000).nullable();
const areaBody = z.strictObject({ name: z.string().min(1).max(200), geometry: z.record(z.string(), z.unknown()), population: population.optional() });

export async function geoRoutes(app: FastifyInstance, deps: AppDeps) {
  const tags = ['residents'];
  const read = { permission: 'geo.read' } as const;
  const manage = { permission: 'geo.manage' } as const;

  // street lists arrive as text/csv; the parser lives in this scope only
  await app.register(async (scope) => {
    scope.addContentTypeParser('text/csv', { parseAs: 'string', bodyLimit: CSV_MAX_BYTES }, (_req, body, done) => done(null, body));
    scope.withTypeProvider<ZodTypeProvider>().post(
      '/api/v1/tenants/:tenant/streets/import',
      {
        config: manage,
        bodyLimit: CSV_MAX_BYTES,
        schema: {
          tags,
          summary: 'Import a street list (CSV: street, house number ranges, postcode, district, population)',
          response: { 200: c.streetImportResult },
          consumes: ['text/csv'],
          params,
          querystring: mode,
          body: z.string(),
        },
      },
      async (req) => streets.importStreetsCsv(deps, actorOf(req), req.tenant.id, req.body, req.query.mode),
    );
    scope.withTypeProvider<ZodTypeProvider>().post(
      '/api/v1/tenants/:tenant/streets/points',
      {
        config: manage,
        bodyLimit: CSV_MAX_BYTES * 4,
        schema: {
          tags,
          summary:
            'Import address points: CSV (street, house number, postcode, lat, lon) or a GeoJSON FeatureCollection of Points with addr:street/addr:housenumber/addr:postcode (e.g. an OpenStreetMap export); residents on those streets get coordinates',
          response: { 200: c.pointImportResult },
          consumes: ['text/csv', 'application/json'],
          params,
          querystring: mode,
          body: z.union([z.string(), z.record(z.string(), z.unknown())]),
        },
      },
      async (req) => points.importAddressPoints(deps, actorOf(req), req.tenant.id, req.body, req.query.mode),
    );
  });

  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    '/api/v1/tenants/:tenant/streets',
    {
      config: read,
      schema: {
        tags,
        summary: 'Streets, searched by name',
        response: { 200: c.streetList },
        params,
        querystring: z.strictObject({ q: z.string().max(100).optional() }),
      },
    },
    async (req) => streets.listStreets(deps, req.tenant.id, req.query.q),
  );
  r.patch(
    '/api/v1/tenants/:tenant/streets/:id',
    {
      config: manage,
      schema: {
        tags,
        summary: 'Change a street’s population or district',
        response: { 200: c.street },
        params: idParams,
        body: z.strictObject({ population: population.optional(), district: z.string().max(200).nullable().optional() }),
      },
    },
    async (req) => streets.updateStreet(deps, actorOf(req), req.tenant.id, req.params.id, req.body),
  );
  r.delete(
    '/api/v1/tenants/:tenant/streets/:id',
    { config: manage, schema: { tags, summary: 'Remove a street', response: { 204: noContent }, params: idParams } },
    async (req, reply) => {
      await streets.deleteStreet(deps, actorOf(req), req.tenant.id, req.params.id);
      return reply.status(204).send();
    },
  );

  r.get(
    '/api/v1/tenants/:tenant/map',
    {
      config: read,
      schema: {
        tags,
        summary: 'The map tiles the console shows (the tenant’s own, else the installation default, else none)',
        response: { 200: c.mapSettings },
        params,
      },
    },
    async (req) => mapSettings(deps.config, req.tenant),
  );
  r.get(
    '/api/v1/tenants/:tenant/areas',
    { config: read, schema: { tags, summary: 'Areas (GeoJSON polygons)', response: { 200: c.areaList }, params } },
    async (req) => areas.listAreas(deps, req.tenant.id),
  );
  r.post(
    '/api/v1/tenants/:tenant/areas',
    {
      config: manage,
      bodyLimit: CSV_MAX_BYTES,
      schema: { tags, summary: 'Add an area (GeoJSON Polygon or MultiPolygon, WGS 84)', response: { 201: c.area }, params, body: areaBody },
    },
    async (req, reply) => reply.status(201).send(await areas.createArea(deps, actorOf(req), req.tenant.id, req.body)),
  );
  r.post(
    '/api/v1/tenants/:tenant/areas/import',
    {
      config: manage,
      bodyLimit: CSV_MAX_BYTES,
      schema: {
        tags,
        summary: 'Import areas from a GeoJSON FeatureCollection (name from properties.name): all or none',
        response: { 201: c.areaImportResult },
        params,
        body: z.record(z.string(), z.unknown()),
      },
    },
    async (req, reply) => reply.status(201).send(await areas.importAreas(deps, actorOf(req), req.tenant.id, req.body)),
  );
  r.patch(
    '/api/v1/tenants/:tenant/areas/:id',
    {
      config: manage,
      bodyLimit: CSV_MAX_BYTES,
      schema: { tags, summary: 'Rename an area, change its population or redraw it', response: { 200: c.area }, params: idParams, body: areaBody.partial() },
    },
    async (req) => areas.updateArea(deps, actorOf(req), req.tenant.id, req.params.id, req.body),
  );
  r.delete(
    '/api/v1/tenants/:tenant/areas/:id',
    { config: manage, schema: { tags, summary: 'Remove an area', response: { 204: noContent }, params: idParams } },
    async (req, reply) => {
      await areas.deleteArea(deps, actorOf(req), req.tenant.id, req.params.id);
      return reply.status(204).send();
    },
  );

  r.post(
    '/api/v1/tenants/:tenant/audience/preview',
    {
      config: read,
      schema: {
        tags,
        summary: 'How many residents a message would reach, per channel (no personal data)',
        response: { 200: c.audiencePreview },
        params,
        body: audienceInput,
      },
    },
    async (req) => previewAudience(deps, req.tenant.id, req.body),
  );
  r.get(
    '/api/v1/tenants/:tenant/coverage',
    {
      config: read,
      schema: { tags, summary: 'Registered residents against population per street and area, lowest share first', response: { 200: c.coverage }, params },
    },
    async (req) => coverage(deps, req.tenant.id),
  );
}

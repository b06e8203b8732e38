import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { actorOf, type AppDeps } from '../../platform/context.ts';
import { declareTenantRoutes, route } from '../../platform/tenant-routes.ts';
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

const POINTS =
  'Import address points: CSV (street, house number, postcode, lat, lon) or a GeoJSON FeatureCollection of Points with addr:street/addr:housenumber/addr:postcode (e.g. an OpenStreetMap export); residents on those streets get coordinates';
const STREETS = 'Import a street list (CSV: street, house number ranges, postcode, district, population)';

export async function geoRoutes(app: FastifyInstance, deps: AppDeps) {
  const tags = ['residents'];
  const [read, manage] = ['geo.read', 'geo.manage'] as const;
  const large = { bodyLimit: CSV_MAX_BYTES };

  // street lists arrive as text/csv; the parser lives in this scope only
  await app.register(async (scope) => {
    scope.addContentTypeParser('text/csv', { parseAs: 'string', bodyLimit: CSV_MAX_BYTES }, (_req, body, done) => done(null, body));
    const csv = ['text/csv'];
    const pointsBody = z.union([z.string(), z.record(z.string(), z.unknown())]);
    declareTenantRoutes(scope, tags, [
      route(
        'POST /streets/import',
        manage,
        { summary: STREETS, consumes: csv, params, querystring: mode, body: z.string(), response: { 200: c.streetImportResult } },
        async (req) => streets.importStreetsCsv(deps, actorOf(req), req.tenant.id, req.body, req.query.mode),
        large,
      ),
      route(
        'POST /streets/points',
        manage,
        { summary: POINTS, consumes: [...csv, 'application/json'], params, querystring: mode, body: pointsBody, response: { 200: c.pointImportResult } },
        async (req) => points.importAddressPoints(deps, actorOf(req), req.tenant.id, req.body, req.query.mode),
        { bodyLimit: CSV_MAX_BYTES * 4 },
      ),
    ]);
  });

  const streetPatch = z.strictObject({ population: population.optional(), district: z.string().max(200).nullable().optional() });
  const mapSummary = 'The map tiles the console shows (the tenant’s own, else the installation default, else none)';
  declareTenantRoutes(app, tags, [
    route(
      'GET /streets',
      read,
      { summary: 'Streets, searched by name', params, querystring: z.strictObject({ q: z.string().max(100).optional() }), response: { 200: c.streetList } },
      async (req) => streets.listStreets(deps, req.tenant.id, req.query.q),
    ),
    route(
      'PATCH /streets/:id',
      manage,
      { summary: 'Change a street’s population or district', params: idParams, body: streetPatch, response: { 200: c.street } },
      async (req) => streets.updateStreet(deps, actorOf(req), req.tenant.id, req.params.id, req.body),
    ),
    route('DELETE /streets/:id', manage, { summary: 'Remove a street', params: idParams, response: { 204: noContent } }, async (req) =>
      streets.deleteStreet(deps, actorOf(req), req.tenant.id, req.params.id),
    ),
    route('GET /map', read, { summary: mapSummary, params, response: { 200: c.mapSettings } }, async (req) => mapSettings(deps.config, req.tenant)),
    route('GET /areas', read, { summary: 'Areas (GeoJSON polygons)', params, response: { 200: c.areaList } }, async (req) =>
      areas.listAreas(deps, req.tenant.id),
    ),
    route(
      'POST /areas',
      manage,
      { summary: 'Add an area (GeoJSON Polygon or MultiPolygon, WGS 84)', params, body: areaBody, response: { 201: c.area } },
      async (req) => areas.createArea(deps, actorOf(req), req.tenant.id, req.body),
      large,
    ),
    route(
      'POST /areas/import',
      manage,
      {
        summary: 'Import areas from a GeoJSON FeatureCollection (name from properties.name): all or none',
        params,
        body: z.record(z.string(), z.unknown()),
        response: { 201: c.areaImportResult },
      },
      async (req) => areas.importAreas(deps, actorOf(req), req.tenant.id, req.body),
      large,
    ),
    route(
      'PATCH /areas/:id',
      manage,
      { summary: 'Rename an area, change its population or redraw it', params: idParams, body: areaBody.partial(), response: { 200: c.area } },
      async (req) => areas.updateArea(deps, actorOf(req), req.tenant.id, req.params.id, req.body),
      large,
    ),
    route('DELETE /areas/:id', manage, { summary: 'Remove an area', params: idParams, response: { 204: noContent } }, async (req) =>
      areas.deleteArea(deps, actorOf(req), req.tenant.id, req.params.id),
    ),
    route(
      'POST /audience/preview',
      read,
      {
        summary: 'How many residents a message would reach, per channel (no personal data)',
        params,
        body: audienceInput,
        response: { 200: c.audiencePreview },
      },
      async (req) => previewAudience(deps, req.tenant.id, req.body),
    ),
    route(
      'GET /coverage',
      read,
      { summary: 'Registered residents against population per street and area, lowest share first', params, response: { 200: c.coverage } },
      async (req) => coverage(deps, req.tenant.id),
    ),
  ]);
}

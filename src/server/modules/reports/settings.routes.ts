// The municipality's report settings and its Open311 integrator keys (inside the tenant scope). A new key is answered
// once with the key itself; afterwards only its name and prefix are shown.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { itemsOf, noContent } from '../../../common/contracts/common.ts';
import * as c from '../../../common/contracts/reports.ts';
import { actorOf, type AppDeps } from '../../platform/context.ts';
import { settingsRoutes } from '../../platform/settings-routes.ts';
import { declareTenantRoutes, route } from '../../platform/tenant-routes.ts';
import * as keys from './open311-keys.service.ts';
import { getReportsSettings, updateReportsSettings } from './reports.service.ts';

const params = z.object({ tenant: z.string().max(64) });
const id = params.extend({ id: z.uuid('must be a key id') });

export async function reportSettingsRoutes(app: FastifyInstance, deps: AppDeps) {
  // every member reads the settings; the keys are the managers' alone
  const manage = 'reports.manage';
  const rows = [
    ...settingsRoutes(deps, {
      path: '/report-settings',
      permissions: ['reports.read', manage],
      schemas: { settings: c.reportsSettings, patch: c.reportsSettingsPatch },
      summaries: { get: 'Duplicate radius, reopen period and whether the portal shows reports', update: 'Change the report settings' },
      get: getReportsSettings,
      update: updateReportsSettings,
    }),
    route(
      'GET /open311-keys',
      manage,
      { summary: 'API keys of Open311 integrators (name and prefix only)', params, response: { 200: itemsOf(c.open311Key) } },
      async (req) => keys.listOpen311Keys(deps, req.tenant),
    ),
    route(
      'POST /open311-keys',
      manage,
      { summary: 'A new Open311 API key: the answer holds the key, shown this once', params, body: c.open311KeyInput, response: { 201: c.open311KeyCreated } },
      async (req) => keys.createOpen311Key(deps, actorOf(req), req.tenant, req.body),
    ),
    route(
      'DELETE /open311-keys/:id',
      manage,
      { summary: 'Revoke an Open311 API key (it stays listed with the date)', params: id, response: { 204: noContent } },
      async (req) => keys.revokeOpen311Key(deps, actorOf(req), req.tenant, req.params.id),
    ),
  ];
  declareTenantRoutes(app, ['reports'], rows);
}

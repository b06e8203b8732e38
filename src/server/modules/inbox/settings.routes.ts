// The inbox's settings as a route table (inside the tenant scope): routing rules, business hours and deadlines,
// departments, one's own availability, canned responses and the figures.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { noContent } from '../../../common/contracts/common.ts';
import * as c from '../../../common/contracts/inbox.ts';
import { actorOf, type AppDeps } from '../../platform/context.ts';
import { settingsRoutes } from '../../platform/settings-routes.ts';
import { collectionRoutes, declareTenantRoutes, route, tenantParams as params } from '../../platform/tenant-routes.ts';
import * as canned from './canned.service.ts';
import { inboxFigures } from './figures.service.ts';
import * as settings from './settings.service.ts';

const idParams = params.extend({ id: z.uuid('must be an id') });

export async function inboxSettingsRoutes(app: FastifyInstance, deps: AppDeps) {
  const rows = [
    route('GET /inbox/rules', 'inbox.read', { summary: 'Routing rules of the inbox, in order', params, response: { 200: c.inboxRuleList } }, async (req) =>
      settings.listRules(deps, req.access.tenant),
    ),
    route(
      'PUT /inbox/rules',
      'inbox.manage',
      { summary: 'Replace the routing rules (the whole ordered list; first match wins)', params, body: c.inboxRulesInput, response: { 200: c.inboxRuleList } },
      async (req) => settings.replaceRules(deps, actorOf(req), req.access.tenant, req.body),
    ),
    ...settingsRoutes(deps, {
      path: '/inbox/settings',
      permissions: ['inbox.counts', 'inbox.manage'],
      schemas: { settings: c.inboxSettings, patch: c.inboxSettingsPatch },
      summaries: {
        get: 'Business hours, deadlines, federal state and retention of the inbox',
        update: 'Change business hours, deadlines, federal state or retention',
      },
      get: settings.getSettings,
      update: settings.patchSettings,
    }),
    route(
      'GET /inbox/departments',
      'inbox.read',
      { summary: "Departments' inbox settings with their members and availability", params, response: { 200: c.departmentInboxList } },
      async (req) => settings.listDepartments(deps, req.access.tenant),
    ),
    route(
      'PATCH /inbox/departments/:id',
      'inbox.manage',
      {
        summary: "Change a department's hours, deadlines, lead or assignment mode",
        params: idParams,
        body: c.departmentInboxPatch,
        response: { 200: c.departmentInbox },
      },
      async (req) => settings.patchDepartment(deps, actorOf(req), req.access.tenant, req.params.id, req.body),
    ),
    route(
      'PUT /inbox/availability',
      'inbox.work',
      { summary: 'Switch one’s own availability for round-robin assignment', params, body: c.availabilityInput, response: { 204: noContent } },
      async (req) => settings.setAvailability(deps, actorOf(req), req.access.tenant, req.body.available),
    ),
    ...collectionRoutes(deps, {
      path: '/inbox/canned-responses',
      permissions: ['inbox.read', 'inbox.manage'],
      schemas: { item: c.cannedResponse, input: c.cannedResponseInput, patch: c.cannedResponseInput.partial() },
      summaries: { list: 'Canned responses', create: 'Add a canned response', update: 'Change a canned response', remove: 'Delete a canned response' },
      list: canned.listCanned,
      create: canned.createCanned,
      update: canned.updateCanned,
      remove: canned.deleteCanned,
    }),
    route(
      'GET /inbox/figures',
      'inbox.counts',
      {
        summary: 'Inbox figures over a period per department, person or channel, with a daily series',
        params,
        querystring: c.inboxFiguresQuery,
        response: { 200: c.inboxFigures },
      },
      async (req) => inboxFigures(deps, req.access.tenant, req.query, req.staff?.user.locale),
    ),
  ];
  declareTenantRoutes(app, ['inbox'], rows);
}

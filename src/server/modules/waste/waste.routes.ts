// The waste calendar's staff API as a route table (inside the tenant scope): every member reads it (no personal
// data), waste.manage changes it and imports CSV. Thin: schemas, permission, the service call.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import * as c from '../../../common/contracts/waste.ts';
import { actorOf, type AppDeps } from '../../platform/context.ts';
import { notFound } from '../../platform/errors.ts';
import { collectionRoutes, declareTenantRoutes, route, tenantParams as params } from '../../platform/tenant-routes.ts';
import * as dates from './dates.service.ts';
import { importWasteCsv } from './import.ts';
import * as waste from './waste.service.ts';

function catalogRoutes(deps: AppDeps) {
  const permissions = ['waste.read', 'waste.manage'] as const;
  return [
    ...collectionRoutes(deps, {
      path: '/waste/types',
      permissions,
      what: 'waste type',
      schemas: { item: c.wasteType, input: c.wasteTypeInput, patch: c.wasteTypePatch },
      summaries: {
        list: 'Waste types in order',
        create: 'Add a waste type',
        update: 'Change a waste type',
        remove: 'Delete an unused waste type (one with schedules or dates answers 409: deactivate it)',
      },
      list: waste.listTypes,
      create: waste.createType,
      update: waste.updateType,
      remove: waste.deleteType,
    }),
    ...collectionRoutes(deps, {
      path: '/waste/districts',
      permissions,
      what: 'district',
      schemas: { item: c.wasteDistrict, input: c.wasteDistrictInput, patch: c.wasteDistrictPatch },
      summaries: {
        list: 'Districts with their streets',
        create: 'Add a district (its streets leave any other district)',
        update: 'Rename a district or set its streets',
        remove: 'Delete a district without schedules or dates',
      },
      list: waste.listDistricts,
      create: waste.createDistrict,
      update: waste.updateDistrict,
      remove: waste.deleteDistrict,
    }),
  ];
}

function calendarRoutes(deps: AppDeps) {
  const [read, manage] = ['waste.read', 'waste.manage'] as const;
  const street = params.extend({ id: z.uuid('must be a street id') });
  return [
    ...collectionRoutes(deps, {
      path: '/waste/schedules',
      permissions: [read, manage],
      what: 'schedule',
      replaces: true,
      schemas: { item: c.wasteSchedule, input: c.wasteScheduleInput, patch: c.wasteScheduleInput },
      summaries: {
        list: 'Schedules with their number of dates',
        create: 'Add a schedule; its RRULE expands to dates (422 for an invalid rule or range)',
        update: 'Replace a schedule and its expanded dates (manual and imported dates stay)',
        remove: 'Delete a schedule and its expanded dates',
      },
      list: waste.listSchedules,
      // adding and replacing are one service call; a new schedule has no id yet
      create: (deps, actor, tenant, body) => waste.saveSchedule(deps, actor, tenant, null, body),
      update: waste.saveSchedule,
      remove: waste.deleteSchedule,
    }),
    ...collectionRoutes(deps, {
      path: '/waste/dates',
      permissions: [read, manage],
      what: 'date',
      schemas: { item: c.wasteDate, input: c.wasteDateInput, patch: c.wasteDatePatch, query: c.wasteDateQuery },
      summaries: {
        list: 'Collection dates of a district or a street (its own and its district’s) in a range',
        create: 'Add a collection date by hand',
        update: 'Move a collection date (it becomes manual) or change its note',
        remove: 'Delete a collection date',
      },
      list: dates.listDates,
      create: dates.createDate,
      update: dates.updateDate,
      remove: dates.deleteDate,
    }),
    route(
      'POST /waste/import',
      manage,
      {
        summary: 'Import dates from CSV (typ;bezirk;strasse;datum;hinweis): a row-by-row report; nothing is written unless every row is valid',
        params,
        body: c.wasteImportInput,
        response: { 200: c.wasteImportReport },
      },
      async (req) => importWasteCsv(deps, actorOf(req), req.tenant, req.body),
      { bodyLimit: c.WASTE_CSV_MAX_BYTES * 2 },
    ),
    route(
      'GET /waste/streets/:id/calendar',
      read,
      { summary: 'The next dates per type for a street, as the portal shows them', params: street, response: { 200: c.wasteStreetCalendar } },
      async (req) => {
        const cal = await dates.streetCalendar(deps, req.tenant, req.params.id, dates.todayIn(req.tenant));
        if (!cal) throw notFound('This street');
        return cal;
      },
    ),
  ];
}

export async function wasteRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  declareTenantRoutes(app, ['waste'], [...catalogRoutes(deps), ...calendarRoutes(deps)]);
}

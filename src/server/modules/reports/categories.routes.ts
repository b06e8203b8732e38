// Report categories as a route table (inside the tenant scope): every member reads them, managers change them. A
// category with reports cannot be deleted (409); it is deactivated instead.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { itemsOf, noContent } from '../../../common/contracts/common.ts';
import * as c from '../../../common/contracts/reports.ts';
import { actorOf, type AppDeps } from '../../platform/context.ts';
import { notFound } from '../../platform/errors.ts';
import { asBody, declareTenantRoutes, route } from '../../platform/tenant-routes.ts';
import * as categories from './categories.service.ts';

const params = z.object({ tenant: z.string().max(64) });
const id = params.extend({ id: z.uuid('must be a category id') });

export async function reportCategoryRoutes(app: FastifyInstance, deps: AppDeps) {
  const [read, manage] = ['reports.read', 'reports.manage'] as const;
  const rows = [
    route(
      'GET /report-categories',
      read,
      { summary: 'Report categories (Open311 services) in order', params, response: { 200: itemsOf(c.reportCategory) } },
      async (req) => ({
        items: await categories.listCategories(deps, req.tenant),
      }),
    ),
    route(
      'POST /report-categories',
      manage,
      {
        summary: 'Add a category with its department, deadlines, auto reply and extra fields',
        params,
        body: c.reportCategoryInput,
        response: { 201: c.reportCategory },
      },
      async (req) => asBody(() => categories.createCategory(deps, actorOf(req), req.tenant, req.body)),
    ),
    route('GET /report-categories/:id', read, { summary: 'A category', params: id, response: { 200: c.reportCategory } }, async (req) => {
      const category = await categories.getCategory(deps, req.tenant, req.params.id);
      if (!category) throw notFound('This category');
      return category;
    }),
    route(
      'PATCH /report-categories/:id',
      manage,
      {
        summary: 'Change a category (forwardApiKey null removes the stored key)',
        params: id,
        body: c.reportCategoryPatch,
        response: { 200: c.reportCategory },
      },
      async (req) => asBody(() => categories.updateCategory(deps, actorOf(req), req.tenant, req.params.id, req.body)),
    ),
    route(
      'DELETE /report-categories/:id',
      manage,
      { summary: 'Delete a category without reports (one with reports answers 409: deactivate it instead)', params: id, response: { 204: noContent } },
      async (req) => categories.deleteCategory(deps, actorOf(req), req.tenant, req.params.id),
    ),
  ];
  declareTenantRoutes(app, ['reports'], rows);
}

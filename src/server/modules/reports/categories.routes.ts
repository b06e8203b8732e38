// Report categories as a route table (inside the tenant scope): every member reads them, managers change them. A
// category with reports cannot be deleted (409); it is deactivated instead.
import type { FastifyInstance } from 'fastify';
import * as c from '../../../common/contracts/reports.ts';
import type { AppDeps } from '../../platform/context.ts';
import { notFound } from '../../platform/errors.ts';
import { asBody, collectionRoutes, declareTenantRoutes } from '../../platform/tenant-routes.ts';
import * as categories from './categories.service.ts';

export async function reportCategoryRoutes(app: FastifyInstance, deps: AppDeps) {
  const rows = collectionRoutes(deps, {
    path: '/report-categories',
    permissions: ['reports.read', 'reports.manage'],
    what: 'category',
    schemas: { item: c.reportCategory, input: c.reportCategoryInput, patch: c.reportCategoryPatch },
    summaries: {
      list: 'Report categories (Open311 services) in order',
      create: 'Add a category with its department, deadlines, auto reply and extra fields',
      get: 'A category',
      update: 'Change a category (forwardApiKey null removes the stored key)',
      remove: 'Delete a category without reports (one with reports answers 409: deactivate it instead)',
    },
    list: categories.listCategories,
    create: (deps, actor, tenant, body) => asBody(() => categories.createCategory(deps, actor, tenant, body)),
    get: async (deps, tenant, id) => {
      const category = await categories.getCategory(deps, tenant, id);
      if (!category) throw notFound('This category');
      return category;
    },
    update: (deps, actor, tenant, id, body) => asBody(() => categories.updateCategory(deps, actor, tenant, id, body)),
    remove: categories.deleteCategory,
  });
  declareTenantRoutes(app, ['reports'], rows);
}

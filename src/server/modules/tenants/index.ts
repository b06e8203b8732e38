// Tenants (municipalities) and networks (Landkreis, Verbund): creation, settings, branding.
export { type ConsoleCsp, consoleCspWith, createConsoleCsp } from './console-csp.ts';
export { tenantRoutes } from './tenants.routes.ts';
export {
  addTenantToNetwork,
  createNetwork,
  createTenant,
  findTenantById,
  findTenantBySlug,
  listTenantNames,
  listTenants,
  presentTenant,
  tenantNamesById,
} from './tenants.service.ts';
export { everyMinuteJob, forEachTenant } from './tenant-sweep.ts';
export { createTenantInput, slug as slugSchema } from './tenants.schemas.ts';

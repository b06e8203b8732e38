// Tenants (municipalities) and networks (Landkreis, Verbund): creation, settings, branding.
export { type ConsoleCsp, consoleCspWith, createConsoleCsp } from './console-csp.ts';
export { tenantRoutes } from './tenants.routes.ts';
export { addTenantToNetwork, createNetwork, createTenant, findTenantBySlug, listTenants, presentTenant } from './tenants.service.ts';
export { slug as slugSchema } from './tenants.schemas.ts';

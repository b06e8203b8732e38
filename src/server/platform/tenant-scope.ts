// The one plugin every /api/v1/tenants/:tenant/* route lives in. It signs the caller in, resolves their membership
// once, puts the tenant and their access on the request and checks the permission the route declares against the
// policy table (src/common/permissions.ts). A route without a declared permission, or a tenant route registered
// anywhere else, fails at registration: none can be forgotten.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { isPermission, type Permission } from '../../common/permissions.ts';
import { assertStaff } from './auth/session.ts';
import type { AppDeps } from './context.ts';
import { checkTenantAccess, loadStaffAccess, type TenantAccess, type TenantRow } from './tenancy.ts';

export const TENANT_PREFIX = '/api/v1/tenants/:tenant';
const IN_SCOPE = 'civicastTenantScope';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The permission a tenant route needs (required inside the tenant scope). */
    permission?: Permission;
  }
  interface FastifyRequest {
    /** The municipality of a tenant route; set by the tenant scope before validation, absent elsewhere. */
    tenant: TenantRow;
    /** The caller's membership in `tenant`; set by the tenant scope, absent elsewhere. */
    access: TenantAccess;
  }
}

/** Every slug `createTenant` accepts has this form; anything else (NUL, 300 characters) names no tenant. */
const SLUG = /^[a-z0-9][a-z0-9-]{0,63}$/;

/** Registers `routes` inside the tenant scope. Call once from buildApp. */
export function tenantScope(deps: AppDeps, routes: (scope: FastifyInstance) => Promise<void>) {
  return async function tenantScopePlugin(scope: FastifyInstance) {
    scope.decorate(IN_SCOPE, true); // encapsulated: visible to this scope and its children only
    scope.decorateRequest('tenant', null as unknown as TenantRow);
    scope.decorateRequest('access', null as unknown as TenantAccess);
    scope.addHook('onRoute', (route) => {
      const name = `${[route.method].flat().join(',')} ${route.url}`;
      if (!route.url.startsWith(TENANT_PREFIX)) throw new Error(`${name} is not a tenant route; register it outside the tenant scope.`);
      if (!isPermission(route.config?.permission)) {
        throw new Error(`${name} declares no permission: add config: { permission } from src/common/permissions.ts.`);
      }
    });
    // onRequest, before the body is read: staff of another municipality get 404, never a 400 about fields or a 413
    scope.addHook('onRequest', async (req: FastifyRequest) => {
      const slug = (req.params as { tenant?: string }).tenant ?? '';
      // a slug no tenant can have is looked up as '' (none has it): the caller is still signed in first, so 401 comes before 404
      const found = await loadStaffAccess(deps.db, deps.config, req, SLUG.test(slug) ? slug : '');
      req.staff = found.staff;
      assertStaff(req);
      const access = checkTenantAccess(req.staff!, found.access, req.routeOptions.config.permission as Permission);
      req.tenant = access.tenant;
      req.access = access;
    });
    await routes(scope);
  };
}

/** On the root instance: a tenant route registered outside the tenant scope fails at start-up. */
export function rejectTenantRoutesOutsideScope(app: FastifyInstance) {
  app.addHook('onRoute', function (this: FastifyInstance, route) {
    if (route.url.startsWith(TENANT_PREFIX) && !this.hasDecorator(IN_SCOPE)) {
      throw new Error(`${[route.method].flat().join(',')} ${route.url} must be registered inside the tenant scope (src/server/platform/tenant-scope.ts).`);
    }
  });
}

// The one plugin every /api/v1/networks/:network/* route lives in, like tenant-scope.ts for municipalities: it signs
// the caller in, resolves their network staff role (network_staff) once, puts the network and their access on the
// request and checks the network permission the route declares against the network policy table
// (src/common/permissions.ts). A network the caller does not belong to answers 404, exactly like one that does not
// exist; a role without the permission 403. A route without a declared permission, or a network route registered
// anywhere else, fails at registration.
import { and, asc, eq } from 'drizzle-orm';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { canInNetwork, isNetworkPermission, type NetworkPermission } from '../../common/permissions.ts';
import type { Role } from '../../common/roles.ts';
import { requireStaff } from './auth/session.ts';
import type { AppDeps } from './context.ts';
import type { Database } from './db/client.ts';
import { networks, networkStaff, networkTenants, tenants } from './db/schema.ts';
import { forbidden, notFound } from './errors.ts';
import type { TenantRow } from './tenancy.ts';

export const NETWORK_PREFIX = '/api/v1/networks/:network';
const IN_SCOPE = 'civicastNetworkScope';

export type NetworkRow = typeof networks.$inferSelect;

export interface NetworkAccess {
  network: NetworkRow;
  role: Role;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The network permission a network route needs (required inside the network scope). */
    networkPermission?: NetworkPermission;
  }
  interface FastifyRequest {
    /** The caller's network and role; set by the network scope, absent elsewhere. */
    networkAccess: NetworkAccess;
  }
}

const SLUG = /^[a-z0-9][a-z0-9-]{0,63}$/;

/**
 * The caller's role in the network named by its slug. The network tables carry no tenant, so this reads them as
 * civicast_app without a tenant (no owner connection).
 */
export async function resolveNetworkAccess(db: Database, userId: string, slug: string, permission: NetworkPermission): Promise<NetworkAccess> {
  const [row] = await db.asApp((tx) =>
    tx
      .select({ network: networks, role: networkStaff.role })
      .from(networks)
      .innerJoin(networkStaff, and(eq(networkStaff.networkId, networks.id), eq(networkStaff.userId, userId)))
      .where(eq(networks.slug, slug))
      .limit(1),
  );
  if (!row) throw notFound('This network');
  if (!canInNetwork(row.role, permission)) throw forbidden();
  return { network: row.network, role: row.role };
}

/** The member municipalities of a network, by name (tenants and network_tenants carry no row-level security). */
export async function networkMembers(db: Database, networkId: string): Promise<Array<TenantRow & { joinedAt: Date }>> {
  const rows = await db.asApp((tx) =>
    tx
      .select({ tenant: tenants, joinedAt: networkTenants.joinedAt })
      .from(networkTenants)
      .innerJoin(tenants, eq(tenants.id, networkTenants.tenantId))
      .where(eq(networkTenants.networkId, networkId))
      .orderBy(asc(tenants.name)),
  );
  return rows.map((r) => ({ ...r.tenant, joinedAt: r.joinedAt }));
}

/** Registers `routes` inside the network scope. Call once from buildApp. */
export function networkScope(deps: AppDeps, routes: (scope: FastifyInstance) => Promise<void>) {
  return async function networkScopePlugin(scope: FastifyInstance) {
    scope.decorate(IN_SCOPE, true);
    scope.decorateRequest('networkAccess', null as unknown as NetworkAccess);
    scope.addHook('onRoute', (route) => {
      const name = `${[route.method].flat().join(',')} ${route.url}`;
      if (!route.url.startsWith(NETWORK_PREFIX)) throw new Error(`${name} is not a network route; register it outside the network scope.`);
      if (!isNetworkPermission(route.config?.networkPermission)) {
        throw new Error(`${name} declares no network permission: add config: { networkPermission } from src/common/permissions.ts.`);
      }
    });
    const authenticate = requireStaff(deps.db, deps.config);
    // onRequest, before the body is read: non-members get 404, never a 400 about fields
    scope.addHook('onRequest', async (req: FastifyRequest) => {
      await authenticate(req);
      const slug = (req.params as { network?: string }).network ?? '';
      if (!SLUG.test(slug)) throw notFound('This network');
      const permission = req.routeOptions.config.networkPermission as NetworkPermission;
      req.networkAccess = await resolveNetworkAccess(deps.db, req.staff!.user.id, slug, permission);
    });
    await routes(scope);
  };
}

/** On the root instance: a network route registered outside the network scope fails at start-up. */
export function rejectNetworkRoutesOutsideScope(app: FastifyInstance) {
  app.addHook('onRoute', function (this: FastifyInstance, route) {
    if (route.url.startsWith(NETWORK_PREFIX) && !this.hasDecorator(IN_SCOPE)) {
      throw new Error(`${[route.method].flat().join(',')} ${route.url} must be registered inside the network scope (src/server/platform/network-scope.ts).`);
    }
  });
}

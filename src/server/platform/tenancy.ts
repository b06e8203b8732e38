// Resolves the tenant named in a staff route (/api/v1/tenants/:tenant/…) and the caller's role in it; called once per
// request by the tenant scope (tenant-scope.ts). A tenant the caller does not belong to answers 404, exactly like one
// that does not exist; a role without the route's permission answers 403.
import { and, eq, sql } from 'drizzle-orm';
import type { FastifyRequest } from 'fastify';
import { can, type Permission } from '../../common/permissions.ts';
import type { Role } from '../../common/roles.ts';
import type { Config } from './config.ts';
import type { Database } from './db/client.ts';
import { memberships, sessions, staffUsers, tenants } from './db/schema.ts';
import { AppError, forbidden, notFound } from './errors.ts';
import { liveSession, liveSessionParams, sessionIdOf, type StaffIdentity, staffFields, staffIdentity } from './auth/session.ts';

export type TenantRow = typeof tenants.$inferSelect;

/**
 * The reserved tenant that sends mails belonging to no municipality (password resets). Created by migration 0010;
 * no membership reaches it, its slug is not a customer slug, tenant lists and the portal leave it out, and only an
 * installation operator reads its rows.
 */
export const INSTALLATION_TENANT_ID = '00000000-0000-4000-8000-000000000000';

export interface TenantAccess {
  tenant: TenantRow;
  role: Role;
  departmentId: string | null;
}

/** The signed-in caller (null: none) and their membership in the named municipality (null: none, or no such slug). */
export interface StaffAccess {
  staff: StaffIdentity | null;
  access: { tenant: TenantRow; role: Role; departmentId: string | null } | null;
}

// Session and membership in one statement, prepared once per database: two round trips and two query-builder passes
// fewer on every tenant request. The tenant joins by slug and the membership by tenant and user, so a tenant the
// caller does not belong to comes back without a role and answers exactly like one that does not exist.
function prepareAccessQuery(db: Database) {
  return db.system
    .select({ ...staffFields, tenant: tenants, role: memberships.role, departmentId: memberships.departmentId })
    .from(sessions)
    .innerJoin(staffUsers, eq(staffUsers.id, sessions.userId))
    .leftJoin(tenants, eq(tenants.slug, sql.placeholder('slug')))
    .leftJoin(memberships, and(eq(memberships.tenantId, tenants.id), eq(memberships.userId, staffUsers.id)))
    .where(liveSession)
    .limit(1)
    .prepare('civicast_staff_tenant_access');
}

/** The request's staff session and their membership in the municipality with `slug`, in one statement. */
export async function loadStaffAccess(db: Database, config: Config, req: FastifyRequest, slug: string): Promise<StaffAccess> {
  const id = sessionIdOf(req);
  if (!id) return { staff: null, access: null };
  const query = db.prepared('civicast_staff_tenant_access', () => prepareAccessQuery(db));
  const [row] = await query.execute({ ...liveSessionParams(config, id), slug });
  if (!row) return { staff: null, access: null };
  const staff = await staffIdentity(db, id, row);
  const access = row.tenant && row.role ? { tenant: row.tenant, role: row.role, departmentId: row.departmentId } : null;
  return { staff, access };
}

/** The caller's access to the tenant for `permission`: 404 without a membership, 403 without 2FA or the permission. */
export function checkTenantAccess(staff: StaffIdentity, found: StaffAccess['access'], permission: Permission): TenantAccess {
  if (!found) throw notFound('This municipality');
  if (found.tenant.requireTwoFactor && !staff.user.totpEnabled) {
    throw new AppError('mfa_enrolment_required', 'This municipality requires two-factor sign-in. Set it up under your account first.');
  }
  if (!can(found.role, permission)) throw forbidden();
  return found;
}

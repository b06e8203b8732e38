// Resolves the tenant named in a staff route (/api/v1/tenants/:tenant/…) and the caller's role in it; called once per
// request by the tenant scope (tenant-scope.ts). A tenant the caller does not belong to answers 404, exactly like one
// that does not exist; a role without the route's permission answers 403.
import { and, eq } from 'drizzle-orm';
import { can, type Permission } from '../../common/permissions.ts';
import type { Role } from '../../common/roles.ts';
import type { Database } from './db/client.ts';
import { memberships, tenants } from './db/schema.ts';
import { AppError, forbidden, notFound } from './errors.ts';
import type { StaffIdentity } from './auth/session.ts';

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

export async function resolveTenantAccess(db: Database, staff: StaffIdentity, slug: string, permission: Permission): Promise<TenantAccess> {
  const rows = await db.system
    .select({ tenant: tenants, role: memberships.role, departmentId: memberships.departmentId })
    .from(tenants)
    .innerJoin(memberships, and(eq(memberships.tenantId, tenants.id), eq(memberships.userId, staff.user.id)))
    .where(eq(tenants.slug, slug))
    .limit(1);
  const row = rows[0];
  if (!row) throw notFound('This municipality');
  if (row.tenant.requireTwoFactor && !staff.user.totpEnabled) {
    throw new AppError('mfa_enrolment_required', 'This municipality requires two-factor sign-in. Set it up under your account first.');
  }
  if (!can(row.role, permission)) throw forbidden();
  return { tenant: row.tenant, role: row.role, departmentId: row.departmentId };
}

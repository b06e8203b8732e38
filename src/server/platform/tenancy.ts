// Resolves the tenant named in a staff route (/api/v1/tenants/:tenant/…) and the caller's role in it.
// A tenant the caller does not belong to answers 404, exactly like one that does not exist.
import { and, eq } from 'drizzle-orm';
import type { Role } from '../../common/roles.ts';
import type { Database } from './db/client.ts';
import { memberships, tenants } from './db/schema.ts';
import { AppError, forbidden, notFound } from './errors.ts';
import type { StaffIdentity } from './auth/session.ts';

export type TenantRow = typeof tenants.$inferSelect;

export interface TenantAccess {
  tenant: TenantRow;
  role: Role;
  departmentId: string | null;
}

export async function resolveTenantAccess(db: Database, staff: StaffIdentity, slug: string, allowed: readonly Role[]): Promise<TenantAccess> {
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
  if (!allowed.includes(row.role as Role)) throw forbidden();
  return { tenant: row.tenant, role: row.role as Role, departmentId: row.departmentId };
}

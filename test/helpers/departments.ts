// Departments for inbox and report tests, written straight into the tenant's tables as the settings API stores them.
import { eq } from 'drizzle-orm';
import { departments, memberships } from '../../src/server/platform/db/schema.ts';
import type { AppDeps } from '../../src/server/platform/context.ts';
import type { TenantRow } from '../../src/server/platform/tenancy.ts';

export type DepartmentValues = Omit<typeof departments.$inferInsert, 'tenantId'>;

/** A department of the tenant with these settings (a name at least); returns its id. */
export async function department(deps: Pick<AppDeps, 'db'>, tenant: TenantRow, values: DepartmentValues): Promise<string> {
  const [row] = await deps.db.withTenant(tenant.id, (tx) =>
    tx
      .insert(departments)
      .values({ ...values, tenantId: tenant.id })
      .returning({ id: departments.id }),
  );
  return row.id;
}

/** Puts a staff member's membership in the tenant into the department. */
export async function joinDepartment(deps: Pick<AppDeps, 'db'>, tenant: TenantRow, departmentId: string, userId: string): Promise<void> {
  await deps.db.withTenant(tenant.id, (tx) => tx.update(memberships).set({ departmentId }).where(eq(memberships.userId, userId)));
}

// The installation operator of tests: an ordinary staff account (a viewer in some municipality) flagged as operator,
// as `civicast operator add` leaves it, signed in.
import { eq } from 'drizzle-orm';
import { staffUsers } from '../../src/server/platform/db/schema.ts';
import type { TenantRow } from '../../src/server/platform/tenancy.ts';
import type { Session, TestApp } from './app.ts';

export async function operatorSession(t: TestApp, tenant: TenantRow, email: string): Promise<Session> {
  await t.createStaff(tenant, email, 'viewer');
  await t.deps.db.system.update(staffUsers).set({ isOperator: true }).where(eq(staffUsers.email, email));
  return t.login(email);
}

// Memberships, invitations and departments of one tenant. Every function takes the tenant's transaction.
import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import type { Role } from '../../../common/roles.ts';
import type { Tx } from '../../platform/db/client.ts';
import { departments, invitations, memberships, staffUsers } from '../../platform/db/schema.ts';

const memberColumns = {
  userId: memberships.userId,
  email: staffUsers.email,
  name: staffUsers.name,
  role: memberships.role,
  departmentId: memberships.departmentId,
  totpEnabled: staffUsers.totpEnabled,
  createdAt: memberships.createdAt,
};

export async function listMembers(tx: Tx) {
  return tx.select(memberColumns).from(memberships).innerJoin(staffUsers, eq(staffUsers.id, memberships.userId)).orderBy(asc(staffUsers.email));
}

export async function findMember(tx: Tx, userId: string) {
  const [row] = await tx
    .select(memberColumns)
    .from(memberships)
    .innerJoin(staffUsers, eq(staffUsers.id, memberships.userId))
    .where(eq(memberships.userId, userId));
  return row;
}

export async function countOwners(tx: Tx): Promise<number> {
  const [row] = await tx.select({ n: sql<number>`count(*)::int` }).from(memberships).where(eq(memberships.role, 'owner'));
  return Number(row.n);
}

export async function updateMember(tx: Tx, userId: string, values: { role?: Role; departmentId?: string | null }) {
  await tx.update(memberships).set(values).where(eq(memberships.userId, userId));
}

export async function deleteMember(tx: Tx, userId: string) {
  await tx.delete(memberships).where(eq(memberships.userId, userId));
}

export async function insertMember(tx: Tx, tenantId: string, userId: string, role: Role, departmentId: string | null) {
  await tx
    .insert(memberships)
    .values({ tenantId, userId, role, departmentId })
    .onConflictDoUpdate({ target: [memberships.tenantId, memberships.userId], set: { role, departmentId } });
}

export async function findDepartment(tx: Tx, id: string) {
  const [row] = await tx.select().from(departments).where(eq(departments.id, id)).limit(1);
  return row;
}

export async function listDepartments(tx: Tx) {
  return tx.select({ id: departments.id, name: departments.name, email: departments.email }).from(departments).orderBy(asc(departments.name));
}

export async function listInvitations(tx: Tx) {
  return tx
    .select({
      id: invitations.id,
      email: invitations.email,
      role: invitations.role,
      departmentId: invitations.departmentId,
      expiresAt: invitations.expiresAt,
      acceptedAt: invitations.acceptedAt,
      createdAt: invitations.createdAt,
    })
    .from(invitations)
    .orderBy(asc(invitations.createdAt));
}

export async function deleteInvitation(tx: Tx, id: string) {
  const rows = await tx
    .delete(invitations)
    .where(and(eq(invitations.id, id), isNull(invitations.acceptedAt)))
    .returning({ id: invitations.id });
  return rows.length > 0;
}

// Staff of a tenant: roles, removal, invitations (with acceptance) and departments.
import { and, count, eq, inArray, isNull } from 'drizzle-orm';
import { fieldErrorOfIssue } from '../../../common/field-errors.ts';
import type { Role } from '../../../common/roles.ts';
import { type Actor, recordAudit } from '../../platform/audit.ts';
import { randomToken, sha256 } from '../../platform/auth/crypto.ts';
import { hashPassword, verifyPassword } from '../../platform/auth/password.ts';
import type { AppDeps } from '../../platform/context.ts';
import type { Database } from '../../platform/db/client.ts';
import { conversations, departments, inboxRules, invitations, memberships } from '../../platform/db/schema.ts';
import { AppError, forbidden, invalid, notFound } from '../../platform/errors.ts';
import type { TenantAccess, TenantRow } from '../../platform/tenancy.ts';
import { asLocale, t } from '../../i18n/index.ts';
import { findOpenInvitation, findUserByEmail, insertUser } from '../auth/index.ts';
import { enqueueSend, writeTransactional } from '../delivery/index.ts';
import * as repo from './staff.repository.ts';
import { acceptNewPassword } from './staff.schemas.ts';

const INVITATION_TTL_MS = 7 * 24 * 3_600_000;
const iso = <T extends { createdAt: Date }>(r: T) => ({ ...r, createdAt: r.createdAt.toISOString() });

export async function listStaff(db: Database, access: TenantAccess) {
  return { items: (await db.withTenant(access.tenant.id, repo.listMembers)).map(iso) };
}

async function checkDepartment(tx: Parameters<typeof repo.findDepartment>[0], departmentId: string | null | undefined) {
  if (departmentId && !(await repo.findDepartment(tx, departmentId)))
    throw invalid('/body/departmentId', 'is not a department of this municipality', 'not_found_here');
}

export async function changeMember(db: Database, actor: Actor, access: TenantAccess, userId: string, patch: { role?: Role; departmentId?: string | null }) {
  return db.withTenant(access.tenant.id, async (tx) => {
    const member = await repo.findMember(tx, userId);
    if (!member) throw notFound('This staff member');
    const touchesOwner = patch.role === 'owner' || member.role === 'owner';
    if (touchesOwner && patch.role && patch.role !== member.role && access.role !== 'owner') throw forbidden('Only owners can grant or take the owner role.');
    if (member.role === 'owner' && patch.role && patch.role !== 'owner' && (await repo.countOwners(tx)) <= 1) {
      throw new AppError('last_owner', 'This is the last owner. Make someone else owner first.');
    }
    await checkDepartment(tx, patch.departmentId);
    await repo.updateMember(tx, userId, patch);
    await recordAudit(tx, access.tenant.id, actor, {
      action: 'staff.updated',
      objectType: 'staff',
      objectId: userId,
      details: { from: { role: member.role, departmentId: member.departmentId }, to: patch },
    });
    return iso((await repo.findMember(tx, userId))!);
  });
}

export async function removeMember(db: Database, actor: Actor, access: TenantAccess, userId: string) {
  await db.withTenant(access.tenant.id, async (tx) => {
    const member = await repo.findMember(tx, userId);
    if (!member) throw notFound('This staff member');
    if (member.role === 'owner' && access.role !== 'owner') throw forbidden('Only owners can remove an owner.');
    if (member.role === 'owner' && (await repo.countOwners(tx)) <= 1)
      throw new AppError('last_owner', 'This is the last owner. Make someone else owner first.');
    await repo.deleteMember(tx, userId);
    await recordAudit(tx, access.tenant.id, actor, {
      action: 'staff.removed',
      objectType: 'staff',
      objectId: userId,
      details: { email: member.email, role: member.role },
    });
  });
}

const presentInvitation = (r: Awaited<ReturnType<typeof repo.listInvitations>>[number]) => ({
  ...r,
  role: r.role,
  expiresAt: r.expiresAt.toISOString(),
  acceptedAt: r.acceptedAt?.toISOString() ?? null,
  createdAt: r.createdAt.toISOString(),
});

export async function listInvitations(db: Database, access: TenantAccess) {
  return { items: (await db.withTenant(access.tenant.id, repo.listInvitations)).map(presentInvitation) };
}

export async function inviteStaff(deps: AppDeps, actor: Actor, access: TenantAccess, input: { email: string; role: Role; departmentId?: string | null }) {
  if (input.role === 'owner' && access.role !== 'owner') throw forbidden('Only owners can invite owners.');
  const token = randomToken();
  const email = input.email.toLowerCase();
  const tenant = access.tenant;
  const link = `${deps.config.publicUrl}/admin/accept-invitation?token=${token}`;
  const locale = asLocale(tenant.locale);
  const expiresAt = new Date(Date.now() + INVITATION_TTL_MS);
  const { invitation, mail } = await deps.db.withTenant(tenant.id, async (tx) => {
    await checkDepartment(tx, input.departmentId);
    const [row] = await tx
      .insert(invitations)
      .values({
        tenantId: tenant.id,
        email,
        role: input.role,
        departmentId: input.departmentId ?? null,
        tokenHash: sha256(token),
        invitedBy: actor.userId,
        expiresAt,
      })
      .returning();
    await recordAudit(tx, tenant.id, actor, { action: 'invitation.created', objectType: 'invitation', objectId: row.id, details: { email, role: input.role } });
    const vars = { tenant: tenant.name, inviter: actor.email ?? 'Civicast', role: t(locale, `role.${input.role}`), link };
    // the mail commits with the invitation; its batch is enqueued after the commit
    const mail = await writeTransactional(deps, tx, tenant.id, actor, {
      channel: 'email',
      to: email,
      subject: t(locale, 'mail.invitation.subject', vars),
      text: t(locale, 'mail.invitation.body', vars),
      secrets: [token],
      expiresAt,
    });
    return { invitation: presentInvitation(row), mail };
  });
  if (mail) await enqueueSend(deps, mail);
  return invitation;
}

export async function revokeInvitation(db: Database, actor: Actor, access: TenantAccess, id: string) {
  await db.withTenant(access.tenant.id, async (tx) => {
    if (!(await repo.deleteInvitation(tx, id))) throw notFound('This open invitation');
    await recordAudit(tx, access.tenant.id, actor, { action: 'invitation.revoked', objectType: 'invitation', objectId: id });
  });
}

export async function describeInvitation(db: Database, token: string) {
  const row = await findOpenInvitation(db, sha256(token));
  if (!row) throw notFound('This invitation (it may have expired or been used)');
  const existing = await findUserByEmail(db, row.invitation.email);
  return { tenantName: row.tenantName, tenantSlug: row.tenantSlug, email: row.invitation.email, role: row.invitation.role, existingAccount: Boolean(existing) };
}

export async function acceptInvitation(db: Database, actor: Actor, input: { token: string; name?: string; password: string }) {
  const row = await findOpenInvitation(db, sha256(input.token));
  if (!row) throw notFound('This invitation (it may have expired or been used)');
  const inv = row.invitation;
  let user = await findUserByEmail(db, inv.email);
  if (user) {
    if (!(await verifyPassword(user.passwordHash, input.password)))
      throw invalid('/body/password', 'is not the password of the existing account ' + inv.email, 'wrong_password');
  } else {
    const pw = acceptNewPassword.safeParse(input.password);
    if (!pw.success) {
      const issue = pw.error.issues[0];
      const { code, params } = fieldErrorOfIssue(issue.code, issue as unknown as Record<string, unknown>, true);
      throw invalid('/body/password', issue.message, code, { ...params });
    }
    user = await insertUser(db, { email: inv.email, name: input.name ?? '', passwordHash: await hashPassword(input.password), locale: 'de' });
  }
  const userId = user.id;
  await db.withTenant(inv.tenantId, async (tx) => {
    const claimed = await tx
      .update(invitations)
      .set({ acceptedAt: new Date() })
      .where(and(eq(invitations.id, inv.id), isNull(invitations.acceptedAt)))
      .returning();
    if (claimed.length === 0) throw notFound('This invitation (it may have been used)');
    await repo.insertMember(tx, inv.tenantId, userId, inv.role, inv.departmentId);
    await recordAudit(
      tx,
      inv.tenantId,
      { ...actor, userId, email: inv.email },
      { action: 'invitation.accepted', objectType: 'staff', objectId: userId, details: { role: inv.role } },
    );
  });
  return { user, tenantSlug: row.tenantSlug };
}

export async function listDepartments(deps: AppDeps, tenant: TenantRow) {
  return { items: await deps.db.withTenant(tenant.id, repo.listDepartments) };
}

const uniqueName = (err: unknown) => {
  if ((err as { code?: string; cause?: { code?: string } })?.code === '23505' || (err as { cause?: { code?: string } })?.cause?.code === '23505') {
    return invalid('/body/name', 'a department with this name already exists', 'already_exists');
  }
  return err;
};

export async function createDepartment(deps: AppDeps, actor: Actor, tenant: TenantRow, input: { name: string; email?: string | null }) {
  try {
    return await deps.db.withTenant(tenant.id, async (tx) => {
      const [row] = await tx
        .insert(departments)
        .values({ tenantId: tenant.id, name: input.name, email: input.email || null })
        .returning();
      await recordAudit(tx, tenant.id, actor, { action: 'department.created', objectType: 'department', objectId: row.id, details: { name: row.name } });
      return { id: row.id, name: row.name, email: row.email };
    });
  } catch (err) {
    throw uniqueName(err);
  }
}

export async function updateDepartment(deps: AppDeps, actor: Actor, tenant: TenantRow, id: string, input: { name?: string; email?: string | null }) {
  try {
    return await deps.db.withTenant(tenant.id, async (tx) => {
      const values = { ...(input.name !== undefined ? { name: input.name } : {}), ...(input.email !== undefined ? { email: input.email || null } : {}) };
      const [row] = Object.keys(values).length
        ? await tx.update(departments).set(values).where(eq(departments.id, id)).returning()
        : await tx.select().from(departments).where(eq(departments.id, id));
      if (!row) throw notFound('This department');
      await recordAudit(tx, tenant.id, actor, { action: 'department.updated', objectType: 'department', objectId: id, details: input });
      return { id: row.id, name: row.name, email: row.email };
    });
  } catch (err) {
    throw uniqueName(err);
  }
}

export async function deleteDepartment(deps: AppDeps, actor: Actor, tenant: TenantRow, id: string) {
  await deps.db.withTenant(tenant.id, async (tx) => {
    // every open conversation keeps a named owner, and a routing rule must not point nowhere: move them first
    const [open] = await tx
      .select({ n: count() })
      .from(conversations)
      .where(and(eq(conversations.departmentId, id), inArray(conversations.status, ['open', 'waiting'])));
    const [ruled] = await tx.select({ n: count() }).from(inboxRules).where(eq(inboxRules.departmentId, id));
    if (open.n || ruled.n)
      throw new AppError(
        'conflict',
        `This department still holds ${open.n} open conversation(s) and ${ruled.n} routing rule(s); assign them to another department first.`,
      );
    const rows = await tx.delete(departments).where(eq(departments.id, id)).returning();
    if (!rows.length) throw notFound('This department');
    await tx.update(memberships).set({ departmentId: null }).where(eq(memberships.departmentId, id));
    await recordAudit(tx, tenant.id, actor, { action: 'department.deleted', objectType: 'department', objectId: id, details: { name: rows[0].name } });
  });
}

import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ALL_ROLES, MANAGER_ROLES } from '../../../common/roles.ts';
import { createSession, requireStaff, type StaffIdentity } from '../../platform/auth/session.ts';
import { actorOf, type AppDeps } from '../../platform/context.ts';
import { resolveTenantAccess } from '../../platform/tenancy.ts';
import { publicUser } from '../auth/index.ts';
import * as s from './staff.schemas.ts';
import * as service from './staff.service.ts';

export async function staffRoutes(app: FastifyInstance, deps: AppDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db } = deps;
  const auth = requireStaff(db, deps.config);
  const tags = ['staff'];
  const access = (req: { staff: StaffIdentity | null; params: { tenant: string } }, roles = MANAGER_ROLES) =>
    resolveTenantAccess(db, req.staff!, req.params.tenant, roles);

  r.get('/api/v1/tenants/:tenant/staff', { onRequest: auth, schema: { tags, summary: 'Staff of a municipality', params: s.tenantParams } }, async (req) =>
    service.listStaff(db, await access(req, ALL_ROLES)),
  );
  r.patch('/api/v1/tenants/:tenant/staff/:userId', { onRequest: auth, schema: { tags, summary: 'Change role or department', params: s.memberParams, body: s.memberPatch } }, async (req) =>
    service.changeMember(db, actorOf(req), await access(req), req.params.userId, req.body),
  );
  r.delete('/api/v1/tenants/:tenant/staff/:userId', { onRequest: auth, schema: { tags, summary: 'Remove a staff member from the municipality', params: s.memberParams } }, async (req, reply) => {
    await service.removeMember(db, actorOf(req), await access(req), req.params.userId);
    return reply.status(204).send();
  });

  r.get('/api/v1/tenants/:tenant/invitations', { onRequest: auth, schema: { tags, summary: 'Invitations', params: s.tenantParams } }, async (req) =>
    service.listInvitations(db, await access(req)),
  );
  r.post('/api/v1/tenants/:tenant/invitations', { onRequest: auth, schema: { tags, summary: 'Invite a colleague by e-mail', params: s.tenantParams, body: s.invitationBody } }, async (req, reply) => {
    const inv = await service.inviteStaff(deps, actorOf(req), await access(req), req.body);
    return reply.status(201).send(inv);
  });
  r.delete('/api/v1/tenants/:tenant/invitations/:id', { onRequest: auth, schema: { tags, summary: 'Revoke an open invitation', params: s.idParams } }, async (req, reply) => {
    await service.revokeInvitation(db, actorOf(req), await access(req), req.params.id);
    return reply.status(204).send();
  });

  r.get('/api/v1/invitations/:token', { schema: { tags, summary: 'What an invitation link offers', params: z.object({ token: z.string().min(10).max(200) }) } }, async (req) =>
    service.describeInvitation(db, req.params.token),
  );
  r.post('/api/v1/invitations/accept', { schema: { tags, summary: 'Accept an invitation (creates the account when new) and sign in', body: s.acceptBody } }, async (req, reply) => {
    const { user, tenantSlug } = await service.acceptInvitation(db, actorOf(req), req.body);
    const { csrfToken } = await createSession(db, deps.config, user.id, req, reply);
    return { user: publicUser(user), csrfToken, tenantSlug };
  });

  r.get('/api/v1/tenants/:tenant/departments', { onRequest: auth, schema: { tags, summary: 'Departments (Fachbereiche)', params: s.tenantParams } }, async (req) =>
    service.listDepartments(db, await access(req, ALL_ROLES)),
  );
  r.post('/api/v1/tenants/:tenant/departments', { onRequest: auth, schema: { tags, summary: 'Create a department', params: s.tenantParams, body: s.departmentBody } }, async (req, reply) =>
    reply.status(201).send(await service.createDepartment(db, actorOf(req), await access(req), req.body)),
  );
  r.patch('/api/v1/tenants/:tenant/departments/:id', { onRequest: auth, schema: { tags, summary: 'Rename a department', params: s.idParams, body: s.departmentPatch } }, async (req) =>
    service.updateDepartment(db, actorOf(req), await access(req), req.params.id, req.body),
  );
  r.delete('/api/v1/tenants/:tenant/departments/:id', { onRequest: auth, schema: { tags, summary: 'Delete a department', params: s.idParams } }, async (req, reply) => {
    await service.deleteDepartment(db, actorOf(req), await access(req), req.params.id);
    return reply.status(204).send();
  });
}

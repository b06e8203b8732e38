import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { createSession } from '../../platform/auth/session.ts';
import { actorOf, type AppDeps } from '../../platform/context.ts';
import { collectionRoutes, declareTenantRoutes, route } from '../../platform/tenant-routes.ts';
import { publicUser } from '../auth/index.ts';
import * as s from './staff.schemas.ts';
import * as service from './staff.service.ts';
import * as c from '../../../common/contracts/staff.ts';
import { acceptedInvitation, invitationInfo } from '../../../common/contracts/account.ts';
import { noContent } from '../../../common/contracts/common.ts';

/** Staff, invitations and departments of one municipality (inside the tenant scope). */
export async function staffRoutes(app: FastifyInstance, deps: AppDeps) {
  const { db } = deps;
  const [read, manage] = ['staff.read', 'staff.manage'] as const;
  const { tenantParams: params, memberParams: member, idParams: id } = s;
  const rows = [
    route('GET /staff', read, { summary: 'Staff of a municipality', params, response: { 200: c.staffList } }, async (req) => service.listStaff(db, req.access)),
    route(
      'PATCH /staff/:userId',
      manage,
      { summary: 'Change role or department', params: member, body: s.memberPatch, response: { 200: c.staffMember } },
      async (req) => service.changeMember(db, actorOf(req), req.access, req.params.userId, req.body),
    ),
    route(
      'DELETE /staff/:userId',
      manage,
      { summary: 'Remove a staff member from the municipality', params: member, response: { 204: noContent } },
      async (req) => service.removeMember(db, actorOf(req), req.access, req.params.userId),
    ),
    route('GET /invitations', manage, { summary: 'Invitations', params, response: { 200: c.invitationList } }, async (req) =>
      service.listInvitations(db, req.access),
    ),
    route(
      'POST /invitations',
      manage,
      { summary: 'Invite a colleague by e-mail', params, body: s.invitationBody, response: { 201: c.invitation } },
      async (req) => service.inviteStaff(deps, actorOf(req), req.access, req.body),
    ),
    route('DELETE /invitations/:id', manage, { summary: 'Revoke an open invitation', params: id, response: { 204: noContent } }, async (req) =>
      service.revokeInvitation(db, actorOf(req), req.access, req.params.id),
    ),
    ...collectionRoutes(deps, {
      path: '/departments',
      permissions: [read, manage],
      schemas: { item: c.department, input: s.departmentBody, patch: s.departmentPatch },
      summaries: { list: 'Departments (Fachbereiche)', create: 'Create a department', update: 'Rename a department', remove: 'Delete a department' },
      list: service.listDepartments,
      create: service.createDepartment,
      update: service.updateDepartment,
      remove: service.deleteDepartment,
    }),
  ];
  declareTenantRoutes(app, ['staff'], rows);
}

/** What an invitation link offers, and accepting it: before the invitee has a session, so outside the tenant scope. */
export async function invitationRoutes(app: FastifyInstance, deps: AppDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db } = deps;
  const tags = ['staff'];
  r.get(
    '/api/v1/invitations/:token',
    {
      schema: { tags, summary: 'What an invitation link offers', response: { 200: invitationInfo }, params: z.object({ token: z.string().min(10).max(200) }) },
    },
    async (req) => service.describeInvitation(db, req.params.token),
  );
  r.post(
    '/api/v1/invitations/accept',
    { schema: { tags, summary: 'Accept an invitation (creates the account when new) and sign in', response: { 200: acceptedInvitation }, body: s.acceptBody } },
    async (req, reply) => {
      const { user, tenantSlug } = await service.acceptInvitation(db, actorOf(req), req.body);
      const { csrfToken } = await createSession(db, deps.config, user.id, req, reply);
      return { user: publicUser(user), csrfToken, tenantSlug };
    },
  );
}

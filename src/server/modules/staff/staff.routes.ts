import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { createSession } from '../../platform/auth/session.ts';
import { actorOf, type AppDeps } from '../../platform/context.ts';
import { publicUser } from '../auth/index.ts';
import * as s from './staff.schemas.ts';
import * as service from './staff.service.ts';
import * as c from '../../../common/contracts/staff.ts';
import { acceptedInvitation, invitationInfo } from '../../../common/contracts/account.ts';
import { noContent } from '../../../common/contracts/common.ts';

/** Staff, invitations and departments of one municipality (inside the tenant scope). */
export async function staffRoutes(app: FastifyInstance, deps: AppDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db } = deps;
  const tags = ['staff'];
  const read = { permission: 'staff.read' } as const;
  const manage = { permission: 'staff.manage' } as const;

  r.get(
    '/api/v1/tenants/:tenant/staff',
    { config: read, schema: { tags, summary: 'Staff of a municipality', response: { 200: c.staffList }, params: s.tenantParams } },
    async (req) => service.listStaff(db, req.access),
  );
  r.patch(
    '/api/v1/tenants/:tenant/staff/:userId',
    { config: manage, schema: { tags, summary: 'Change role or department', response: { 200: c.staffMember }, params: s.memberParams, body: s.memberPatch } },
    async (req) => service.changeMember(db, actorOf(req), req.access, req.params.userId, req.body),
  );
  r.delete(
    '/api/v1/tenants/:tenant/staff/:userId',
    { config: manage, schema: { tags, summary: 'Remove a staff member from the municipality', response: { 204: noContent }, params: s.memberParams } },
    async (req, reply) => {
      await service.removeMember(db, actorOf(req), req.access, req.params.userId);
      return reply.status(204).send();
    },
  );

  r.get(
    '/api/v1/tenants/:tenant/invitations',
    { config: manage, schema: { tags, summary: 'Invitations', response: { 200: c.invitationList }, params: s.tenantParams } },
    async (req) => service.listInvitations(db, req.access),
  );
  r.post(
    '/api/v1/tenants/:tenant/invitations',
    {
      config: manage,
      schema: { tags, summary: 'Invite a colleague by e-mail', response: { 201: c.invitation }, params: s.tenantParams, body: s.invitationBody },
    },
    async (req, reply) => {
      const inv = await service.inviteStaff(deps, actorOf(req), req.access, req.body);
      return reply.status(201).send(inv);
    },
  );
  r.delete(
    '/api/v1/tenants/:tenant/invitations/:id',
    { config: manage, schema: { tags, summary: 'Revoke an open invitation', response: { 204: noContent }, params: s.idParams } },
    async (req, reply) => {
      await service.revokeInvitation(db, actorOf(req), req.access, req.params.id);
      return reply.status(204).send();
    },
  );

  r.get(
    '/api/v1/tenants/:tenant/departments',
    { config: read, schema: { tags, summary: 'Departments (Fachbereiche)', response: { 200: c.departmentList }, params: s.tenantParams } },
    async (req) => service.listDepartments(db, req.access),
  );
  r.post(
    '/api/v1/tenants/:tenant/departments',
    { config: manage, schema: { tags, summary: 'Create a department', response: { 201: c.department }, params: s.tenantParams, body: s.departmentBody } },
    async (req, reply) => reply.status(201).send(await service.createDepartment(db, actorOf(req), req.access, req.body)),
  );
  r.patch(
    '/api/v1/tenants/:tenant/departments/:id',
    { config: manage, schema: { tags, summary: 'Rename a department', response: { 200: c.department }, params: s.idParams, body: s.departmentPatch } },
    async (req) => service.updateDepartment(db, actorOf(req), req.access, req.params.id, req.body),
  );
  r.delete(
    '/api/v1/tenants/:tenant/departments/:id',
    { config: manage, schema: { tags, summary: 'Delete a department', response: { 204: noContent }, params: s.idParams } },
    async (req, reply) => {
      await service.deleteDepartment(db, actorOf(req), req.access, req.params.id);
      return reply.status(204).send();
    },
  );
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

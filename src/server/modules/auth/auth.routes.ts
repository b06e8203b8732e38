import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { createSession, destroySession, loadStaff, requireStaff } from '../../platform/auth/session.ts';
import { actorOf, type AppDeps } from '../../platform/context.ts';
import { SIGN_IN_LIMIT } from '../../platform/rate-limit.ts';
import * as s from './auth.schemas.ts';
import * as service from './auth.service.ts';
import * as c from '../../../common/contracts/account.ts';
import { acceptedStatus, noContent } from '../../../common/contracts/common.ts';

export async function authRoutes(app: FastifyInstance, deps: AppDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const auth = requireStaff(deps.db, deps.config);
  const tags = ['account'];

  r.post(
    '/api/v1/auth/login',
    {
      config: { rateLimit: SIGN_IN_LIMIT },
      schema: { tags, summary: 'Sign in with e-mail, password and (when enabled) a TOTP code', response: { 200: c.signInResult }, body: s.loginBody },
    },
    async (req, reply) => {
      const user = await service.login(deps, actorOf(req), req.body);
      const { csrfToken } = await createSession(deps.db, deps.config, user.id, req, reply);
      return { user: service.publicUser(user), csrfToken };
    },
  );

  r.post('/api/v1/auth/logout', { schema: { tags, summary: 'Sign out (ends this session)', response: { 204: noContent } } }, async (req, reply) => {
    req.staff = await loadStaff(deps.db, deps.config, req);
    if (req.staff && req.headers['x-csrf-token'] === req.staff.csrfToken) await destroySession(deps.db, req, reply);
    else reply.clearCookie('civicast_session', { path: '/' });
    return reply.status(204).send();
  });

  r.get(
    '/api/v1/me',
    { onRequest: auth, schema: { tags, summary: 'The signed-in staff member, their tenants and networks', response: { 200: c.me } } },
    async (req) => {
      return { ...(await service.describeMe(deps, req.staff!.user.id)), csrfToken: req.staff!.csrfToken };
    },
  );

  r.patch(
    '/api/v1/me',
    { onRequest: auth, schema: { tags, summary: 'Change own name or language', response: { 200: c.profileResult }, body: s.profileBody } },
    async (req) => service.updateProfile(deps, actorOf(req), req.staff!.user.id, req.body),
  );

  r.get(
    '/api/v1/me/events',
    { onRequest: auth, schema: { tags, summary: 'Own account events (sign-ins, password, 2FA)', response: { 200: c.accountEvents } } },
    async (req) => service.listMyEvents(deps, req.staff!.user.id),
  );

  r.post(
    '/api/v1/me/password',
    { onRequest: auth, schema: { tags, summary: 'Change own password', response: { 204: noContent }, body: s.passwordBody } },
    async (req, reply) => {
      await service.changePassword(deps, actorOf(req), req.staff!.user.id, req.staff!.sessionId, req.body);
      return reply.status(204).send();
    },
  );

  r.post(
    '/api/v1/me/2fa/setup',
    { onRequest: auth, schema: { tags, summary: 'Start TOTP enrolment: secret and QR code', response: { 200: c.totpSetup } } },
    async (req) => service.startTotpSetup(deps, actorOf(req), req.staff!.user.id),
  );

  r.post(
    '/api/v1/me/2fa/confirm',
    {
      onRequest: auth,
      schema: { tags, summary: 'Finish TOTP enrolment with a code; returns recovery codes once', response: { 200: c.recoveryCodes }, body: s.codeBody },
    },
    async (req) => service.confirmTotp(deps, actorOf(req), req.staff!.user.id, req.body.code),
  );

  r.post(
    '/api/v1/me/2fa/disable',
    { onRequest: auth, schema: { tags, summary: 'Turn TOTP off', response: { 204: noContent }, body: s.disableTotpBody } },
    async (req, reply) => {
      await service.disableTotp(deps, actorOf(req), req.staff!.user.id, req.body);
      return reply.status(204).send();
    },
  );

  r.post(
    '/api/v1/auth/password-reset',
    {
      config: { rateLimit: SIGN_IN_LIMIT },
      schema: { tags, summary: 'Send a password reset link (always 202)', response: { 202: acceptedStatus }, body: s.resetRequestBody },
    },
    async (req, reply) => {
      await service.requestPasswordReset(deps, actorOf(req), req.body.email);
      return reply.status(202).send({ status: 'accepted' });
    },
  );

  r.post(
    '/api/v1/auth/password-reset/confirm',
    { schema: { tags, summary: 'Set a new password with a reset token', response: { 204: noContent }, body: s.resetConfirmBody } },
    async (req, reply) => {
      await service.confirmPasswordReset(deps, actorOf(req), req.body.token, req.body.newPassword);
      return reply.status(204).send();
    },
  );
}

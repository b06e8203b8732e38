// The resident's e-mail address on the portal: a link confirms it, and a confirmed address signs in by link. A GET on
// a link only shows a button (mail scanners open links); the POST behind it uses the link up.
import type { FastifyReply } from 'fastify';
import type { AppDeps } from '../../../platform/context.ts';
import { AppError } from '../../../platform/errors.ts';
import { type portalSendLimits, sendLimited } from './code-limits.ts';
import { confirmEmail, isLinkUsable, type LinkPurpose, requestSignInLink, sendVerificationLink, signInWithLink } from '../email-link.service.ts';
import { emailConfirmedPage, emailSentPage, linkConfirmPage, linkInvalidPage } from './resident-email.render.ts';
import { field, isEmail } from './resident-portal.forms.ts';
import type { Handler, Req, SignedInHandler } from './resident-portal.routes.ts';
import { phonePage, type PageCtx } from './resident-portal.render.ts';
import { clearFlow, createResidentSession } from './resident-session.ts';

export interface PortalRouting {
  route: (method: 'GET' | 'POST', path: string, handler: Handler) => unknown;
  go: (reply: FastifyReply, c: PageCtx, path: string, extra?: string) => unknown;
  signedIn: (handler: SignedInHandler) => Handler;
}

const tokenOf = (value: unknown) => (typeof value === 'string' ? value.slice(0, 100) : '');

export function residentEmailRoutes(deps: AppDeps, { route, go, signedIn }: PortalRouting, limits: ReturnType<typeof portalSendLimits>): void {
  const linkRequest = (c: PageCtx, req: Req) => ({ ip: req.ip, language: c.lang });

  route('POST', 'login/email', async (c, req, reply, body) => {
    const email = field(body, 'email', 254);
    if (!isEmail(email)) return reply.code(400).send(phonePage(c, 'login', '', { email: 'errLoginEmail' }, email));
    const limit = await limits.link(req, email);
    if (!limit.allowed) return sendLimited(req, reply, phonePage(c, 'login', '', { email: 'emailLinkLimited' }, email), limit.retryAfterSeconds);
    // a filled honeypot is a bot: it sees the same page, but no e-mail leaves
    if (!field(body, 'website')) await requestSignInLink(deps, c.tenant, email, linkRequest(c, req));
    return emailSentPage(c, email);
  });

  route(
    'POST',
    'settings/email/resend',
    signedIn(async (c, req, reply, _body, residentId) => {
      try {
        await sendVerificationLink(deps, c.tenant, residentId, linkRequest(c, req));
      } catch (err) {
        if (err instanceof AppError && err.code === 'rate_limited') return go(reply, c, 'settings', 'done=link-limited');
        throw err;
      }
      return go(reply, c, 'settings', 'done=link-sent');
    }),
  );

  const showLink =
    (purpose: LinkPurpose): Handler =>
    async (c, req, reply) => {
      const token = tokenOf(req.query.token);
      if (!(await isLinkUsable(deps, c.tenant, token, purpose))) return reply.code(410).send(linkInvalidPage(c, purpose));
      return linkConfirmPage(c, purpose, token);
    };

  route('GET', 'email/verify', showLink('verify'));
  route('GET', 'email/sign-in', showLink('sign-in'));

  route('POST', 'email/verify', async (c, _req, reply, body) => {
    if (!(await confirmEmail(deps, c.tenant, field(body, 'token', 100)))) return reply.code(410).send(linkInvalidPage(c, 'verify'));
    return emailConfirmedPage(c);
  });

  route('POST', 'email/sign-in', async (c, _req, reply, body) => {
    const residentId = await signInWithLink(deps, c.tenant, field(body, 'token', 100));
    if (!residentId) return reply.code(410).send(linkInvalidPage(c, 'sign-in'));
    await createResidentSession(deps, reply, residentId, c.tenant.id);
    clearFlow(reply);
    return go(reply, c, 'settings');
  });
}

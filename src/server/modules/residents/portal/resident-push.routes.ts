// The scripts behind "turn on notifications": /m/{tenant}/sw.js (the service worker, scope /m/{tenant}/) and
// /assets/push.js (the settings page's button). The push API itself lives in the delivery module's public routes.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppDeps } from '../../../platform/context.ts';
import { sendWithEtag } from '../../../platform/etag.ts';
import { sendPortalNotFound } from '../../portal/index.ts';
import { findTenantBySlug } from '../../tenants/index.ts';
import { pushScript, serviceWorkerFor } from './resident-push.assets.ts';

const JS = 'application/javascript; charset=utf-8';
const SLUG = /^[a-z0-9]+(-[a-z0-9]+)*$/;

export async function residentPushRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  app.get('/m/:tenant/sw.js', { schema: { hide: true } }, async (request: FastifyRequest, reply: FastifyReply) => {
    const slug = (request.params as { tenant: string }).tenant;
    const tenant = SLUG.test(slug) ? await findTenantBySlug(deps.db, slug) : undefined;
    if (!tenant) return sendPortalNotFound(request, reply);
    return reply
      .headers({
        // browsers check for a new worker on navigation: always ask us (304s are cheap, a stale worker is not)
        'cache-control': 'no-cache',
        'x-content-type-options': 'nosniff',
        // the worker's own policy: it may talk to this origin only
        'content-security-policy': "default-src 'self'",
      })
      .type(JS)
      .send(serviceWorkerFor(tenant));
  });

  app.get('/assets/push.js', { schema: { hide: true } }, async (request, reply) => {
    const versioned = (request.query as { v?: unknown }).v === pushScript.etag.slice(1, 11);
    return sendWithEtag(request, reply, pushScript, JS, {
      'cache-control': versioned ? 'public, max-age=86400' : 'no-cache',
      'x-content-type-options': 'nosniff',
    });
  });
}

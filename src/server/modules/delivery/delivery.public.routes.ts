// Public endpoints of the delivery pipeline: push subscriptions and acknowledgements, one-click unsubscribe
// (RFC 8058), and receipt and inbound-message webhooks of HTTP SMS providers.
import { and, eq, sql } from 'drizzle-orm';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { inboundRefusedCounter } from '../../channels/inbound-refused.ts';
import {
  HttpSmsConfig,
  inboundWebhookAnswer,
  MalformedInboundError,
  parseInboundWebhook,
  parseReceiptWebhook,
  takesInboundWebhooks,
  verifyInboundWebhook,
  verifyReceiptWebhook,
} from '../../channels/sms-http/index.ts';
import type { AppDeps } from '../../platform/context.ts';
import { deliveries, emailUnsubscribes, pushSubscriptions } from '../../platform/db/schema.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import { PORTAL_SECURITY_HEADERS, portalText, renderNoticePage } from '../portal/index.ts';
import { findTenantBySlug } from '../tenants/index.ts';
import { addressHash } from './delivery.events.ts';
import * as providerRepo from './providers.repository.ts';
import { parseDeliveryToken } from './tokens.ts';
import { noContent } from '../../../common/contracts/common.ts';

// the unsubscribe link carries a token: no referrer at all, never cached
const HTML_HEADERS = { ...PORTAL_SECURITY_HEADERS, 'referrer-policy': 'no-referrer', 'cache-control': 'no-store' };

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

export function pushEndpointAllowed(endpoint: string, hosts: string[]): boolean {
  const url = new URL(endpoint);
  const host = url.hostname.toLowerCase();
  const listed = hosts.some((h) => (h.startsWith('*.') ? host.endsWith(h.slice(1)) : host === h));
  if (!listed) return false;
  return url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK.has(host));
}

const tenantParams = z.strictObject({ tenant: z.string().max(64) });
const subscription = z.strictObject({
  endpoint: z.url({ protocol: /^https?$/, error: 'must be the push service URL from PushSubscription.endpoint' }).max(2048),
  keys: z.strictObject({
    p256dh: z.string().regex(/^[A-Za-z0-9_-]{80,100}={0,2}$/, 'must be the base64url P-256 key'),
    auth: z.string().regex(/^[A-Za-z0-9_-]{16,24}={0,2}$/, 'must be the base64url auth secret'),
  }),
  expirationTime: z.number().nullable().optional(),
});

export async function deliveryPublicRoutes(app: FastifyInstance, deps: AppDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db, config } = deps;
  const tags = ['residents (public)'];
  const tenantOr404 = async (slug: string) => (await findTenantBySlug(db, slug)) ?? Promise.reject(notFound('This municipality'));

  r.get(
    '/m/:tenant/push/key',
    { schema: { tags, summary: 'The VAPID public key to subscribe with', response: { 200: z.object({ publicKey: z.string() }) }, params: tenantParams } },
    async (req) => {
      await tenantOr404(req.params.tenant);
      return { publicKey: (await deps.delivery.vapidKeys()).publicKey };
    },
  );

  r.post(
    '/m/:tenant/push/subscriptions',
    {
      schema: {
        tags,
        summary: 'Register a browser push subscription; sent from the portal while signed in, it is linked to the resident',
        response: { 201: z.object({ id: z.uuid() }) },
        params: tenantParams,
        body: subscription,
      },
    },
    async (req, reply) => {
      const tenant = await tenantOr404(req.params.tenant);
      // from the portal with a resident session: the subscription becomes the resident's (sent to, exported, erased)
      const residentId = await deps.delivery.residents.signedInResident(req, tenant.id);
      // the server will POST to this URL: only known push services, so nobody can aim it at internal hosts
      if (!pushEndpointAllowed(req.body.endpoint, config.delivery.pushEndpointHosts)) {
        throw new AppError('validation_failed', 'This push service is not accepted.', [
          { pointer: '/body/endpoint', detail: 'must be an https URL of a known push service', code: 'not_allowed' },
        ]);
      }
      const [row] = await db.withTenant(tenant.id, (tx) =>
        tx
          .insert(pushSubscriptions)
          .values({
            tenantId: tenant.id,
            endpoint: req.body.endpoint,
            p256dh: req.body.keys.p256dh,
            auth: req.body.keys.auth,
            residentId,
            userAgent: String(req.headers['user-agent'] ?? '').slice(0, 200),
          })
          // an anonymous repeat keeps the owner; a signed-in one (whoever holds the browser now) takes it over
          .onConflictDoUpdate({
            target: [pushSubscriptions.tenantId, pushSubscriptions.endpoint],
            set: { p256dh: req.body.keys.p256dh, auth: req.body.keys.auth, ...(residentId ? { residentId } : {}) },
          })
          .returning({ id: pushSubscriptions.id }),
      );
      return reply.status(201).send({ id: row.id });
    },
  );

  // the service worker confirms that a notification was shown; this is the push channel's delivery receipt.
  // The payload's id is the delivery's random UUID, known only to the receiving device: it is the capability.
  r.post(
    '/m/:tenant/push/ack',
    {
      schema: {
        tags,
        summary: 'Confirm that a push notification was shown',
        response: { 204: noContent },
        params: tenantParams,
        body: z.strictObject({ id: z.uuid('must be the id from the notification') }),
      },
    },
    async (req, reply) => {
      const tenant = await tenantOr404(req.params.tenant);
      const id = req.body.id;
      await db.withTenant(tenant.id, (tx) =>
        tx
          .update(deliveries)
          .set({ status: 'delivered', deliveredAt: sql`now()`, updatedAt: sql`now()` })
          .where(and(eq(deliveries.id, id), eq(deliveries.channel, 'push'), eq(deliveries.status, 'sent'))),
      );
      return reply.status(204).send();
    },
  );

  const unsubscribePage = async (
    req: { params: { tenant: string }; query: { t?: string; lang?: string }; headers: FastifyRequest['headers'] },
    reply: FastifyReply,
    act: boolean,
  ) => {
    const tenant = await tenantOr404(req.params.tenant);
    const lang = req.query.lang === 'en' || (!req.query.lang && /^en\b/i.test(String(req.headers['accept-language'] ?? ''))) ? 'en' : 'de';
    reply.headers(HTML_HEADERS).type('text/html; charset=utf-8');
    const id = req.query.t ? parseDeliveryToken(config.secretKey, req.query.t) : null;
    const [d] = id
      ? await db.withTenant(tenant.id, (tx) =>
          tx
            .select()
            .from(deliveries)
            .where(and(eq(deliveries.id, id), eq(deliveries.channel, 'email')))
            .limit(1),
        )
      : [];
    if (!d) return reply.status(400).send(renderNoticePage(lang, 'unsubscribeTitle', portalText(lang, 'unsubscribeInvalid')));
    const name = { name: tenant.name };
    if (!act) {
      return renderNoticePage(lang, 'unsubscribeTitle', portalText(lang, 'unsubscribeConfirm', name), {
        action: `/m/${tenant.slug}/unsubscribe?t=${req.query.t}&lang=${lang}`,
        button: 'unsubscribeButton',
      });
    }
    await db.withTenant(tenant.id, (tx) =>
      tx
        .insert(emailUnsubscribes)
        .values({ tenantId: tenant.id, addressHash: addressHash(d.recipient), deliveryId: d.id })
        .onConflictDoNothing(),
    );
    await deps.delivery.residents.emailUnsubscribed(tenant, d.recipient); // a resident's consent ledger says so too
    return renderNoticePage(lang, 'unsubscribeTitle', portalText(lang, 'unsubscribeDone', name));
  };
  // a link in a mail: mail clients and link checkers may append their own parameters, so unknown ones are ignored here
  const unsubscribeQuery = z.looseObject({ t: z.string().max(64).optional(), lang: z.enum(['de', 'en']).optional() });
  r.get('/m/:tenant/unsubscribe', { schema: { hide: true, params: tenantParams, querystring: unsubscribeQuery } }, (req, reply) =>
    unsubscribePage(req, reply, false),
  );
  // RFC 8058: mail clients POST "List-Unsubscribe=One-Click" to the URL from the header, without a confirmation step
  r.post('/m/:tenant/unsubscribe', { schema: { hide: true, params: tenantParams, querystring: unsubscribeQuery } }, (req, reply) =>
    unsubscribePage(req, reply, true),
  );

  // receipt and inbound webhooks of HTTP SMS providers: verified before anything changes
  const refused = inboundRefusedCounter(deps.registry);
  const httpProvider = async (providerId: string) => {
    const row = /^[0-9a-f-]{36}$/i.test(providerId) ? await providerRepo.loadProviderById(db, providerId) : undefined;
    if (row?.kind !== 'sms-http') throw notFound('This provider');
    const provider = providerRepo.toRecord(config.secretKey, row);
    return HttpSmsConfig.parse({ ...provider.config, ...provider.secrets });
  };
  app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: 64 * 1024 }, (_req, body, done) => done(null, body));
    scope.post('/hooks/sms/:providerId', { schema: { hide: true } }, async (req, reply) => {
      const { providerId } = req.params as { providerId: string };
      const httpConfig = await httpProvider(providerId);
      const rawBody = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      const url = `${config.publicUrl}${req.url}`;
      if (!verifyReceiptWebhook({ config: httpConfig, url, headers: req.headers as Record<string, string>, rawBody })) {
        req.log.warn({ providerId }, 'receipt webhook refused: signature does not match');
        throw new AppError('unauthenticated', 'The webhook signature does not match.');
      }
      // a malformed body throws MalformedReceiptError, a 400 with field pointers
      const receipt = parseReceiptWebhook({ config: httpConfig, providerId, body: rawBody });
      if (receipt) await deps.delivery.events.receipt(receipt);
      return reply.status(204).send();
    });

    // a resident's SMS to the municipality's number: answered 2xx only once it is stored, so the provider retries
    // until it is; a retry carries the same message id (raw.providerMessageId) and is stored once
    scope.post('/hooks/sms/:providerId/inbound', { schema: { hide: true } }, async (req, reply) => {
      const { providerId } = req.params as { providerId: string };
      const httpConfig = await httpProvider(providerId);
      if (!takesInboundWebhooks(httpConfig)) throw notFound('Inbound messages for this provider');
      const rawBody = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      const url = `${config.publicUrl}${req.url}`;
      if (!verifyInboundWebhook({ config: httpConfig, url, headers: req.headers as Record<string, string>, rawBody })) {
        refused.inc({ channel: 'sms', reason: 'bad_signature' });
        req.log.warn({ providerId }, 'inbound webhook refused: signature does not match');
        throw new AppError('unauthenticated', 'The webhook signature does not match.');
      }
      let message: ReturnType<typeof parseInboundWebhook>;
      try {
        message = parseInboundWebhook({ config: httpConfig, providerId, body: rawBody });
      } catch (err) {
        // a 400 with field pointers; the provider's log shows why, ours the reason without the body
        if (err instanceof MalformedInboundError) refused.inc({ channel: 'sms', reason: 'malformed' });
        throw err;
      }
      await deps.delivery.events.inbound(message);
      const answer = inboundWebhookAnswer(httpConfig);
      if (answer.contentType) reply.type(answer.contentType);
      return reply.status(answer.status).send(answer.body);
    });
  });
}

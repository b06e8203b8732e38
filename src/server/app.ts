// buildApp(deps): platform plugins first, then each module, registered explicitly and in order.
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyCookie from '@fastify/cookie';
import fastifyFormbody from '@fastify/formbody';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance } from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { deriveKey } from './platform/auth/crypto.ts';
import { testClockRoutes } from './platform/clock.ts';
import type { AppDeps } from './platform/context.ts';
import { AppError } from './platform/errors.ts';
import { registerRateLimits } from './platform/rate-limit.ts';
import { registerSecurityHeaders } from './platform/security-headers.ts';
import { clientErrorHandler, RequestLogController, frameworkErrorsHandler, genReqId, registerHttpPlatform, sendProblem, toProblem } from './platform/http.ts';
import { rejectTenantRoutesOutsideScope, tenantScope } from './platform/tenant-scope.ts';
import { networkScope, rejectNetworkRoutesOutsideScope } from './platform/network-scope.ts';
import { closeAllStreams } from './platform/sse.ts';
import { auditRoutes } from './modules/audit/index.ts';
import { deliveryPublicRoutes, deliveryRoutes, providerRoutes } from './modules/delivery/index.ts';
import { authRoutes } from './modules/auth/index.ts';
import { geoRoutes } from './modules/geo/index.ts';
import { contactRoutes, inboxRoutes, inboxSettingsRoutes } from './modules/inbox/index.ts';
import { installationRoutes } from './modules/installation/index.ts';
import { networkOperatorRoutes, networkRoutes } from './modules/networks/index.ts';
import { getNews, listNews, messagePublicRoutes, messageRoutes } from './modules/messages/index.ts';
import { open311Routes } from './modules/open311/index.ts';
import { outboxRoutes } from './modules/outbox/index.ts';
import { portalRoutes, sendPortalNotFound, sendPortalProblem } from './modules/portal/index.ts';
import { reportPhotoPublicRoutes, reportPhotoRoutes } from './modules/reports/index.ts';
import { reportPortalRoutes } from './modules/reports/index.ts';
import { reportCategoryRoutes, reportRoutes, reportSettingsRoutes } from './modules/reports/index.ts';
import { residentPortalRoutes } from './modules/residents/index.ts';
import { pushOffer, residentStaffRoutes, tenantTopics } from './modules/residents/index.ts';
import { invitationRoutes, staffRoutes } from './modules/staff/index.ts';
import { systemRoutes } from './modules/system/index.ts';
import { type ConsoleCsp, createConsoleCsp, tenantRoutes } from './modules/tenants/index.ts';
import { capFeedRoutes, currentWarnings, warningPublicRoutes, warningRoutes } from './modules/warnings/index.ts';
import { openSurveys, surveyPortalRoutes, surveyRoutes } from './modules/surveys/index.ts';
import { eventCalendarRoutes, eventPortalRoutes, eventRoutes, upcomingEvents } from './modules/events/index.ts';
import { wastePortalRoutes, wasteReminderRoutes, wasteRoutes } from './modules/waste/index.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const consoleDir = path.join(root, 'dist', 'admin');

export interface RouteInfo {
  method: string;
  url: string;
  /** The permission a tenant route declares (src/common/permissions.ts). */
  permission?: string;
  /** The permission a network route declares (NETWORK_POLICY in src/common/permissions.ts). */
  networkPermission?: string;
}

declare module 'fastify' {
  interface FastifyInstance {
    civicastRoutes: RouteInfo[];
  }
}

export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: deps.log,
    // one line per request, at info only when slow; refusals and failures are logged by the error handler
    logController: new RequestLogController(),
    genReqId,
    trustProxy: deps.config.trustProxy,
    bodyLimit: 1024 * 1024,
    routerOptions: { ignoreTrailingSlash: false, maxParamLength: 200 },
    // bad percent-encoding, an overlong path part, oversized headers: problem+json (a page on resident pages) too
    frameworkErrors: frameworkErrorsHandler(sendPortalProblem),
    clientErrorHandler,
  }) as unknown as FastifyInstance; // the pino instance narrows the logger type; modules take the base type
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  const routes: RouteInfo[] = [];
  app.decorate('civicastRoutes', routes);
  app.decorateRequest('staff', null);
  app.addHook('onRoute', (r) => {
    for (const m of [r.method].flat())
      if (m !== 'HEAD') routes.push({ method: m, url: r.url, permission: r.config?.permission, networkPermission: r.config?.networkPermission });
  });

  registerHttpPlatform(app, deps.registry, sendPortalProblem);
  // cookies that carry state are signed (reply.setCookie(…, { signed: true }), req.unsignCookie) with their own key
  await app.register(fastifyCookie, { secret: deriveKey(deps.config.secretKey, 'cookie-signing') });
  await app.register(fastifyFormbody, { bodyLimit: 64 * 1024 });
  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'Civicast API', version: '1', description: 'Municipal communication platform. Errors are RFC 9457 problem+json.' },
      components: { securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'civicast_session' } } },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/api/docs', uiConfig: { validatorUrl: null } as never });
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  // security headers on every response (helmet); the Content-Security-Policy differs by part, so the console and the
  // resident pages set their own, and the API (JSON) needs none
  registerSecurityHeaders(app, {
    contentSecurityPolicy: false,
    xFrameOptions: { action: 'deny' },
    referrerPolicy: { policy: 'same-origin' },
    // the municipality's logo appears in e-mails read in web mailers on other origins
    crossOriginResourcePolicy: false,
    strictTransportSecurity: deps.config.publicUrl.startsWith('https:') ? { maxAge: 15_552_000, includeSubDomains: false } : false,
  });
  // API responses are never cached
  app.addHook('onSend', async (req, reply) => {
    if (req.url.startsWith('/api/v1')) reply.header('cache-control', 'no-store');
  });

  await registerRateLimits(app, deps.db);
  await systemRoutes(app, deps);
  // only with CIVICAST_TEST_CLOCK=1 (browser tests): POST /__test/clock
  await testClockRoutes(app, deps);
  await authRoutes(app, deps);
  await invitationRoutes(app, deps);
  await installationRoutes(app, deps);
  await networkOperatorRoutes(app, deps);
  // every /api/v1/networks/:network/* route, in one scope that signs in, resolves the network role and checks permissions
  rejectNetworkRoutesOutsideScope(app);
  await app.register(networkScope(deps, async (scope) => networkRoutes(scope, deps)));
  // every /api/v1/tenants/:tenant/* route, in one scope that signs in, resolves the membership and checks permissions
  rejectTenantRoutesOutsideScope(app);
  await app.register(
    tenantScope(deps, async (scope) => {
      await tenantRoutes(scope, deps);
      await staffRoutes(scope, deps);
      await auditRoutes(scope, deps);
      await outboxRoutes(scope, deps);
      await messageRoutes(scope, deps);
      await deliveryRoutes(scope, deps);
      await providerRoutes(scope, deps);
      await geoRoutes(scope, deps);
      await residentStaffRoutes(scope, deps);
      await warningRoutes(scope, deps);
      await capFeedRoutes(scope, deps);
      await inboxRoutes(scope, deps);
      await inboxSettingsRoutes(scope, deps);
      await reportRoutes(scope, deps);
      await reportCategoryRoutes(scope, deps);
      await reportSettingsRoutes(scope, deps);
      await reportPhotoRoutes(scope, deps);
      await surveyRoutes(scope, deps);
      await eventRoutes(scope, deps);
      await wasteRoutes(scope, deps);
    }),
  );
  await deliveryPublicRoutes(app, deps);
  await messagePublicRoutes(app, deps);
  await residentPortalRoutes(app, deps);
  await contactRoutes(app, deps);
  await reportPortalRoutes(app, deps);
  await warningPublicRoutes(app, deps);
  // Open311 GeoReport v2: outside the tenant scope, the municipality comes from jurisdiction_id
  await open311Routes(app, deps);
  await reportPhotoPublicRoutes(app, deps);
  await surveyPortalRoutes(app, deps);
  await eventCalendarRoutes(app, deps);
  await eventPortalRoutes(app, deps);
  await wastePortalRoutes(app, deps);
  await wasteReminderRoutes(app, deps);
  // the portal shows news, warnings and topics through these functions (their modules send through delivery, which uses the portal)
  await portalRoutes(app, deps, { listTopics: tenantTopics, listNews, getNews, currentWarnings, pushOffer, upcomingEvents, openSurveys });
  const csp = createConsoleCsp(deps);
  app.addHook('onClose', async () => csp.close());
  app.addHook('preClose', async () => closeAllStreams());
  const sendConsoleIndex = consoleIndexSender(csp);
  await registerConsole(app, sendConsoleIndex);

  app.setNotFoundHandler(async (req, reply) => {
    const url = req.url;
    if (url.startsWith('/m/')) return sendPortalNotFound(req, reply);
    if (url.startsWith('/admin') && !url.startsWith('/admin/assets/') && req.method === 'GET') return sendConsoleIndex(reply);
    return sendProblem(
      reply,
      toProblem(new AppError('not_found', `There is no ${req.method} ${url.split('?')[0]} here. The API is described at /api/docs.`), req),
    );
  });
  return app;
}

/** The console's index.html, re-read after a rebuild (the asset names in it change); one per app. */
function consoleIndexSender(csp: ConsoleCsp) {
  const file = path.join(consoleDir, 'index.html');
  let index: string | null = null;
  let indexMtime = 0;
  return async function sendConsoleIndex(reply: import('fastify').FastifyReply) {
    const mtime = existsSync(file) ? statSync(file).mtimeMs : 0;
    if (mtime && mtime !== indexMtime) {
      index = readFileSync(file, 'utf8');
      indexMtime = mtime;
    }
    reply.header('content-security-policy', await csp.header());
    if (!index) {
      return reply
        .status(503)
        .type('text/html; charset=utf-8')
        .send(
          '<!doctype html><html lang="en"><title>Civicast</title><p>The staff console is not built yet. Run <code>npm run build</code> (npm start does this for you).</p></html>',
        );
    }
    return reply.header('cache-control', 'no-cache').type('text/html; charset=utf-8').send(index);
  };
}

async function registerConsole(app: FastifyInstance, sendConsoleIndex: ReturnType<typeof consoleIndexSender>) {
  if (existsSync(path.join(consoleDir, 'assets'))) {
    await app.register(fastifyStatic, {
      root: path.join(consoleDir, 'assets'),
      prefix: '/admin/assets/',
      immutable: true,
      maxAge: '365d',
      index: false,
      wildcard: true,
    });
  }
  app.get('/admin', { schema: { hide: true } }, async (_req, reply) => reply.redirect('/admin/'));
  app.get('/admin/', { schema: { hide: true } }, async (_req, reply) => sendConsoleIndex(reply));
}

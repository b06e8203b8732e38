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
import type { AppDeps } from './platform/context.ts';
import { AppError } from './platform/errors.ts';
import { genReqId, registerHttpPlatform, sendProblem, toProblem } from './platform/http.ts';
import { auditRoutes } from './modules/audit/index.ts';
import { deliveryPublicRoutes, deliveryRoutes, providerRoutes } from './modules/delivery/index.ts';
import { authRoutes } from './modules/auth/index.ts';
import { geoRoutes } from './modules/geo/index.ts';
import { outboxRoutes } from './modules/outbox/index.ts';
import { portalRoutes, sendPortalNotFound } from './modules/portal/index.ts';
import { residentPortalRoutes } from './modules/residents/index.ts';
import { residentStaffRoutes } from './modules/residents/index.ts';
import { staffRoutes } from './modules/staff/index.ts';
import { systemRoutes } from './modules/system/index.ts';
import { type ConsoleCsp, createConsoleCsp, tenantRoutes } from './modules/tenants/index.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const consoleDir = path.join(root, 'dist', 'admin');

export interface RouteInfo {
  method: string;
  url: string;
}

declare module 'fastify' {
  interface FastifyInstance {
    civicastRoutes: RouteInfo[];
  }
}

export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: deps.log,
    genReqId,
    trustProxy: deps.config.trustProxy,
    bodyLimit: 1024 * 1024,
    routerOptions: { ignoreTrailingSlash: false, maxParamLength: 200 },
  }) as unknown as FastifyInstance; // the pino instance narrows the logger type; modules take the base type
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  const routes: RouteInfo[] = [];
  app.decorate('civicastRoutes', routes);
  app.decorateRequest('staff', null);
  app.addHook('onRoute', (r) => {
    for (const m of [r.method].flat()) if (m !== 'HEAD') routes.push({ method: m, url: r.url });
  });

  registerHttpPlatform(app, deps.registry);
  await app.register(fastifyCookie);
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

  // API responses are never cached and never framed
  app.addHook('onSend', async (req, reply) => {
    if (req.url.startsWith('/api/') || req.url.startsWith('/admin')) {
      reply.header('x-content-type-options', 'nosniff');
      reply.header('x-frame-options', 'DENY');
      reply.header('referrer-policy', 'same-origin');
      if (req.url.startsWith('/api/v1')) reply.header('cache-control', 'no-store');
    }
  });

  await systemRoutes(app, deps);
  await authRoutes(app, deps);
  await tenantRoutes(app, deps);
  await staffRoutes(app, deps);
  await auditRoutes(app, deps);
  await outboxRoutes(app, deps);
  await deliveryRoutes(app, deps);
  await providerRoutes(app, deps);
  await geoRoutes(app, deps);
  await residentStaffRoutes(app, deps);
  await deliveryPublicRoutes(app, deps);
  await residentPortalRoutes(app, deps);
  await portalRoutes(app, deps);
  const csp = createConsoleCsp(deps);
  app.addHook('onClose', async () => csp.close());
  await registerConsole(app, csp);

  app.setNotFoundHandler(async (req, reply) => {
    const url = req.url;
    if (url.startsWith('/m/')) return sendPortalNotFound(req, reply);
    if (url.startsWith('/admin') && !url.startsWith('/admin/assets/') && req.method === 'GET') return sendConsoleIndex(reply, csp);
    return sendProblem(reply, toProblem(new AppError('not_found', `There is no ${req.method} ${url.split('?')[0]} here. The API is described at /api/docs.`), req));
  });
  return app;
}

let consoleIndex: string | null = null;
let consoleIndexMtime = 0;
async function sendConsoleIndex(reply: import('fastify').FastifyReply, csp: ConsoleCsp) {
  const file = path.join(consoleDir, 'index.html');
  // re-read after a rebuild (the asset names in it change)
  const mtime = existsSync(file) ? statSync(file).mtimeMs : 0;
  if (mtime && mtime !== consoleIndexMtime) {
    consoleIndex = readFileSync(file, 'utf8');
    consoleIndexMtime = mtime;
  }
  reply.header('content-security-policy', await csp.header());
  if (!consoleIndex) {
    return reply
      .status(503)
      .type('text/html; charset=utf-8')
      .send('<!doctype html><html lang="en"><title>Civicast</title><p>The staff console is not built yet. Run <code>npm run build</code> (npm start does this for you).</p></html>');
  }
  return reply.header('cache-control', 'no-cache').type('text/html; charset=utf-8').send(consoleIndex);
}

async function registerConsole(app: FastifyInstance, csp: ConsoleCsp) {
  if (existsSync(path.join(consoleDir, 'assets'))) {
    await app.register(fastifyStatic, { root: path.join(consoleDir, 'assets'), prefix: '/admin/assets/', immutable: true, maxAge: '365d', index: false, wildcard: true });
  }
  app.get('/admin', { schema: { hide: true } }, async (_req, reply) => reply.redirect('/admin/'));
  app.get('/admin/', { schema: { hide: true } }, async (_req, reply) => sendConsoleIndex(reply, csp));
}

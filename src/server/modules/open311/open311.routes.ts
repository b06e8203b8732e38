// Open311 GeoReport v2 at /open311/v2/: discovery, services, service definitions, requests (GET and POST), tokens.
// Outside the tenant scope: the municipality is named by `jurisdiction_id` (its slug). The format is the path's
// extension (.xml, mandatory in the spec, or .json); errors are Open311 error documents in that format, never
// problem+json. Unknown query and form parameters are ignored, unlike in Civicast's own API (where they are a 400):
// Open311 clients are written against many servers and send extras (locale, page, device fields) that the spec
// lets a server ignore.
import fastifyMultipart from '@fastify/multipart';
import type { FastifyInstance } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { LRUCache } from 'lru-cache';
import { REPORT_PHOTO_LIMITS } from '../../../common/report-settings.ts';
import type { AppDeps } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { on } from '../../platform/events.ts';
import { limitRefusal } from '../../platform/rate-limit.ts';
import type { TenantRow } from '../../platform/tenancy.ts';
import { findTenantBySlug } from '../tenants/index.ts';
import { contentTypeOf, errorDocument, type Open311Format, toXml } from './open311.format.ts';
import { Open311Invalid, open311FieldOf } from './open311.form.ts';
import { open311GetRoutes } from './open311.get.ts';
import { open311PostRoute } from './open311.post.ts';
import { OPEN311_PREFIX, type Open311Kit, open311Error } from './open311.kit.ts';

const SLUG = /^[a-z0-9]+(-[a-z0-9]+)*$/;

const FORM_ONLY = 'Send the request as application/x-www-form-urlencoded (or multipart/form-data with media).';
const formatOfUrl = (url: string): Open311Format => (/\.json$/i.test(url.split('?')[0]!) ? 'json' : 'xml');

/** The error document for anything thrown in the Open311 scope: 403, 404 and 429 as they are, other 4xx as 400. */
function toOpen311Errors(err: unknown): { status: number; errors: Array<{ code: number; description: string }> } {
  const list = (status: number, descriptions: string[]) => ({ status, errors: descriptions.map((description) => ({ code: status, description })) });
  if (err instanceof Open311Invalid) return list(400, err.problems);
  if (err instanceof AppError) {
    const status = [403, 404, 429].includes(err.status) ? err.status : err.status >= 500 ? 500 : 400;
    if (status === 500) return list(500, ['The server could not complete the request.']);
    return list(status, err.errors.length ? err.errors.map((e) => `${open311FieldOf(e.pointer)}: ${e.detail}`) : [err.detail]);
  }
  if (hasZodFastifySchemaValidationErrors(err)) {
    const where = (err as { validationContext?: string }).validationContext ?? 'request';
    // a body that is not a form at all (text, a JSON list): say what to send instead of what zod expected
    if (where === 'body' && err.validation.some((v) => !v.instancePath || v.instancePath === '/')) return list(400, [FORM_ONLY]);
    return list(
      400,
      err.validation.map((v) => `${v.instancePath.split('/')[1] || where}: ${v.message ?? 'is invalid'}`),
    );
  }
  const fe = err as { statusCode?: number; code?: string; message?: string };
  if (fe.statusCode && fe.statusCode >= 400 && fe.statusCode < 500) {
    if (fe.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') return list(400, [FORM_ONLY]);
    const tooMuch: Record<string, string> = {
      FST_REQ_FILE_TOO_LARGE: `media: at most ${REPORT_PHOTO_LIMITS.bytes / 1024 / 1024} MB per file`,
      FST_FILES_LIMIT: `media: at most ${REPORT_PHOTO_LIMITS.count} files`,
      FST_PARTS_LIMIT: 'The form has too many fields.',
      FST_FIELDS_LIMIT: 'The form has too many fields.',
      FST_ERR_CTP_BODY_TOO_LARGE: 'The form is too large.',
    };
    if (fe.code && tooMuch[fe.code]) return list(400, [tooMuch[fe.code]!]);
    return list(fe.statusCode === 404 ? 404 : 400, [fe.message || 'The request is invalid.']);
  }
  return list(500, ['The server could not complete the request.']);
}

export async function open311Routes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  await app.register(
    async (scope) => {
      const tenants = new LRUCache<string, { tenant: TenantRow | null }>({ max: 10_000, ttl: 10_000 });
      const off = on('tenant.changed', ({ slug }) => tenants.delete(slug));
      scope.addHook('onClose', async () => off());

      // media (a photo) comes as multipart; its fields join the body like a form's (the file as a Buffer)
      if (!scope.hasContentTypeParser('multipart/form-data')) {
        await scope.register(fastifyMultipart, {
          attachFieldsToBody: 'keyValues',
          limits: { files: REPORT_PHOTO_LIMITS.count, fileSize: REPORT_PHOTO_LIMITS.bytes, fields: 200, fieldSize: 64 * 1024, parts: 210 },
        });
      }

      scope.setErrorHandler((err, req, reply) => {
        const { status, errors } = toOpen311Errors(err);
        if (status >= 500) req.log.error({ err }, 'open311 request failed');
        else req.log.info({ status }, 'open311 request refused');
        const retryAfter = err instanceof AppError ? err.extra.retryAfterSeconds : undefined;
        if (status === 429 && typeof retryAfter === 'number') reply.header('retry-after', String(retryAfter));
        const format = formatOfUrl(req.url);
        return reply.code(status).type(contentTypeOf(format)).send(errorDocument(format, errors));
      });
      scope.setNotFoundHandler((req, reply) => {
        const format = formatOfUrl(req.url);
        const path = req.url.split('?')[0]!;
        const hint = /\.(xml|json)$/i.test(path) ? 'See /open311/v2/discovery.xml.' : 'Open311 resources end in .xml or .json.';
        return reply
          .code(404)
          .type(contentTypeOf(format))
          .send(errorDocument(format, [{ code: 404, description: `There is no ${req.method} ${path.slice(0, 200)} here. ${hint}` }]));
      });
      // reads are limited per address in this process: a counter in memory, not a database write on every read
      // (a flood of 1,000-request lists is what this stops; posts count in the shared store, per address and key)
      const readers = new LRUCache<string, { count: number; resetAt: number }>({ max: 50_000 });
      scope.addHook('onRequest', async (req) => {
        if (req.method !== 'GET') return;
        const now = Date.now();
        let window = readers.get(req.ip);
        if (!window || window.resetAt <= now) readers.set(req.ip, (window = { count: 0, resetAt: now + 60_000 }));
        if (++window.count > deps.config.open311.readsPerMinutePerAddress)
          throw limitRefusal(Math.max(1, Math.ceil((window.resetAt - now) / 1000)), 'Too many requests from this address. Try again later.');
      });
      // public data: any web page may read it; POST stays same-origin for browsers (integrators post from servers)
      scope.addHook('onSend', async (req, reply) => {
        if (req.method === 'GET' || req.method === 'HEAD') reply.header('access-control-allow-origin', '*');
        if (!reply.hasHeader('cache-control')) reply.header('cache-control', 'no-store');
      });

      const kit: Open311Kit = {
        async tenantOf(jurisdiction) {
          const slug = jurisdiction?.trim().toLowerCase();
          if (!slug) throw open311Error(400, 'jurisdiction_id: is required (the municipality, e.g. musterstadt)');
          let hit = tenants.get(slug);
          if (!hit) {
            hit = { tenant: SLUG.test(slug) && slug.length <= 100 ? ((await findTenantBySlug(deps.db, slug)) ?? null) : null };
            tenants.set(slug, hit);
          }
          if (!hit.tenant) throw open311Error(404, `jurisdiction_id: there is no municipality "${slug.slice(0, 100)}" here`);
          return hit.tenant;
        },
        formatOf(raw) {
          const format = raw.toLowerCase();
          if (format !== 'xml' && format !== 'json') throw open311Error(404, `The format "${raw.slice(0, 20)}" is not served; use .xml or .json.`);
          return format;
        },
        send(reply, format, root, value, status = 200) {
          reply.code(status);
          // JSON goes through the route's response schema; XML is written here
          return format === 'xml' ? reply.type(contentTypeOf('xml')).send(toXml(root, value)) : reply.type(contentTypeOf('json')).send(value);
        },
      };
      await open311GetRoutes(scope, deps, kit);
      await open311PostRoute(scope, deps, kit);
    },
    { prefix: OPEN311_PREFIX },
  );
}

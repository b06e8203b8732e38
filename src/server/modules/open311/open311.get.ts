// The reading side of Open311: discovery, the service list, a service definition, requests (list and one), tokens.
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { asLocale, t } from '../../i18n/index.ts';
import type { AppDeps } from '../../platform/context.ts';
import type { TenantRow } from '../../platform/tenancy.ts';
import { getCategory, listCategories, publicPhotoUrl } from '../reports/index.ts';
import {
  contentTypeOf,
  type Open311Format,
  open311DiscoverySchema,
  open311RequestsSchema,
  open311ServiceDefinitionSchema,
  open311ServicesSchema,
  open311TokenSchema,
  toXml,
} from './open311.format.ts';
import { open311DateTime, parseOpen311Date, reportStatusesOf, toService, toServiceDefinition } from './open311.map.ts';
import { numberOfToken, REQUEST_LIST_CAP, type RequestContext, type RequestFilter, requestsDocument } from './open311.queries.ts';
import { OPEN311_PREFIX, type Open311Kit, open311Error, open311Responses } from './open311.kit.ts';
import { createRequestListCache } from './open311.cache.ts';

const DAY = 86_400_000;
const PHOTO_ID = '00000000-0000-4000-8000-00000000feed';
/** The spec's window: 90 days by default, and no wider when both ends are given. */
export const REQUEST_WINDOW_DAYS = 90;
const jurisdiction = z.string().max(500).optional().describe('The municipality (its short name, e.g. musterstadt)');
const format = z.string().max(20).describe('xml or json');
const TAGS = ['Open311 GeoReport v2'];
/** The date this server's Open311 implementation last changed in what it answers (discovery `changeset`). */
const IMPLEMENTATION_CHANGESET = '2026-11-30 00:00';

/** A comma-separated parameter as its parts (the spec's "can be declared multiple times, comma delimited"). */
const listOf = (value: string | undefined) =>
  (value ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

function requestFilter(
  q: { service_request_id?: string; service_code?: string; start_date?: string; end_date?: string; status?: string },
  now: Date,
): RequestFilter {
  const ids = listOf(q.service_request_id);
  if (ids.length) {
    const bad = ids.find((id) => !/^\d{1,15}$/.test(id));
    if (bad) throw open311Error(400, `service_request_id: "${bad.slice(0, 40)}" is not a request id (a number)`);
    if (ids.length > REQUEST_LIST_CAP) throw open311Error(400, `service_request_id: at most ${REQUEST_LIST_CAP} ids at once`);
    return { numbers: ids.map(Number), from: now, to: now };
  }
  const dateOf = (name: 'start_date' | 'end_date') => {
    const raw = q[name]?.trim();
    if (!raw) return null;
    const at = parseOpen311Date(raw);
    if (!at) throw open311Error(400, `${name}: must be a W3C date-time with a time zone, e.g. 2026-11-01T00:00:00Z`);
    return at;
  };
  const start = dateOf('start_date');
  const end = dateOf('end_date');
  if (start && end && end < start) throw open311Error(400, 'end_date: must not be before start_date');
  if (start && end && end.getTime() - start.getTime() > REQUEST_WINDOW_DAYS * DAY)
    throw open311Error(400, `start_date/end_date: the range may span at most ${REQUEST_WINDOW_DAYS} days`);
  const to = end ?? (start ? new Date(start.getTime() + REQUEST_WINDOW_DAYS * DAY) : now);
  const from = start ?? new Date(to.getTime() - REQUEST_WINDOW_DAYS * DAY);
  const statuses = listOf(q.status).map((s) => s.toLowerCase());
  const badStatus = statuses.find((s) => s !== 'open' && s !== 'closed');
  if (badStatus) throw open311Error(400, `status: "${badStatus.slice(0, 40)}" is not a status; use open, closed or both (comma separated)`);
  const codes = listOf(q.service_code);
  if (codes.some((c) => c.length > 100)) throw open311Error(400, 'service_code: a service code has at most 100 characters');
  return {
    from,
    to,
    ...(statuses.length && new Set(statuses).size < 2 ? { statuses: reportStatusesOf(statuses[0] as 'open' | 'closed') } : {}),
    ...(codes.length ? { categoryCodes: codes.map((c) => c.toLowerCase()) } : {}),
  };
}

/** The schema of a GET that answers one document: its summary, the path parameters before the format, the document. */
const documentSchema = <P extends z.ZodRawShape>(summary: string, params: P, json: z.ZodType) => ({
  tags: TAGS,
  summary,
  params: z.object({ ...params, format }),
  querystring: z.object({ jurisdiction_id: jurisdiction }),
  response: open311Responses(json),
});

export async function open311GetRoutes(app: FastifyInstance, deps: AppDeps, kit: Open311Kit): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const contextOf = (tenant: TenantRow): RequestContext => {
    // one place writes photo URLs (photos.ts): split its URL for a placeholder id into what goes around an id
    const [prefix = '', suffix = ''] = publicPhotoUrl(deps.config.publicUrl, tenant.slug, PHOTO_ID).split(PHOTO_ID);
    return { timeZone: tenant.timeZone, photoUrl: { prefix, suffix } };
  };
  // the database wrote the JSON list (open311.queries.ts); it goes out as it is, and becomes XML by the Spark mapping.
  // The conformance tests hold it to the GeoReport schemas, as the route schema would (a thousand entries parsed
  // and checked again would double the route's time).
  const render = (fmt: Open311Format, doc: string) => (fmt === 'json' ? doc : toXml('service_requests', JSON.parse(doc)));
  const sendRequests = (reply: FastifyReply, fmt: Open311Format, doc: string) => reply.type(contentTypeOf(fmt)).send(render(fmt, doc));
  const lists = createRequestListCache();
  app.addHook('onClose', async () => lists.close());

  r.get(
    '/discovery.:format',
    { schema: documentSchema('Service discovery: where the GeoReport v2 endpoint is and what it speaks', {}, open311DiscoverySchema) },
    async (req, reply) => {
      const fmt = kit.formatOf(req.params.format);
      const tenant = req.query.jurisdiction_id?.trim() ? await kit.tenantOf(req.query.jurisdiction_id) : null;
      const lang = asLocale(tenant?.locale);
      // the last change of what the services answer: this implementation, or a category of the municipality
      const changes = tenant
        ? (await listCategories(deps, tenant)).map((c) => open311DateTime(new Date(c.updatedAt), tenant.timeZone).slice(0, 16).replace('T', ' '))
        : [];
      const changeset = [IMPLEMENTATION_CHANGESET, ...changes].sort().at(-1)!;
      const contact = tenant?.contact.email
        ? t(lang, 'open311.discovery.contactTenant', { name: tenant.name, email: tenant.contact.email })
        : t(lang, 'open311.discovery.contact', { url: deps.config.publicUrl });
      return kit.send(reply, fmt, 'discovery', {
        changeset,
        contact,
        key_service: t(lang, 'open311.discovery.keyService'),
        endpoints: [
          {
            specification: 'http://wiki.open311.org/GeoReport_v2',
            url: `${deps.config.publicUrl}${OPEN311_PREFIX}`,
            changeset,
            type: 'production',
            formats: ['text/xml', 'application/json'],
          },
        ],
      });
    },
  );

  r.get('/services.:format', { schema: documentSchema('The service list: the active report categories', {}, open311ServicesSchema) }, async (req, reply) => {
    const fmt = kit.formatOf(req.params.format);
    const tenant = await kit.tenantOf(req.query.jurisdiction_id);
    const categories = await listCategories(deps, tenant, { activeOnly: true });
    reply.header('cache-control', 'public, max-age=60');
    return kit.send(reply, fmt, 'services', categories.map(toService));
  });

  r.get(
    '/services/:service_code.:format',
    {
      schema: documentSchema(
        "A service definition: the category's extra fields as attributes",
        { service_code: z.string().max(200) },
        open311ServiceDefinitionSchema,
      ),
    },
    async (req, reply) => {
      const fmt = kit.formatOf(req.params.format);
      const tenant = await kit.tenantOf(req.query.jurisdiction_id);
      const code = req.params.service_code.toLowerCase();
      const category = /^[a-z0-9][a-z0-9-]{0,99}$/.test(code) ? await getCategory(deps, tenant, code) : null;
      if (!category || category.code !== code || !category.active) throw open311Error(404, `service_code: there is no service "${code.slice(0, 100)}" here`);
      reply.header('cache-control', 'public, max-age=60');
      return kit.send(reply, fmt, 'service_definition', toServiceDefinition(category));
    },
  );

  r.get(
    '/requests.:format',
    {
      schema: {
        tags: TAGS,
        summary: `Service requests, newest first: ${REQUEST_WINDOW_DAYS} days by default, at most ${REQUEST_LIST_CAP}`,
        params: z.object({ format }),
        querystring: z.object({
          jurisdiction_id: jurisdiction,
          service_request_id: z.string().max(20_000).optional().describe('Request ids, comma separated; overrides every other filter'),
          service_code: z.string().max(2_000).optional().describe('Service codes, comma separated'),
          start_date: z.string().max(40).optional().describe('W3C date-time, e.g. 2026-11-01T00:00:00Z'),
          end_date: z.string().max(40).optional().describe('W3C date-time; at most 90 days after start_date'),
          status: z.string().max(40).optional().describe('open, closed, or both comma separated'),
        }),
        response: open311Responses(open311RequestsSchema),
      },
    },
    async (req, reply) => {
      const fmt = kit.formatOf(req.params.format);
      const tenant = await kit.tenantOf(req.query.jurisdiction_id);
      const filter = requestFilter(req.query, new Date());
      // the same query within a few seconds gets the same list (a list without dates ends "now" as of its build)
      const { jurisdiction_id: _j, ...query } = req.query;
      const key = `${tenant.id}|${fmt}|${JSON.stringify(query)}`;
      const body = await lists.get(key, async () =>
        render(fmt, await deps.db.withTenant(tenant.id, (tx) => requestsDocument(tx, tenant.id, filter, contextOf(tenant)))),
      );
      return reply.type(contentTypeOf(fmt)).send(body);
    },
  );

  r.get(
    '/requests/:service_request_id.:format',
    {
      schema: documentSchema('One service request (a list of one, as the spec answers it)', { service_request_id: z.string().max(200) }, open311RequestsSchema),
    },
    async (req, reply) => {
      const fmt = kit.formatOf(req.params.format);
      const tenant = await kit.tenantOf(req.query.jurisdiction_id);
      const id = req.params.service_request_id;
      const doc = /^\d{1,15}$/.test(id)
        ? await deps.db.withTenant(tenant.id, (tx) =>
            requestsDocument(tx, tenant.id, { numbers: [Number(id)], from: new Date(), to: new Date() }, contextOf(tenant)),
          )
        : '[]';
      if (doc === '[]') throw open311Error(404, `service_request_id: there is no request "${id.slice(0, 40)}" here`);
      return sendRequests(reply, fmt, doc);
    },
  );

  r.get(
    '/tokens/:token.:format',
    { schema: documentSchema('The service request id a token stands for', { token: z.string().max(200) }, open311TokenSchema) },
    async (req, reply) => {
      const fmt = kit.formatOf(req.params.format);
      const tenant = await kit.tenantOf(req.query.jurisdiction_id);
      const token = req.params.token;
      const number = /^[A-Za-z0-9_-]{8,200}$/.test(token) ? await deps.db.withTenant(tenant.id, (tx) => numberOfToken(tx, tenant.id, token)) : null;
      if (number === null) throw open311Error(404, 'token: there is no request with this token here');
      return kit.send(reply, fmt, 'service_requests', [{ service_request_id: String(number), token }]);
    },
  );
}

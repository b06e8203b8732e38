// A module's tenant routes as a table: one row per route (method and path below /api/v1/tenants/:tenant, permission,
// schemas with the summary, handler), registered inside the tenant scope with the module's tags. The success status
// comes from the declared response (201 created, 204 no content), so a handler returns its value and nothing else.
import type {
  FastifyError,
  FastifyInstance,
  FastifyReply,
  FastifyRequest,
  FastifySchema,
  RawRequestDefaultExpression,
  RawServerDefault,
  RouteGenericInterface,
} from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { itemsOf, noContent } from '../../common/contracts/common.ts';
import type { Permission } from '../../common/permissions.ts';
import type { Actor } from './audit.ts';
import { actorOf, type AppDeps } from './context.ts';
import { AppError } from './errors.ts';
import type { TenantRow } from './tenancy.ts';
import { TENANT_PREFIX } from './tenant-scope.ts';

type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
/** `'PATCH /staff/:userId'`: the method, a space and the path after `/api/v1/tenants/:tenant`. */
type Endpoint = `${Method} /${string}` | `${Method} .${string}`;
/** A route's schemas: the summary, request schemas and the response schema per status (required: see openapi-contract). */
export type RouteSchema = Omit<FastifySchema, 'tags' | 'response'> & { summary: string; response: Record<number, unknown> };
/** The request of a row, typed by its own schemas (params, querystring, body). */
export type TenantRequest<S extends FastifySchema> = FastifyRequest<RouteGenericInterface, RawServerDefault, RawRequestDefaultExpression, S, ZodTypeProvider>;
type Success<S> = S extends { response: { 200: infer Z } } ? Z : S extends { response: { 201: infer Z } } ? Z : undefined;
type Result<S> = Success<S> extends z.ZodType ? z.input<Success<S>> : unknown;

export interface TenantRoute {
  method: Method;
  path: string;
  permission: Permission;
  schema: RouteSchema;
  handler: (req: never, reply: FastifyReply) => Promise<unknown>;
  /** Route options beyond the schema: a larger body limit and the error handler that explains it. */
  options?: { bodyLimit?: number; errorHandler?: (err: FastifyError) => void };
}

/** One row of a route table: `route('PATCH /staff/:userId', 'staff.manage', { summary, params, body, response }, handler)`. */
export function route<const S extends RouteSchema>(
  endpoint: Endpoint,
  permission: Permission,
  schema: S,
  handler: (req: TenantRequest<S>, reply: FastifyReply) => Promise<Result<S> | FastifyReply>,
  options?: TenantRoute['options'],
): TenantRoute {
  const [method, path] = endpoint.split(' ') as [Method, string];
  return { method, path, permission, schema, handler: handler as TenantRoute['handler'], options };
}

const SUCCESS = [201, 202, 204] as const;

/** Registers the rows on `app` (the tenant scope, or a scope inside it), each with `config: { permission }` and the tags. */
export function declareTenantRoutes(app: FastifyInstance, tags: string[], rows: TenantRoute[]) {
  for (const row of rows) {
    const status = SUCCESS.find((code) => code in row.schema.response) ?? 200;
    const handler = row.handler as (req: FastifyRequest, reply: FastifyReply) => Promise<unknown>;
    app.route({
      method: row.method,
      url: `${TENANT_PREFIX}${row.path}`,
      config: { permission: row.permission },
      schema: { tags, ...row.schema },
      ...row.options,
      handler: async (req, reply) => {
        const result = await handler(req, reply);
        if (result === reply || reply.sent) return reply;
        return status === 204 ? reply.code(204).send() : reply.code(status).send(result);
      },
    });
  }
}

/** The path parameter every tenant route has. */
export const tenantParams = z.object({ tenant: z.string().max(64) });
/** The tenant and one row's id; `what` names the row in the error message ("must be a waste type id"), if given. */
export const withId = (what?: string) => tenantParams.extend({ id: z.uuid(what ? `must be a ${what} id` : 'must be an id') });

/**
 * A list a module keeps: every reader lists it (and reads one row, where the module offers `get`), a manager adds,
 * changes and deletes its rows (deleting only where the module offers `remove`), each through a service function that
 * takes the app's deps first (`createProvider(deps, actor, tenant, body)`).
 */
export interface Collection<Item extends z.ZodType, Input extends z.ZodType, Patch extends z.ZodType, Query extends z.ZodType = z.ZodType<undefined>> {
  /** `'/waste/types'`: the list; one row is `${path}/:id`. */
  path: `/${string}`;
  permissions: readonly [read: Permission, manage: Permission];
  /** The row in the id's error message: `'waste type'` (none: "must be an id"). */
  what?: string;
  /** A change replaces the whole row (PUT, its body as `patch`) instead of changing the fields sent (PATCH). */
  replaces?: true;
  /** `query`: the list's filters (its querystring), where it takes any. */
  schemas: { item: Item; input: Input; patch: Patch; query?: Query };
  /** One per route; `get` and `remove` where the module offers them. */
  summaries: { list: string; create: string; get?: string; update: string; remove?: string };
  /** The rows, as a list or as `{ items }`. */
  list: (deps: AppDeps, tenant: TenantRow, query: z.output<Query>) => Promise<z.input<Item>[] | { items: z.input<Item>[] }>;
  create: (deps: AppDeps, actor: Actor, tenant: TenantRow, body: z.output<Input>) => Promise<z.input<Item>>;
  /** One row; throws not found when there is none. */
  get?: (deps: AppDeps, tenant: TenantRow, id: string) => Promise<z.input<Item>>;
  update: (deps: AppDeps, actor: Actor, tenant: TenantRow, id: string, body: z.output<Patch>) => Promise<z.input<Item>>;
  remove?: (deps: AppDeps, actor: Actor, tenant: TenantRow, id: string) => Promise<unknown>;
}

/** The rows of a collection, in this order: list, add (201), one row, change (or replace), delete (204). */
export function collectionRoutes<Item extends z.ZodType, Input extends z.ZodType, Patch extends z.ZodType, Query extends z.ZodType = z.ZodType<undefined>>(
  deps: AppDeps,
  c: Collection<Item, Input, Patch, Query>,
): TenantRoute[] {
  const [read, manage] = c.permissions;
  const { item, input, patch, query } = c.schemas;
  const { get, remove } = c;
  const params = tenantParams;
  const one = withId(c.what);
  const summary = (of: 'get' | 'remove') => {
    const text = c.summaries[of];
    if (!text) throw new Error(`collection ${c.path}: ${of} needs its summary`);
    return text;
  };
  return [
    route(`GET ${c.path}`, read, { summary: c.summaries.list, params, ...(query && { querystring: query }), response: { 200: itemsOf(item) } }, async (req) => {
      const rows = await c.list(deps, req.tenant, req.query as z.output<Query>);
      return Array.isArray(rows) ? { items: rows } : rows;
    }),
    route(`POST ${c.path}`, manage, { summary: c.summaries.create, params, body: input, response: { 201: item } }, async (req) =>
      c.create(deps, actorOf(req), req.tenant, req.body as z.output<Input>),
    ),
    ...(get
      ? [
          route(`GET ${c.path}/:id`, read, { summary: summary('get'), params: one, response: { 200: item } }, async (req) =>
            get(deps, req.tenant, req.params.id),
          ),
        ]
      : []),
    route(
      `${c.replaces ? 'PUT' : 'PATCH'} ${c.path}/:id`,
      manage,
      { summary: c.summaries.update, params: one, body: patch, response: { 200: item } },
      async (req) => c.update(deps, actorOf(req), req.tenant, req.params.id, req.body as z.output<Patch>),
    ),
    ...(remove
      ? [
          route(`DELETE ${c.path}/:id`, manage, { summary: summary('remove'), params: one, response: { 204: noContent } }, async (req) => {
            await remove(deps, actorOf(req), req.tenant, req.params.id);
          }),
        ]
      : []),
  ];
}

/**
 * Runs a service call whose errors point at fields of its input (`/location`, `/endsAt`): in the API those are fields
 * of the body, so a pointer outside body, querystring, params and headers gets `/body` in front.
 */
export async function asBody<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    if (err instanceof AppError && err.errors.length) {
      const errors = err.errors.map((e) => (/^\/(body|querystring|params|headers)(\/|$)/.test(e.pointer) ? e : { ...e, pointer: `/body${e.pointer}` }));
      throw new AppError(err.code, err.detail, errors, err.extra);
    }
    throw err;
  }
}

// Per-address request limits (@fastify/rate-limit) with their counters in the database, so every process of the
// installation shares one count: a second server behind the load balancer does not double the allowance.
// The counters live in rate_limit_hits (installation-wide, as civicast_app, no tenant); maintenance sweeps old rows.
import fastifyRateLimit, { type FastifyRateLimitStore, type RateLimitOptions } from '@fastify/rate-limit';
import { sql } from 'drizzle-orm';
import type { FastifyInstance, FastifyRequest, RouteOptions } from 'fastify';
import { type Database, queryRows } from './db/client.ts';
import { AppError } from './errors.ts';

type IncrCallback = (error: Error | null, result?: { current: number; ttl: number }) => void;

/** One atomic upsert per hit: a window that has run out starts again at 1. */
class DatabaseStore implements FastifyRateLimitStore {
  constructor(
    private readonly db: Database,
    private readonly prefix: string,
  ) {}

  incr(key: string, cb: IncrCallback, timeWindow: number): void {
    this.hit(`${this.prefix}${key}`, timeWindow).then(
      (res) => cb(null, res),
      (err: Error) => cb(err),
    );
  }

  private async hit(key: string, timeWindow: number) {
    const [row] = await this.db.asApp((tx) =>
      queryRows<{ count: number; ttl: number }>(
        tx,
        sql`insert into rate_limit_hits as h (key, count, reset_at)
            values (${key}, 1, now() + ${timeWindow} * interval '1 millisecond')
            on conflict (key) do update set
              count = case when h.reset_at <= now() then 1 else h.count + 1 end,
              reset_at = case when h.reset_at <= now() then excluded.reset_at else h.reset_at end
            returning count, greatest(0, floor(extract(epoch from (reset_at - now())) * 1000))::int as ttl`,
      ),
    );
    return { current: Number(row!.count), ttl: Number(row!.ttl) };
  }

  // each limited route counts apart: its method and URL go in front of the address (the plugin hands the route
  // options over as routeInfo, beside the merged limits, whatever its typings say)
  // a keyed limit (below) counts under its own name instead
  child(params: RouteOptions & { path: string; prefix: string }): FastifyRateLimitStore {
    const { routeInfo: route, limitName } = params as unknown as { routeInfo?: { url?: string; method?: string | string[] }; limitName?: string };
    return new DatabaseStore(this.db, limitName ? `${limitName} ` : `${[route?.method ?? ''].flat().join(',')} ${route?.url ?? ''} `);
  }
}

/** Registers the plugin for routes that opt in with `config.rateLimit` (see the limits below). */
export async function registerRateLimits(app: FastifyInstance, db: Database) {
  await app.register(fastifyRateLimit, {
    global: false,
    // the plugin builds its store with `new Store(options)`; the database comes from this closure
    store: class extends DatabaseStore {
      constructor() {
        super(db, '');
      }
    },
    keyGenerator: (req) => req.ip,
    addHeadersOnExceeding: { 'x-ratelimit-limit': false, 'x-ratelimit-remaining': false, 'x-ratelimit-reset': false },
    addHeaders: { 'x-ratelimit-limit': false, 'x-ratelimit-remaining': false, 'x-ratelimit-reset': false, 'retry-after': true },
    errorResponseBuilder: (_req, ctx) =>
      new AppError('rate_limited', `Too many requests from this address. Try again in ${ctx.after}.`, [], {
        retryAfterSeconds: Math.ceil(ctx.ttl / 1000),
      }),
  });
}

/**
 * Sign-in and password reset: 100 requests per 10 minutes and address, beside the per-account lockout. It counts every
 * request, successful ones too, so it is set for a town hall whose staff all sign in from one address in the morning.
 */
export const SIGN_IN_LIMIT: RateLimitOptions = { max: 100, timeWindow: 10 * 60_000 };

/** A limit counted under a key the route works out itself (a number's hash, an address range), not the client address. */
export interface KeyedLimit {
  /** Names the counters in rate_limit_hits (`<name> <key>`); one name per limit. */
  name: string;
  /** Requests allowed per window; a function when it depends on the key (an address range that earned more). */
  max: number | ((key: string) => Promise<number>);
  timeWindow: number;
}

export type LimitCheck = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/**
 * Counts one request under `key` in the shared store of @fastify/rate-limit and says whether it is over the limit.
 * For limits a route checks in its handler, after reading the body: a 429 there is the route's own answer (a form
 * page with the error), which `AppError('rate_limited')` from `limitRefusal` turns into problem+json elsewhere.
 */
export function keyedLimit(app: FastifyInstance, limit: KeyedLimit) {
  return async (req: FastifyRequest, key: string): Promise<LimitCheck> => {
    const { max } = limit;
    const check = app.createRateLimit({
      keyGenerator: () => key,
      max: typeof max === 'number' ? max : (_req, k) => max(k),
      timeWindow: limit.timeWindow,
      limitName: limit.name,
    } as Parameters<FastifyInstance['createRateLimit']>[0]);
    const res = await check(req);
    return res.isAllowed || !res.isExceeded ? { allowed: true } : { allowed: false, retryAfterSeconds: Math.max(1, res.ttlInSeconds) };
  };
}

/** The refusal of a keyed limit, answered like the plugin's own: problem+json `rate_limited` with Retry-After. */
export const limitRefusal = (retryAfterSeconds: number, detail = 'Too many requests. Try again later.') =>
  new AppError('rate_limited', detail, [], { retryAfterSeconds });

/** Drops the counters of one key (an erased resident's number): nothing keyed by a person outlives the person. */
export async function forgetLimitKey(db: Database, name: string, key: string) {
  await db.asApp((tx) => tx.execute(sql`delete from rate_limit_hits where key = ${`${name} ${key}`}`));
}

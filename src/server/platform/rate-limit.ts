// Per-address request limits (@fastify/rate-limit) with their counters in the database, so every process of the
// installation shares one count: a second server behind the load balancer does not double the allowance.
// The counters live in rate_limit_hits (installation-wide, as civicast_app, no tenant); maintenance sweeps old rows.
import fastifyRateLimit, { type FastifyRateLimitStore, type RateLimitOptions } from '@fastify/rate-limit';
import { sql } from 'drizzle-orm';
import type { FastifyInstance, RouteOptions } from 'fastify';
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
  child(params: RouteOptions & { path: string; prefix: string }): FastifyRateLimitStore {
    const route = (params as unknown as { routeInfo?: { url?: string; method?: string | string[] } }).routeInfo;
    return new DatabaseStore(this.db, `${[route?.method ?? ''].flat().join(',')} ${route?.url ?? ''} `);
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

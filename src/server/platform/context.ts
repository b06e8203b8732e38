// The explicit dependencies handed to buildApp and from there to routes and services.
import type { FastifyRequest } from 'fastify';
import type { Registry } from 'prom-client';
import type { DeliveryRuntime } from '../modules/delivery/index.ts';
import type { Actor } from './audit.ts';
import type { Config } from './config.ts';
import type { Database } from './db/client.ts';
import type { Jobs } from './jobs.ts';
import type { Logger } from './logger.ts';

/** What a process opens before anything else: configuration, database, logger, metrics, the job queue. */
export interface BaseDeps {
  config: Config;
  db: Database;
  log: Logger;
  registry: Registry;
  /** Present when this process can enqueue jobs (all modes but a bare migrate). */
  jobs: Jobs | null;
}

/**
 * Everything a route, service or job may use, created once per process by createAppDeps (src/server/deps.ts):
 * per-process state (caches, throttles, provider connections) lives here, never in module-level variables.
 */
export interface AppDeps extends BaseDeps {
  /** The delivery runtime: adapters, provider choice and health, caches, metrics, channel events. */
  delivery: DeliveryRuntime;
  /** Stops the in-process listeners createAppDeps started (inbox threader, report forwarder, event waiting lists). */
  stopListeners: () => void;
}

export function actorOf(req: FastifyRequest): Actor {
  return {
    userId: req.staff?.user.id ?? null,
    email: req.staff?.user.email ?? null,
    ip: req.ip ?? null,
    userAgent: typeof req.headers['user-agent'] === 'string' ? req.headers['user-agent'] : null,
    requestId: String(req.id),
  };
}

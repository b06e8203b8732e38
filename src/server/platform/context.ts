// The explicit dependencies handed to buildApp and from there to routes and services.
import type { FastifyRequest } from 'fastify';
import type { Registry } from 'prom-client';
import type { Actor } from './audit.ts';
import type { Config } from './config.ts';
import type { Database } from './db/client.ts';
import type { Jobs } from './jobs.ts';
import type { Logger } from './logger.ts';

export interface AppDeps {
  config: Config;
  db: Database;
  log: Logger;
  registry: Registry;
  /** Present when this process can enqueue jobs (all modes but a bare migrate). */
  jobs: Jobs | null;
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

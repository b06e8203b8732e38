import type { FastifyInstance } from 'fastify';
import { sql } from 'drizzle-orm';
import type { AppDeps } from '../../platform/context.ts';
import { appliedMigrationCount, expectedMigrationCount } from '../../platform/db/migrate.ts';
import { metricsAccess } from './metrics-access.ts';
import { z } from 'zod';

export async function systemRoutes(app: FastifyInstance, deps: AppDeps) {
  const expected = expectedMigrationCount();
  const healthy = JSON.stringify({ status: 'ok' });
  app.get(
    '/healthz',
    { schema: { tags: ['operations'], summary: 'Liveness: the process answers', response: { 200: z.object({ status: z.literal('ok') }) } } },
    async (_req, reply) => reply.header('cache-control', 'no-store').type('application/json').send(healthy),
  );
  app.get(
    '/readyz',
    {
      schema: {
        tags: ['operations'],
        summary: 'Readiness: database reachable and migrations current',
        response: {
          200: z.object({ status: z.literal('ready'), database: z.string(), migrations: z.number().int() }),
          503: z.object({
            status: z.enum(['migrations-pending', 'database-unreachable']),
            applied: z.number().int().optional(),
            expected: z.number().int().optional(),
          }),
        },
      },
    },
    async (_req, reply) => {
      reply.header('cache-control', 'no-store');
      try {
        // as the application role: the connection works and the role the requests run as exists
        await deps.db.asApp((tx) => tx.execute(sql`select 1`));
        const applied = await appliedMigrationCount(deps.db);
        if (applied < expected) return reply.status(503).send({ status: 'migrations-pending', applied, expected });
        return { status: 'ready', database: deps.db.kind, migrations: applied };
      } catch {
        return reply.status(503).send({ status: 'database-unreachable' });
      }
    },
  );
  app.get(
    '/metrics',
    {
      onRequest: metricsAccess(deps.config.metricsToken),
      schema: {
        tags: ['operations'],
        summary: 'Prometheus metrics (bearer CIVICAST_METRICS_TOKEN; without one, from this machine only)',
        response: { 200: { description: 'Prometheus text exposition format', content: { 'text/plain': { schema: z.string() } } } },
      },
    },
    async (_req, reply) => reply.type(deps.registry.contentType).send(await deps.registry.metrics()),
  );
}

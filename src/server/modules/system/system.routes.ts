import type { FastifyInstance } from 'fastify';
import { sql } from 'drizzle-orm';
import type { AppDeps } from '../../platform/context.ts';
import { appliedMigrationCount, expectedMigrationCount } from '../../platform/db/migrate.ts';

export async function systemRoutes(app: FastifyInstance, deps: AppDeps) {
  const expected = expectedMigrationCount();
  const healthy = JSON.stringify({ status: 'ok' });
  app.get('/healthz', { schema: { tags: ['operations'], summary: 'Liveness: the process answers' } }, async (_req, reply) =>
    reply.header('cache-control', 'no-store').type('application/json').send(healthy),
  );
  app.get('/readyz', { schema: { tags: ['operations'], summary: 'Readiness: database reachable and migrations current' } }, async (_req, reply) => {
    reply.header('cache-control', 'no-store');
    try {
      await deps.db.system.execute(sql`select 1`);
      const applied = await appliedMigrationCount(deps.db);
      if (applied < expected) return reply.status(503).send({ status: 'migrations-pending', applied, expected });
      return { status: 'ready', database: deps.db.kind, migrations: applied };
    } catch {
      return reply.status(503).send({ status: 'database-unreachable' });
    }
  });
  app.get('/metrics', { schema: { tags: ['operations'], summary: 'Prometheus metrics' } }, async (_req, reply) =>
    reply.type(deps.registry.contentType).send(await deps.registry.metrics()),
  );
}

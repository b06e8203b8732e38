import { and, desc, lt } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../../platform/context.ts';
import { auditLog } from '../../platform/db/schema.ts';
import { auditPage } from '../../../common/contracts/audit.ts';

export async function auditRoutes(app: FastifyInstance, deps: AppDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    '/api/v1/tenants/:tenant/audit-log',
    {
      config: { permission: 'audit.read' },
      schema: {
        tags: ['audit'],
        summary: 'Who did what, when, from where (newest first)',
        response: { 200: auditPage },
        params: z.object({ tenant: z.string().max(64) }),
        querystring: z.strictObject({ limit: z.coerce.number().int().min(1).max(200).default(50), before: z.coerce.number().int().positive().optional() }),
      },
    },
    async (req) => {
      const { limit, before } = req.query;
      const rows = await deps.db.withTenant(req.tenant.id, (tx) =>
        tx
          .select()
          .from(auditLog)
          .where(and(before ? lt(auditLog.id, before) : undefined))
          .orderBy(desc(auditLog.id))
          .limit(limit),
      );
      return {
        items: rows.map((e) => ({
          id: e.id,
          at: e.at.toISOString(),
          actorEmail: e.actorEmail,
          action: e.action,
          objectType: e.objectType,
          objectId: e.objectId,
          details: e.details,
          ip: e.ip,
        })),
        nextBefore: rows.length === limit ? rows[rows.length - 1].id : null,
      };
    },
  );
}

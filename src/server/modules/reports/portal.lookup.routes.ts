// JSON for the report form's script: the address search over the street directory and the "already reported?" hint
// while the pin moves. Limited per address range; strict queries (an unknown parameter is a 400).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ReportCategory } from '../../../common/contracts/reports.ts';
import type { AppDeps } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { limitRefusal } from '../../platform/rate-limit.ts';
import { getCategory } from './categories.service.ts';
import { hourlyLimit, portalContextOf, type PortalReq, REPORT_FORM_LIMITS, rangeOf } from './portal.context.ts';
import { searchAddresses } from './portal.data.ts';
import { reportsHref, statusText } from './portal.render.ts';
import { findNearbyOpen } from './reports.service.ts';

export async function reportLookupRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  const lookups = hourlyLimit(app, 'report-lookups:range', REPORT_FORM_LIMITS.lookupsPerRangePerHour);
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tenantParams = z.object({ tenant: z.string().max(100) });
  /** The page context of a lookup (404: no such municipality), counted against the range's limit; never cached. */
  const lookupContext = async (req: FastifyRequest, reply: FastifyReply) => {
    const ctx = await portalContextOf(deps, req as unknown as PortalReq);
    if (!ctx) throw new AppError('not_found', 'There is no such municipality.');
    const check = await lookups(req, rangeOf(req));
    if (!check.allowed) throw limitRefusal(check.retryAfterSeconds);
    reply.header('cache-control', 'no-store');
    return ctx;
  };

  r.get(
    '/m/:tenant/reports/address-search',
    {
      schema: {
        hide: true,
        params: tenantParams,
        querystring: z.strictObject({ q: z.string().trim().min(1).max(100), lang: z.enum(['de', 'en']).optional() }),
        response: { 200: z.object({ items: z.array(z.object({ label: z.string(), lat: z.number(), lng: z.number() })) }) },
      },
    },
    async (req, reply) => {
      const ctx = await lookupContext(req, reply);
      return { items: await searchAddresses(deps, ctx.c.tenant, req.query.q) };
    },
  );

  r.get(
    '/m/:tenant/reports/nearby',
    {
      schema: {
        hide: true,
        params: tenantParams,
        querystring: z.strictObject({
          category: z.string().min(1).max(100),
          lat: z.coerce.number().min(-90).max(90),
          lng: z.coerce.number().min(-180).max(180),
          lang: z.enum(['de', 'en']).optional(),
        }),
        response: {
          200: z.object({
            items: z.array(
              z.object({
                number: z.number().int(),
                distanceM: z.number(),
                status: z.string(),
                statusText: z.string(),
                description: z.string(),
                href: z.string(),
              }),
            ),
          }),
        },
      },
    },
    async (req, reply) => {
      const ctx = await lookupContext(req, reply);
      const category: ReportCategory | null = await getCategory(deps, ctx.c.tenant, req.query.category);
      if (!category?.active) return { items: [] };
      const nearby = await findNearbyOpen(deps, ctx.c.tenant, { categoryId: category.id, lat: req.query.lat, lng: req.query.lng });
      return {
        items: nearby.map((n) => ({
          number: n.number,
          distanceM: Math.round(n.distanceM),
          status: n.status,
          statusText: statusText(ctx.c.lang, n.status).value,
          description: n.description.length > 200 ? `${Array.from(n.description).slice(0, 197).join('')}…` : n.description,
          href: reportsHref(ctx.c, `reports/${n.number}`),
        })),
      };
    },
  );
}

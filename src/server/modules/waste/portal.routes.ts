// The portal's waste pages: /m/{t}/waste (pick a street without sign-in; signed-in residents see their own street
// first) and /m/{t}/waste/{streetId}.ics (the street's dates for a calendar app). Plain GET pages, no JavaScript.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { DateTime } from 'luxon';
import { z } from 'zod';
import type { AppDeps } from '../../platform/context.ts';
import type { TenantRow } from '../../platform/tenancy.ts';
import { langFromAcceptLanguage, portalThemeHref, portalWarnings, sendPortalNotFound, sendUncachedPage } from '../portal/index.ts';
import { getFollow, loadResident } from '../residents/index.ts';
import { findTenantBySlug } from '../tenants/index.ts';
import { streetCalendar, todayIn } from './dates.service.ts';
import { streetIcs } from './ical.ts';
import { type WastePageCtx, wastePage } from './portal.render.ts';
import * as repo from './waste.repository.ts';

const SLUG = /^[a-z0-9]+(-[a-z0-9]+)*$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const pageQuery = z.looseObject({ street: z.unknown().optional(), lang: z.unknown().optional() });
type Req = FastifyRequest<{ Params: { tenant: string; file?: string }; Querystring: Record<string, unknown> }>;

const first = (v: unknown) => (typeof v === 'string' ? v : Array.isArray(v) && typeof v[0] === 'string' ? v[0] : '');

async function tenantOf(deps: AppDeps, req: Req): Promise<TenantRow | null> {
  const slug = req.params.tenant;
  return (SLUG.test(slug) ? await findTenantBySlug(deps.db, slug) : null) ?? null;
}

async function pageCtx(deps: AppDeps, req: Req, tenant: TenantRow): Promise<{ c: WastePageCtx; ownStreet: string | null }> {
  const q = first(req.query?.lang);
  const explicit = q === 'de' || q === 'en';
  const lang = explicit ? (q as 'de' | 'en') : (langFromAcceptLanguage(req.headers['accept-language']) ?? (tenant.locale === 'en' ? 'en' : 'de'));
  const session = await loadResident(deps, req);
  const follow = session ? await getFollow(deps, tenant.id, session.residentId) : null;
  const c: WastePageCtx = {
    tenant,
    lang,
    explicit,
    themeHref: portalThemeHref(tenant),
    publicUrl: deps.config.publicUrl,
    signedIn: follow !== null,
    warnings: await portalWarnings(req, tenant.id),
  };
  return { c, ownStreet: follow?.streetId ?? null };
}

export async function wastePortalRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  app.get('/m/:tenant/waste', { schema: { hide: true, querystring: pageQuery } }, async (request, reply) => {
    const req = request as Req;
    const tenant = await tenantOf(deps, req);
    if (!tenant) return sendPortalNotFound(req, reply);
    const { c, ownStreet } = await pageCtx(deps, req, tenant);
    const asked = first(req.query.street).trim();
    const streets = await deps.db.withTenant(tenant.id, (tx) => repo.streetOptions(tx, tenant.id));
    const selected = asked || ownStreet || null;
    const calendar = selected && UUID.test(selected) ? await streetCalendar(deps, tenant, selected, todayIn(tenant)) : null;
    const unknownStreet = Boolean(asked) && !calendar;
    const body = wastePage(c, { streets, selected: calendar ? selected : null, calendar, ownStreet: !asked && calendar !== null, unknownStreet });
    return sendUncachedPage(reply, unknownStreet ? 404 : 200, body);
  });

  app.get('/m/:tenant/waste/:file', { schema: { hide: true } }, async (request, reply) => {
    const req = request as Req;
    const tenant = await tenantOf(deps, req);
    const streetId = /^(.+)\.ics$/.exec(req.params.file ?? '')?.[1] ?? '';
    if (!tenant || !UUID.test(streetId)) return sendPortalNotFound(req, reply);
    const from = DateTime.fromISO(todayIn(tenant), { zone: 'utc' }).minus({ months: 1 }).toISODate() as string;
    const to = DateTime.fromISO(from, { zone: 'utc' }).plus({ months: 13 }).toISODate() as string;
    const result = await deps.db.withTenant(tenant.id, async (tx) => {
      const types = new Map((await repo.listTypeRows(tx, tenant.id)).filter((t) => t.active).map((t) => [t.id, t.name]));
      const rows = await repo.listDateRows(tx, tenant.id, { streetId, from, to });
      const [street] = (await repo.streetOptions(tx, tenant.id)).filter((s) => s.id === streetId);
      return street ? { street, rows: rows.filter((r) => types.has(r.typeId)).map((r) => ({ ...r, typeName: types.get(r.typeId) as string })) } : null;
    });
    if (!result) return sendPortalNotFound(req, reply);
    const host = new URL(deps.config.publicUrl).hostname;
    const page = `${deps.config.publicUrl}/m/${tenant.slug}/waste?street=${streetId}`;
    const body = streetIcs({ streetName: result.street.name }, tenant.name, result.rows, host, page);
    return reply
      .code(200)
      .headers({ 'cache-control': 'public, max-age=300', 'content-disposition': `inline; filename="abfallkalender-${streetId}.ics"` })
      .type('text/calendar; charset=utf-8')
      .send(body);
  });
}

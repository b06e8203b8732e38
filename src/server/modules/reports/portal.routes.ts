// The resident portal's report pages under /m/{tenant}/reports: the public list (and map) and the form (plain form
// posts without JavaScript; multipart for photos, only in this route's scope); the report page and the JSON lookups
// are registered from here too. Posts are same-origin only and limited per address range and per contact; nothing a
// resident sends ends in a 500.
import fastifyMultipart from '@fastify/multipart';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { REPORT_PHOTO_LIMITS } from '../../../common/report-settings.ts';
import { REPORT_STATUSES, type ReportStatus } from '../../../common/states.ts';
import type { AppDeps } from '../../platform/context.ts';
import { sendPortalNotFound } from '../portal/index.ts';
import { isSameOrigin, lookupHash, withinPortalLimits } from '../residents/index.ts';
import { listCategories } from './categories.service.ts';
import { reportAssetRoutes } from './portal.assets.ts';
import {
  firstString as str,
  hourlyLimit,
  portalActor as actorOf,
  portalContextOf,
  type PortalReq,
  REPORT_FORM_LIMITS,
  type ReportsCtx,
  reportPathContextOf,
  sendReportsPage as page,
} from './portal.context.ts';
import { locateAddress, streetOptions, townCentre } from './portal.data.ts';
import { type FormPageData, filedPage, nearbyPage, reportFormPage } from './portal.form.render.ts';
import { checkReportForm, emptyReportForm, errorsFromService, fieldsOf, photoErrorOf, type ReportFormErrors, readReportFields } from './portal.form.ts';
import { reportLookupRoutes } from './portal.lookup.routes.ts';
import { readPost } from './portal.multipart.ts';
import { reportPageRoutes } from './portal.report.routes.ts';
import { reportListPage, reportsHref } from './portal.render.ts';
import { photoRejectionOf, type PreparedPhoto, preparePhoto } from './photos.ts';
import { publicReports } from './reports.queries.ts';
import { fileReport, findNearbyOpen } from './reports.service.ts';

const listQuery = z.looseObject({ category: z.unknown().optional(), status: z.unknown().optional(), cursor: z.unknown().optional() });

export { REPORT_FORM_LIMITS };

export async function reportPortalRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  await reportAssetRoutes(app);
  const perRange = hourlyLimit(app, 'report-form:range', REPORT_FORM_LIMITS.perRangePerHour);
  const perContact = hourlyLimit(app, 'report-form:contact', REPORT_FORM_LIMITS.perContactPerHour);

  async function formData(ctx: ReportsCtx, extra: Partial<FormPageData> = {}): Promise<FormPageData> {
    const [categories, streets, centre] = await Promise.all([
      listCategories(deps, ctx.c.tenant, { activeOnly: true }),
      streetOptions(deps, ctx.c.tenant),
      townCentre(deps, ctx.c.tenant),
    ]);
    return { categories, streets, centre, asResident: ctx.residentId !== null, ...extra };
  }

  app.get('/m/:tenant/reports', { schema: { hide: true, querystring: listQuery } }, async (request, reply) => {
    const ctx = await portalContextOf(deps, request as PortalReq);
    if (!ctx) return sendPortalNotFound(request, reply);
    const { tenant } = ctx.c;
    if (!tenant.reportsSettings.publicMap) return page(reply, 200, reportListPage(ctx.c, null));
    const q = request.query as Record<string, unknown>;
    const categories = await listCategories(deps, tenant);
    const category = categories.find((cat) => cat.code === str(q.category));
    const status = str(q.status);
    const validStatus = status === 'open' || (REPORT_STATUSES as readonly string[]).includes(status) ? (status as ReportStatus | 'open') : undefined;
    const cursor = str(q.cursor) || undefined;
    const [list, centre] = await Promise.all([
      publicReports(deps, tenant, { status: validStatus, categoryId: category?.id, cursor, limit: 20 }),
      townCentre(deps, tenant),
    ]);
    const body = reportListPage(ctx.c, { ...list, paged: Boolean(cursor), categories, status: validStatus, category: category?.code, centre });
    return page(reply, 200, body);
  });

  app.get('/m/:tenant/reports/new', { schema: { hide: true } }, async (request, reply) => {
    const ctx = await portalContextOf(deps, request as PortalReq);
    if (!ctx) return sendPortalNotFound(request, reply);
    const values = readReportFields(fieldsOf(request.query as Record<string, unknown>))?.values ?? emptyReportForm();
    return page(reply, 200, reportFormPage(ctx.c, await formData(ctx), values, {}));
  });

  await app.register(async (scope) => {
    await scope.register(fastifyMultipart, {
      throwFileSizeLimit: false,
      limits: { files: 20, fileSize: REPORT_PHOTO_LIMITS.bytes, fields: 120, fieldSize: 20_000, parts: 150, headerPairs: 100 },
    });
    scope.post('/m/:tenant/reports', { schema: { hide: true } }, async (request, reply) => fileFromForm(request as PortalReq, reply));
  });

  async function fileFromForm(req: PortalReq, reply: FastifyReply) {
    const ctx = await portalContextOf(deps, req);
    if (!ctx) return sendPortalNotFound(req, reply);
    const { c, residentId } = ctx;
    const tenant = c.tenant;
    const show = async (code: number, v = emptyReportForm(), errors: ReportFormErrors = {}, extra: Partial<FormPageData> = {}) =>
      page(reply, code, reportFormPage(c, await formData(ctx, extra), v, errors));
    if (!isSameOrigin(deps, req)) return show(403, emptyReportForm(), {}, { notice: 'forbiddenText' });
    const post = await readPost(req);
    if (!post) return show(400, emptyReportForm(), {}, { notice: 'errorSummary' });
    const form = readReportFields(post.fields);
    if (!form) return show(400, emptyReportForm(), {}, { notice: 'errorSummary' });
    const v = form.values;
    const photosDropped = post.files.length > 0;
    const categories = await listCategories(deps, tenant, { activeOnly: true });
    const checked = checkReportForm(v, categories, { residentId, photoCount: post.files.length + post.extraFiles });
    const { errors } = checked;
    let location = checked.location;
    let address: string | undefined;
    if (!location && v.street && !errors.street) {
      const found = /^[0-9a-f-]{36}$/i.test(v.street) ? await locateAddress(deps, tenant, v.street, v.houseNumber) : null;
      if (found) ({ address, ...location } = found);
      else errors.street = { key: 'reports.errLocationUnknown' };
    }
    if (post.truncated.length) errors.photos = photoErrorOf('too_large', post.truncated[0]);
    if (Object.keys(errors).length || !checked.category || !location) return show(400, v, errors, { photosDropped });
    const category = checked.category;

    if (!v.confirmNew) {
      const nearby = await findNearbyOpen(deps, tenant, { categoryId: category.id, lat: location.lat, lng: location.lng });
      if (nearby.length) return page(reply, 200, nearbyPage(c, v, nearby, residentId !== null));
    }
    const contact = checked.contact;
    const contactKey =
      contact.kind === 'resident'
        ? `resident:${contact.residentId}`
        : contact.kind === 'email'
          ? lookupHash(deps.config.secretKey, 'email', contact.email)
          : contact.kind === 'phone'
            ? lookupHash(deps.config.secretKey, 'phone', contact.phone)
            : null;
    if (!(await withinPortalLimits(req, reply, perRange, contactKey ? { limit: perContact, key: contactKey } : undefined)))
      return show(429, v, {}, { notice: 'reports.errLimited', photosDropped });
    // a filled honeypot is a bot: it sees a confirmation, but nothing is stored or sent
    if (form.honeypot) return page(reply, 200, filedPage(c, null, false, false));

    const photos: PreparedPhoto[] = [];
    for (const [i, bytes] of post.files.entries()) {
      try {
        photos.push(await preparePhoto(bytes, i));
      } catch (err) {
        const reason = photoRejectionOf(err);
        if (!reason) throw err;
        return show(400, v, { photos: photoErrorOf(reason, i) }, { photosDropped });
      }
    }
    const input = { categoryId: category.id, description: v.description, location, address, attributes: checked.attributes, contact, language: c.lang };
    try {
      const filed = await fileReport(deps, actorOf(req), tenant, input, { source: 'portal', photos });
      req.log.info({ tenant: tenant.slug, number: filed.number, photos: photos.length }, 'report filed on the portal');
      const kind = contact.kind === 'anonymous' ? 'anonymous' : 'contact';
      return reply.redirect(reportsHref(c, `reports/${filed.number}/filed`, { kind }), 303);
    } catch (err) {
      const fieldErrors = errorsFromService(err);
      if (!fieldErrors) throw err;
      return show(400, v, fieldErrors, { photosDropped });
    }
  }

  app.get('/m/:tenant/reports/:number/filed', { schema: { hide: true } }, async (request, reply) => {
    const ctx = await reportPathContextOf(deps, request as PortalReq);
    if (!ctx) return sendPortalNotFound(request, reply);
    const anonymous = str((request.query as Record<string, unknown>).kind) === 'anonymous';
    return page(reply, 200, filedPage(ctx.c, ctx.number, !anonymous, ctx.c.tenant.reportsSettings.publicMap));
  });

  await reportPageRoutes(app, deps);
  await reportLookupRoutes(app, deps);
}

// A report's page on the portal (status history, public answers, approved photos) with its two forms: follow the
// report (a signed-in resident, or anyone with an e-mail address or mobile number and consent) and, for the signed-in
// reporter within the reopen period, report it again with a reason.
import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { classifyPhone } from '../../../common/phone.ts';
import type { AppDeps } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { sendPortalNotFound, t } from '../portal/index.ts';
import { isSameOrigin, withinPortalLimits } from '../residents/index.ts';
import {
  firstString as str,
  hourlyLimit,
  portalActor as actorOf,
  type PortalReq,
  REPORT_FORM_LIMITS,
  type ReportsCtx,
  reportPathContextOf,
  sendReportsPage as page,
} from './portal.context.ts';
import { reportRef, statusHistory } from './portal.data.ts';
import type { ReportContact } from './portal.form.ts';
import { reportDetailPage, reportListPage, reportNoticePage } from './portal.render.ts';
import { publicReport } from './reports.queries.ts';
import { followReport, reopenReport } from './reports.service.ts';

const DAY = 24 * 3600_000;

export async function reportPageRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  const actions = hourlyLimit(app, 'report-actions:range', REPORT_FORM_LIMITS.actionsPerRangePerHour);

  /** The report page; `status` and `notice` for the answers to follow and reopen. */
  async function showReport(
    req: PortalReq,
    reply: FastifyReply,
    ctx: ReportsCtx,
    number: number,
    opts: { code?: number; reasonError?: boolean; notice?: ReturnType<typeof t>; key?: string | null } = {},
  ) {
    const { tenant } = ctx.c;
    const ref = await reportRef(deps, tenant, number, ctx.residentId, opts.key ?? null);
    const report = ref ? await publicReport(deps, tenant, number) : null;
    if (!ref || !report) return sendPortalNotFound(req, reply);
    if (!tenant.reportsSettings.publicMap && !ref.isReporter) return page(reply, 200, reportListPage(ctx.c, null));
    const until = ref.closedAt ? new Date(ref.closedAt.getTime() + tenant.reportsSettings.reopenDays * DAY) : null;
    const reopenUntil = ref.isReporter && ref.status === 'resolved' && until && until.getTime() > Date.now() ? until : null;
    const history = await statusHistory(deps, tenant, ref.id);
    return page(
      reply,
      opts.code ?? 200,
      reportDetailPage(
        ctx.c,
        { report, history, reopenUntil, reopenKey: ref.reopenKey, canFollow: !ref.isReporter, notice: opts.notice },
        { reasonError: opts.reasonError },
      ),
    );
  }

  app.get('/m/:tenant/reports/:number', { schema: { hide: true } }, async (request, reply) => {
    const ctx = await reportPathContextOf(deps, request as PortalReq);
    if (!ctx) return sendPortalNotFound(request, reply);
    // the "resolved" message links here with the reopen key of a reporter known by address only
    const key = str(((request.query ?? {}) as Record<string, unknown>).key) || null;
    return showReport(request as PortalReq, reply, ctx, ctx.number, { key });
  });

  app.post('/m/:tenant/reports/:number/follow', { schema: { hide: true } }, async (request, reply) => {
    const req = request as PortalReq;
    const ctx = await reportPathContextOf(deps, req);
    if (!ctx) return sendPortalNotFound(req, reply);
    const { c, residentId, number: n } = ctx;
    const number = String(n);
    const refuse = (code: number, key: Parameters<typeof t>[1]) =>
      page(reply, code, reportNoticePage(c, 'reports.followTitle', t(c.lang, key, { name: c.tenant.name }), n));
    if (!isSameOrigin(deps, req)) return refuse(403, 'forbiddenText');
    const ref = await reportRef(deps, c.tenant, n, residentId);
    if (!ref) return sendPortalNotFound(req, reply);
    const body = (req.body ?? {}) as Record<string, unknown>;
    const email = str(body.email).trim().toLowerCase();
    const phone = str(body.phone).trim();
    const consent = str(body.consent) === 'yes';
    let contact: ReportContact;
    if (residentId) contact = { kind: 'resident', residentId };
    else if (email) {
      if (!z.email().max(254).safeParse(email).success) return refuse(400, 'reports.errEmail');
      contact = { kind: 'email', email };
    } else if (phone) {
      const p = classifyPhone(phone);
      if (!p.ok || p.line !== 'mobile') return refuse(400, 'reports.errPhone');
      contact = { kind: 'phone', phone: p.e164 };
    } else return refuse(400, 'reports.errEmail');
    if (!residentId && !consent) return refuse(400, 'reports.errConsent');
    if (!(await withinPortalLimits(req, reply, actions))) return refuse(429, 'reports.errLimited');
    try {
      await followReport(deps, actorOf(req), c.tenant, ref.id, contact);
    } catch (err) {
      if (err instanceof AppError && (err.code === 'conflict' || err.code === 'validation_failed'))
        return page(reply, 200, reportNoticePage(c, 'reports.followedTitle', t(c.lang, 'reports.followedAlready', { number }), n));
      throw err;
    }
    return page(reply, 200, reportNoticePage(c, 'reports.followedTitle', t(c.lang, 'reports.followed', { number }), n));
  });

  app.post('/m/:tenant/reports/:number/reopen', { schema: { hide: true } }, async (request, reply) => {
    const req = request as PortalReq;
    const ctx = await reportPathContextOf(deps, req);
    if (!ctx) return sendPortalNotFound(req, reply);
    const { c, residentId, number: n } = ctx;
    const refuse = (code: number, key: Parameters<typeof t>[1]) => page(reply, code, reportNoticePage(c, 'reports.reopenTitle', t(c.lang, key), n));
    if (!isSameOrigin(deps, req)) return refuse(403, 'forbiddenText');
    const body = (req.body ?? {}) as Record<string, unknown>;
    const key = str(body.key) || null;
    if (!residentId && !key) return refuse(403, 'reports.reopenRefused');
    const reason = str(body.reason).trim();
    if (!reason || Array.from(reason).length > 2000) return showReport(req, reply, ctx, n, { code: 400, reasonError: true, key });
    if (!(await withinPortalLimits(req, reply, actions))) return refuse(429, 'reports.errLimited');
    try {
      await reopenReport(deps, actorOf(req), c.tenant, n, { reason }, key ? { key } : { residentId: residentId as string });
    } catch (err) {
      if (err instanceof AppError && ['conflict', 'forbidden', 'not_found', 'validation_failed'].includes(err.code))
        return refuse(err.code === 'not_found' ? 404 : err.code === 'forbidden' ? 403 : 409, 'reports.reopenRefused');
      throw err;
    }
    return showReport(req, reply, ctx, n, { notice: t(c.lang, 'reports.reopened', { number: String(n) }) });
  });
}

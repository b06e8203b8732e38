// Staff API of reports (inside the tenant scope): the list, the map, the CSV export, filing by hand, one report, and
// working it (status, assignment, comments, corrections, photo review). Every change answers the updated report.
import { create as attachment } from 'content-disposition';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import * as c from '../../../common/contracts/reports.ts';
import { can } from '../../../common/permissions.ts';
import type { Actor } from '../../platform/audit.ts';
import { actorOf, type AppDeps } from '../../platform/context.ts';
import { asBody, declareTenantRoutes, route } from '../../platform/tenant-routes.ts';
import { reportsCsv } from './reports.csv.ts';
import { getReport, listReports, reportMapJson } from './reports.queries.ts';
import * as service from './reports.service.ts';

const params = z.object({ tenant: z.string().max(64) });
const id = params.extend({ id: z.uuid('must be a report id') });
const photoParams = id.extend({ photoId: z.uuid('must be a photo id') });
const list = c.reportList.extend({
  total: z.number().int().describe(`How many match, counted up to ${c.REPORT_TOTAL_CAP} (a larger number is reported as ${c.REPORT_TOTAL_CAP})`),
});
const created = z.object({ id: z.uuid(), number: z.number().int() });
const csvQuery = c.reportListQuery.omit({ cursor: true, limit: true });
const csv = { description: 'Reports as CSV (semicolon-separated, UTF-8 with BOM; no contact data)', content: { 'text/csv': { schema: z.string() } } };

type Req = FastifyRequest;
const who = (req: Req): service.ReportWho => ({ tenant: req.tenant, userId: req.staff?.user.id ?? '', role: req.access.role });
/** The reporter's contact goes only to those who work reports (the view is audited). */
const detail = (deps: AppDeps, req: Req, reportId: string) =>
  getReport(deps, actorOf(req), who(req), reportId, { withContact: can(req.access.role, 'reports.work') });

export async function reportRoutes(app: FastifyInstance, deps: AppDeps) {
  const [read, work] = ['reports.read', 'reports.work'] as const;
  /** A change to one report through the service (its errors point into the body): answers the updated report. */
  const change = <B extends z.ZodType>(
    endpoint: `${'POST' | 'PATCH'} /reports/:id${string}`,
    summary: string,
    body: B,
    run: (deps: AppDeps, actor: Actor, who: service.ReportWho, id: string, input: z.output<B>) => Promise<unknown>,
  ) =>
    route(endpoint, work, { summary, params: id, body, response: { 200: c.reportDetail } }, async (req) => {
      await asBody(() => run(deps, actorOf(req), who(req), req.params.id, req.body as z.output<B>));
      return detail(deps, req, req.params.id);
    });
  const rows = [
    route(
      'GET /reports',
      read,
      { summary: 'Reports: a named view with filters, newest first, in pages', params, querystring: c.reportListQuery, response: { 200: list } },
      async (req) => listReports(deps, who(req), req.query),
    ),
    route(
      'GET /reports/map',
      read,
      {
        summary: `Reports in a bounding box: points, or grid clusters past ${c.REPORT_MAP_POINT_CAP}`,
        params,
        querystring: c.reportMapQuery,
        response: { 200: c.reportMap },
      },
      // the JSON text as PostgreSQL wrote it (reports.map.ts): the declared schema documents it, nothing re-serialises it
      async (req, reply) => reply.type('application/json; charset=utf-8').send(await reportMapJson(deps, req.tenant, req.query)),
    ),
    route(
      'GET /reports/export.csv',
      read,
      { summary: 'CSV export of reports with the list filters (no contact data)', params, querystring: csvQuery, response: { 200: csv } },
      async (req, reply) => {
        const day = new Date().toISOString().slice(0, 10);
        const body = await reportsCsv(deps, actorOf(req), who(req), req.query);
        return reply
          .type('text/csv; charset=utf-8')
          .header('content-disposition', attachment(`meldungen-${req.tenant.slug}-${day}.csv`))
          .header('cache-control', 'private, no-store')
          .send(body);
      },
    ),
    route(
      'POST /reports',
      work,
      { summary: 'File a report by hand (a phone call) or from an inbox conversation', params, body: c.staffCreateReportInput, response: { 201: created } },
      async (req) => {
        const { conversationId, ...input } = req.body;
        const source = conversationId ? 'inbox' : 'staff';
        const filed = await asBody(() => service.fileReport(deps, actorOf(req), req.tenant, input, { source, conversationId }));
        return { id: filed.id, number: filed.number };
      },
    ),
    route(
      'GET /reports/:id',
      read,
      { summary: "A report with its history and photos; the reporter's contact for reports.work (audited)", params: id, response: { 200: c.reportDetail } },
      async (req) => detail(deps, req, req.params.id),
    ),
    change(
      'POST /reports/:id/status',
      'Change the status (reason for rejected, the original for duplicate), with an optional public comment',
      c.reportStatusInput,
      service.changeStatus,
    ),
    change('POST /reports/:id/assign', 'Assign to a department and/or a person, or claim it', c.reportAssignInput, service.assignReport),
    change('POST /reports/:id/comments', 'An internal comment, or a public one (shown on the portal)', c.reportCommentInput, service.addComment),
    change('PATCH /reports/:id', 'Change the expected date, or correct the category or the pin', c.reportPatchInput, service.patchReport),
    route(
      'POST /reports/:id/photos/:photoId/review',
      work,
      { summary: 'Approve a photo (then it is public) or reject it', params: photoParams, body: c.reportPhotoReviewInput, response: { 200: c.reportDetail } },
      async (req) => {
        await service.reviewPhoto(deps, actorOf(req), who(req), req.params.id, req.params.photoId, req.body.status);
        return detail(deps, req, req.params.id);
      },
    ),
  ];
  declareTenantRoutes(app, ['reports'], rows);
}

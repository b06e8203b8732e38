// Staff API for residents, GDPR requests and topics of one tenant. Who may do what is the policy table's
// (src/common/permissions.ts: residents.read, residents.write, residents.export, residents.erase, topics.*).
import { create as attachment } from 'content-disposition';
import type { FastifyError, FastifyInstance } from 'fastify';
import { actorOf, type AppDeps } from '../../../platform/context.ts';
import { collectionRoutes, declareTenantRoutes, route } from '../../../platform/tenant-routes.ts';
import { residentImportRoutes } from '../import/resident-import.routes.ts';
import { codeBudgetToday } from '../verification.service.ts';
import * as scans from './consent-attachments.service.ts';
import * as gdpr from './gdpr-requests.service.ts';
import * as service from './residents-staff.service.ts';
import * as s from './residents.schemas.ts';
import { signupStationRoutes } from './signup-stations.routes.ts';
import * as topics from './topics.service.ts';
import * as c from '../../../../common/contracts/residents.ts';
import { binaryFile, noContent } from '../../../../common/contracts/common.ts';
import { tagList } from '../../../../common/contracts/delivery-progress.ts';
import { z } from 'zod';

const LIST = 'Residents following this municipality (masked contact); exact search by phone or e-mail; filter by street or area';
const CREATE = 'Register a resident by hand (paper form, phone call) with the consent proof as text or a scan';

const { tenantParams: params, idParams: id } = s;
const [read, write] = ['residents.read', 'residents.write'] as const;
// bodies with a scanned form may be larger; one past even that limit never reaches the service, so say the limit here
const scanBody = {
  bodyLimit: s.SCAN_BODY_LIMIT,
  errorHandler: (err: FastifyError) => {
    throw err.code === 'FST_ERR_CTP_BODY_TOO_LARGE' ? scans.scanTooLarge('/body') : err;
  },
};
const csv = { description: 'Residents as CSV (semicolon-separated, UTF-8)', content: { 'text/csv': { schema: z.string() } } };
const scan = { description: 'The file as it was uploaded (PDF, PNG or JPEG)', content: { 'application/octet-stream': { schema: binaryFile } } };

export async function residentStaffRoutes(app: FastifyInstance, deps: AppDeps) {
  declareTenantRoutes(app, ['residents'], residentRows(deps));
  await residentImportRoutes(app, deps); // CSV imports of any size, as background runs
  await signupStationRoutes(app, deps); // sign-up tables: one device without the per-address code limit
  declareTenantRoutes(app, ['residents'], [...gdprRequestRows(deps), ...topicRows(deps)]);
}

/** The residents themselves: the list, tags, the CSV export, one resident, consents and their scans. */
function residentRows(deps: AppDeps) {
  return [
    route('GET /residents', read, { summary: LIST, params, querystring: s.listQuery, response: { 200: c.residentPage } }, async (req) =>
      service.listResidents(deps, actorOf(req), req.tenant, req.query),
    ),
    route(
      'GET /residents/code-budget',
      read,
      { summary: "Today's use of the code SMS budget (UTC day)", params, response: { 200: c.codeBudget } },
      async (req) => codeBudgetToday(deps, req.tenant),
    ),
    route('GET /tags', read, { summary: 'Tags staff gave residents, with how many residents carry each', params, response: { 200: tagList } }, async (req) =>
      service.listTags(deps, req.tenant.id),
    ),
    route(
      'GET /residents.csv',
      'residents.export',
      { summary: 'CSV export of residents (audited)', params, querystring: s.csvQuery, response: { 200: csv } },
      async (req, reply) => {
        const day = new Date().toISOString().slice(0, 10);
        const body = await service.exportCsv(deps, actorOf(req), req.tenant, req.query);
        return reply
          .type('text/csv; charset=utf-8')
          .header('content-disposition', attachment(`einwohner-${req.tenant.slug}-${day}.csv`))
          .send(body);
      },
    ),
    route(
      'POST /residents',
      write,
      { summary: CREATE, params, body: s.createResidentBody, response: { 201: c.createdResident } },
      async (req) => service.createResident(deps, actorOf(req), req.tenant, req.body),
      scanBody,
    ),
    route(
      'GET /residents/:id',
      read,
      {
        summary: 'One resident in the clear, with subscription, consents and deliveries (the view is audited)',
        params: id,
        response: { 200: c.residentDetail },
      },
      async (req) => service.viewResident(deps, actorOf(req), req.tenant, req.params.id),
    ),
    route(
      'PATCH /residents/:id',
      write,
      { summary: 'Change topics, channels, street or language', params: id, body: s.preferencesBody, response: { 200: c.residentDetail } },
      async (req) => service.changePreferences(deps, actorOf(req), req.tenant, req.params.id, req.body),
    ),
    route(
      'POST /residents/:id/withdraw',
      write,
      { summary: 'Withdraw every consent for this municipality', params: id, body: s.withdrawBody, response: { 204: noContent } },
      async (req) => service.withdrawForResident(deps, actorOf(req), req.tenant, req.params.id, req.body?.note),
    ),
    route(
      'DELETE /residents/:id',
      'residents.erase',
      { summary: 'Erase the resident (Art. 17); other municipalities they follow keep theirs', params: id, response: { 204: noContent } },
      async (req) => service.eraseForTenant(deps, actorOf(req), req.tenant, req.params.id),
    ),
    route(
      'GET /residents/:id/consents.json',
      read,
      { summary: 'Proof of consent: the ledger and the consent texts by hash', params: id, response: { 200: c.consentProof } },
      async (req, reply) => {
        const proof = await service.consentProof(deps, actorOf(req), req.tenant, req.params.id);
        return reply.header('content-disposition', attachment(`einwilligungen-${req.params.id}.json`)).send(proof);
      },
    ),
    route(
      'POST /residents/:id/consent-attachments',
      write,
      {
        summary: 'Attach a scanned consent form (PDF, PNG or JPEG, at most 5 MB, as base64)',
        params: id,
        body: s.consentScan,
        response: { 201: c.attachment },
      },
      async (req) => scans.addConsentAttachment(deps, actorOf(req), req.tenant, req.params.id, req.body),
      scanBody,
    ),
    route(
      'GET /residents/:id/consent-attachments/:attachmentId',
      read,
      { summary: 'Download a scanned consent form (the view is audited)', params: s.attachmentParams, response: { 200: scan } },
      async (req, reply) => {
        const file = await scans.readConsentAttachment(deps, actorOf(req), req.tenant, req.params.id, req.params.attachmentId);
        return reply
          .type(file.contentType)
          .header('content-disposition', scans.contentDisposition(file.fileName))
          .header('cache-control', 'private, no-store')
          .send(file.bytes);
      },
    ),
  ];
}

/** GDPR requests as a list a writer keeps (no reading one by one, no deleting). */
function gdprRequestRows(deps: AppDeps) {
  return collectionRoutes(deps, {
    path: '/gdpr-requests',
    permissions: [write, write],
    schemas: { item: c.gdprRequest, input: s.gdprBody, patch: s.gdprPatch },
    summaries: {
      list: 'GDPR requests, open first by due date',
      create: 'Record a GDPR request; due one month after receipt',
      update: 'Mark a GDPR request done or open, or change its note',
    },
    list: gdpr.listGdprRequests,
    create: gdpr.createGdprRequest,
    update: gdpr.updateGdprRequest,
  });
}

/** The topics residents choose from: every member reads them, topics.manage changes them. */
function topicRows(deps: AppDeps) {
  return [
    route('GET /topics', 'topics.read', { summary: 'Topics residents can choose', params, response: { 200: c.topicList } }, async (req) =>
      topics.listTopics(deps, req.tenant),
    ),
    route('POST /topics', 'topics.manage', { summary: 'Add a topic', params, body: s.topicBody, response: { 201: c.topic } }, async (req) =>
      topics.createTopic(deps, actorOf(req), req.tenant, req.body),
    ),
    route(
      'PATCH /topics/:id',
      'topics.manage',
      { summary: 'Rename, reorder or make a topic mandatory', params: id, body: s.topicPatch, response: { 200: c.topic } },
      async (req) => topics.updateTopic(deps, actorOf(req), req.tenant, req.params.id, req.body),
    ),
    route('DELETE /topics/:id', 'topics.manage', { summary: 'Delete a topic nobody follows', params: id, response: { 204: noContent } }, async (req) =>
      topics.deleteTopic(deps, actorOf(req), req.tenant, req.params.id),
    ),
  ];
}

// Staff API for residents, GDPR requests and topics of one tenant. Who may do what is the policy table's
// (src/common/permissions.ts: residents.read, residents.write, residents.export, residents.erase, topics.*).
import { create as attachment } from 'content-disposition';
import type { FastifyError, FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { actorOf, type AppDeps } from '../../../platform/context.ts';
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
import { z } from 'zod';

export async function residentStaffRoutes(app: FastifyInstance, deps: AppDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['residents'];
  const base = '/api/v1/tenants/:tenant';
  // bodies with a scanned form may be larger; one past even that limit never reaches the service, so say the limit here
  const scanBody = {
    bodyLimit: s.SCAN_BODY_LIMIT,
    errorHandler: (err: FastifyError) => {
      throw err.code === 'FST_ERR_CTP_BODY_TOO_LARGE' ? scans.scanTooLarge('/body') : err;
    },
  };

  r.get(
    `${base}/residents`,
    {
      config: { permission: 'residents.read' },
      schema: {
        tags,
        summary: 'Residents following this municipality (masked contact); exact search by phone or e-mail; filter by street or area',
        response: { 200: c.residentPage },
        params: s.tenantParams,
        querystring: s.listQuery,
      },
    },
    async (req) => service.listResidents(deps, actorOf(req), req.tenant, req.query),
  );
  r.get(
    `${base}/residents/code-budget`,
    {
      config: { permission: 'residents.read' },
      schema: { tags, summary: "Today's use of the code SMS budget (UTC day)", response: { 200: c.codeBudget }, params: s.tenantParams },
    },
    async (req) => codeBudgetToday(deps, req.tenant),
  );
  r.get(
    `${base}/residents.csv`,
    {
      config: { permission: 'residents.export' },
      schema: {
        tags,
        summary: 'CSV export of residents (audited)',
        response: { 200: { description: 'Residents as CSV (semicolon-separated, UTF-8)', content: { 'text/csv': { schema: z.string() } } } },
        params: s.tenantParams,
        querystring: s.csvQuery,
      },
    },
    async (req, reply) => {
      const { tenant } = req;
      const csv = await service.exportCsv(deps, actorOf(req), tenant, req.query);
      const day = new Date().toISOString().slice(0, 10);
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', attachment(`einwohner-${tenant.slug}-${day}.csv`))
        .send(csv);
    },
  );
  r.post(
    `${base}/residents`,
    {
      config: { permission: 'residents.write' },
      ...scanBody,
      schema: {
        tags,
        summary: 'Register a resident by hand (paper form, phone call) with the consent proof as text or a scan',
        response: { 201: c.createdResident },
        params: s.tenantParams,
        body: s.createResidentBody,
      },
    },
    async (req, reply) => reply.status(201).send(await service.createResident(deps, actorOf(req), req.tenant, req.body)),
  );
  r.get(
    `${base}/residents/:id`,
    {
      config: { permission: 'residents.read' },
      schema: {
        tags,
        summary: 'One resident in the clear, with subscription, consents and deliveries (the view is audited)',
        response: { 200: c.residentDetail },
        params: s.idParams,
      },
    },
    async (req) => service.viewResident(deps, actorOf(req), req.tenant, req.params.id),
  );
  r.patch(
    `${base}/residents/:id`,
    {
      config: { permission: 'residents.write' },
      schema: {
        tags,
        summary: 'Change topics, channels, street or language',
        response: { 200: c.residentDetail },
        params: s.idParams,
        body: s.preferencesBody,
      },
    },
    async (req) => service.changePreferences(deps, actorOf(req), req.tenant, req.params.id, req.body),
  );
  r.post(
    `${base}/residents/:id/withdraw`,
    {
      config: { permission: 'residents.write' },
      schema: { tags, summary: 'Withdraw every consent for this municipality', response: { 204: noContent }, params: s.idParams, body: s.withdrawBody },
    },
    async (req, reply) => {
      await service.withdrawForResident(deps, actorOf(req), req.tenant, req.params.id, req.body?.note);
      return reply.status(204).send();
    },
  );
  r.delete(
    `${base}/residents/:id`,
    {
      config: { permission: 'residents.erase' },
      schema: { tags, summary: 'Erase the resident (Art. 17); other municipalities they follow keep theirs', response: { 204: noContent }, params: s.idParams },
    },
    async (req, reply) => {
      await service.eraseForTenant(deps, actorOf(req), req.tenant, req.params.id);
      return reply.status(204).send();
    },
  );
  r.get(
    `${base}/residents/:id/consents.json`,
    {
      config: { permission: 'residents.read' },
      schema: { tags, summary: 'Proof of consent: the ledger and the consent texts by hash', response: { 200: c.consentProof }, params: s.idParams },
    },
    async (req, reply) => {
      const proof = await service.consentProof(deps, actorOf(req), req.tenant, req.params.id);
      return reply.header('content-disposition', attachment(`einwilligungen-${req.params.id}.json`)).send(proof);
    },
  );
  r.post(
    `${base}/residents/:id/consent-attachments`,
    {
      config: { permission: 'residents.write' },
      ...scanBody,
      schema: {
        tags,
        summary: 'Attach a scanned consent form (PDF, PNG or JPEG, at most 5 MB, as base64)',
        response: { 201: c.attachment },
        params: s.idParams,
        body: s.consentScan,
      },
    },
    async (req, reply) => reply.status(201).send(await scans.addConsentAttachment(deps, actorOf(req), req.tenant, req.params.id, req.body)),
  );
  r.get(
    `${base}/residents/:id/consent-attachments/:attachmentId`,
    {
      config: { permission: 'residents.read' },
      schema: {
        tags,
        summary: 'Download a scanned consent form (the view is audited)',
        response: { 200: { description: 'The file as it was uploaded (PDF, PNG or JPEG)', content: { 'application/octet-stream': { schema: binaryFile } } } },
        params: s.attachmentParams,
      },
    },
    async (req, reply) => {
      const file = await scans.readConsentAttachment(deps, actorOf(req), req.tenant, req.params.id, req.params.attachmentId);
      return reply
        .type(file.contentType)
        .header('content-disposition', scans.contentDisposition(file.fileName))
        .header('cache-control', 'private, no-store')
        .send(file.bytes);
    },
  );
  await residentImportRoutes(app, deps); // CSV imports of any size, as background runs
  await signupStationRoutes(app, deps); // sign-up tables: one device without the per-address code limit

  r.get(
    `${base}/gdpr-requests`,
    {
      config: { permission: 'residents.write' },
      schema: { tags, summary: 'GDPR requests, open first by due date', response: { 200: c.gdprRequestList }, params: s.tenantParams },
    },
    async (req) => gdpr.listGdprRequests(deps, req.tenant),
  );
  r.post(
    `${base}/gdpr-requests`,
    {
      config: { permission: 'residents.write' },
      schema: {
        tags,
        summary: 'Record a GDPR request; due one month after receipt',
        response: { 201: c.gdprRequest },
        params: s.tenantParams,
        body: s.gdprBody,
      },
    },
    async (req, reply) => reply.status(201).send(await gdpr.createGdprRequest(deps, actorOf(req), req.tenant, req.body)),
  );
  r.patch(
    `${base}/gdpr-requests/:id`,
    {
      config: { permission: 'residents.write' },
      schema: {
        tags,
        summary: 'Mark a GDPR request done or open, or change its note',
        response: { 200: c.gdprRequest },
        params: s.idParams,
        body: s.gdprPatch,
      },
    },
    async (req) => gdpr.updateGdprRequest(deps, actorOf(req), req.tenant, req.params.id, req.body),
  );

  r.get(
    `${base}/topics`,
    { config: { permission: 'topics.read' }, schema: { tags, summary: 'Topics residents can choose', response: { 200: c.topicList }, params: s.tenantParams } },
    async (req) => topics.listTopics(deps, req.tenant),
  );
  r.post(
    `${base}/topics`,
    {
      config: { permission: 'topics.manage' },
      schema: { tags, summary: 'Add a topic', response: { 201: c.topic }, params: s.tenantParams, body: s.topicBody },
    },
    async (req, reply) => reply.status(201).send(await topics.createTopic(deps, actorOf(req), req.tenant, req.body)),
  );
  r.patch(
    `${base}/topics/:id`,
    {
      config: { permission: 'topics.manage' },
      schema: { tags, summary: 'Rename, reorder or make a topic mandatory', response: { 200: c.topic }, params: s.idParams, body: s.topicPatch },
    },
    async (req) => topics.updateTopic(deps, actorOf(req), req.tenant, req.params.id, req.body),
  );
  r.delete(
    `${base}/topics/:id`,
    { config: { permission: 'topics.manage' }, schema: { tags, summary: 'Delete a topic nobody follows', response: { 204: noContent }, params: s.idParams } },
    async (req, reply) => {
      await topics.deleteTopic(deps, actorOf(req), req.tenant, req.params.id);
      return reply.status(204).send();
    },
  );
}

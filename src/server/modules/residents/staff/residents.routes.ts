// Staff API for residents, GDPR requests and topics of one tenant. Reading is open to every role that works with
// residents; changes to owner, admin and agent; erasure, the bulk CSV export and topics to owner and admin.
import type { FastifyError, FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { ALL_ROLES, MANAGER_ROLES, type Role } from '../../../../common/roles.ts';
import { requireStaff, type StaffIdentity } from '../../../platform/auth/session.ts';
import { actorOf, type AppDeps } from '../../../platform/context.ts';
import { resolveTenantAccess } from '../../../platform/tenancy.ts';
import { residentImportRoutes } from '../import/resident-import.routes.ts';
import { codeBudgetToday } from '../verification.service.ts';
import * as scans from './consent-attachments.service.ts';
import * as gdpr from './gdpr-requests.service.ts';
import * as service from './residents-staff.service.ts';
import * as s from './residents.schemas.ts';
import * as topics from './topics.service.ts';

const READERS: readonly Role[] = ['owner', 'admin', 'editor', 'approver', 'agent'];
const WRITERS: readonly Role[] = ['owner', 'admin', 'agent'];

export async function residentStaffRoutes(app: FastifyInstance, deps: AppDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const auth = requireStaff(deps.db, deps.config);
  const tags = ['residents'];
  const tenantOf = async (req: { staff: StaffIdentity | null; params: { tenant: string } }, roles: readonly Role[]) =>
    (await resolveTenantAccess(deps.db, req.staff!, req.params.tenant, roles)).tenant;
  const base = '/api/v1/tenants/:tenant';
  // bodies with a scanned form may be larger; one past even that limit never reaches the service, so say the limit here
  const scanBody = { bodyLimit: s.SCAN_BODY_LIMIT, errorHandler: (err: FastifyError) => { throw err.code === 'FST_ERR_CTP_BODY_TOO_LARGE' ? scans.scanTooLarge('/body') : err; } };

  r.get(`${base}/residents`, { onRequest: auth, schema: { tags, summary: 'Residents following this municipality (masked contact); exact search by phone or e-mail; filter by street or area', params: s.tenantParams, querystring: s.listQuery } }, async (req) =>
    service.listResidents(deps, actorOf(req), await tenantOf(req, READERS), req.query),
  );
  r.get(`${base}/residents/code-budget`, { onRequest: auth, schema: { tags, summary: "Today's use of the code SMS budget (UTC day)", params: s.tenantParams } }, async (req) =>
    codeBudgetToday(deps, await tenantOf(req, READERS)),
  );
  r.get(`${base}/residents.csv`, { onRequest: auth, schema: { tags, summary: 'CSV export of residents (audited)', params: s.tenantParams, querystring: s.csvQuery } }, async (req, reply) => {
    const tenant = await tenantOf(req, MANAGER_ROLES);
    const csv = await service.exportCsv(deps, actorOf(req), tenant, req.query);
    const day = new Date().toISOString().slice(0, 10);
    return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="einwohner-${tenant.slug}-${day}.csv"`).send(csv);
  });
  r.post(`${base}/residents`, { onRequest: auth, ...scanBody, schema: { tags, summary: 'Register a resident by hand (paper form, phone call) with the consent proof as text or a scan', params: s.tenantParams, body: s.createResidentBody } }, async (req, reply) =>
    reply.status(201).send(await service.createResident(deps, actorOf(req), await tenantOf(req, WRITERS), req.body)),
  );
  r.get(`${base}/residents/:id`, { onRequest: auth, schema: { tags, summary: 'One resident in the clear, with subscription, consents and deliveries (the view is audited)', params: s.idParams } }, async (req) =>
    service.viewResident(deps, actorOf(req), await tenantOf(req, READERS), req.params.id),
  );
  r.patch(`${base}/residents/:id`, { onRequest: auth, schema: { tags, summary: 'Change topics, channels, street or language', params: s.idParams, body: s.preferencesBody } }, async (req) =>
    service.changePreferences(deps, actorOf(req), await tenantOf(req, WRITERS), req.params.id, req.body),
  );
  r.post(`${base}/residents/:id/withdraw`, { onRequest: auth, schema: { tags, summary: 'Withdraw every consent for this municipality', params: s.idParams, body: s.withdrawBody } }, async (req, reply) => {
    await service.withdrawForResident(deps, actorOf(req), await tenantOf(req, WRITERS), req.params.id, req.body?.note);
    return reply.status(204).send();
  });
  r.delete(`${base}/residents/:id`, { onRequest: auth, schema: { tags, summary: 'Erase the resident (Art. 17); other municipalities they follow keep theirs', params: s.idParams } }, async (req, reply) => {
    await service.eraseForTenant(deps, actorOf(req), await tenantOf(req, MANAGER_ROLES), req.params.id);
    return reply.status(204).send();
  });
  r.get(`${base}/residents/:id/consents.json`, { onRequest: auth, schema: { tags, summary: 'Proof of consent: the ledger and the consent texts by hash', params: s.idParams } }, async (req, reply) => {
    const proof = await service.consentProof(deps, actorOf(req), await tenantOf(req, READERS), req.params.id);
    return reply.header('content-disposition', `attachment; filename="einwilligungen-${req.params.id}.json"`).send(proof);
  });
  r.post(`${base}/residents/:id/consent-attachments`, { onRequest: auth, ...scanBody, schema: { tags, summary: 'Attach a scanned consent form (PDF, PNG or JPEG, at most 5 MB, as base64)', params: s.idParams, body: s.consentScan } }, async (req, reply) =>
    reply.status(201).send(await scans.addConsentAttachment(deps, actorOf(req), await tenantOf(req, WRITERS), req.params.id, req.body)),
  );
  r.get(`${base}/residents/:id/consent-attachments/:attachmentId`, { onRequest: auth, schema: { tags, summary: 'Download a scanned consent form (the view is audited)', params: s.attachmentParams } }, async (req, reply) => {
    const file = await scans.readConsentAttachment(deps, actorOf(req), await tenantOf(req, READERS), req.params.id, req.params.attachmentId);
    return reply.type(file.contentType).header('content-disposition', scans.contentDisposition(file.fileName)).header('cache-control', 'private, no-store').send(file.bytes);
  });
  await residentImportRoutes(app, deps); // CSV imports of any size, as background runs

  r.get(`${base}/gdpr-requests`, { onRequest: auth, schema: { tags, summary: 'GDPR requests, open first by due date', params: s.tenantParams } }, async (req) =>
    gdpr.listGdprRequests(deps, await tenantOf(req, WRITERS)),
  );
  r.post(`${base}/gdpr-requests`, { onRequest: auth, schema: { tags, summary: 'Record a GDPR request; due one month after receipt', params: s.tenantParams, body: s.gdprBody } }, async (req, reply) =>
    reply.status(201).send(await gdpr.createGdprRequest(deps, actorOf(req), await tenantOf(req, WRITERS), req.body)),
  );
  r.patch(`${base}/gdpr-requests/:id`, { onRequest: auth, schema: { tags, summary: 'Mark a GDPR request done or open, or change its note', params: s.idParams, body: s.gdprPatch } }, async (req) =>
    gdpr.updateGdprRequest(deps, actorOf(req), await tenantOf(req, WRITERS), req.params.id, req.body),
  );

  r.get(`${base}/topics`, { onRequest: auth, schema: { tags, summary: 'Topics residents can choose', params: s.tenantParams } }, async (req) =>
    topics.listTopics(deps, await tenantOf(req, ALL_ROLES)),
  );
  r.post(`${base}/topics`, { onRequest: auth, schema: { tags, summary: 'Add a topic', params: s.tenantParams, body: s.topicBody } }, async (req, reply) =>
    reply.status(201).send(await topics.createTopic(deps, actorOf(req), await tenantOf(req, MANAGER_ROLES), req.body)),
  );
  r.patch(`${base}/topics/:id`, { onRequest: auth, schema: { tags, summary: 'Rename, reorder or make a topic mandatory', params: s.idParams, body: s.topicPatch } }, async (req) =>
    topics.updateTopic(deps, actorOf(req), await tenantOf(req, MANAGER_ROLES), req.params.id, req.body),
  );
  r.delete(`${base}/topics/:id`, { onRequest: auth, schema: { tags, summary: 'Delete a topic nobody follows', params: s.idParams } }, async (req, reply) => {
    await topics.deleteTopic(deps, actorOf(req), await tenantOf(req, MANAGER_ROLES), req.params.id);
    return reply.status(204).send();
  });
}

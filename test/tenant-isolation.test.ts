// The tenant wall: staff of one municipality never reach another's objects, on any route, and PostgreSQL's
// row-level security holds even for a query that forgets the tenant filter.
import { eq, sql } from 'drizzle-orm';
import Fastify, { type InjectOptions } from 'fastify';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isNetworkPermission, isPermission, NETWORK_POLICY, POLICY } from '../src/common/permissions.ts';
import { capFeedItems, conversations, departments, eventRsvps, invitations, memberships, reportPhotos } from '../src/server/platform/db/schema.ts';
import { answerRsvp } from '../src/server/modules/events/index.ts';
import { networkScope, rejectNetworkRoutesOutsideScope } from '../src/server/platform/network-scope.ts';
import { rejectTenantRoutesOutsideScope, tenantScope } from '../src/server/platform/tenant-scope.ts';
import { createTestApp, type Session, type TestApp } from './helpers/app.ts';
import { newNetwork, testActor } from './helpers/factories.ts';
import { findTenantBySlug } from '../src/server/modules/tenants/index.ts';

let t: TestApp;
let victim: {
  slug: string;
  ownerId: string;
  departmentId: string;
  invitationId: string;
  outboxId: string;
  providerId: string;
  messageId: string;
  sendId: string;
  templateId: string;
  residentId: string;
  gdprRequestId: string;
  topicId: string;
  streetId: string;
  areaId: string;
  attachmentId: string;
  stationId: string;
  warningId: string;
  capFeedId: string;
  capItemId: string;
  waste: { typeId: string; districtId: string; scheduleId: string; dateId: string };
  conversationId: string;
  cannedId: string;
  reportCategoryId: string;
  reportId: string;
  reportPhotoId: string;
  open311KeyId: string;
  surveyId: string;
  surveyQuestionId: string;
  eventId: string;
  rsvpId: string;
};
let attacker: Session;
/** A photo an event image upload accepts (the 1×1 logo PNG is refused as a photo before the event is looked up). */
const PHOTO = await sharp({ create: { width: 320, height: 240, channels: 3, background: { r: 90, g: 120, b: 60 } } })
  .png()
  .toBuffer();

const PNG = Buffer.from(
  '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201a5f0e9a60000000049454e44ae426082',
  'hex',
);

beforeAll(async () => {
  t = await createTestApp({ work: true }); // the invitation mail reaches the outbox through the delivery engine
  const owner = await t.loginOwner();
  const me = (await t.as(owner, { method: 'GET', url: '/api/v1/me' })).json();
  const dep = (await t.as(owner, { method: 'POST', url: '/api/v1/tenants/musterstadt/departments', payload: { name: 'Ordnungsamt' } })).json();
  const inv = (
    await t.as(owner, { method: 'POST', url: '/api/v1/tenants/musterstadt/invitations', payload: { email: 'neu@musterstadt.test', role: 'agent' } })
  ).json();
  let outbox = { items: [] as { id: string }[] };
  for (const end = Date.now() + 15_000; !outbox.items.length && Date.now() < end; await new Promise((r) => setTimeout(r, 100))) {
    outbox = (await t.as(owner, { method: 'GET', url: '/api/v1/tenants/musterstadt/outbox' })).json();
  }
  const provider = (
    await t.as(owner, {
      method: 'POST',
      url: '/api/v1/tenants/musterstadt/providers',
      payload: { channel: 'sms', kind: 'smpp', name: 'SMSC', config: { host: '127.0.0.1', port: 2775, systemId: 'civicast' }, secrets: { password: 'secret' } },
    })
  ).json();
  const resident = (
    await t.as(owner, { method: 'POST', url: '/api/v1/tenants/musterstadt/residents', payload: { ...residentBody('0170 5550001'), consentScan: SCAN } })
  ).json();
  const draft = (
    await t.as(owner, {
      method: 'POST',
      url: '/api/v1/tenants/musterstadt/messages',
      payload: { title: 'Hallo', body: 'Hallo', audience: {}, channels: ['sms'] },
    })
  ).json();
  const message = (await t.as(owner, { method: 'POST', url: `/api/v1/tenants/musterstadt/messages/${draft.id}/send` })).json();
  const template = (
    await t.as(owner, { method: 'POST', url: '/api/v1/tenants/musterstadt/message-templates', payload: { name: 'Vorlage', body: 'Hallo' } })
  ).json();
  const gdpr = (
    await t.as(owner, { method: 'POST', url: '/api/v1/tenants/musterstadt/gdpr-requests', payload: { kind: 'access', residentId: resident.id } })
  ).json();
  const topic = (
    await t.as(owner, { method: 'POST', url: '/api/v1/tenants/musterstadt/topics', payload: { key: 'schule', nameDe: 'Schule', nameEn: 'School' } })
  ).json();
  await t.as(owner, { method: 'POST', url: '/api/v1/tenants/musterstadt/streets/import', payload: STREETS_CSV, headers: { 'content-type': 'text/csv' } });
  const street = (await t.as(owner, { method: 'GET', url: '/api/v1/tenants/musterstadt/streets' })).json().items[0];
  const area = (await t.as(owner, { method: 'POST', url: '/api/v1/tenants/musterstadt/areas', payload: AREA })).json();
  const station = (await t.as(owner, { method: 'POST', url: '/api/v1/tenants/musterstadt/signup-stations', payload: { label: 'Rathaus' } })).json();
  const warning = (await t.as(owner, { method: 'POST', url: '/api/v1/tenants/musterstadt/warnings', payload: WARNING })).json();
  const capFeed = (await t.as(owner, { method: 'POST', url: '/api/v1/tenants/musterstadt/cap-feeds', payload: CAP_FEED })).json();
  const capItem = await proposal((await findTenantBySlug(t.deps.db, 'musterstadt'))!.id, capFeed.id);
  victim = {
    slug: 'musterstadt',
    ownerId: me.user.id,
    departmentId: dep.id,
    invitationId: inv.id,
    outboxId: outbox.items[0].id,
    providerId: provider.id,
    messageId: message.id,
    sendId: message.deliveryMessageIds[0],
    templateId: template.id,
    residentId: resident.id,
    gdprRequestId: gdpr.id,
    topicId: topic.id,
    streetId: street.id,
    areaId: area.id,
    attachmentId: resident.attachments[0].id,
    stationId: station.id,
    warningId: warning.id,
    capFeedId: capFeed.id,
    capItemId: capItem,
    conversationId: await conversation((await findTenantBySlug(t.deps.db, 'musterstadt'))!.id),
    cannedId: (
      await t.as(owner, { method: 'POST', url: '/api/v1/tenants/musterstadt/inbox/canned-responses', payload: { title: 'Danke', body: 'Danke, {{name}}.' } })
    ).json().id,
    ...(await reportObjects(owner, 'musterstadt')),
    ...(await surveyObjects(owner, 'musterstadt')),
    ...(await eventObjects(owner, 'musterstadt', resident.id)),
    waste: await wasteObjects(owner, street.id),
  };
  await t.createTenant('andere-stadt', 'Andere Stadt');
  attacker = await t.login('owner@andere-stadt.test');
  // the attacker's own tenant has objects of every kind too, so a 404 cannot come from an empty table
  await t.as(attacker, { method: 'POST', url: '/api/v1/tenants/andere-stadt/departments', payload: { name: 'Bauhof' } });
  await conversation((await findTenantBySlug(t.deps.db, 'andere-stadt'))!.id);
  await t.as(attacker, { method: 'POST', url: '/api/v1/tenants/andere-stadt/inbox/canned-responses', payload: { title: 'Danke', body: 'Danke.' } });
  await surveyObjects(attacker, 'andere-stadt');
  await eventObjects(attacker, 'andere-stadt', null);
  await t.as(attacker, { method: 'POST', url: '/api/v1/tenants/andere-stadt/invitations', payload: { email: 'x@andere-stadt.test', role: 'agent' } });
  await t.as(attacker, {
    method: 'POST',
    url: '/api/v1/tenants/andere-stadt/providers',
    payload: { channel: 'sms', kind: 'smpp', name: 'Own SMSC', config: { host: '127.0.0.1', port: 2775, systemId: 'x' }, secrets: { password: 'x' } },
  });
  const own = (
    await t.as(attacker, { method: 'POST', url: '/api/v1/tenants/andere-stadt/residents', payload: { ...residentBody('0170 5550002'), consentScan: SCAN } })
  ).json();
  await t.as(attacker, {
    method: 'POST',
    url: '/api/v1/tenants/andere-stadt/messages',
    payload: { title: 'Hallo', body: 'Hallo', audience: {}, channels: ['sms'] },
  });
  await t.as(attacker, { method: 'POST', url: '/api/v1/tenants/andere-stadt/message-templates', payload: { name: 'Eigene', body: 'Hallo' } });
  await t.as(attacker, { method: 'POST', url: '/api/v1/tenants/andere-stadt/streets/import', payload: STREETS_CSV, headers: { 'content-type': 'text/csv' } });
  await t.as(attacker, { method: 'POST', url: '/api/v1/tenants/andere-stadt/areas', payload: AREA });
  await t.as(attacker, { method: 'POST', url: '/api/v1/tenants/andere-stadt/signup-stations', payload: { label: 'Foyer' } });
  await t.as(attacker, { method: 'POST', url: '/api/v1/tenants/andere-stadt/warnings', payload: WARNING });
  const ownFeed = (await t.as(attacker, { method: 'POST', url: '/api/v1/tenants/andere-stadt/cap-feeds', payload: CAP_FEED })).json();
  await proposal((await findTenantBySlug(t.deps.db, 'andere-stadt'))!.id, ownFeed.id);
  await t.as(attacker, { method: 'POST', url: '/api/v1/tenants/andere-stadt/gdpr-requests', payload: { kind: 'access', residentId: own.id } });
  await reportObjects(attacker, 'andere-stadt');
});

/** A report category, a report filed by staff with a photo, and an Open311 key (reports, issue 11). */
/** A published survey with a free-text question (the question id fills `:questionId`). */
async function surveyObjects(owner: Session, slug: string) {
  const api = `/api/v1/tenants/${slug}/surveys`;
  const survey = (await t.as(owner, { method: 'POST', url: api, payload: { title: 'Umfrage', questions: [{ kind: 'text', title: 'Was?' }] } })).json();
  await t.as(owner, { method: 'POST', url: `${api}/${survey.id}/publish` });
  return { surveyId: survey.id as string, surveyQuestionId: survey.questions[0].id as string };
}

/** A published event with one resident's yes (the RSVP the check-in routes name). */
async function eventObjects(owner: Session, slug: string, residentId: string | null) {
  const api = `/api/v1/tenants/${slug}/events`;
  const year = new Date().getFullYear() + 1;
  const event = (
    await t.as(owner, {
      method: 'POST',
      url: api,
      payload: { title: 'Sommerfest', startsAt: `${year}-07-04T15:00`, endsAt: `${year}-07-04T20:00`, capacity: 50 },
    })
  ).json();
  await t.as(owner, { method: 'POST', url: `${api}/${event.id}/publish` });
  if (!residentId) return { eventId: event.id as string, rsvpId: '' };
  const tenant = (await findTenantBySlug(t.deps.db, slug))!;
  await answerRsvp(t.deps, tenant, event.id, residentId, { answer: 'yes', persons: 2 }, testActor);
  const [rsvp] = await t.deps.db.withTenant(tenant.id, (tx) => tx.select({ id: eventRsvps.id }).from(eventRsvps).where(eq(eventRsvps.eventId, event.id)));
  return { eventId: event.id as string, rsvpId: rsvp!.id };
}

async function reportObjects(session: Session, slug: string) {
  const api = `/api/v1/tenants/${slug}`;
  const category = (
    await t.as(session, { method: 'POST', url: `${api}/report-categories`, payload: { code: 'strassenschaden', name: 'Straßenschaden' } })
  ).json();
  const report = (await t.as(session, { method: 'POST', url: `${api}/reports`, payload: reportBody(category.id) })).json();
  const tenantId = (await findTenantBySlug(t.deps.db, slug))!.id;
  const [photo] = await t.deps.db.withTenant(tenantId, (tx) =>
    tx
      .insert(reportPhotos)
      .values({ tenantId, reportId: report.id, contentType: 'image/jpeg', width: 1, height: 1, size: 1, data: Buffer.from('x'), thumb: Buffer.from('x') })
      .returning({ id: reportPhotos.id }),
  );
  const key = (await t.as(session, { method: 'POST', url: `${api}/open311-keys`, payload: { name: 'Integrator' } })).json();
  return { reportCategoryId: category.id as string, reportId: report.id as string, reportPhotoId: photo.id, open311KeyId: key.id as string };
}
const reportBody = (categoryId: string) => ({ categoryId, description: 'Schlagloch', location: { lat: 50.05, lng: 10.05 } });

const SCAN = { fileName: 'einwilligung.pdf', contentType: 'application/pdf', dataBase64: Buffer.from('%PDF-1.4\n%%EOF\n').toString('base64') };
const CAP_FEED = { name: 'DWD', url: 'https://warnungen.example.org/cap.atom', kind: 'atom', mode: 'propose' };
/** An alert a feed proposed (stored as a poll stores it; no publisher needed). */
const proposal = async (tenantId: string, feedId: string) => {
  const values = {
    tenantId,
    feedId,
    identifier: `cap-${feedId}`,
    sender: 'dwd@example.org',
    sent: '2026-01-01T00:00:00+01:00',
    msgType: 'alert',
    state: 'proposed',
  } as const;
  const [row] = await t.deps.db.withTenant(tenantId, (tx) => tx.insert(capFeedItems).values(values).returning());
  return row.id;
};
const WARNING = { severity: 'severe', event: 'Hochwasser', headline: 'Hochwasser', description: 'Der Pegel steigt.', area: { kind: 'tenant' } };
const STREETS_CSV = 'Straße;Hausnummern;PLZ\nAm Markt;1-99;12345\n';
const AREA = {
  name: 'Altstadt',
  geometry: {
    type: 'Polygon',
    coordinates: [
      [
        [10, 50],
        [10.1, 50],
        [10.1, 50.1],
        [10, 50],
      ],
    ],
  },
};

function residentBody(phone: string) {
  return { phone, topics: ['abfall'], channels: ['sms'], consentProof: 'Papierformular' };
}
afterAll(async () => {
  await t.close();
});

// Routes that name no tenant object: public by design, or about the caller's own account.
const NOT_TENANT_SCOPED = new Set([
  'GET /healthz',
  'GET /readyz',
  'GET /metrics',
  'GET /api/openapi.json',
  'GET /',
  'GET /admin',
  'GET /admin/',
  'POST /api/v1/auth/login',
  'POST /api/v1/auth/logout',
  'POST /api/v1/auth/password-reset',
  'POST /api/v1/auth/password-reset/confirm',
  'GET /api/v1/me',
  'PATCH /api/v1/me',
  'GET /api/v1/me/events',
  'POST /api/v1/me/password',
  'POST /api/v1/me/2fa/setup',
  'POST /api/v1/me/2fa/confirm',
  'POST /api/v1/me/2fa/disable',
  'GET /api/v1/invitations/:token',
  'POST /api/v1/invitations/accept',
]);

function bodyFor(method: string, url: string): { payload?: unknown; headers?: Record<string, string> } {
  if (url.endsWith('/logo') && method === 'PUT') return { payload: PNG, headers: { 'content-type': 'image/png' } };
  if (url.endsWith('/invitations') && method === 'POST') return { payload: { email: 'evil@example.org', role: 'owner' } };
  if (url.endsWith('/departments') && method === 'POST') return { payload: { name: 'Evil' } };
  if (url.endsWith('/providers') && method === 'POST') return { payload: { channel: 'sms', kind: 'dev-outbox', name: 'Evil' } };
  if (url.endsWith('/messages') && method === 'POST') return { payload: { title: 'Evil', body: 'Evil', audience: {}, channels: ['sms'] } };
  if (url.endsWith('/attachments') && method === 'POST') return { payload: { filename: 'plan.png', data: PNG.toString('base64') } };
  if (url.endsWith('/follow-up')) return { payload: { channel: 'email' } };
  if (url.endsWith('/messages/preview')) return { payload: { title: 'Evil', body: 'Evil', audience: {}, channels: ['sms'] } };
  if (url.endsWith('/reject')) return { payload: { reason: 'Evil' } };
  if (url.endsWith('/schedule')) return { payload: { at: new Date(Date.now() + 3600_000).toISOString() } };
  if (url.endsWith('/message-templates') && method === 'POST') return { payload: { name: 'Evil', body: 'Evil' } };
  if (url.endsWith('/message-settings') && method === 'PATCH') return { payload: { smsMaxParts: 1 } };
  if (url.endsWith('/messages/estimate')) return { payload: { text: 'Evil', recipients: { sms: 1 } } };
  if (url.endsWith('/test-send')) return { payload: { channel: 'email', address: 'evil@example.org' } };
  if (url.includes('/staff/') && method === 'PATCH') return { payload: { role: 'viewer' } };
  if (url.endsWith('/residents') && method === 'POST') return { payload: residentBody('0170 5550003') };
  if (url.endsWith('/consent-attachments') && method === 'POST') return { payload: SCAN };
  if (url.endsWith('/residents/:id') && method === 'PATCH') return { payload: { topics: [] } };
  if (url.endsWith('/gdpr-requests') && method === 'POST') return { payload: { kind: 'erasure' } };
  if (url.endsWith('/gdpr-requests/:id') && method === 'PATCH') return { payload: { status: 'done' } };
  if (url.endsWith('/topics') && method === 'POST') return { payload: { key: 'evil', nameDe: 'Evil', nameEn: 'Evil' } };
  if (url.endsWith('/topics/:id') && method === 'PATCH') return { payload: { nameDe: 'Evil' } };
  if (url.endsWith('/streets/import')) return { payload: STREETS_CSV, headers: { 'content-type': 'text/csv' } };
  if (url.endsWith('/streets/points')) return { payload: 'street;postcode;lat;lon\nEvil;12345;50;10\n', headers: { 'content-type': 'text/csv' } };
  if (url.endsWith('/streets/:id') && method === 'PATCH') return { payload: { population: 1 } };
  if (url.endsWith('/areas') && method === 'POST') return { payload: AREA };
  if (url.endsWith('/areas/import'))
    return { payload: { type: 'FeatureCollection', features: [{ type: 'Feature', properties: { name: 'Evil' }, geometry: AREA.geometry }] } };
  if (url.endsWith('/signup-stations') && method === 'POST') return { payload: { label: 'Evil' } };
  if (url.endsWith('/warnings') && method === 'POST') return { payload: WARNING };
  if (url.endsWith('/warnings/:id/update')) return { payload: { headline: 'Evil' } };
  if (url.endsWith('/warnings/:id/cancel') || url.endsWith('/warnings/:id/all-clear')) return { payload: {} };
  if (url.endsWith('/audience/preview')) return { payload: { channels: ['sms'] } };
  if (url.endsWith('/residents/import')) return { payload: { csv: 'Telefon\n0170 5550009', mapping: { phone: 'Telefon' }, consentProof: 'Evil' } };
  if (url.includes('/messages/') && method === 'PATCH') return { payload: { title: 'Evil' } };
  if (url.endsWith('/inbox/conversations/:id/replies') || url.endsWith('/inbox/conversations/:id/notes')) return { payload: { body: 'Evil' } };
  if (url.endsWith('/inbox/conversations/:id/merge')) return { payload: { intoId: victim.conversationId } };
  if (url.endsWith('/inbox/conversations/:id/assign') || url.endsWith('/inbox/conversations/:id/presence')) return { payload: {} };
  if (url.endsWith('/inbox/conversations/:id') && method === 'PATCH') return { payload: { subject: 'Evil' } };
  if (url.endsWith('/inbox/departments/:id')) return { payload: { firstResponseHours: 1 } };
  if (url.endsWith('/inbox/canned-responses/:id') && method === 'PATCH') return { payload: { title: 'Evil' } };
  if (url.endsWith('/reports') && method === 'POST') return { payload: reportBody(victim.reportCategoryId) };
  if (url.endsWith('/reports/:id/status')) return { payload: { status: 'confirmed' } };
  if (url.endsWith('/reports/:id/assign')) return { payload: { claim: true } };
  if (url.endsWith('/reports/:id/comments')) return { payload: { kind: 'internal', body: 'Evil' } };
  if (url.endsWith('/reports/:id') && method === 'PATCH') return { payload: { address: 'Evil' } };
  if (url.endsWith('/photos/:photoId/review')) return { payload: { status: 'approved' } };
  if (url.endsWith('/report-categories') && method === 'POST') return { payload: { code: 'evil', name: 'Evil' } };
  if (url.endsWith('/report-settings') && method === 'PATCH') return { payload: { reopenDays: 0 } };
  if (url.endsWith('/open311-keys') && method === 'POST') return { payload: { name: 'Evil' } };
  if ((url.endsWith('/surveys') && method === 'POST') || (url.endsWith('/surveys/:id') && method === 'PATCH')) return { payload: { title: 'Evil' } };
  if (url.endsWith('/surveys/:id/outcome')) return { payload: { text: 'Evil' } };
  if (url.endsWith('/surveys/:id/announce')) return { payload: { channels: ['sms'] } };
  if (url.endsWith('/waste/schedules/:id') && method === 'PUT')
    return {
      payload: { typeId: victim.waste.typeId, districtId: victim.waste.districtId, rrule: 'FREQ=WEEKLY', startsOn: '2027-01-01', endsOn: '2027-02-01' },
    };
  if (url.endsWith('/waste/dates/:id') && method === 'PATCH') return { payload: { note: 'Evil' } };
  if (url.endsWith('/events/:id') && method === 'PATCH') return { payload: { title: 'Evil' } };
  if (url.endsWith('/events') && method === 'POST') return { payload: { title: 'Evil', startsAt: '2030-01-01T10:00', endsAt: '2030-01-01T11:00' } };
  if (url.endsWith('/events/:id/cancel')) return { payload: { reason: 'Evil' } };
  if (url.endsWith('/events/:id/invite')) return { payload: { channels: ['sms'] } };
  if (url.endsWith('/check-in') && method === 'POST') return { payload: { persons: 1 } };
  if (url.endsWith('/events/:id/image')) return { payload: PHOTO, headers: { 'content-type': 'image/png' } };
  if (method === 'PATCH') return { payload: { name: 'Evil' } };
  return {};
}

function idFor(url: string): string {
  if (url.includes('/waste/types/')) return victim.waste.typeId;
  if (url.includes('/waste/districts/')) return victim.waste.districtId;
  if (url.includes('/waste/schedules/')) return victim.waste.scheduleId;
  if (url.includes('/waste/dates/')) return victim.waste.dateId;
  if (url.includes('/report-categories/')) return victim.reportCategoryId;
  if (url.includes('/surveys/')) return victim.surveyId;
  if (url.includes('/events/')) return victim.eventId;
  if (url.includes('/reports/')) return victim.reportId;
  if (url.includes('/open311-keys/')) return victim.open311KeyId;
  if (url.includes('/inbox/conversations/')) return victim.conversationId;
  if (url.includes('/inbox/canned-responses/')) return victim.cannedId;
  if (url.includes('/inbox/departments/')) return victim.departmentId;
  if (url.includes('/departments/')) return victim.departmentId;
  if (url.includes('/invitations/')) return victim.invitationId;
  if (url.includes('/outbox/')) return victim.outboxId;
  if (url.includes('/providers/')) return victim.providerId;
  if (url.includes('/messages/')) return victim.messageId;
  if (url.includes('/sends/')) return victim.sendId;
  if (url.includes('/message-templates/')) return victim.templateId;
  if (url.includes('/residents/')) return victim.residentId;
  if (url.includes('/gdpr-requests/')) return victim.gdprRequestId;
  if (url.includes('/topics/')) return victim.topicId;
  if (url.includes('/streets/')) return victim.streetId;
  if (url.includes('/areas/')) return victim.areaId;
  if (url.includes('/signup-stations/')) return victim.stationId;
  if (url.includes('/warnings/')) return victim.warningId;
  if (url.includes('/cap-feeds/proposals/')) return victim.capItemId;
  if (url.includes('/cap-feeds/')) return victim.capFeedId;
  throw new Error(`No victim object known for ${url}: add one to the tenant-isolation test.`);
}

/** A conversation in the inbox (as the threader writes it). */
async function conversation(tenantId: string): Promise<string> {
  const now = new Date();
  const [row] = await t.deps.db.withTenant(tenantId, (tx) =>
    tx
      .insert(conversations)
      .values({ tenantId, contactKind: 'phone', channel: 'sms', firstInboundAt: now, lastInboundAt: now, lastActivityAt: now })
      .returning({ id: conversations.id }),
  );
  return row.id;
}

const fill = (url: string, tenant: string) =>
  url
    .replace(':tenant', tenant)
    .replace(':userId', victim.ownerId)
    .replace(':attachmentId', victim.attachmentId)
    .replace(':photoId', victim.reportPhotoId)
    .replace(':questionId', victim.surveyQuestionId)
    .replace(':rsvpId', victim.rsvpId)
    .replace(':id', () => idFor(url));

describe('tenant isolation on every route', () => {
  it('every API route is either tenant-scoped or listed as not naming tenant objects', () => {
    const api = t.app.civicastRoutes.filter((r) => r.url.startsWith('/api/v1') || r.url === '/' || r.url.startsWith('/healthz'));
    const unscoped = api.filter(
      (r) =>
        !r.url.includes(':tenant') &&
        !r.url.startsWith('/api/v1/installation/') &&
        !r.url.startsWith('/api/v1/networks/:network') && // the network scope, below
        !NOT_TENANT_SCOPED.has(`${r.method} ${r.url}`),
    );
    expect(unscoped).toEqual([]);
  });

  it("the installation operator's routes answer 403 to a municipality's owner, on every route", async () => {
    const routes = t.app.civicastRoutes.filter((r) => r.url.startsWith('/api/v1/installation/'));
    expect(routes.length).toBeGreaterThanOrEqual(5);
    for (const r of routes) {
      const res = await t.as(attacker, {
        method: r.method,
        url: r.url.replace(':id', victim.outboxId),
        ...(r.method === 'POST' ? { payload: { slug: 'evil', name: 'Evil' } } : {}),
      } as InjectOptions);
      expect(res.statusCode, `${r.method} ${r.url}`).toBe(403);
    }
  });

  it("another municipality's staff get 404 for its tenant path, on every route", async () => {
    const routes = t.app.civicastRoutes.filter((r) => r.url.startsWith('/api/v1/tenants/:tenant'));
    expect(routes.length).toBeGreaterThan(10);
    for (const r of routes) {
      const res = await t.as(attacker, { method: r.method, url: fill(r.url, victim.slug), ...bodyFor(r.method, r.url) } as InjectOptions);
      expect(res.statusCode, `${r.method} ${r.url}`).toBe(404);
    }
  });

  it("another municipality's object ids answer 404 under one's own tenant path, on every route with an id", async () => {
    const routes = t.app.civicastRoutes.filter((r) => r.url.startsWith('/api/v1/tenants/:tenant/') && /:(id|userId)\b/.test(r.url));
    expect(routes.length).toBeGreaterThan(4);
    for (const r of routes) {
      const res = await t.as(attacker, { method: r.method, url: fill(r.url, 'andere-stadt'), ...bodyFor(r.method, r.url) } as InjectOptions);
      expect(res.statusCode, `${r.method} ${r.url}`).toBe(404);
    }
  });

  it('the victim data is unchanged afterwards', async () => {
    const owner = await t.loginOwner();
    const deps = await t.as(owner, { method: 'GET', url: '/api/v1/tenants/musterstadt/departments' });
    expect(deps.json().items.map((d: { id: string }) => d.id)).toContain(victim.departmentId);
    const staff = await t.as(owner, { method: 'GET', url: '/api/v1/tenants/musterstadt/staff' });
    expect(staff.json().items.find((m: { userId: string }) => m.userId === victim.ownerId).role).toBe('owner');
    const resident = await t.as(owner, { method: 'GET', url: `/api/v1/tenants/musterstadt/residents/${victim.residentId}` });
    expect(resident.json().follow).toMatchObject({ status: 'active', topics: ['abfall', 'warnungen'] });
    const gdpr = await t.as(owner, { method: 'GET', url: '/api/v1/tenants/musterstadt/gdpr-requests' });
    expect(gdpr.json().items.find((r: { id: string }) => r.id === victim.gdprRequestId).status).toBe('open');
    const topics = await t.as(owner, { method: 'GET', url: '/api/v1/tenants/musterstadt/topics' });
    expect(topics.json().items.find((x: { id: string }) => x.id === victim.topicId).nameDe).toBe('Schule');
    const stations = await t.as(owner, { method: 'GET', url: '/api/v1/tenants/musterstadt/signup-stations' });
    expect(stations.json().items.find((x: { id: string }) => x.id === victim.stationId).state).toBe('waiting');
    const warning = await t.as(owner, { method: 'GET', url: `/api/v1/tenants/musterstadt/warnings/${victim.warningId}` });
    expect(warning.json().warning).toMatchObject({ state: 'current', versions: 1, headline: 'Hochwasser' });
    const proposals = await t.as(owner, { method: 'GET', url: '/api/v1/tenants/musterstadt/cap-feeds/proposals' });
    expect(proposals.json().items.map((i: { id: string }) => i.id)).toEqual([victim.capItemId]);
    const feed = await t.as(owner, { method: 'GET', url: `/api/v1/tenants/musterstadt/cap-feeds/${victim.capFeedId}` });
    expect(feed.json()).toMatchObject({ enabled: true, proposals: 1 });
    const report = await t.as(owner, { method: 'GET', url: `/api/v1/tenants/musterstadt/reports/${victim.reportId}` });
    expect(report.json()).toMatchObject({ status: 'received', assigneeId: null, address: expect.not.stringContaining('Evil') });
    expect(report.json().photos).toEqual([expect.objectContaining({ id: victim.reportPhotoId, status: 'pending' })]);
    const category = await t.as(owner, { method: 'GET', url: `/api/v1/tenants/musterstadt/report-categories/${victim.reportCategoryId}` });
    expect(category.json().name).toBe('Straßenschaden');
    const keys = await t.as(owner, { method: 'GET', url: '/api/v1/tenants/musterstadt/open311-keys' });
    expect(keys.json().items.find((k: { id: string }) => k.id === victim.open311KeyId).revokedAt).toBeNull();
    const settings = await t.as(owner, { method: 'GET', url: '/api/v1/tenants/musterstadt/report-settings' });
    expect(settings.json().reopenDays).toBe(14);
    const survey = await t.as(owner, { method: 'GET', url: `/api/v1/tenants/musterstadt/surveys/${victim.surveyId}` });
    expect(survey.json()).toMatchObject({ title: 'Umfrage', status: 'published', announcementId: null, outcomeNote: '' });
  });
});

describe('one tenant scope and one policy table for every tenant route', () => {
  it('every tenant route declares a permission of the policy table', () => {
    const routes = t.app.civicastRoutes.filter((r) => r.url.startsWith('/api/v1/tenants/:tenant'));
    expect(routes.length).toBeGreaterThan(10);
    expect(routes.filter((r) => !isPermission(r.permission)).map((r) => `${r.method} ${r.url}`)).toEqual([]);
  });

  it('a tenant route without a permission, or outside the scope, fails at start-up', async () => {
    const forgotten = async () => {
      const app = Fastify();
      await app.register(
        tenantScope(t.deps, async (scope) => {
          scope.get('/api/v1/tenants/:tenant/forgotten', async () => ({}));
        }),
      );
      await app.ready();
    };
    await expect(forgotten()).rejects.toThrow(/declares no permission/);
    const outside = async () => {
      const app = Fastify();
      rejectTenantRoutesOutsideScope(app);
      app.get('/api/v1/tenants/:tenant/outside', { config: { permission: 'tenant.read' } }, async () => ({}));
      await app.ready();
    };
    await expect(outside()).rejects.toThrow(/inside the tenant scope/);
  });

  it("a member whose role lacks the route's permission gets 403, on every route", async () => {
    const viewer = await t.createStaff(t.tenant, 'viewer@musterstadt.test', 'viewer');
    expect(viewer).toBeTruthy();
    const session = await t.login('viewer@musterstadt.test');
    const routes = t.app.civicastRoutes.filter(
      (r) => r.url.startsWith('/api/v1/tenants/:tenant') && !(POLICY[r.permission as keyof typeof POLICY] as readonly string[]).includes('viewer'),
    );
    expect(routes.length).toBeGreaterThan(20);
    for (const r of routes) {
      const res = await t.as(session, { method: r.method, url: fill(r.url, victim.slug), ...bodyFor(r.method, r.url) } as InjectOptions);
      expect(res.statusCode, `${r.method} ${r.url} (${r.permission})`).toBe(403);
      expect(res.json().code).toBe('forbidden');
    }
  });
});

describe('row-level security, the second wall', () => {
  it('a query that leaves out the tenant filter sees only the current tenant', async () => {
    const other = (await t.as(attacker, { method: 'GET', url: '/api/v1/me' })).json().tenants[0].id as string;
    const seen = await t.deps.db.withTenant(other, (tx) => tx.select({ tenantId: memberships.tenantId }).from(memberships));
    expect(seen.length).toBeGreaterThan(0);
    expect(new Set(seen.map((r) => r.tenantId))).toEqual(new Set([other]));
    const everything = await t.deps.db.system.select({ tenantId: memberships.tenantId }).from(memberships);
    expect(new Set(everything.map((r) => r.tenantId)).size).toBeGreaterThan(1); // the rows exist; RLS hid them
    for (const table of [departments, invitations]) {
      const rows = await t.deps.db.withTenant(other, (tx) => tx.select({ tenantId: table.tenantId }).from(table));
      expect(rows.every((r) => r.tenantId === other)).toBe(true);
    }
  });

  it('writing a row for another tenant is refused by the database', async () => {
    const other = (await t.as(attacker, { method: 'GET', url: '/api/v1/me' })).json().tenants[0].id as string;
    await expect(t.deps.db.withTenant(other, (tx) => tx.insert(departments).values({ tenantId: t.tenant.id, name: 'Smuggled' }))).rejects.toThrow();
  });

  it('every table with a tenant_id column is behind the wall, except the installation-wide ones named here', async () => {
    // looked up by keyed hash before a tenant is known (codes, links, sessions, code budget) or shared by design (networks)
    const installationWide = new Set(['verification_codes', 'email_links', 'resident_sessions', 'code_budget', 'network_tenants']);
    const result = await t.deps.db.system.execute(sql`
      select c.relname as table, c.relrowsecurity as rls,
             exists (select 1 from pg_policy p where p.polrelid = c.oid) as policy
        from pg_class c join pg_namespace n on n.oid = c.relnamespace
       where n.nspname = 'public' and c.relkind = 'r'
         and exists (select 1 from pg_attribute a where a.attrelid = c.oid and a.attname = 'tenant_id' and not a.attisdropped)`);
    const rows = (result as unknown as { rows: { table: string; rls: boolean; policy: boolean }[] }).rows;
    expect(rows.map((r) => r.table)).toContain('resident_imports');
    const open = rows.filter((r) => !installationWide.has(r.table) && !(r.rls && r.policy)).map((r) => r.table);
    expect(open).toEqual([]);
  });

  it('with no tenant set, tenant tables show nothing', async () => {
    const rows = await t.deps.db.asApp((tx) => tx.execute(sql`select count(*)::int as n from memberships`));
    expect((rows as unknown as { rows: { n: number }[] }).rows[0].n).toBe(0);
  });
});

// Networks (Landkreis, Verbund) have their own scope: network staff only, by network_staff role. A municipality's
// owner who is no network staff gets 404 on every network route, even of the network their municipality is in.
describe('network isolation on every route', () => {
  let network: { slug: string };
  const networkRoutes = () => t.app.civicastRoutes.filter((r) => r.url.startsWith('/api/v1/networks/:network'));
  const fillNetwork = (url: string) => url.replace(':network', network.slug).replace(':id', '00000000-0000-4000-8000-00000000a001');

  beforeAll(async () => {
    const other = (await findTenantBySlug(t.deps.db, 'andere-stadt'))!;
    await t.createStaff(t.tenant, 'network-viewer@musterstadt.test', 'viewer');
    // the attacker's municipality is a member too: membership of a municipality is no network role
    network = await newNetwork(t.deps, {
      members: [t.tenant, other],
      staff: { 'owner@musterstadt.test': 'admin', 'network-viewer@musterstadt.test': 'viewer' },
    });
    await newNetwork(t.deps, { members: [], staff: {} }); // another network, so a 404 cannot come from an empty table
  });

  it('every network route declares a permission of the network policy table', () => {
    const routes = networkRoutes();
    expect(routes.length).toBeGreaterThanOrEqual(2);
    expect(routes.filter((r) => !isNetworkPermission(r.networkPermission)).map((r) => `${r.method} ${r.url}`)).toEqual([]);
  });

  it("a member municipality's owner who is no network staff gets 404, on every network route", async () => {
    for (const r of networkRoutes()) {
      const res = await t.as(attacker, { method: r.method, url: fillNetwork(r.url), ...bodyFor(r.method, r.url) } as InjectOptions);
      expect(res.statusCode, `${r.method} ${r.url}`).toBe(404);
    }
  });

  it("network staff whose role lacks the route's permission get 403, on every network route", async () => {
    const viewerRoutes = networkRoutes().filter(
      (r) => !(NETWORK_POLICY[r.networkPermission as keyof typeof NETWORK_POLICY] as readonly string[]).includes('viewer'),
    );
    expect(viewerRoutes.length).toBeGreaterThanOrEqual(5); // templates, messages, warnings
    const owner = await t.loginOwner();
    const res = await t.as(owner, { method: 'GET', url: `/api/v1/networks/${network.slug}` });
    expect(res.statusCode).toBe(200);
    const viewer = await t.login('network-viewer@musterstadt.test');
    for (const r of viewerRoutes) {
      const denied = await t.as(viewer, { method: r.method, url: fillNetwork(r.url), ...bodyFor(r.method, r.url) } as InjectOptions);
      expect(denied.statusCode, `${r.method} ${r.url} (${r.networkPermission})`).toBe(403);
    }
  });

  it('a network route without a permission, or outside the scope, fails at start-up', async () => {
    const forgotten = async () => {
      const app = Fastify();
      await app.register(
        networkScope(t.deps, async (scope) => {
          scope.get('/api/v1/networks/:network/forgotten', async () => ({}));
        }),
      );
      await app.ready();
    };
    await expect(forgotten()).rejects.toThrow(/declares no network permission/);
    const outside = async () => {
      const app = Fastify();
      rejectNetworkRoutesOutsideScope(app);
      app.get('/api/v1/networks/:network/outside', { config: { networkPermission: 'network.read' } }, async () => ({}));
      await app.ready();
    };
    await expect(outside()).rejects.toThrow(/inside the network scope/);
  });
});

/** A waste type, district (with the street), schedule and one of its dates in the victim's calendar. */
async function wasteObjects(owner: Session, streetId: string) {
  const url = (path: string) => `/api/v1/tenants/musterstadt/waste${path}`;
  const post = async (path: string, payload: Record<string, unknown>) => (await t.as(owner, { method: 'POST', url: url(path), payload })).json();
  const typeId = (await post('/types', { code: 'rest', name: 'Restmüll' })).id;
  const districtId = (await post('/districts', { name: 'Nord', streetIds: [streetId] })).id;
  const scheduleId = (await post('/schedules', { typeId, districtId, rrule: 'FREQ=WEEKLY;BYDAY=MO', startsOn: '2027-01-01', endsOn: '2027-03-01' })).id;
  const dateId = (await post('/dates', { typeId, districtId, day: '2027-01-05' })).id;
  return { typeId, districtId, scheduleId, dateId };
}

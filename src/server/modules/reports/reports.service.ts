// Reports, the write side: filing (from the portal, Open311, staff or an inbox conversation), following, status,
// assignment, comments, corrections, the reporter's reopening, photo review and the municipality's settings. Each
// change checks, writes, audits and adds its history entry in one tenant transaction; messages to residents and staff
// are written in it through the delivery engine and enqueued after the commit, then the change is announced.
import { sql } from 'drizzle-orm';
import type { z } from 'zod';
import type {
  CreateReportInput,
  createReportInput,
  ReportItem,
  reportAssignInput,
  reportCommentInput,
  reportPatchInput,
  reportStatusInput,
  reportsSettingsPatch,
} from '../../../common/contracts/reports.ts';
import { classifyPhone } from '../../../common/phone.ts';
import { DEFAULT_REPORTS_SETTINGS, REPORT_PHOTO_LIMITS, type ReportsSettings } from '../../../common/report-settings.ts';
import type { Role } from '../../../common/roles.ts';
import { OPEN_REPORT_STATUSES, type ReportContactKind, type ReportSource, type ReportStatus } from '../../../common/states.ts';
import { t } from '../../i18n/index.ts';
import { type Actor, recordAudit } from '../../platform/audit.ts';
import { randomToken, seal } from '../../platform/auth/crypto.ts';
import type { AppDeps } from '../../platform/context.ts';
import { queryRows, type Tx } from '../../platform/db/client.ts';
import { reportPhotos, reports, tenants } from '../../platform/db/schema.ts';
import { AppError, type FieldError, forbidden, invalid, notFound } from '../../platform/errors.ts';
import { emit } from '../../platform/events.ts';
import type { TenantRow } from '../../platform/tenancy.ts';
import { enqueueSend, type PreparedSend } from '../delivery/index.ts';
import { computeDeadlines, notifyStaff, pickAssignee, routeDepartment, type StaffNotice } from '../inbox/index.ts';
import { lookupHash } from '../residents/index.ts';
import type { PreparedPhoto } from './photos.ts';
import { findCategoryRow } from './categories.service.ts';
import { insideMunicipality, nearestAddress } from './reports.location.ts';
import { writeAutoReply, writeStatusMessages } from './reports.notify.ts';
import { isReopenKey, reopenKey } from './reopen-key.ts';
import * as repo from './reports.repository.ts';

export interface ReportWho {
  tenant: TenantRow;
  userId: string;
  role: Role;
}

/** The system (a back office's status through the forwarder) acting in a known municipality. */
export interface SystemWho {
  tenant: TenantRow;
  userId: null;
}

export interface FileReportOptions {
  source: ReportSource;
  /** The Open311 integrator's key that posted it. */
  apiKeyId?: string;
  /** The inbox conversation staff made it from. */
  conversationId?: string;
  photos?: PreparedPhoto[];
  /** Make an Open311 token (for a client that asks for the request id later). */
  withToken?: boolean;
  /** When it was filed (tests with a fixed clock; default now). */
  now?: Date;
}

type Contact = z.output<typeof createReportInput>['contact'];
const ENDING: readonly ReportStatus[] = ['resolved', 'rejected', 'duplicate'];
const isOpen = (s: ReportStatus) => (OPEN_REPORT_STATUSES as readonly ReportStatus[]).includes(s);

/** Which status may follow which: staff reopen a resolved report into work, a rejected or duplicate one from the start. */
export const REPORT_TRANSITIONS: Record<ReportStatus, readonly ReportStatus[]> = {
  received: ['confirmed', 'in_progress', 'resolved', 'rejected', 'duplicate'],
  confirmed: ['in_progress', 'resolved', 'rejected', 'duplicate'],
  in_progress: ['resolved', 'rejected', 'duplicate', 'confirmed'],
  resolved: ['in_progress'],
  rejected: ['received'],
  duplicate: ['received'],
};

// ---------------------------------------------------------------------------------------------------------------
// Contacts: sealed, and found again by their keyed hash (as the inbox does)

interface SealedContact {
  contactKind: ReportContactKind;
  residentId: string | null;
  contactHash: string | null;
  contactEnc: string | null;
  contactNameEnc: string | null;
}

async function sealContact(deps: AppDeps, tx: Tx, contact: Contact, pointer = '/contact'): Promise<SealedContact> {
  const key = deps.config.secretKey;
  switch (contact.kind) {
    case 'resident': {
      const [r] = await queryRows<{ phoneHash: string | null; emailHash: string | null }>(
        tx,
        sql`select phone_hash as "phoneHash", email_hash as "emailHash" from residents where id = ${contact.residentId}`,
      );
      if (!r) throw invalid(`${pointer}/residentId`, 'is not a resident', 'not_found');
      return { contactKind: 'resident', residentId: contact.residentId, contactHash: r.phoneHash ?? r.emailHash, contactEnc: null, contactNameEnc: null };
    }
    case 'email': {
      const email = contact.email.trim().toLowerCase();
      return {
        contactKind: 'email',
        residentId: null,
        contactHash: lookupHash(key, 'email', email),
        contactEnc: seal(key, email),
        contactNameEnc: seal(key, contact.name?.trim() || null),
      };
    }
    case 'phone': {
      const phone = classifyPhone(contact.phone);
      if (!phone.ok) throw invalid(`${pointer}/phone`, 'is not a valid phone number; write it with area code or country code', phone.problem);
      return {
        contactKind: 'phone',
        residentId: null,
        contactHash: lookupHash(key, 'phone', phone.e164),
        contactEnc: seal(key, phone.e164),
        contactNameEnc: seal(key, contact.name?.trim() || null),
      };
    }
    default:
      return { contactKind: 'anonymous', residentId: null, contactHash: null, contactEnc: null, contactNameEnc: null };
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Attributes: the values of a category's extra fields, checked against their definitions

type AttributeValue = string | number | string[];

export function checkAttributes(
  fields: Array<{ code: string; datatype: string; required: boolean; values?: Array<{ key: string }> }>,
  attributes: Record<string, AttributeValue>,
): { values: Record<string, AttributeValue>; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const values: Record<string, AttributeValue> = {};
  const byCode = new Map(fields.map((f) => [f.code, f]));
  for (const code of Object.keys(attributes))
    if (!byCode.has(code)) errors.push({ pointer: `/attributes/${code}`, detail: 'is not a field of this category', code: 'unknown_field' });
  for (const f of fields) {
    const pointer = `/attributes/${f.code}`;
    const raw = attributes[f.code];
    const empty = raw === undefined || (typeof raw === 'string' && raw.trim() === '') || (Array.isArray(raw) && raw.length === 0);
    if (empty) {
      if (f.required) errors.push({ pointer, detail: 'is required', code: 'required' });
      continue;
    }
    const keys = new Set((f.values ?? []).map((v) => v.key));
    switch (f.datatype) {
      case 'number': {
        const n = typeof raw === 'number' ? raw : typeof raw === 'string' && /^-?\d+(\.\d+)?$/.test(raw.trim()) ? Number(raw) : Number.NaN;
        if (!Number.isFinite(n)) errors.push({ pointer, detail: 'must be a number', code: 'not_a_number' });
        else values[f.code] = n;
        break;
      }
      case 'datetime': {
        const s = typeof raw === 'string' ? raw.trim() : '';
        if (!/^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/.test(s) || Number.isNaN(Date.parse(s)))
          errors.push({ pointer, detail: 'must be an ISO 8601 date, e.g. 2026-05-01 or 2026-05-01T14:30:00+02:00', code: 'not_a_date' });
        else values[f.code] = s;
        break;
      }
      case 'singlevaluelist': {
        const s = Array.isArray(raw) && raw.length === 1 ? raw[0] : raw;
        if (typeof s !== 'string' || !keys.has(s.trim())) errors.push({ pointer, detail: `must be one of: ${[...keys].join(', ')}`, code: 'not_a_choice' });
        else values[f.code] = s.trim();
        break;
      }
      case 'multivaluelist': {
        const list = (Array.isArray(raw) ? raw : [raw]).map((v) => String(v).trim());
        const bad = list.filter((v) => !keys.has(v));
        if (bad.length) errors.push({ pointer, detail: `must be among: ${[...keys].join(', ')} (not ${bad.join(', ')})`, code: 'not_a_choice' });
        else values[f.code] = [...new Set(list)];
        break;
      }
      default: {
        if (Array.isArray(raw)) errors.push({ pointer, detail: 'must be text', code: 'not_text' });
        else values[f.code] = String(raw).trim();
      }
    }
  }
  return { values, errors };
}

const failed = (errors: FieldError[]) => new AppError('validation_failed', 'The report has invalid fields.', errors);

// ---------------------------------------------------------------------------------------------------------------
// Deadlines: the department's calendar, the category's hours

interface DueFacts {
  firstResponseDueAt: Date;
  resolutionDueAt: Date;
}

async function deadlinesFor(tx: Tx, tenant: TenantRow, categoryId: string, departmentId: string | null, from: Date): Promise<DueFacts> {
  const category = await repo.findCategoryFacts(tx, categoryId);
  const department = await repo.findDepartment(tx, departmentId);
  return computeDeadlines(
    tenant,
    {
      openingHours: department?.openingHours ?? null,
      firstResponseHours: category?.firstResponseHours ?? null,
      resolutionHours: category?.resolutionHours ?? null,
    },
    from,
  );
}

/** New deadlines counted from `now`: whoever sets them clears the reminder and escalation marks (they come again). */
function restartDeadlines(due: DueFacts, awaitingFirstResponse: boolean): Partial<repo.ReportRow> {
  return {
    firstResponseDueAt: due.firstResponseDueAt,
    resolutionDueAt: due.resolutionDueAt,
    expectedAt: due.resolutionDueAt,
    nextDueAt: awaitingFirstResponse ? due.firstResponseDueAt : due.resolutionDueAt,
    remindedAt: null,
    escalatedAt: null,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// After the commit

interface Done {
  tenantId: string;
  reportId: string;
  sends: Array<PreparedSend | null>;
  after?: Array<() => Promise<void>>;
}

async function afterCommit(deps: AppDeps, d: Done) {
  for (const s of d.sends) if (s) await enqueueSend(deps, s);
  for (const a of d.after ?? []) await a();
  emit('reports.changed', { tenantId: d.tenantId, reportId: d.reportId });
}

const staffName = async (tx: Tx, userId: string | null) => {
  if (!userId) return '';
  const [me] = await repo.members(tx, [userId]);
  return me?.name || me?.email || '';
};

// ---------------------------------------------------------------------------------------------------------------
// Filing

/**
 * Files a report: checks category, place, attributes and photos (all field errors at once), seals the contact, gives
 * it a department, maybe a person, deadlines and the nearest address, stores photos and the "filed" entry, writes the
 * automatic answer, audits; after the commit the messages go out and `reports.filed` starts the forwarding.
 */
export async function fileReport(
  deps: AppDeps,
  actor: Actor,
  tenant: TenantRow,
  input: z.output<typeof createReportInput>,
  opts: FileReportOptions,
): Promise<{ id: string; number: number; token: string | null }> {
  const photos = opts.photos ?? [];
  const done = await deps.db.withTenant(tenant.id, async (tx) => {
    const errors: FieldError[] = [];
    const category = await findCategoryRow(tx, input.categoryId);
    if (!category?.active) errors.push({ pointer: '/categoryId', detail: 'is not an active category of this municipality', code: 'not_found' });
    if (!(await insideMunicipality(tx, input.location)))
      errors.push({ pointer: '/location', detail: 'lies outside this municipality', code: 'outside_municipality' });
    if (photos.length > REPORT_PHOTO_LIMITS.count)
      errors.push({ pointer: '/photos', detail: `at most ${REPORT_PHOTO_LIMITS.count} photos`, code: 'too_many', params: { max: REPORT_PHOTO_LIMITS.count } });
    const attrs = category ? checkAttributes(category.fields, input.attributes) : { values: {}, errors: [] };
    errors.push(...attrs.errors);
    // a report made from a conversation links it: it must be one of this municipality's (the wall makes others invisible)
    if (opts.conversationId && !(await repo.conversationExists(tx, opts.conversationId)))
      errors.push({ pointer: '/conversationId', detail: 'is not a conversation of this municipality', code: 'not_found' });
    if (errors.length || !category) throw failed(errors);
    const contact = await sealContact(deps, tx, input.contact);

    const now = opts.now ?? new Date();
    const departmentId = category.departmentId ?? (await routeDepartment(tx, { channel: 'portal', text: '', topic: null, language: input.language }));
    const assigneeId = await pickAssignee(tx, departmentId);
    const due = await deadlinesFor(tx, tenant, category.id, departmentId, now);
    let address = input.address?.trim() ?? '';
    let streetId: string | null = null;
    if (!address) {
      const nearest = await nearestAddress(tx, input.location);
      if (nearest) ({ address, streetId } = nearest);
    }
    const token = opts.withToken ? randomToken(24) : null;
    const [row] = await tx
      .insert(reports)
      .values({
        tenantId: tenant.id,
        categoryId: category.id,
        description: input.description,
        lat: input.location.lat,
        lng: input.location.lng,
        address,
        streetId,
        attributes: attrs.values,
        source: opts.source,
        ...contact,
        language: input.language,
        apiKeyId: opts.apiKeyId ?? null,
        token,
        conversationId: opts.conversationId ?? null,
        departmentId,
        assigneeId,
        ...restartDeadlines(due, true),
        forwardState: category.forwardUrl ? 'pending' : null,
        forwardNextAt: category.forwardUrl ? now : null,
        createdAt: now,
        updatedAt: now,
      })
      .returning({ id: reports.id, number: reports.number });
    if (photos.length)
      await tx.insert(reportPhotos).values(
        photos.map((p, i) => ({
          tenantId: tenant.id,
          reportId: row.id,
          position: i,
          contentType: p.contentType,
          width: p.width,
          height: p.height,
          size: p.size,
          data: p.data,
          thumb: p.thumb,
        })),
      );
    await repo.insertEvent(tx, tenant.id, row.id, actor.userId, {
      type: 'filed',
      source: opts.source,
      photos: photos.length,
      ...(assigneeId ? { assigneeId } : {}),
    });
    const autoReply = await writeAutoReply(deps, tx, tenant, actor, { ...contact, language: input.language, number: row.number }, category);
    let notify = async () => {};
    if (assigneeId && assigneeId !== actor.userId)
      notify = await notifyStaff(deps, tx, tenant.id, [
        {
          userId: assigneeId,
          kind: 'assigned',
          conversationId: null,
          reportId: row.id,
          text: t('de', 'report.notice.newAssigned', { number: String(row.number), category: category.name }),
        },
      ]);
    await recordAudit(tx, tenant.id, actor, {
      action: 'report.filed',
      objectType: 'report',
      objectId: row.id,
      details: { number: row.number, categoryId: category.id, source: opts.source, contactKind: contact.contactKind, photos: photos.length },
    });
    return { id: row.id, number: row.number, token, categoryId: category.id, sends: [autoReply], after: [notify] };
  });
  await afterCommit(deps, { tenantId: tenant.id, reportId: done.id, sends: done.sends, after: done.after });
  emit('reports.filed', { tenantId: tenant.id, reportId: done.id, categoryId: done.categoryId });
  return { id: done.id, number: done.number, token: done.token };
}

// ---------------------------------------------------------------------------------------------------------------
// "Already reported?" and following

/** Open reports of the category within the municipality's duplicate radius, nearest first, at most five. */
export async function findNearbyOpen(
  deps: AppDeps,
  tenant: TenantRow,
  q: { categoryId: string; lat: number; lng: number },
): Promise<Array<{ id: string; number: number; distanceM: number; description: string; status: ReportStatus; createdAt: Date }>> {
  return deps.db.withTenant(tenant.id, async (tx) => {
    const settings = await settingsOf(tx, tenant);
    const radius = settings.duplicateRadiusM;
    if (radius <= 0 || !repo.isUuid(q.categoryId) || !Number.isFinite(q.lat) || !Number.isFinite(q.lng)) return [];
    const dLat = radius / 111_320;
    // the latitude window uses reports_nearby_idx (tenant, category, lat); the exact distance decides
    const rows = await queryRows<{
      id: string;
      number: string | number;
      distanceM: number;
      description: string;
      status: ReportStatus;
      createdAt: string | Date;
    }>(
      tx,
      sql`select id, number, description, status, created_at as "createdAt", d as "distanceM" from (
            select r.*, 2 * 6371000 * asin(least(1, sqrt(
                     power(sin(radians(r.lat - ${q.lat}) / 2), 2) +
                     cos(radians(${q.lat})) * cos(radians(r.lat)) * power(sin(radians(r.lng - ${q.lng}) / 2), 2)))) as d
              from reports r
             where r.tenant_id = ${tenant.id} and r.category_id = ${q.categoryId} and r.status in (${repo.OPEN_SQL})
               and r.lat between ${q.lat - dLat} and ${q.lat + dLat}
          ) near where d <= ${radius} order by d, number limit 5`,
    );
    return rows.map((r) => ({ ...r, number: Number(r.number), distanceM: Math.round(r.distanceM), createdAt: new Date(r.createdAt) }));
  });
}

/**
 * Someone follows an open report instead of filing the same again: they get its status messages. Following twice is
 * harmless (one follow); the reporter cannot follow their own report (409), nor can an anonymous visitor (nobody to tell).
 */
export async function followReport(
  deps: AppDeps,
  actor: Actor,
  tenant: TenantRow,
  reportId: string,
  contact: CreateReportInput['contact'],
  language: 'de' | 'en' = 'de',
): Promise<void> {
  const c: Contact = contact ?? { kind: 'anonymous' };
  if (c.kind === 'anonymous') throw invalid('/contact', 'an anonymous visitor cannot follow a report (there is nobody to tell)', 'required');
  await deps.db.withTenant(tenant.id, async (tx) => {
    const report = await repo.lockReport(tx, reportId);
    if (!report) throw notFound('This report');
    if (!isOpen(report.status)) throw new AppError('conflict', 'This report is closed; it can no longer be followed.');
    const sealed = await sealContact(deps, tx, c);
    const own = (sealed.residentId && sealed.residentId === report.residentId) || (sealed.contactHash && sealed.contactHash === report.contactHash);
    if (own) throw new AppError('conflict', 'This is your own report; you receive its messages already.');
    let lang: string = language;
    if (sealed.residentId) {
      const [f] = await queryRows<{ language: string }>(tx, sql`select language from follows where resident_id = ${sealed.residentId}`);
      lang = f?.language ?? language;
    }
    const added = await repo.addFollower(tx, {
      tenantId: tenant.id,
      reportId,
      contactKind: sealed.contactKind,
      residentId: sealed.residentId,
      contactHash: sealed.residentId ? null : sealed.contactHash,
      contactEnc: sealed.contactEnc,
      language: lang,
    });
    if (added)
      await recordAudit(tx, tenant.id, actor, {
        action: 'report.followed',
        objectType: 'report',
        objectId: reportId,
        details: { contactKind: sealed.contactKind },
      });
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Status

async function categoryName(tx: Tx, id: string) {
  return (await repo.findCategoryFacts(tx, id))?.name ?? '';
}

/** Everyone who hears of this report: the reporter (unless anonymous) and its followers. */
async function audienceOf(deps: AppDeps, tx: Tx, report: repo.ReportRow) {
  const followers = await repo.listFollowers(tx, report.id);
  // a reporter with an account reopens when signed in; one known by address only gets a key in the link
  const key = report.contactKind !== 'resident' && report.contactHash ? reopenKey(deps.config.secretKey, report.id, report.contactHash) : undefined;
  return [
    { contactKind: report.contactKind, residentId: report.residentId, contactEnc: report.contactEnc, language: report.language, reopenKey: key },
    ...followers.map((f) => ({ contactKind: f.contactKind, residentId: f.residentId, contactEnc: f.contactEnc, language: f.language })),
  ];
}

/**
 * Moves a report to a new status (see REPORT_TRANSITIONS; 409 otherwise). An ending status closes it and stops its
 * deadlines; leaving one starts them again from now. The first move out of "received" is the first response. The
 * reporter and followers get a message; `who` with no user is the system (a back office's status, through the forwarder).
 */
export async function changeStatus(
  deps: AppDeps,
  actor: Actor,
  who: ReportWho | SystemWho,
  reportId: string,
  input: z.output<typeof reportStatusInput>,
): Promise<void> {
  const tenant = who.tenant;
  const done = await deps.db.withTenant(tenant.id, async (tx) => {
    const report = await repo.lockReport(tx, reportId);
    if (!report) throw notFound('This report');
    const from = report.status;
    const to = input.status;
    if (!REPORT_TRANSITIONS[from].includes(to))
      throw new AppError('conflict', `A report in status "${from}" cannot move to "${to}".`, [
        { pointer: '/status', detail: `not allowed from ${from}; allowed: ${REPORT_TRANSITIONS[from].join(', ') || 'none'}`, code: 'invalid_transition' },
      ]);
    const now = new Date();
    const userId = who.userId;
    const patch: Partial<repo.ReportRow> = { status: to };
    let original: repo.ReportRow | null = null;
    if (to === 'rejected') patch.rejectReason = input.reason ?? null;
    if (from === 'rejected') patch.rejectReason = null;
    if (from === 'duplicate') patch.duplicateOf = null;
    if (to === 'duplicate') {
      if (!input.duplicateOf || input.duplicateOf === reportId) throw invalid('/duplicateOf', 'a report cannot duplicate itself', 'same');
      original = await repo.lockReport(tx, input.duplicateOf);
      if (!original) throw invalid('/duplicateOf', 'is not a report of this municipality', 'not_found');
      if (original.status === 'duplicate') throw invalid('/duplicateOf', 'is itself a duplicate; name the report it duplicates', 'is_duplicate');
      patch.duplicateOf = original.id;
    }
    if (ENDING.includes(to)) {
      patch.closedAt = now;
      patch.nextDueAt = null;
      if (!report.firstRespondedAt) patch.firstRespondedAt = now;
    } else if (ENDING.includes(from)) {
      // reopened by staff: worked again from now, confirmed again when it starts from "received"
      const due = await deadlinesFor(tx, tenant, report.categoryId, report.departmentId, now);
      Object.assign(patch, restartDeadlines(due, to === 'received'), { closedAt: null, firstRespondedAt: to === 'received' ? null : now });
    } else if (!report.firstRespondedAt) {
      patch.firstRespondedAt = now;
      patch.nextDueAt = report.resolutionDueAt;
    }
    // the audience is read before followers move, so they also hear that this one is a duplicate
    const audience = await audienceOf(deps, tx, report);
    await repo.updateReport(tx, reportId, patch);
    await repo.insertEvent(tx, tenant.id, reportId, userId, {
      type: 'status',
      from,
      to,
      ...(input.reason ? { reason: input.reason } : {}),
      ...(original ? { duplicateOf: original.id, duplicateOfNumber: original.number } : {}),
    });
    if (input.publicComment) await repo.insertItem(tx, { tenantId: tenant.id, reportId, kind: 'public', authorId: userId, body: input.publicComment });
    let moved = 0;
    if (original) moved = await moveFollowers(tx, tenant.id, report, original);
    const sends = await writeStatusMessages(deps, tx, tenant, actor, audience, {
      number: report.number,
      category: await categoryName(tx, report.categoryId),
      status: to,
      comment: input.publicComment ?? null,
      reason: to === 'rejected' ? (input.reason ?? null) : null,
      original: original?.number ?? null,
    });
    await recordAudit(tx, tenant.id, actor, {
      action: 'report.status_changed',
      objectType: 'report',
      objectId: reportId,
      details: { from, to, ...(original ? { duplicateOf: original.id, followersMoved: moved } : {}), publicComment: !!input.publicComment },
    });
    return { sends, originalId: original?.id ?? null };
  });
  await afterCommit(deps, { tenantId: tenant.id, reportId, sends: done.sends });
  if (done.originalId) emit('reports.changed', { tenantId: tenant.id, reportId: done.originalId });
}

/**
 * The municipality of a report the system changes without saying where (`who` null): looked for tenant by tenant
 * through the tenant wall (no owner connection); callers that know the tenant pass `{ tenant, userId: null }`.
 */
/** The followers and the reporter of a duplicate follow the original instead (unless they reported the original). */
async function moveFollowers(tx: Tx, tenantId: string, dup: repo.ReportRow, original: repo.ReportRow): Promise<number> {
  const people = await repo.listFollowers(tx, dup.id);
  if (dup.contactKind !== 'anonymous')
    people.push({
      id: '',
      contactKind: dup.contactKind,
      residentId: dup.residentId,
      contactHash: dup.residentId ? null : dup.contactHash,
      contactEnc: dup.contactEnc,
      language: dup.language,
    });
  let moved = 0;
  for (const p of people) {
    const isReporter = (p.residentId && p.residentId === original.residentId) || (p.contactHash && p.contactHash === original.contactHash);
    if (isReporter) continue;
    if (await repo.addFollower(tx, { ...p, tenantId, reportId: original.id })) moved++;
  }
  await tx.execute(sql`delete from report_followers where report_id = ${dup.id}`);
  return moved;
}

// ---------------------------------------------------------------------------------------------------------------
// Assignment, comments, corrections

export async function assignReport(deps: AppDeps, actor: Actor, who: ReportWho, reportId: string, input: z.output<typeof reportAssignInput>): Promise<void> {
  const { tenant, userId } = who;
  const done = await deps.db.withTenant(tenant.id, async (tx) => {
    const report = await repo.lockReport(tx, reportId);
    if (!report) throw notFound('This report');
    let departmentId = report.departmentId;
    if (input.departmentId !== undefined) {
      if (input.departmentId && !(await repo.findDepartment(tx, input.departmentId)))
        throw invalid('/body/departmentId', 'is not a department of this municipality', 'not_found');
      departmentId = input.departmentId;
    }
    let assigneeId = report.assigneeId;
    if (input.claim) assigneeId = userId;
    else if (input.assigneeId !== undefined) assigneeId = input.assigneeId;
    else if (input.departmentId !== undefined && departmentId !== report.departmentId) assigneeId = null; // a new department: its people take it
    if (assigneeId && !(await repo.members(tx, [assigneeId])).length) throw invalid('/body/assigneeId', 'is not staff of this municipality', 'not_member');
    const patch: Partial<repo.ReportRow> = { departmentId, assigneeId };
    if (departmentId !== report.departmentId && isOpen(report.status) && report.nextDueAt) {
      // another department, another calendar: the deadlines count anew in its hours from when the report came in
      const due = await deadlinesFor(tx, tenant, report.categoryId, departmentId, report.createdAt);
      Object.assign(patch, restartDeadlines(due, !report.firstRespondedAt), { expectedAt: report.expectedAt });
    }
    await repo.updateReport(tx, reportId, patch);
    const type = input.claim ? 'claimed' : 'assigned';
    await repo.insertEvent(tx, tenant.id, reportId, userId, {
      type,
      departmentId,
      assigneeId,
      previousDepartmentId: report.departmentId,
      previousAssigneeId: report.assigneeId,
    });
    let after = async () => {};
    if (assigneeId && assigneeId !== userId && assigneeId !== report.assigneeId)
      after = await notifyStaff(deps, tx, tenant.id, [
        {
          userId: assigneeId,
          kind: 'assigned',
          conversationId: null,
          reportId,
          text: t('de', 'report.notice.assigned', {
            actor: await staffName(tx, userId),
            number: String(report.number),
            category: await categoryName(tx, report.categoryId),
          }),
        },
      ]);
    await recordAudit(tx, tenant.id, actor, { action: `report.${type}`, objectType: 'report', objectId: reportId, details: { departmentId, assigneeId } });
    return { after };
  });
  await afterCommit(deps, { tenantId: tenant.id, reportId, sends: [], after: [done.after] });
}

/** An internal note, or a public comment (shown on the portal; the first one counts as the first response). */
export async function addComment(
  deps: AppDeps,
  actor: Actor,
  who: ReportWho,
  reportId: string,
  input: z.output<typeof reportCommentInput>,
): Promise<ReportItem> {
  const { tenant, userId } = who;
  const item = await deps.db.withTenant(tenant.id, async (tx) => {
    const report = await repo.lockReport(tx, reportId);
    if (!report) throw notFound('This report');
    const row = await repo.insertItem(tx, { tenantId: tenant.id, reportId, kind: input.kind, authorId: userId, body: input.body });
    const patch: Partial<repo.ReportRow> = {};
    if (input.kind === 'public' && !report.firstRespondedAt && isOpen(report.status)) {
      patch.firstRespondedAt = row.createdAt;
      patch.nextDueAt = report.resolutionDueAt;
    }
    await repo.updateReport(tx, reportId, patch);
    await recordAudit(tx, tenant.id, actor, {
      action: 'report.commented',
      objectType: 'report',
      objectId: reportId,
      details: { kind: input.kind, itemId: row.id },
    });
    return {
      id: row.id,
      kind: row.kind,
      authorId: row.authorId,
      authorName: (await staffName(tx, userId)) || null,
      body: row.body,
      event: row.event ?? null,
      createdAt: row.createdAt.toISOString(),
    } satisfies ReportItem;
  });
  await afterCommit(deps, { tenantId: tenant.id, reportId, sends: [] });
  return item;
}

/** Staff correct the expected date, the category or the pin (a new pin must lie inside the municipality). */
export async function patchReport(deps: AppDeps, actor: Actor, who: ReportWho, reportId: string, input: z.output<typeof reportPatchInput>): Promise<void> {
  const { tenant, userId } = who;
  await deps.db.withTenant(tenant.id, async (tx) => {
    const report = await repo.lockReport(tx, reportId);
    if (!report) throw notFound('This report');
    const patch: Partial<repo.ReportRow> = {};
    const changes: Record<string, unknown> = {};
    if (input.expectedAt !== undefined) {
      patch.expectedAt = input.expectedAt ? new Date(input.expectedAt) : null;
      changes.expectedAt = input.expectedAt;
    }
    if (input.categoryId !== undefined && input.categoryId !== report.categoryId) {
      const category = await repo.findCategoryFacts(tx, input.categoryId);
      if (!category) throw invalid('/body/categoryId', 'is not a category of this municipality', 'not_found');
      patch.categoryId = category.id;
      changes.categoryId = { from: report.categoryId, to: category.id };
    }
    if (input.location) {
      if (!(await insideMunicipality(tx, input.location))) throw invalid('/body/location', 'lies outside this municipality', 'outside_municipality');
      patch.lat = input.location.lat;
      patch.lng = input.location.lng;
      changes.location = true;
      if (input.address === undefined) {
        const nearest = await nearestAddress(tx, input.location);
        patch.address = nearest?.address ?? '';
        patch.streetId = nearest?.streetId ?? null;
      }
    }
    if (input.address !== undefined) {
      patch.address = input.address;
      patch.streetId = null;
      changes.address = true;
    }
    await repo.updateReport(tx, reportId, patch);
    await repo.insertEvent(tx, tenant.id, reportId, userId, { type: 'updated', ...changes });
    await recordAudit(tx, tenant.id, actor, { action: 'report.updated', objectType: 'report', objectId: reportId, details: { fields: Object.keys(changes) } });
  });
  emit('reports.changed', { tenantId: tenant.id, reportId });
}

// ---------------------------------------------------------------------------------------------------------------
// The reporter reopens

/**
 * The reporter (and only they: 403 for anyone else) reopens a resolved report within `reopenDays` of its closing
 * (409 otherwise), with a reason: it starts again from "received", with new deadlines, and its assignee hears of it.
 */
export async function reopenReport(
  deps: AppDeps,
  actor: Actor,
  tenant: TenantRow,
  number: number,
  input: { reason: string },
  by: { residentId: string } | { email: string } | { phone: string } | { key: string },
): Promise<void> {
  const key = deps.config.secretKey;
  const done = await deps.db.withTenant(tenant.id, async (tx) => {
    const report = await repo.lockReportByNumber(tx, number);
    if (!report) throw notFound('This report');
    let reporter = false;
    if ('residentId' in by) reporter = report.residentId === by.residentId;
    else if ('key' in by) reporter = isReopenKey(key, report.id, report.contactHash, by.key);
    else if ('email' in by) reporter = !!report.contactHash && report.contactHash === lookupHash(key, 'email', by.email.trim().toLowerCase());
    else {
      const phone = classifyPhone(by.phone);
      reporter = phone.ok && !!report.contactHash && report.contactHash === lookupHash(key, 'phone', phone.e164);
    }
    if (!reporter) throw forbidden('Only the person who filed this report can reopen it.');
    if (report.status !== 'resolved') throw new AppError('conflict', 'Only a resolved report can be reopened.');
    const settings = await settingsOf(tx, tenant);
    const now = new Date();
    const closedAt = report.closedAt ?? report.updatedAt;
    if (now.getTime() - closedAt.getTime() > settings.reopenDays * 86_400_000)
      throw new AppError('conflict', `This report was resolved more than ${settings.reopenDays} days ago; please file a new report.`, [], {
        reopenDays: settings.reopenDays,
      });
    const due = await deadlinesFor(tx, tenant, report.categoryId, report.departmentId, now);
    await repo.updateReport(tx, report.id, {
      status: 'received',
      closedAt: null,
      firstRespondedAt: null,
      reopenCount: report.reopenCount + 1,
      ...restartDeadlines(due, true),
    });
    // the reporter's reason is the event's text
    await repo.insertItem(tx, {
      tenantId: tenant.id,
      reportId: report.id,
      kind: 'event',
      authorId: null,
      body: input.reason.trim(),
      event: { type: 'reopened', from: 'resolved', to: 'received', count: report.reopenCount + 1 },
    });
    const notices: StaffNotice[] = [];
    if (report.assigneeId)
      notices.push({
        userId: report.assigneeId,
        kind: 'assigned',
        conversationId: null,
        reportId: report.id,
        text: t('de', 'report.notice.reopened', { number: String(report.number), category: await categoryName(tx, report.categoryId) }),
      });
    const after = await notifyStaff(deps, tx, tenant.id, notices);
    await recordAudit(tx, tenant.id, actor, { action: 'report.reopened', objectType: 'report', objectId: report.id, details: { number: report.number } });
    return { id: report.id, after };
  });
  await afterCommit(deps, { tenantId: tenant.id, reportId: done.id, sends: [], after: [done.after] });
}

// ---------------------------------------------------------------------------------------------------------------
// Photos

/** A photo becomes public once approved; a published one can still be withdrawn (rejected), e.g. when it shows a face. */
export async function reviewPhoto(
  deps: AppDeps,
  actor: Actor,
  who: ReportWho,
  reportId: string,
  photoId: string,
  status: 'approved' | 'rejected',
): Promise<void> {
  const { tenant, userId } = who;
  if (!repo.isUuid(photoId)) throw notFound('This photo');
  await deps.db.withTenant(tenant.id, async (tx) => {
    const [photo] = await queryRows<{ id: string; status: string }>(
      tx,
      sql`select id, status from report_photos where id = ${photoId} and report_id = ${reportId} for update`,
    );
    if (!photo) throw notFound('This photo');
    if (photo.status === status) throw new AppError('conflict', `This photo is already ${status}.`);
    await tx.update(reportPhotos).set({ status, reviewedBy: userId, reviewedAt: new Date() }).where(sql`${reportPhotos.id} = ${photoId}`);
    await repo.updateReport(tx, reportId, {});
    await repo.insertEvent(tx, tenant.id, reportId, userId, { type: 'photo_reviewed', photoId, from: photo.status, status });
    await recordAudit(tx, tenant.id, actor, { action: `report.photo_${status}`, objectType: 'report', objectId: reportId, details: { photoId } });
  });
  emit('reports.changed', { tenantId: tenant.id, reportId });
}

// ---------------------------------------------------------------------------------------------------------------
// Settings

async function settingsOf(tx: Tx, tenant: TenantRow): Promise<ReportsSettings> {
  const [row] = await tx.select({ s: tenants.reportsSettings }).from(tenants).where(sql`${tenants.id} = ${tenant.id}`);
  return { ...DEFAULT_REPORTS_SETTINGS, ...(row?.s ?? tenant.reportsSettings ?? {}) };
}

export async function getReportsSettings(deps: AppDeps, tenant: TenantRow): Promise<ReportsSettings> {
  return deps.db.withTenant(tenant.id, (tx) => settingsOf(tx, tenant));
}

export async function updateReportsSettings(
  deps: AppDeps,
  actor: Actor,
  tenant: TenantRow,
  patch: z.output<typeof reportsSettingsPatch>,
): Promise<ReportsSettings> {
  return deps.db.withTenant(tenant.id, async (tx) => {
    await tx.select({ id: tenants.id }).from(tenants).where(sql`${tenants.id} = ${tenant.id}`).for('update');
    const next: ReportsSettings = { ...(await settingsOf(tx, tenant)) };
    for (const [k, v] of Object.entries(patch)) if (v !== undefined) (next as unknown as Record<string, unknown>)[k] = v;
    await tx.update(tenants).set({ reportsSettings: next, updatedAt: sql`now()` }).where(sql`${tenants.id} = ${tenant.id}`);
    await recordAudit(tx, tenant.id, actor, { action: 'reports.settings_updated', objectType: 'tenant', objectId: tenant.id, details: { ...patch } });
    return next;
  });
}

// Surveys, the staff side: create a draft, change it (a draft entirely; a published survey only its texts and end;
// questions never once anyone answered), delete a draft, publish, close now. Each change checks, writes and audits in
// one tenant transaction; after the commit the portal and the console are told.
import type { z } from 'zod';
import type { SurveyDetail, SurveyList, surveyCreateInput, surveyListQuery, surveyUpdateInput } from '../../../common/contracts/surveys.ts';
import { SURVEY_LIMITS } from '../../../common/contracts/surveys.ts';
import { type Actor, recordAudit } from '../../platform/audit.ts';
import type { AppDeps } from '../../platform/context.ts';
import type { Tx } from '../../platform/db/client.ts';
import { AppError, type FieldError, invalid, notFound } from '../../platform/errors.ts';
import { emit } from '../../platform/events.ts';
import type { TenantRow } from '../../platform/tenancy.ts';
import { surveyState, toDetail, toSummary } from './surveys.present.ts';
import { questionRows } from './surveys.questions.ts';
import * as repo from './surveys.repository.ts';

type CreateInput = z.output<typeof surveyCreateInput>;
type UpdateInput = z.output<typeof surveyUpdateInput>;
type ListQuery = z.output<typeof surveyListQuery>;

/** What may still change once a survey is published (closed: the texts only). */
const PUBLISHED_FIELDS: readonly string[] = ['title', 'intro', 'closingText', 'endsAt'];
const CLOSED_FIELDS: readonly string[] = ['title', 'intro', 'closingText'];

const SURVEY = 'The survey';
const date = (v: string | null | undefined) => (v ? new Date(v) : null);

/** Portal pages and live results follow; the start page's cache is dropped. */
export function announceChange(tenantId: string, surveyId: string) {
  emit('surveys.changed', { tenantId, surveyId });
  emit('portal.content', { tenantId });
}

async function lockOr404(tx: Tx, id: string): Promise<repo.SurveyRow> {
  const row = await repo.findSurvey(tx, id, { lock: true });
  if (!row) throw notFound(SURVEY);
  return row;
}

async function detailIn(deps: AppDeps, tx: Tx, tenant: TenantRow, id: string): Promise<SurveyDetail> {
  const row = await repo.findSurvey(tx, id);
  if (!row) throw notFound(SURVEY);
  return toDetail(deps, tenant, row, await repo.listQuestions(tx, id), await repo.hasResponses(tx, id));
}

export function getSurvey(deps: AppDeps, tenant: TenantRow, id: string): Promise<SurveyDetail> {
  return deps.db.withTenant(tenant.id, (tx) => detailIn(deps, tx, tenant, id));
}

const encodeCursor = (r: { at: string; id: string }) => Buffer.from(`${r.at}|${r.id}`).toString('base64url');
function decodeCursor(cursor: string | undefined): { createdAt: string; id: string } | null {
  if (!cursor) return null;
  const [createdAt, id] = Buffer.from(cursor, 'base64url').toString().split('|');
  if (!createdAt || !repo.isCursorTime(createdAt) || !id || !repo.isUuid(id)) throw invalid('/querystring/cursor', 'is not a cursor of this list');
  return { createdAt, id };
}

export async function listSurveys(deps: AppDeps, tenant: TenantRow, q: ListQuery): Promise<SurveyList> {
  const now = new Date();
  const filter: repo.ListFilter = { status: q.status, state: q.state, q: q.q, cursor: decodeCursor(q.cursor), limit: q.limit };
  const rows = await deps.db.withTenant(tenant.id, (tx) => repo.listSurveyRows(tx, filter, now));
  const page = rows.slice(0, q.limit);
  return { items: page.map((r) => toSummary(r, now)), next: rows.length > q.limit ? encodeCursor(page[page.length - 1]) : null };
}

export async function createSurvey(deps: AppDeps, tenant: TenantRow, actor: Actor, input: CreateInput): Promise<SurveyDetail> {
  checkDates(date(input.startsAt), date(input.endsAt));
  return deps.db.withTenant(tenant.id, async (tx) => {
    const row = await repo.insertSurvey(tx, {
      tenantId: tenant.id,
      title: input.title,
      intro: input.intro,
      closingText: input.closingText,
      access: input.access,
      resultsVisibility: input.resultsVisibility,
      anonymous: input.anonymous,
      smsReplies: input.smsReplies,
      audience: input.audience,
      topic: input.topic,
      startsAt: date(input.startsAt),
      endsAt: date(input.endsAt),
      createdBy: actor.userId,
    });
    await repo.replaceQuestions(tx, tenant.id, row.id, questionRows(input.questions, []));
    await recordAudit(tx, tenant.id, actor, {
      action: 'survey.create',
      objectType: 'survey',
      objectId: row.id,
      details: { questions: input.questions.length },
    });
    return detailIn(deps, tx, tenant, row.id);
  });
}

/** Refuses fields a published or closed survey no longer takes, and questions once anyone answered. */
async function checkChangeable(tx: Tx, row: repo.SurveyRow, patch: UpdateInput) {
  const fields = Object.keys(patch);
  if (patch.questions && (await repo.hasResponses(tx, row.id)))
    throw new AppError('conflict', 'The questions are locked: residents have already answered this survey.', [
      { pointer: '/questions', detail: 'is locked once anyone answered', code: 'locked' },
    ]);
  if (row.status === 'draft') return;
  const allowed = row.status === 'closed' ? CLOSED_FIELDS : PUBLISHED_FIELDS;
  const refused = fields.filter((f) => !allowed.includes(f));
  if (refused.length)
    throw new AppError(
      'conflict',
      `A ${row.status} survey takes changes only to ${allowed.join(', ')}.`,
      refused.map((f): FieldError => ({ pointer: `/${f}`, detail: `cannot change once the survey is ${row.status}`, code: 'locked' })),
    );
}

function checkDates(startsAt: Date | null, endsAt: Date | null) {
  if (startsAt && endsAt && endsAt.getTime() <= startsAt.getTime()) throw invalid('/endsAt', 'must be after the start', 'too_small');
}

export async function updateSurvey(deps: AppDeps, tenant: TenantRow, actor: Actor, id: string, patch: UpdateInput): Promise<SurveyDetail> {
  const detail = await deps.db.withTenant(tenant.id, async (tx) => {
    const row = await lockOr404(tx, id);
    await checkChangeable(tx, row, patch);
    const startsAt = patch.startsAt === undefined ? row.startsAt : date(patch.startsAt);
    const endsAt = patch.endsAt === undefined ? row.endsAt : date(patch.endsAt);
    checkDates(startsAt, endsAt);
    const { questions, startsAt: _s, endsAt: _e, ...fields } = patch;
    await repo.updateSurvey(tx, id, { ...fields, startsAt, endsAt });
    if (questions) await repo.replaceQuestions(tx, tenant.id, id, questionRows(questions, await repo.listQuestions(tx, id)));
    await recordAudit(tx, tenant.id, actor, { action: 'survey.update', objectType: 'survey', objectId: id, details: { fields: Object.keys(patch) } });
    return detailIn(deps, tx, tenant, id);
  });
  if (detail.status !== 'draft') announceChange(tenant.id, id);
  return detail;
}

export async function deleteSurvey(deps: AppDeps, tenant: TenantRow, actor: Actor, id: string): Promise<void> {
  await deps.db.withTenant(tenant.id, async (tx) => {
    const row = await lockOr404(tx, id);
    if (row.status !== 'draft') throw new AppError('conflict', 'Only a draft can be deleted; close a published survey instead.');
    await repo.deleteSurvey(tx, id);
    await recordAudit(tx, tenant.id, actor, { action: 'survey.delete', objectType: 'survey', objectId: id, details: { title: row.title } });
  });
}

const unprocessable = (pointer: string, detail: string, code = 'invalid') =>
  new AppError('unprocessable', 'The survey cannot be published yet.', [{ pointer, detail, code }]);

/** Publishing needs a question, an end after the start (and after now), and an SMS poll its one short question. */
function checkPublishable(row: repo.SurveyRow, questions: repo.QuestionRow[], now: Date) {
  if (!questions.length) throw unprocessable('/questions', 'add at least one question', 'too_small');
  if (row.endsAt && row.endsAt.getTime() <= now.getTime()) throw unprocessable('/endsAt', 'must be in the future', 'too_small');
  if (row.startsAt && row.endsAt && row.endsAt.getTime() <= row.startsAt.getTime()) throw unprocessable('/endsAt', 'must be after the start', 'too_small');
  if (row.smsReplies) {
    // an SMS reply reaches the inbox from the sender's number: staff would see who voted what
    if (row.anonymous) throw unprocessable('/smsReplies', 'an anonymous survey cannot take SMS replies: the reply shows the sender’s number', 'anonymous_sms');
    const [q] = questions;
    const fits = questions.length === 1 && (q.kind === 'single' || q.kind === 'yes_no') && q.options.length <= SURVEY_LIMITS.smsOptions;
    if (!fits)
      throw unprocessable('/smsReplies', `an SMS poll has exactly one question of kind single or yes_no with at most ${SURVEY_LIMITS.smsOptions} options`);
  }
}

export async function publishSurvey(deps: AppDeps, tenant: TenantRow, actor: Actor, id: string, now = new Date()): Promise<SurveyDetail> {
  const detail = await deps.db.withTenant(tenant.id, async (tx) => {
    const row = await lockOr404(tx, id);
    if (row.status !== 'draft') throw new AppError('conflict', `The survey is already ${row.status}.`);
    checkPublishable(row, await repo.listQuestions(tx, id), now);
    await repo.updateSurvey(tx, id, { status: 'published', publishedAt: now, startsAt: row.startsAt ?? now });
    await recordAudit(tx, tenant.id, actor, { action: 'survey.publish', objectType: 'survey', objectId: id });
    return detailIn(deps, tx, tenant, id);
  });
  announceChange(tenant.id, id);
  return detail;
}

export async function closeSurvey(deps: AppDeps, tenant: TenantRow, actor: Actor, id: string, now = new Date()): Promise<SurveyDetail> {
  const detail = await deps.db.withTenant(tenant.id, async (tx) => {
    const row = await lockOr404(tx, id);
    if (row.status === 'draft') throw new AppError('conflict', 'A draft is not running; delete it instead.');
    if (row.status === 'closed') return detailIn(deps, tx, tenant, id);
    // a survey past its end closes at its end; one still running ends now
    const closedAt = row.endsAt && row.endsAt.getTime() <= now.getTime() ? row.endsAt : now;
    await repo.updateSurvey(tx, id, { status: 'closed', closedAt, endsAt: closedAt });
    await recordAudit(tx, tenant.id, actor, { action: 'survey.close', objectType: 'survey', objectId: id });
    return detailIn(deps, tx, tenant, id);
  });
  announceChange(tenant.id, id);
  return detail;
}

/** Whether residents may see results now (the portal's results page asks the same). */
export function resultsVisibleToResidents(row: Pick<repo.SurveyRow, 'status' | 'startsAt' | 'endsAt' | 'resultsVisibility'>, now = new Date()) {
  const state = surveyState(row, now);
  if (state === 'draft' || row.resultsVisibility === 'staff') return false;
  return row.resultsVisibility === 'live' || state === 'ended';
}

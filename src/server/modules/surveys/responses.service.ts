// How residents answer a survey: one voice per person (the participant row is inserted first; a conflict is "already
// taken part"), checked answers, and in anonymous surveys a response that cannot be tied back to the participant (no
// resident id, the submitted time cut to the day). One tenant transaction; the portal's pages and caches follow after
// the commit. Residents act here, not staff: nothing is audited, so an anonymous answer leaves no trail to a person.
import { and, eq, sql } from 'drizzle-orm';
import type { SurveyResponseChannel } from '../../../common/states.ts';
import { sha256 } from '../../platform/auth/crypto.ts';
import type { AppDeps } from '../../platform/context.ts';
import { queryRows, type Tx } from '../../platform/db/client.ts';
import { follows, surveyAnswers, surveyParticipants, surveyQuestions, surveys } from '../../platform/db/schema.ts';
import { AppError } from '../../platform/errors.ts';
import { emit } from '../../platform/events.ts';
import { checkAnswers, type SurveyAnswersMap } from './responses.rules.ts';
import { surveyState } from './surveys.present.ts';

export type SurveyRow = typeof surveys.$inferSelect;
export type QuestionRow = typeof surveyQuestions.$inferSelect;

/** Who answers: a signed-in resident who follows the municipality, or a browser's token (link polls only). */
export type Voter = { kind: 'resident'; residentId: string } | { kind: 'link'; token: string };

/** Why a survey takes no answer now, as `reason` in the problem (the portal says it in the resident's language). */
export type RefusalReason = 'not_published' | 'not_started' | 'ended' | 'already_participated' | 'residents_only';

/** Where a survey stands for residents (the staff side's rule: past its end is ended even before the close job ran). */
export { surveyState as surveyPhase };

const TEXTS: Record<RefusalReason, string> = {
  not_published: 'This survey is not published.',
  not_started: 'This survey has not started yet.',
  ended: 'This survey has ended; answers are no longer accepted.',
  already_participated: 'You have already taken part in this survey.',
  residents_only: 'Only residents who signed in and follow this municipality may answer this survey.',
};

export const refusal = (reason: RefusalReason) => new AppError(reason === 'residents_only' ? 'forbidden' : 'conflict', TEXTS[reason], [], { reason });

/** The refusal's reason, or null for any other error. */
export const refusalOf = (err: unknown): RefusalReason | null =>
  err instanceof AppError && typeof err.extra.reason === 'string' && err.extra.reason in TEXTS ? (err.extra.reason as RefusalReason) : null;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (v: string) => UUID.test(v);
const TOKEN = /^[A-Za-z0-9_-]{32,128}$/;

/** The participant key: never the token itself, so a database reader cannot vote as that browser. */
export function voterKeyOf(voter: Voter): string {
  if (voter.kind === 'resident') return `resident:${voter.residentId}`;
  if (!TOKEN.test(voter.token)) throw new AppError('bad_request', 'The poll token is not valid.');
  return `link:${sha256(voter.token)}`;
}

export async function loadSurvey(tx: Tx, surveyId: string): Promise<SurveyRow | null> {
  if (!isUuid(surveyId)) return null;
  const [row] = await tx.select().from(surveys).where(eq(surveys.id, surveyId));
  return row ?? null;
}

export const loadQuestions = (tx: Tx, surveyId: string): Promise<QuestionRow[]> =>
  tx.select().from(surveyQuestions).where(eq(surveyQuestions.surveyId, surveyId)).orderBy(surveyQuestions.position);

/** Whether this voter has taken part (a second visit is told so before the form). */
export async function hasParticipated(tx: Tx, surveyId: string, voter: Voter): Promise<boolean> {
  const rows = await tx
    .select({ k: surveyParticipants.voterKey })
    .from(surveyParticipants)
    .where(and(eq(surveyParticipants.surveyId, surveyId), eq(surveyParticipants.voterKey, voterKeyOf(voter))));
  return rows.length > 0;
}

async function checkVoter(tx: Tx, tenantId: string, survey: SurveyRow, voter: Voter) {
  if (voter.kind === 'link') {
    if (survey.access !== 'link') throw refusal('residents_only');
    return;
  }
  const [f] = await tx
    .select({ status: follows.status })
    .from(follows)
    .where(and(eq(follows.tenantId, tenantId), eq(follows.residentId, voter.residentId)));
  if (f?.status !== 'active') throw refusal('residents_only');
}

export interface SubmitOptions {
  language?: string;
  now?: Date;
}

/** One filled-in survey: which survey, who answers, the answers by question, where they came from. */
type Submission = [surveyId: string, voter: Voter, answers: SurveyAnswersMap, channel: SurveyResponseChannel, opts?: SubmitOptions];

/**
 * Records one filled-in survey. Refusals: 404 unknown survey; 409 with `reason` (not_published, not_started, ended,
 * already_participated); 403 residents_only; 400 validation_failed with `/answers/<questionId>` pointers.
 */
export async function submitResponse(deps: AppDeps, tenant: { id: string }, ...submission: Submission): Promise<{ responseId: string; survey: SurveyRow }> {
  const result = await deps.db.withTenant(tenant.id, (tx) => recordResponse(tx, tenant.id, ...submission));
  const [surveyId] = submission;
  emitSurveyChanged(tenant.id, surveyId);
  return result;
}

/** After the commit: the results, the console and the portal's start page follow. */
export function emitSurveyChanged(tenantId: string, surveyId: string) {
  emit('surveys.changed', { tenantId, surveyId });
  emit('portal.content', { tenantId });
}

/**
 * submitResponse in the caller's tenant transaction (the inbox threader's, for SMS replies); the caller emits
 * emitSurveyChanged after its commit. A refusal throws before anything is written, so the transaction stays usable.
 */
export async function recordResponse(
  tx: Tx,
  tenantId: string,
  ...[surveyId, voter, answers, channel, opts = {}]: Submission
): Promise<{ responseId: string; survey: SurveyRow }> {
  const voterKey = voterKeyOf(voter);
  const survey = await loadSurvey(tx, surveyId);
  if (!survey) throw new AppError('not_found', 'This survey does not exist.');
  const phase = surveyState(survey, opts.now);
  if (phase === 'draft') throw refusal('not_published');
  if (phase === 'upcoming') throw refusal('not_started');
  if (phase === 'ended') throw refusal('ended');
  await checkVoter(tx, tenantId, survey, voter);
  const checked = checkAnswers(await loadQuestions(tx, survey.id), answers);
  if (checked.errors.length) throw new AppError('validation_failed', 'Some answers are not valid.', checked.errors);

  const residentId = voter.kind === 'resident' ? voter.residentId : null;
  // one voice per person: the participant row first; a conflict means this voter has answered already
  const taken = await tx
    .insert(surveyParticipants)
    .values({ tenantId, surveyId: survey.id, voterKey, residentId, channel })
    .onConflictDoNothing()
    .returning({ k: surveyParticipants.voterKey });
  if (!taken.length) throw refusal('already_participated');
  const keepResident = !survey.anonymous && survey.access === 'residents';
  const [{ id: responseId }] = await queryRows<{ id: string }>(
    tx,
    sql`insert into survey_responses (tenant_id, survey_id, resident_id, channel, language, submitted_at)
        values (${tenantId}, ${survey.id}, ${keepResident ? residentId : null}, ${channel}, ${opts.language === 'en' ? 'en' : 'de'},
                ${survey.anonymous ? sql`date_trunc('day', now(), 'UTC')` : sql`now()`})
        returning id`,
  );
  if (checked.answers.length) await tx.insert(surveyAnswers).values(checked.answers.map((a) => ({ tenantId, responseId, surveyId: survey.id, ...a })));
  await tx
    .update(surveys)
    .set({ responseCount: sql`${surveys.responseCount} + 1` })
    .where(eq(surveys.id, survey.id));
  return { responseId, survey: { ...survey, responseCount: survey.responseCount + 1 } };
}

// How a survey row is answered: its effective state (from status and dates, so nothing waits for the closing job),
// the list row, the detail with its questions, and the resident page's address.
import type { SurveyDetail, SurveyQuestion, SurveyState, SurveySummary } from '../../../common/contracts/surveys.ts';
import type { SurveyAccess, SurveyQuestionKind, SurveyResultsVisibility, SurveyStatus } from '../../../common/states.ts';
import type { AppDeps } from '../../platform/context.ts';
import type { TenantRow } from '../../platform/tenancy.ts';
import type { QuestionRow, SurveyRow } from './surveys.repository.ts';

type Dates = Pick<SurveyRow, 'status' | 'startsAt' | 'endsAt'>;

/** What a survey is at `now`: a published survey past its end is ended even before the job closed it. */
export function surveyState(s: Dates, now: Date = new Date()): SurveyState {
  if (s.status === 'draft') return 'draft';
  if (s.status === 'closed' || (s.endsAt && s.endsAt.getTime() <= now.getTime())) return 'ended';
  if (s.startsAt && s.startsAt.getTime() > now.getTime()) return 'upcoming';
  return 'open';
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export const surveyPortalUrl = (deps: AppDeps, tenant: Pick<TenantRow, 'slug'>, id: string) => `${deps.config.publicUrl}/m/${tenant.slug}/surveys/${id}`;

export function toSummary(s: SurveyRow, now: Date = new Date()): SurveySummary {
  return {
    id: s.id,
    title: s.title,
    status: s.status as SurveyStatus,
    state: surveyState(s, now),
    access: s.access as SurveyAccess,
    resultsVisibility: s.resultsVisibility as SurveyResultsVisibility,
    anonymous: s.anonymous,
    smsReplies: s.smsReplies,
    responseCount: s.responseCount,
    startsAt: iso(s.startsAt),
    endsAt: iso(s.endsAt),
    publishedAt: iso(s.publishedAt),
    closedAt: iso(s.closedAt),
    createdAt: s.createdAt.toISOString(),
    updatedAt: s.updatedAt.toISOString(),
  };
}

export function toQuestion(q: QuestionRow): SurveyQuestion {
  return {
    id: q.id,
    position: q.position,
    kind: q.kind as SurveyQuestionKind,
    title: q.title,
    help: q.help,
    required: q.required,
    options: q.options,
    scaleMin: q.scaleMin,
    scaleMax: q.scaleMax,
    minLabel: q.minLabel,
    maxLabel: q.maxLabel,
    maxLength: q.maxLength,
  };
}

export function toDetail(deps: AppDeps, tenant: TenantRow, s: SurveyRow, questions: QuestionRow[], answered: boolean, now: Date = new Date()): SurveyDetail {
  return {
    ...toSummary(s, now),
    intro: s.intro,
    closingText: s.closingText,
    audience: s.audience,
    topic: s.topic,
    questions: questions.map(toQuestion),
    questionsLocked: answered,
    announcementId: s.announcementId,
    outcomeNote: s.outcomeNote,
    outcomePublishedAt: iso(s.outcomePublishedAt),
    portalUrl: surveyPortalUrl(deps, tenant, s.id),
  };
}

// What the survey pages read: the surveys residents may see (open ones; ended ones whose results or outcome note are public), one
// survey with its questions, and whether its results may be shown now.
import { and, asc, desc, eq, gt, isNotNull, isNull, lte, or, sql } from 'drizzle-orm';
import type { AppDeps } from '../../platform/context.ts';
import { surveys } from '../../platform/db/schema.ts';
import type { PortalSurveyItem } from '../portal/index.ts';
import { type QuestionRow, type SurveyRow, surveyPhase } from './responses.service.ts';

const OPEN = (now: Date) =>
  and(eq(surveys.status, 'published'), or(isNull(surveys.startsAt), lte(surveys.startsAt, now)), or(isNull(surveys.endsAt), gt(surveys.endsAt, now)));

/** Surveys open now, the soonest end first (the start page's section and the top of the list). */
export async function openSurveys(deps: AppDeps, tenantId: string, limit: number): Promise<PortalSurveyItem[]> {
  const now = new Date();
  return deps.db.withTenant(tenantId, (tx) =>
    tx
      .select({ id: surveys.id, title: surveys.title, endsAt: surveys.endsAt })
      .from(surveys)
      .where(OPEN(now))
      .orderBy(sql`${surveys.endsAt} asc nulls last`, asc(surveys.title))
      .limit(limit),
  );
}

export interface EndedSurveyItem extends PortalSurveyItem {
  responseCount: number;
  outcome: boolean;
}

/** Ended surveys whose results or published outcome note residents may see, the latest end first. */
export async function endedPublicSurveys(deps: AppDeps, tenantId: string, limit: number): Promise<EndedSurveyItem[]> {
  const now = new Date();
  const rows = await deps.db.withTenant(tenantId, (tx) =>
    tx
      .select()
      .from(surveys)
      .where(
        and(
          or(eq(surveys.status, 'closed'), and(eq(surveys.status, 'published'), lte(surveys.endsAt, now))),
          or(eq(surveys.resultsVisibility, 'live'), eq(surveys.resultsVisibility, 'after_end'), isNotNull(surveys.outcomePublishedAt)),
        ),
      )
      .orderBy(desc(sql`coalesce(${surveys.closedAt}, ${surveys.endsAt})`))
      .limit(limit),
  );
  return rows.map((s) => ({
    id: s.id,
    title: s.title,
    endsAt: s.closedAt ?? s.endsAt,
    responseCount: s.responseCount,
    outcome: Boolean(s.outcomePublishedAt),
  }));
}

/** Whether residents may see the results now: `live` once published, `after_end` once ended, `staff` never. */
export function resultsVisible(s: SurveyRow, now = new Date()): boolean {
  const phase = surveyPhase(s, now);
  if (phase === 'draft' || s.resultsVisibility === 'staff') return false;
  return s.resultsVisibility === 'live' || phase === 'ended';
}

/** When the end is: the close time of a survey closed early, else its planned end. */
export const endOf = (s: SurveyRow): Date | null => (s.status === 'closed' ? (s.closedAt ?? s.endsAt) : s.endsAt);

export type { QuestionRow, SurveyRow };

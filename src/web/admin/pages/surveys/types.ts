// Shapes of the surveys API (src/common/contracts/surveys.ts) as the console reads them, the API paths, and what every
// surveys view gets from SurveysPage.
import type { Topic } from '../../../../common/contracts/residents.ts';
import { tenantPath } from '../../api.ts';

export type {
  SurveyCreateInput as SurveyInput,
  SurveyDetail,
  SurveyList,
  SurveyQuestion,
  SurveyQuestionInput,
  SurveyQuestionResult,
  SurveyResults,
  SurveyState,
  SurveySummary,
  SurveyTextAnswers,
} from '../../../../common/contracts/surveys.ts';
export { SURVEY_LIMITS, SURVEY_STATES } from '../../../../common/contracts/surveys.ts';

export interface SurveysContext {
  slug: string;
  topics: Topic[];
  /** surveys.write: create, edit, publish, close, announce, the outcome note and the CSV export. */
  canWrite: boolean;
  /** messages.write: the announcement opens as a message draft, which only writers of messages can continue. */
  canAnnounce: boolean;
}

export const surveysBase = (slug: string) => tenantPath(slug, '/surveys');
export const surveyPath = (slug: string, id: string, rest = '') => `${surveysBase(slug)}/${encodeURIComponent(id)}${rest}`;

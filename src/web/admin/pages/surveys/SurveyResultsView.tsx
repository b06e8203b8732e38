// A survey's results for staff: answers in total, each question's chart with its table beside it, free-text answers,
// the CSV download, and the outcome note. Loaded lazily (chart.js lives only in this part of the console).
import { Problem } from '../../components/Problem.tsx';
import { useLoad } from '../../components/useLoad.ts';
import { useI18n } from '../../i18n.tsx';
import { paths } from '../../routes.ts';
import { Link } from '../../router.tsx';
import { StateBadge } from './bits.tsx';
import { OutcomeNote } from './OutcomeNote.tsx';
import { QuestionResult } from './QuestionResult.tsx';
import { type SurveyDetail, type SurveyResults, type SurveysContext, surveyPath } from './types.ts';
import { Loading } from '../../components/Loading.tsx';

export default function SurveyResultsView({ ctx, id }: { ctx: SurveysContext; id: string }) {
  const { t } = useI18n();
  const detail = useLoad<SurveyDetail>(surveyPath(ctx.slug, id));
  const results = useLoad<SurveyResults>(surveyPath(ctx.slug, id, '/results'));
  const error = detail.error ?? results.error;
  if (error) return <Problem error={error} />;
  const survey = detail.data;
  const r = results.data;
  if (!survey || !r) return <Loading />;

  return (
    <div className="survey-results" data-testid="survey-results">
      <h2>{t('surveys.res.title', { title: r.title })}</h2>
      <p>
        <StateBadge survey={survey} /> <span data-testid="results-total">{t('surveys.res.total', { count: r.responseCount })}</span>
      </p>
      <ul className="link-list">
        <li>
          <Link to={paths.surveys(ctx.slug, id)}>{t('surveys.res.toDetail')}</Link>
        </li>
        {ctx.canWrite ? (
          <li>
            <a href={surveyPath(ctx.slug, id, '/export.csv')} download data-testid="results-csv">
              {t('surveys.res.csv')}
            </a>
          </li>
        ) : null}
      </ul>
      {r.responseCount === 0 ? <p className="alert alert-info">{t('surveys.res.noneYet')}</p> : null}
      {r.questions.map((q, i) => (
        <QuestionResult
          key={q.questionId}
          slug={ctx.slug}
          surveyId={id}
          number={i + 1}
          result={q}
          question={survey.questions.find((x) => x.id === q.questionId)}
        />
      ))}
      <OutcomeNote slug={ctx.slug} survey={survey} canWrite={ctx.canWrite} />
    </div>
  );
}

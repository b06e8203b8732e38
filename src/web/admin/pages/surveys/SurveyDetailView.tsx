// One survey: its state and numbers, its settings in words, links to the resident page and the results, and the
// actions the staff member may take in this state (publish, close now, delete a draft, announce).
import { useLoad } from '../../components/useLoad.ts';
import { useI18n } from '../../i18n.tsx';
import { paths } from '../../routes.ts';
import { Link } from '../../router.tsx';
import { StateBadge } from './bits.tsx';
import { SurveyActions } from './SurveyActions.tsx';
import { type SurveyDetail, type SurveysContext, surveyPath } from './types.ts';
import { Pending } from '../../components/Loading.tsx';
import { useAudienceSummary } from '../../components/AudienceFields.tsx';

export function SurveyDetailView({ ctx, id }: { ctx: SurveysContext; id: string }) {
  const { t, formatDateTime } = useI18n();
  const loaded = useLoad<SurveyDetail>(surveyPath(ctx.slug, id));
  const audienceText = useAudienceSummary('surveys', ctx.topics);
  const s = loaded.data;
  if (loaded.error || !s) return <Pending error={loaded.error} />;

  return (
    <article className="survey-detail" data-testid="survey-detail" data-id={s.id} data-state={s.state}>
      <h2 data-testid="survey-detail-title">{s.title}</h2>
      <p>
        <StateBadge survey={s} testId="survey-state" />
      </p>
      <dl className="facts">
        <dt>{t('surveys.col.answers')}</dt>
        <dd data-testid="survey-responses">{s.responseCount}</dd>
        <dt>{t('surveys.detail.questions')}</dt>
        <dd>{s.questions.length}</dd>
        <dt>{t('surveys.startsAt')}</dt>
        <dd>{s.startsAt ? formatDateTime(s.startsAt) : t('surveys.detail.onPublish')}</dd>
        <dt>{t('surveys.endsAt')}</dt>
        <dd>{s.endsAt ? formatDateTime(s.endsAt) : t('surveys.detail.noEnd')}</dd>
        <dt>{t('surveys.access.legend')}</dt>
        <dd>{t(`surveys.access.${s.access}`)}</dd>
        <dt>{t('surveys.anonymous')}</dt>
        <dd>{s.anonymous ? t('surveys.yes') : t('surveys.no')}</dd>
        <dt>{t('surveys.results.legend')}</dt>
        <dd>{t(`surveys.results.${s.resultsVisibility}`)}</dd>
        <dt>{t('surveys.sms')}</dt>
        <dd>{s.smsReplies ? t('surveys.yes') : t('surveys.no')}</dd>
        <dt>{t('surveys.audience.legend')}</dt>
        <dd>{audienceText(s.audience)}</dd>
      </dl>
      <ul className="link-list">
        {s.status !== 'draft' ? (
          <li>
            <a href={s.portalUrl} target="_blank" rel="noreferrer" data-testid="survey-portal-link">
              {t('surveys.detail.portal')}
            </a>
          </li>
        ) : null}
        <li>
          <Link to={paths.surveys(ctx.slug, `${s.id}/results`)} data-testid="survey-results-link">
            {t('surveys.detail.results')}
          </Link>
        </li>
        {s.announcementId ? (
          <li>
            <Link to={paths.message(ctx.slug, s.announcementId)} data-testid="survey-announcement-link">
              {t('surveys.detail.announcement')}
            </Link>
          </li>
        ) : null}
      </ul>
      <SurveyActions ctx={ctx} survey={s} />
    </article>
  );
}

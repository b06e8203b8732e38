// Umfragen: the list, a new survey, one survey (state, counts, actions), its editor, and its results. The results
// view draws charts with chart.js, so it is loaded only when opened (chart.js stays out of the console's main bundle).
import './surveys.css';
import { lazy, type ReactNode, Suspense } from 'react';
import { can } from '../../../../common/permissions.ts';
import { tenantPath } from '../../api.ts';
import { Page } from '../../components/Page.tsx';
import { useLoad } from '../../components/useLoad.ts';
import { useI18n } from '../../i18n.tsx';
import type { TenantSummary } from '../../types.ts';
import type { TopicList } from '../residents/types.ts';
import { SurveyDetailView } from './SurveyDetailView.tsx';
import { SurveyEditor } from './SurveyEditor.tsx';
import { SurveyList } from './SurveyList.tsx';
import type { SurveysContext } from './types.ts';
import { parseSurveysView } from './view.ts';
import { Loading } from '../../components/Loading.tsx';

const SurveyResultsView = lazy(() => import('./SurveyResultsView.tsx'));

export function SurveysPage({ tenant, sub }: { tenant: TenantSummary; sub: string | null }) {
  const { t } = useI18n();
  const topics = useLoad<TopicList>(tenantPath(tenant.slug, '/topics'));
  const view = parseSurveysView(sub);
  const ctx: SurveysContext = {
    slug: tenant.slug,
    topics: topics.data?.items ?? [],
    canWrite: can(tenant.role, 'surveys.write'),
    canAnnounce: can(tenant.role, 'messages.write'),
  };

  let content: ReactNode;
  if (view === null) content = <p className="alert alert-info">{t('surveys.notFound')}</p>;
  else if (view.view === 'list') content = <SurveyList ctx={ctx} />;
  else if (view.view === 'new')
    content = ctx.canWrite ? <SurveyEditor key="new" ctx={ctx} id={null} /> : <p className="alert alert-info">{t('surveys.writersOnly')}</p>;
  else if (view.view === 'edit')
    content = ctx.canWrite ? <SurveyEditor key={view.id} ctx={ctx} id={view.id} /> : <p className="alert alert-info">{t('surveys.writersOnly')}</p>;
  else if (view.view === 'detail') content = <SurveyDetailView key={view.id} ctx={ctx} id={view.id} />;
  else
    content = (
      <Suspense fallback={<Loading />}>
        <SurveyResultsView key={view.id} ctx={ctx} id={view.id} />
      </Suspense>
    );

  return <Page title={t('surveys.title')}>{content}</Page>;
}

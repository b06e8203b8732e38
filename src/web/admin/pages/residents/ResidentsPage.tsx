// Einwohner:innen: the list with exact search, one resident's page, manual entry, GDPR requests and topics.
import { lazy, type ReactNode, Suspense } from 'react';
import { can } from '../../../../common/permissions.ts';
import { tenantPath } from '../../api.ts';
import { Page } from '../../components/Page.tsx';
import { TabNav, TabPanel, tabsFor } from '../../components/Tabs.tsx';
import { useLoad } from '../../components/useLoad.ts';
import { useI18n } from '../../i18n.tsx';
import { paths } from '../../routes.ts';
import type { TenantSummary } from '../../types.ts';
import { CoverageView } from '../geo/CoverageView.tsx';
import { ResidentImportView } from '../geo/ResidentImportView.tsx';
import { StreetsView } from '../geo/StreetsView.tsx';
import { GdprRequests } from './GdprRequests.tsx';
import { ResidentAddForm } from './ResidentAddForm.tsx';
import { ResidentDetail } from './ResidentDetail.tsx';
import { ResidentList } from './ResidentList.tsx';
import { SignupStationsView } from './SignupStationsView.tsx';
import { TopicsEditor } from './TopicsEditor.tsx';
import type { ResidentsContext } from './context.ts';
import type { TopicList } from './types.ts';
import { Loading } from '../../components/Loading.tsx';

// the map page bundles Leaflet, so it loads only when opened
const AreasView = lazy(() => import('../geo/AreasView.tsx'));

type View = 'list' | 'add' | 'stations' | 'gdpr' | 'topics' | 'streets' | 'areas' | 'coverage' | 'import';
const VIEWS: View[] = ['list', 'add', 'stations', 'gdpr', 'topics', 'streets', 'areas', 'coverage', 'import'];

export function ResidentsPage({ tenant, sub }: { tenant: TenantSummary; sub: string | null }) {
  const { t } = useI18n();
  const topics = useLoad<TopicList>(tenantPath(tenant.slug, '/topics'));
  const ctx: ResidentsContext = {
    slug: tenant.slug,
    topics: topics.data?.items ?? [],
    canWrite: can(tenant.role, 'residents.write'),
    canManage: can(tenant.role, 'geo.manage'),
  };
  if (!can(tenant.role, 'residents.read')) {
    return (
      <Page title={t('residents.title')}>
        <p className="alert alert-info">{t('residents.noAccess')}</p>
      </Page>
    );
  }
  const isView = (s: string | null): s is View => s !== null && (VIEWS as string[]).includes(s);
  const current: View | null = sub === null ? 'list' : isView(sub) ? sub : null;
  const views = VIEWS.filter((v) =>
    v === 'add' || v === 'gdpr' || v === 'stations' ? ctx.canWrite : v === 'import' ? can(tenant.role, 'residents.import') : true,
  );

  let content: ReactNode;
  if (current === null) content = <ResidentDetail ctx={ctx} id={sub ?? ''} />;
  else if (current === 'add') content = ctx.canWrite ? <ResidentAddForm ctx={ctx} /> : <p className="alert alert-info">{t('residents.writersOnly')}</p>;
  else if (current === 'stations') content = ctx.canWrite ? <SignupStationsView ctx={ctx} /> : <p className="alert alert-info">{t('residents.writersOnly')}</p>;
  else if (current === 'gdpr') content = ctx.canWrite ? <GdprRequests ctx={ctx} /> : <p className="alert alert-info">{t('residents.writersOnly')}</p>;
  else if (current === 'topics') content = <TopicsEditor ctx={ctx} topics={topics} />;
  else if (current === 'streets') content = <StreetsView ctx={ctx} />;
  else if (current === 'areas')
    content = (
      <Suspense fallback={<Loading />}>
        <AreasView ctx={ctx} />
      </Suspense>
    );
  else if (current === 'coverage') content = <CoverageView ctx={ctx} />;
  else if (current === 'import') content = ctx.canManage ? <ResidentImportView ctx={ctx} /> : <p className="alert alert-info">{t('settings.managersOnly')}</p>;
  else content = <ResidentList ctx={ctx} />;

  const tabList = tabsFor(views, 'residents-tab', (v) => ({ to: paths.residents(tenant.slug, v === 'list' ? undefined : v), label: t(`residents.tab.${v}`) }));
  return (
    <Page title={t('residents.title')}>
      <TabNav label={t('residents.tabsLabel')} current={current} tabs={tabList} />
      <TabPanel headingId="residents-heading" heading={current ? t(`residents.tab.${current}`) : t('residents.detail.title')}>
        {content}
      </TabPanel>
    </Page>
  );
}

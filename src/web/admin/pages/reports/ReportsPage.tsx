// Meldungen: the named lists with filters and search, the map of reports, or one report. The list/map choice and the
// filters live in the address, so a view can be bookmarked, shared and reached with the back button.
import './reports.css';
import { lazy, type ReactNode, Suspense } from 'react';
import { can } from '../../../../common/permissions.ts';
import { Page } from '../../components/Page.tsx';
import { TabNav, TabPanel, tabsFor } from '../../components/Tabs.tsx';
import { useI18n } from '../../i18n.tsx';
import { paths, parseReportsView, REPORT_LISTS } from '../../routes.ts';
import { Link, useLocation } from '../../router.tsx';
import { useMe } from '../../session.tsx';
import type { TenantSummary } from '../../types.ts';
import { filtersQuery, readFilters } from './format.ts';
import { NewReportForm } from './NewReportForm.tsx';
import { ReportList } from './ReportList.tsx';
import { ReportView } from './ReportView.tsx';
import type { ReportsContext } from './types.ts';
import { Loading } from '../../components/Loading.tsx';

// Leaflet is loaded only when the map is opened
const ReportMapView = lazy(() => import('./ReportMapView.tsx'));

export function ReportsPage({ tenant, sub }: { tenant: TenantSummary; sub: string | null }) {
  const { t } = useI18n();
  const me = useMe();
  const { search } = useLocation();
  const view = parseReportsView(sub) ?? { view: 'list', list: 'all' };
  const filters = readFilters(search);
  const query = filtersQuery(filters);
  const ctx: ReportsContext = {
    slug: tenant.slug,
    userId: me.user.id,
    canWork: can(tenant.role, 'reports.work'),
    canManage: can(tenant.role, 'reports.manage'),
  };

  if (view.view === 'new') {
    return (
      <Page title={t('reports.title')}>{ctx.canWork ? <NewReportForm ctx={ctx} /> : <p className="alert alert-info">{t('reports.new.workersOnly')}</p>}</Page>
    );
  }
  if (view.view === 'report') {
    return (
      <Page title={t('reports.title')}>
        <ReportView key={view.id} ctx={ctx} id={view.id} />
      </Page>
    );
  }

  const list = view.view === 'list' ? view.list : null;
  let content: ReactNode;
  if (list) content = <ReportList key={`${list}?${query}`} ctx={ctx} list={list} filters={filters} />;
  else
    content = (
      <Suspense fallback={<Loading />}>
        <ReportMapView ctx={ctx} filters={filters} />
      </Suspense>
    );

  const tabList = tabsFor(REPORT_LISTS, 'report-tab', (x) => ({ to: paths.reports(tenant.slug, x, query), label: t(`reports.list.${x}`) }));
  return (
    <Page title={t('reports.title')}>
      <nav className="report-toggle" aria-label={t('reports.toggleLabel')} data-testid="report-view-toggle">
        <Link to={paths.reports(tenant.slug, list ?? 'all', query)} aria-current={list ? 'page' : undefined} data-testid="report-view-list">
          {t('reports.asList')}
        </Link>
        <Link to={paths.reports(tenant.slug, 'map', query)} aria-current={list ? undefined : 'page'} data-testid="report-view-map">
          {t('reports.asMap')}
        </Link>
        {ctx.canWork ? (
          <Link to={paths.reports(tenant.slug, 'new')} className="report-new-link" data-testid="report-new">
            {t('reports.new.link')}
          </Link>
        ) : null}
      </nav>
      {list ? <TabNav label={t('reports.tabsLabel')} current={list} tabs={tabList} /> : null}
      <TabPanel headingId="reports-heading" heading={list ? t(`reports.list.${list}`) : t('reports.map.title')}>
        {content}
      </TabPanel>
    </Page>
  );
}

// Warnungen: the list (current and past), the issue form, and one warning with its versions, delivery counts and
// the update, cancel and all-clear actions.
import './warnings.css';
import { can } from '../../../../common/permissions.ts';
import { Page } from '../../components/Page.tsx';
import { TabNav } from '../../components/Tabs.tsx';
import { useI18n } from '../../i18n.tsx';
import { paths } from '../../routes.ts';
import type { TenantSummary } from '../../types.ts';
import type { WarningsContext } from './types.ts';
import { CapFeedsPage } from './feeds/CapFeedsPage.tsx';
import { WarningDetailView } from './WarningDetailView.tsx';
import { WarningForm } from './WarningForm.tsx';
import { WarningList } from './WarningList.tsx';

export function WarningsPage({ tenant, sub }: { tenant: TenantSummary; sub: string | null }) {
  const { t } = useI18n();
  const ctx: WarningsContext = { slug: tenant.slug, canIssue: can(tenant.role, 'warnings.issue') };
  const view = sub === null ? 'list' : sub === 'new' ? 'new' : sub === 'feeds' ? 'feeds' : 'detail';
  return (
    <Page title={t('warnings.title')}>
      <TabNav
        label={t('warnings.tabsLabel')}
        current={view}
        tabs={[
          { key: 'list', to: paths.warnings(tenant.slug), label: t('warnings.tab.list') },
          ...(ctx.canIssue ? [{ key: 'new', to: paths.warnings(tenant.slug, 'new'), testId: 'warnings-new', label: t('warnings.tab.new') }] : []),
          { key: 'feeds', to: paths.warnings(tenant.slug, 'feeds'), testId: 'warnings-feeds', label: t('capFeeds.tab') },
        ]}
      />
      {view === 'list' ? <WarningList ctx={ctx} /> : null}
      {view === 'new' ? ctx.canIssue ? <WarningForm ctx={ctx} /> : <p className="alert alert-info">{t('warnings.issuersOnly')}</p> : null}
      {view === 'feeds' ? <CapFeedsPage slug={tenant.slug} canIssue={ctx.canIssue} /> : null}
      {view === 'detail' && sub ? <WarningDetailView ctx={ctx} id={sub} /> : null}
    </Page>
  );
}

// Übersicht: which municipality, which role, and where to go next.
import { useI18n } from '../i18n.tsx';
import { MANAGER_ROLES } from '../../../common/roles.ts';
import { paths } from '../routes.ts';
import { Link } from '../router.tsx';
import { Page } from '../components/Page.tsx';
import { useLoad } from '../components/useLoad.ts';
import { tenantPath } from '../api.ts';
import type { CodeBudget, TenantSummary } from '../types.ts';

export function OverviewPage({ tenant }: { tenant: TenantSummary }) {
  const { t, tOr } = useI18n();
  const manager = MANAGER_ROLES.includes(tenant.role);
  const budget = useLoad<CodeBudget>(manager ? tenantPath(tenant.slug, '/residents/code-budget') : null);
  return (
    <Page title={t('overview.title')}>
      {budget.data?.exhausted ? (
        <p className="alert alert-warning" role="alert" data-testid="overview-code-budget">
          {t('overview.codeBudgetExhausted', { sent: budget.data.sent, budget: budget.data.budget })}{' '}
          <Link to={paths.tenant(tenant.slug, 'settings')}>{t('overview.codeBudgetLink')}</Link>
        </p>
      ) : null}
      <dl className="facts">
        <dt>{t('overview.tenant')}</dt>
        <dd data-testid="overview-tenant">{tenant.name}</dd>
        <dt>{t('overview.role')}</dt>
        <dd>{tOr(`role.${tenant.role}`, tenant.role)}</dd>
      </dl>
      <h2>{t('overview.next')}</h2>
      <ul className="link-list">
        <li>
          <a href={paths.portal(tenant.slug)}>{t('overview.portal')}</a>
          <span className="hint"> {t('overview.portalHint')}</span>
        </li>
        <li>
          <Link to={paths.tenant(tenant.slug, 'settings')}>{manager ? t('overview.settings') : t('overview.staff')}</Link>
        </li>
      </ul>
    </Page>
  );
}

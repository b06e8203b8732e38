// Übersicht: which municipality, which role, and where to go next.
import { type MessageKey, useI18n } from '../i18n.tsx';
import { can } from '../../../common/permissions.ts';
import { paths } from '../routes.ts';
import { Link } from '../router.tsx';
import { Page } from '../components/Page.tsx';
import { useLoad } from '../components/useLoad.ts';
import { tenantPath } from '../api.ts';
import { type SetupItem, setupChecklist } from '../../../common/setup.ts';
import type { CodeBudget, Tenant, TenantSummary } from '../types.ts';
import { InboxCountsPanel } from './inbox/InboxCountsPanel.tsx';
import { ReportCountsPanel } from './reports/ReportCountsPanel.tsx';

export function OverviewPage({ tenant }: { tenant: TenantSummary }) {
  const { t, tOr } = useI18n();
  const manager = can(tenant.role, 'tenant.manage');
  const budget = useLoad<CodeBudget>(manager ? tenantPath(tenant.slug, '/residents/code-budget') : null);
  const settings = useLoad<Tenant>(tenantPath(tenant.slug));
  return (
    <Page title={t('overview.title')}>
      {settings.data ? <SetupChecklist slug={tenant.slug} tenant={settings.data} manager={manager} /> : null}
      {budget.data?.exhausted ? (
        <p className="alert alert-warning" role="alert" data-testid="overview-code-budget">
          {t('overview.codeBudgetExhausted', { sent: budget.data.sent, budget: budget.data.budget })}{' '}
          <Link to={paths.tenant(tenant.slug, 'settings')}>{t('overview.codeBudgetLink')}</Link>
        </p>
      ) : null}
      <InboxCountsPanel slug={tenant.slug} />
      {can(tenant.role, 'reports.read') ? <ReportCountsPanel slug={tenant.slug} /> : null}
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

const ITEM_LABEL: Record<SetupItem, MessageKey> = {
  imprint: 'overview.setup.imprint',
  privacy: 'overview.setup.privacy',
  contact: 'overview.setup.contact',
  accessibility: 'overview.setup.accessibility',
};

/** Until the municipality says who it is, residents cannot register: what is missing, with the way to fill it in. */
function SetupChecklist({ slug, tenant, manager }: { slug: string; tenant: Tenant; manager: boolean }) {
  const { t } = useI18n();
  const items = setupChecklist(tenant);
  if (items.every((i) => i.done)) return null;
  const closed = items.some((i) => i.required && !i.done);
  return (
    <section className="setup-checklist" aria-labelledby="setup-heading" data-testid="overview-setup">
      <h2 id="setup-heading">{t('overview.setup.title')}</h2>
      {closed ? (
        <p className="alert alert-warning" role="alert">
          {t('overview.setup.closed')}
        </p>
      ) : null}
      <ul className="link-list">
        {items.map(({ item, done, required }) => (
          <li key={item} data-testid={`setup-${item}`} data-done={done}>
            <strong>{t(ITEM_LABEL[item])}</strong>: {t(done ? 'overview.setup.done' : required ? 'overview.setup.missing' : 'overview.setup.recommended')}
            {!done && manager ? (
              <>
                {' '}
                <Link to={paths.settings(slug, 'tenant')}>{t('overview.setup.fill')}</Link>
              </>
            ) : null}
          </li>
        ))}
      </ul>
      {!manager ? <p className="hint">{t('overview.setup.askManager')}</p> : null}
    </section>
  );
}

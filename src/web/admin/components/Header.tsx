// Top bar for signed-in staff: brand, municipality switcher, language, account and sign-out.
import { useI18n } from '../i18n.tsx';
import { paths } from '../routes.ts';
import { Link, navigate } from '../router.tsx';
import { useMe, useSession } from '../session.tsx';
import type { TenantSummary } from '../types.ts';
import { LangSwitch } from './LangSwitch.tsx';
import { NotificationsBell } from '../pages/inbox/NotificationsBell.tsx';

export function Header({ tenant }: { tenant: TenantSummary | null }) {
  const { t } = useI18n();
  const me = useMe();
  const { signOut } = useSession();
  return (
    <header className="app-header" style={tenant?.brandColor ? { borderBottomColor: tenant.brandColor } : undefined}>
      <Link to={paths.home} className="brand">
        Civicast
      </Link>
      {me.tenants.length > 1 ? (
        <div className="tenant-switch">
          <label htmlFor="tenant-switch">{t('header.tenant')}</label>
          <select id="tenant-switch" data-testid="tenant-switch" value={tenant?.slug ?? ''} onChange={(e) => navigate(paths.tenant(e.target.value))}>
            {tenant ? null : <option value="">{t('header.chooseTenant')}</option>}
            {me.tenants.map((x) => (
              <option key={x.id} value={x.slug}>
                {x.name}
              </option>
            ))}
          </select>
        </div>
      ) : tenant ? (
        <span className="tenant-name">{tenant.name}</span>
      ) : null}
      <div className="header-actions">
        <LangSwitch />
        {tenant ? <NotificationsBell key={tenant.slug} slug={tenant.slug} /> : null}
        {me.networks.map((n) => (
          <Link key={n.id} to={paths.network(n.slug)} className="header-link" data-testid="network-link">
            <span className="visually-hidden">{t('header.network')}: </span>
            {n.name}
          </Link>
        ))}
        {me.user.isOperator ? (
          <Link to={paths.installation} className="header-link" data-testid="installation-link">
            {t('header.installation')}
          </Link>
        ) : null}
        <Link to={paths.account} className="header-link" data-testid="account-link">
          {t('header.account')}
          <span className="visually-hidden">: </span>
          <span className="header-user"> {me.user.name || me.user.email}</span>
        </Link>
        <button type="button" className="button-quiet" data-testid="logout" onClick={() => void signOut()}>
          {t('header.logout')}
        </button>
      </div>
    </header>
  );
}

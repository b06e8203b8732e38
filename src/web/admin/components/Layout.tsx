// Page frame for signed-in staff: skip link, header, navigation, two-factor notice, main.
import type { ReactNode } from 'react';
import { useI18n } from '../i18n.tsx';
import { paths, type Section } from '../routes.ts';
import { Link } from '../router.tsx';
import { useMe, useSession } from '../session.tsx';
import type { TenantSummary } from '../types.ts';
import { Header } from './Header.tsx';
import { LangSwitch } from './LangSwitch.tsx';
import { MainNav } from './MainNav.tsx';
import { Page, TitleContext } from './Page.tsx';

export function SkipLink() {
  const { t } = useI18n();
  return (
    <a className="skip-link" href="#main">
      {t('skipLink')}
    </a>
  );
}

function MfaNotice({ tenant }: { tenant: TenantSummary | null }) {
  const { t } = useI18n();
  const me = useMe();
  const { mfaRequired } = useSession();
  const demanded = mfaRequired || Boolean(tenant?.requireTwoFactor);
  if (!demanded || me.user.totpEnabled) return null;
  return (
    <div className="alert alert-warning notice-bar" role="alert">
      <p>
        {t('mfa.required')} <Link to={paths.account}>{t('mfa.setupLink')}</Link>
      </p>
    </div>
  );
}

interface LayoutProps {
  tenant: TenantSummary | null;
  section: Section | null;
  children: ReactNode;
}

export function Layout({ tenant, section, children }: LayoutProps) {
  return (
    <TitleContext.Provider value={tenant?.name ?? null}>
      <SkipLink />
      <Header tenant={tenant} />
      <MfaNotice tenant={tenant} />
      <div className="app-body">
        {tenant ? <MainNav slug={tenant.slug} current={section} /> : null}
        <main id="main" tabIndex={-1} className="app-main">
          {children}
        </main>
      </div>
    </TitleContext.Provider>
  );
}

/** Frame for pages used without signing in (login, password reset, invitations). */
export function PublicLayout({ children }: { children: ReactNode }) {
  return (
    <>
      <SkipLink />
      <header className="app-header public-header">
        <span className="brand">Civicast</span>
        <div className="header-actions">
          <LangSwitch />
        </div>
      </header>
      <main id="main" tabIndex={-1} className="public-main">
        {children}
      </main>
    </>
  );
}

/** The page for an address that names a municipality or a network the signed-in person has no membership of. */
export function NotMemberPage({ title, text }: { title: string; text: string }) {
  return (
    <Layout tenant={null} section={null}>
      <Page title={title}>
        <p>{text}</p>
      </Page>
    </Layout>
  );
}

// Chooses the page for the current URL and guards pages that need a signed-in session.
import { useEffect } from 'react';
import { Layout, PublicLayout } from './components/Layout.tsx';
import { Page } from './components/Page.tsx';
import { useI18n } from './i18n.tsx';
import { AccountPage } from './pages/account/AccountPage.tsx';
import { InstallationPage } from './pages/installation/InstallationPage.tsx';
import { NetworkPages } from './pages/network/NetworkPages.tsx';
import { AcceptInvitationPage } from './pages/public/AcceptInvitationPage.tsx';
import { ForgotPasswordPage } from './pages/public/ForgotPasswordPage.tsx';
import { LoginPage } from './pages/public/LoginPage.tsx';
import { ResetPasswordPage } from './pages/public/ResetPasswordPage.tsx';
import { TenantPages } from './pages/TenantPages.tsx';
import { paths, parseRoute, type Route } from './routes.ts';
import { Link, navigate, useLocation } from './router.tsx';
import { lastTenant, SessionContext, useSession, useSessionController } from './session.tsx';
import type { Me } from './types.ts';
import { Loading } from './components/Loading.tsx';

export function App() {
  const session = useSessionController();
  return (
    <SessionContext.Provider value={session}>
      <Routes />
    </SessionContext.Provider>
  );
}

const needsSession = (route: Route) =>
  route.page === 'home' || route.page === 'tenant' || route.page === 'account' || route.page === 'installation' || route.page === 'network';

function preferredTenant(me: Me): string | null {
  const last = lastTenant();
  return me.tenants.find((t) => t.slug === last)?.slug ?? me.tenants[0]?.slug ?? null;
}

function Routes() {
  const { pathname, search } = useLocation();
  const route = parseRoute(pathname, search);
  const { state } = useSession();

  useEffect(() => {
    if (state.status === 'anonymous' && needsSession(route)) {
      navigate(paths.login(route.page === 'home' ? undefined : pathname + search), { replace: true });
    } else if (state.status === 'signedIn' && route.page === 'login') {
      navigate(route.next ?? paths.home, { replace: true });
    } else if (state.status === 'signedIn' && route.page === 'home') {
      const slug = preferredTenant(state.me);
      if (slug) navigate(paths.tenant(slug), { replace: true });
      else if (state.me.networks[0]) navigate(paths.network(state.me.networks[0].slug), { replace: true });
      else if (state.me.user.isOperator) navigate(paths.installation, { replace: true });
    }
  });

  switch (route.page) {
    case 'forgot':
      return <ForgotPasswordPage />;
    case 'reset':
      return <ResetPasswordPage token={route.token} />;
    case 'accept':
      return <AcceptInvitationPage token={route.token} />;
    case 'login':
      return state.status === 'anonymous' ? <LoginPage /> : <LoadingScreen />;
    case 'notFound':
      return state.status === 'signedIn' ? (
        <Layout tenant={null} section={null}>
          <NotFound />
        </Layout>
      ) : (
        <PublicLayout>
          <NotFound />
        </PublicLayout>
      );
  }
  if (state.status !== 'signedIn') return <LoadingScreen />;
  if (route.page === 'account') return <AccountPage />;
  if (route.page === 'installation') return <InstallationPage />;
  if (route.page === 'network') return <NetworkPages slug={route.slug} view={route.view} />;
  if (route.page === 'tenant') return <TenantPages slug={route.slug} section={route.section} tab={route.tab} sub={route.sub ?? null} />;
  return state.me.tenants.length === 0 ? <NoTenant /> : <LoadingScreen />;
}

function LoadingScreen() {
  return (
    <main id="main" className="public-main">
      <Loading />
    </main>
  );
}

function NotFound() {
  const { t } = useI18n();
  return (
    <Page title={t('notFound.title')}>
      <p>{t('notFound.text')}</p>
      <p>
        <Link to={paths.home}>{t('notFound.home')}</Link>
      </p>
    </Page>
  );
}

function NoTenant() {
  const { t } = useI18n();
  const { state } = useSession();
  const operator = state.status === 'signedIn' && state.me.user.isOperator;
  return (
    <Layout tenant={null} section={null}>
      <Page title={t('noTenant.title')}>
        <p>{t('noTenant.text')}</p>
        {operator ? (
          <p>
            {t('noTenant.operator')} <Link to={paths.installation}>{t('installation.title')}</Link>
          </p>
        ) : null}
      </Page>
    </Layout>
  );
}

// Mein Konto: name and language, password, two-factor sign-in and the account's own events.
import { Layout } from '../../components/Layout.tsx';
import { Page } from '../../components/Page.tsx';
import { useI18n } from '../../i18n.tsx';
import { lastTenant, useMe } from '../../session.tsx';
import { AccountEvents } from './AccountEvents.tsx';
import { PasswordSection } from './PasswordSection.tsx';
import { ProfileSection } from './ProfileSection.tsx';
import { TwoFactorSection } from './TwoFactorSection.tsx';

export function AccountPage() {
  const { t } = useI18n();
  const me = useMe();
  const last = lastTenant();
  const tenant = me.tenants.find((x) => x.slug === last) ?? me.tenants[0] ?? null;
  return (
    <Layout tenant={tenant} section={null}>
      <Page title={t('account.title')}>
        <p>{t('account.signedInAs', { email: me.user.email })}</p>
        <ProfileSection />
        <PasswordSection />
        <TwoFactorSection />
        <AccountEvents />
      </Page>
    </Layout>
  );
}

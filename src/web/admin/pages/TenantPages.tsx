// Everything under /admin/t/:slug/: finds the municipality among the user's and renders the section.
import { type ReactNode, useEffect } from 'react';
import { Layout, NotMemberPage } from '../components/Layout.tsx';
import { InZone, useI18n } from '../i18n.tsx';
import type { Section, SettingsTab } from '../routes.ts';
import { rememberTenant, useMe } from '../session.tsx';
import { AnalyticsPage } from './analytics/AnalyticsPage.tsx';
import { InboxPage } from './inbox/InboxPage.tsx';
import { MessagesPage } from './messages/MessagesPage.tsx';
import { OverviewPage } from './OverviewPage.tsx';
import { PlaceholderPage } from './PlaceholderPage.tsx';
import { ReportsPage } from './reports/ReportsPage.tsx';
import { SurveysPage } from './surveys/SurveysPage.tsx';
import { EventsPage } from './events/EventsPage.tsx';
import { WastePage } from './waste/WastePage.tsx';
import { ResidentsPage } from './residents/ResidentsPage.tsx';
import { SettingsPage } from './settings/SettingsPage.tsx';
import { WarningsPage } from './warnings/WarningsPage.tsx';

interface Props {
  slug: string;
  section: Section;
  tab: SettingsTab | null;
  sub?: string | null;
}

export function TenantPages({ slug, section, tab, sub = null }: Props) {
  const { t } = useI18n();
  const me = useMe();
  const tenant = me.tenants.find((x) => x.slug === slug) ?? null;

  useEffect(() => {
    if (tenant) rememberTenant(tenant.slug);
  }, [tenant]);

  if (!tenant) return <NotMemberPage title={t('tenant.notFound.title')} text={t('tenant.notFound.text')} />;

  let content: ReactNode;
  if (section === 'overview') content = <OverviewPage tenant={tenant} />;
  else if (section === 'settings') content = <SettingsPage tenant={tenant} tab={tab} />;
  else if (section === 'residents') content = <ResidentsPage tenant={tenant} sub={sub} />;
  else if (section === 'messages') content = <MessagesPage tenant={tenant} sub={sub} />;
  else if (section === 'warnings') content = <WarningsPage tenant={tenant} sub={sub} />;
  else if (section === 'inbox') content = <InboxPage tenant={tenant} sub={sub} />;
  else if (section === 'reports') content = <ReportsPage tenant={tenant} sub={sub} />;
  else if (section === 'surveys') content = <SurveysPage tenant={tenant} sub={sub} />;
  else if (section === 'events') content = <EventsPage tenant={tenant} sub={sub} />;
  else if (section === 'waste') content = <WastePage tenant={tenant} sub={sub} />;
  else if (section === 'analytics') content = <AnalyticsPage tenant={tenant} />;
  else content = <PlaceholderPage section={section} />;

  return (
    <Layout tenant={tenant} section={section}>
      <InZone timeZone={tenant.timeZone}>
        <div key={`${tenant.slug}/${section}`}>{content}</div>
      </InZone>
    </Layout>
  );
}

// Einstellungen: sub-pages for the municipality, staff, channels, audit log and dev outbox (staff only, read-only, for non-managers).
import type { ReactNode } from 'react';
import { can, type Permission } from '../../../../common/permissions.ts';
import { Page } from '../../components/Page.tsx';
import { TabNav, TabPanel, tabsFor } from '../../components/Tabs.tsx';
import { type MessageKey, useI18n } from '../../i18n.tsx';
import { paths, SETTINGS_TABS, type SettingsTab } from '../../routes.ts';
import type { TenantSummary } from '../../types.ts';
import { InboxSettingsTab } from '../inbox-settings/InboxSettingsTab.tsx';
import { ReportsSettingsTab } from '../reports-settings/ReportsSettingsTab.tsx';
import { AuditLogTab } from './AuditLogTab.tsx';
import { ChannelsTab } from './channels/ChannelsTab.tsx';
import { OutboxTab } from './OutboxTab.tsx';
import { StaffTab } from './StaffTab.tsx';
import { TenantTab } from './TenantTab.tsx';

const tabLabel: Record<SettingsTab, MessageKey> = {
  tenant: 'settings.tab.tenant',
  staff: 'settings.tab.staff',
  channels: 'settings.tab.channels',
  inbox: 'settings.tab.inbox',
  reports: 'settings.tab.reports',
  audit: 'settings.tab.audit',
  outbox: 'settings.tab.outbox',
};

/** What a tab needs; a tab shows only when the role holds it. */
const tabPermission: Record<SettingsTab, Permission> = {
  tenant: 'tenant.manage',
  staff: 'staff.read',
  channels: 'providers.manage',
  // rules, hours and canned responses are read by everyone who answers residents; inbox.manage gets the controls
  inbox: 'inbox.read',
  // categories and settings are read by everyone; reports.manage gets the controls and the Open311 keys
  reports: 'reports.read',
  audit: 'audit.read',
  outbox: 'outbox.read',
};

export function SettingsPage({ tenant, tab }: { tenant: TenantSummary; tab: SettingsTab | null }) {
  const { t } = useI18n();
  const tabs = SETTINGS_TABS.filter((x) => can(tenant.role, tabPermission[x]));
  const current: SettingsTab = tab ?? tabs[0] ?? 'staff';
  const allowed = (tabs as readonly SettingsTab[]).includes(current);

  let content: ReactNode;
  if (!allowed) content = <p className="alert alert-info">{t('settings.managersOnly')}</p>;
  else if (current === 'tenant') content = <TenantTab slug={tenant.slug} />;
  else if (current === 'staff') content = <StaffTab tenant={tenant} />;
  else if (current === 'channels') content = <ChannelsTab slug={tenant.slug} />;
  else if (current === 'inbox') content = <InboxSettingsTab tenant={tenant} />;
  else if (current === 'reports') content = <ReportsSettingsTab tenant={tenant} />;
  else if (current === 'audit') content = <AuditLogTab slug={tenant.slug} />;
  else content = <OutboxTab slug={tenant.slug} />;

  const tabList = tabsFor(tabs, 'settings-tab', (x) => ({ to: paths.settings(tenant.slug, x), label: t(tabLabel[x]) }));
  return (
    <Page title={t('settings.title')}>
      <TabNav label={t('settings.tabsLabel')} current={current} tabs={tabList} />
      <TabPanel headingId="settings-heading" heading={t(tabLabel[current])}>
        {content}
      </TabPanel>
    </Page>
  );
}

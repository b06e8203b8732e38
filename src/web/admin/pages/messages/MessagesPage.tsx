// Nachrichten: the list, compose (new or edit), one message with its live progress, and templates.
import './messages.css';
import type { ReactNode } from 'react';
import { can } from '../../../../common/permissions.ts';
import { tenantPath } from '../../api.ts';
import { Page } from '../../components/Page.tsx';
import { TabNav, TabPanel, tabsFor } from '../../components/Tabs.tsx';
import { useLoad } from '../../components/useLoad.ts';
import { type MessageKey, useI18n } from '../../i18n.tsx';
import { type MessagesView, paths, parseMessagesView } from '../../routes.ts';
import type { TenantSummary } from '../../types.ts';
import type { TopicList } from '../residents/types.ts';
import { ComposePage } from './ComposePage.tsx';
import { MessageDetailView } from './MessageDetailView.tsx';
import { MessageList } from './MessageList.tsx';
import { TemplatesView } from './TemplatesView.tsx';
import type { MessagesContext } from './types.ts';

const TABS = ['list', 'new', 'templates'] as const;
const heading: Record<MessagesView['view'], MessageKey> = {
  list: 'messages.tab.list',
  new: 'messages.tab.new',
  templates: 'messages.tab.templates',
  detail: 'messages.detail.title',
  edit: 'messages.edit.title',
};

export function MessagesPage({ tenant, sub }: { tenant: TenantSummary; sub: string | null }) {
  const { t } = useI18n();
  const topics = useLoad<TopicList>(tenantPath(tenant.slug, '/topics'));
  const view = parseMessagesView(sub) ?? { view: 'list' };
  const ctx: MessagesContext = {
    slug: tenant.slug,
    tenantName: tenant.name,
    topics: topics.data?.items ?? [],
    canWrite: can(tenant.role, 'messages.write'),
  };
  const tabs = TABS.filter((x) => x !== 'new' || ctx.canWrite);

  let content: ReactNode;
  if (view.view === 'new')
    content = ctx.canWrite ? <ComposePage key="new" ctx={ctx} id={null} /> : <p className="alert alert-info">{t('messages.writersOnly')}</p>;
  else if (view.view === 'edit') content = <ComposePage key={view.id} ctx={ctx} id={view.id} />;
  else if (view.view === 'detail') content = <MessageDetailView ctx={ctx} id={view.id} />;
  else if (view.view === 'templates') content = <TemplatesView ctx={ctx} />;
  else content = <MessageList ctx={ctx} />;

  const tabList = tabsFor(tabs, 'messages-tab', (x) => ({
    to: x === 'list' ? paths.messages(tenant.slug) : paths.messages(tenant.slug, x),
    label: t(heading[x]),
  }));
  return (
    <Page title={t('messages.title')}>
      <TabNav label={t('messages.tabsLabel')} current={view.view} tabs={tabList} />
      <TabPanel headingId="messages-heading" heading={t(heading[view.view])}>
        {content}
      </TabPanel>
    </Page>
  );
}

// Posteingang: the named lists with their counts, filters and search, or one conversation; live over the inbox stream.
import './inbox.css';
import type { ReactNode } from 'react';
import { can } from '../../../../common/permissions.ts';
import { Page } from '../../components/Page.tsx';
import { TabNav, TabPanel, tabsFor } from '../../components/Tabs.tsx';
import { useLoad } from '../../components/useLoad.ts';
import { useI18n } from '../../i18n.tsx';
import { INBOX_LISTS, type InboxList, paths, parseInboxView } from '../../routes.ts';
import { useMe } from '../../session.tsx';
import type { TenantSummary } from '../../types.ts';
import { ConversationList } from './ConversationList.tsx';
import { ConversationView } from './ConversationView.tsx';
import type { InboxContext, InboxCounts } from './types.ts';
import { countsPath, useInboxStream } from './useInboxStream.ts';

export function InboxPage({ tenant, sub }: { tenant: TenantSummary; sub: string | null }) {
  const { t } = useI18n();
  const me = useMe();
  const view = parseInboxView(sub) ?? { view: 'list', list: 'all' };
  const counts = useLoad<InboxCounts>(countsPath(tenant.slug));
  useInboxStream(tenant.slug);
  const ctx: InboxContext = {
    slug: tenant.slug,
    tenantName: tenant.name,
    userId: me.user.id,
    userName: me.user.name || me.user.email,
    canRead: can(tenant.role, 'inbox.read'),
    canWork: can(tenant.role, 'inbox.work'),
  };
  const current = view.view === 'list' ? view.list : null;

  /** A list's name with its count, which screen readers hear after a colon; overdue ones stand out. */
  const tabLabel = (x: InboxList) => {
    const n = x === 'all' ? null : counts.data?.[x];
    return (
      <>
        {t(`inbox.list.${x}`)}
        {n !== null && n !== undefined ? (
          <span className={x === 'overdue' && n > 0 ? 'count-badge count-danger' : 'count-badge'} data-testid={`inbox-count-${x}`}>
            <span className="visually-hidden">: </span>
            {n}
          </span>
        ) : null}
      </>
    );
  };

  let content: ReactNode;
  if (!ctx.canRead) content = <p className="alert alert-info">{t('inbox.readersOnly')}</p>;
  else if (view.view === 'conversation') content = <ConversationView key={view.id} ctx={ctx} id={view.id} />;
  else content = <ConversationList key={view.list} ctx={ctx} list={view.list} />;

  return (
    <Page title={t('inbox.title')}>
      <TabNav
        label={t('inbox.tabsLabel')}
        current={current}
        tabs={tabsFor(INBOX_LISTS, 'inbox-tab', (x) => ({ to: paths.inbox(tenant.slug, x), label: tabLabel(x) }))}
      />
      <TabPanel headingId="inbox-heading" heading={view.view === 'list' ? t(`inbox.list.${view.list}`) : t('inbox.conversation.title')}>
        {content}
      </TabPanel>
    </Page>
  );
}

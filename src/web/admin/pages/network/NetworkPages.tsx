// A network's console (Landkreis, Verbund) under /admin/n/:slug/: its member municipalities with their follower
// counts, sending a message or a warning to all or chosen members' residents, and the templates it shares.
import type { ReactNode } from 'react';
import { canInNetwork } from '../../../../common/permissions.ts';
import type { NetworkMember } from '../../../../common/contracts/networks.ts';
import { type Column, LoadedTable, portalColumn } from '../../components/DataTable.tsx';
import { Layout, NotMemberPage } from '../../components/Layout.tsx';
import { Page } from '../../components/Page.tsx';
import { TabNav, TabPanel, tabsFor } from '../../components/Tabs.tsx';
import { useLoad } from '../../components/useLoad.ts';
import { type MessageKey, useI18n } from '../../i18n.tsx';
import { NETWORK_VIEWS, type NetworkView, paths } from '../../routes.ts';
import { useMe } from '../../session.tsx';
import type { Items, NetworkSummary } from '../../types.ts';
import { NetworkSendPage } from './NetworkSend.tsx';
import { NetworkTemplatesPage } from './NetworkTemplates.tsx';
import { networkPath } from './networkPath.ts';

const viewLabel: Record<NetworkView, MessageKey> = { members: 'network.members', send: 'network.send', templates: 'network.templates' };

export function NetworkPages({ slug, view }: { slug: string; view: NetworkView }) {
  const { t } = useI18n();
  const network = useMe().networks.find((n) => n.slug === slug);
  if (!network) return <NotMemberPage title={t('network.notFound')} text={t('network.notFoundText')} />;
  let content: ReactNode;
  if (view === 'send') content = <NetworkSendPage network={network} />;
  else if (view === 'templates') content = <NetworkTemplatesPage network={network} />;
  else content = <Members network={network} />;
  const views = NETWORK_VIEWS.filter((v) => v !== 'send' || canSend(network));
  const tabList = tabsFor(views, 'network-tab', (v) => ({ to: paths.network(network.slug, v), label: t(viewLabel[v]) }));
  return (
    <Layout tenant={null} section={null}>
      <Page title={`${network.name}: ${t(viewLabel[view])}`}>
        <p className="hint">{t(network.kind === 'landkreis' ? 'network.kind.landkreis' : 'network.kind.verbund')}</p>
        <TabNav label={t('network.tabsLabel')} current={view} tabs={tabList} />
        <TabPanel headingId="network-heading" heading={t(viewLabel[view])}>
          {content}
        </TabPanel>
      </Page>
    </Layout>
  );
}

/** Whether the staff member may send anything to the members (a message or a warning). */
export const canSend = (network: NetworkSummary) => canInNetwork(network.role, 'network.send') || canInNetwork(network.role, 'network.warn');

function Members({ network }: { network: NetworkSummary }) {
  const { t, formatDateTime } = useI18n();
  const members = useLoad<Items<NetworkMember>>(networkPath(network.slug, '/members'));
  const items = members.data?.items ?? [];
  const total = items.reduce((sum, m) => sum + m.followers, 0);
  const columns: Column<NetworkMember>[] = [
    portalColumn(t('network.member')),
    { key: 'followers', header: t('network.followers'), className: 'num', cell: (m) => m.followers.toLocaleString() },
    { key: 'joined', header: t('network.joined'), cell: (m) => <time dateTime={m.joinedAt}>{formatDateTime(m.joinedAt)}</time> },
  ];
  return (
    <>
      <LoadedTable
        caption={t('network.membersCaption', { name: network.name })}
        testId="network-members"
        load={members}
        empty={t('network.noMembers')}
        columns={columns}
      />
      {items.length ? <p data-testid="network-followers-total">{t('network.followersTotal', { count: total, members: items.length })}</p> : null}
    </>
  );
}

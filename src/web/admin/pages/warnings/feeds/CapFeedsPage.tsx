// Externe Warnquellen: the CAP feeds the municipality subscribes to (rules, last poll, last error, poll now, pause,
// delete) and the alerts they proposed, each approved (issued as a warning) or dismissed with one click.
import type { CapFeed, CapFeedItem, CapFeedItemList, CapFeedList } from '../../../../../common/contracts/cap-feeds.ts';
import { api, tenantPath } from '../../../api.ts';
import { type Column, LoadedTable } from '../../../components/DataTable.tsx';
import { ActionButton } from '../../../components/ActionButton.tsx';
import { Problem } from '../../../components/Problem.tsx';
import { useAction } from '../../../components/useAction.ts';
import { useLoad } from '../../../components/useLoad.ts';
import { useI18n } from '../../../i18n.tsx';
import { FeedForm } from './FeedForm.tsx';

export function CapFeedsPage({ slug, canIssue }: { slug: string; canIssue: boolean }) {
  const { t, formatDateTime } = useI18n();
  const feeds = useLoad<CapFeedList>(tenantPath(slug, '/cap-feeds'));
  const proposals = useLoad<CapFeedItemList>(tenantPath(slug, '/cap-feeds/proposals'));
  const action = useAction();
  const feedPath = (id: string, rest = '') => tenantPath(slug, `/cap-feeds/${encodeURIComponent(id)}${rest}`);
  const proposalPath = (id: string, verb: 'approve' | 'dismiss') => tenantPath(slug, `/cap-feeds/proposals/${encodeURIComponent(id)}/${verb}`);
  const rules = (f: CapFeed) =>
    [
      t(`capFeeds.mode.${f.mode}`),
      `≥ ${t(`warnings.severity.${f.minSeverity}`)}`,
      f.eventTypes.length ? f.eventTypes.join(', ') : null,
      f.requireAreaIntersection ? t('capFeeds.rule.area') : null,
    ]
      .filter(Boolean)
      .join(' · ');

  const proposalColumns: ReadonlyArray<Column<CapFeedItem> | false> = [
    { key: 'headline', header: t('warnings.field.headline'), rowHeader: true, cell: (i) => i.headline || i.event },
    { key: 'event', header: t('warnings.field.event'), cell: (i) => i.event },
    { key: 'severity', header: t('warnings.field.severity'), cell: (i) => (i.severity ? t(`warnings.severity.${i.severity as 'minor'}`) : '–') },
    { key: 'area', header: t('capFeeds.field.area'), cell: (i) => i.areaDesc || '–' },
    { key: 'sender', header: t('capFeeds.field.sender'), cell: (i) => i.sender },
    canIssue && {
      key: 'actions',
      header: t('capFeeds.field.decision'),
      cell: (i) => (
        <>
          <ActionButton action={action} change={() => api.post(proposalPath(i.id, 'approve'))} done={t('capFeeds.approved')} className="button-primary">
            {t('capFeeds.approve')}
          </ActionButton>{' '}
          <ActionButton action={action} change={() => api.post(proposalPath(i.id, 'dismiss'))} done={t('capFeeds.dismissed')}>
            {t('capFeeds.dismiss')}
          </ActionButton>
        </>
      ),
    },
  ];
  const feedColumns: ReadonlyArray<Column<CapFeed> | false> = [
    { key: 'name', header: t('capFeeds.field.name'), rowHeader: true, cell: (f) => (f.enabled ? f.name : `${f.name} (${t('capFeeds.paused')})`) },
    { key: 'url', header: t('capFeeds.field.url'), cell: (f) => <code>{f.url}</code> },
    { key: 'rules', header: t('capFeeds.field.rules'), cell: rules },
    { key: 'polled', header: t('capFeeds.field.lastPoll'), cell: (f) => (f.lastPolledAt ? formatDateTime(f.lastPolledAt) : '–') },
    {
      key: 'error',
      header: t('capFeeds.field.lastError'),
      cell: (f) => (f.lastError ? <span className="field-error">{f.lastError}</span> : t('capFeeds.noError')),
    },
    { key: 'proposals', header: t('capFeeds.proposals'), className: 'num', cell: (f) => f.proposals },
    canIssue && {
      key: 'actions',
      header: t('capFeeds.field.actions'),
      cell: (f) => (
        <>
          <ActionButton action={action} change={() => api.post(feedPath(f.id, '/poll'))} done={t('capFeeds.polled')}>
            {t('capFeeds.pollNow')}
          </ActionButton>{' '}
          <ActionButton action={action} change={() => api.patch(feedPath(f.id), { enabled: !f.enabled })} done={t('capFeeds.saved')}>
            {f.enabled ? t('capFeeds.pause') : t('capFeeds.resume')}
          </ActionButton>{' '}
          <ActionButton action={action} change={() => api.del(feedPath(f.id))} done={t('capFeeds.deleted')} className="button-danger">
            {t('capFeeds.delete')}
          </ActionButton>
        </>
      ),
    },
  ];

  return (
    <>
      <Problem error={action.error} />
      {action.done ? <p role="status">{action.done}</p> : null}
      <section aria-labelledby="cap-proposals-heading">
        <h2 id="cap-proposals-heading">{t('capFeeds.proposals')}</h2>
        <LoadedTable
          caption={t('capFeeds.proposals')}
          testId="cap-proposals-table"
          load={proposals}
          empty={t('capFeeds.proposals.empty')}
          columns={proposalColumns}
        />
      </section>
      <section aria-labelledby="cap-feeds-heading">
        <h2 id="cap-feeds-heading">{t('capFeeds.title')}</h2>
        <LoadedTable caption={t('capFeeds.title')} testId="cap-feeds-table" load={feeds} empty={t('capFeeds.empty')} columns={feedColumns} />
      </section>
      {canIssue ? <FeedForm slug={slug} /> : null}
    </>
  );
}

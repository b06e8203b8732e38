// All messages: status, title, author, audience, channels, sent time, reach (delivered of recipients) and cost;
// filters by status, topic and author, search by title, page by page.
import { useState } from 'react';
import { tenantPath } from '../../api.ts';
import { DataTable } from '../../components/DataTable.tsx';
import { TextField } from '../../components/Field.tsx';
import { SearchButtons, useFilterDraft } from '../../components/FilterBar.tsx';
import { choicesOf, PickerField, staffChoices } from '../../components/Pickers.tsx';
import { Problem } from '../../components/Problem.tsx';
import { useLoad } from '../../components/useLoad.ts';
import { useI18n } from '../../i18n.tsx';
import { paths } from '../../routes.ts';
import { Link } from '../../router.tsx';
import type { StaffMember } from '../../types.ts';
import { topicChoices } from '../residents/context.ts';
import { formatCents, formatCount } from './format.ts';
import { CAMPAIGN_STATUSES, type MessagePage, type MessagesContext } from './types.ts';
import { useAudienceSummary } from '../../components/AudienceFields.tsx';

interface Filters {
  q: string;
  status: string;
  topic: string;
  author: string;
}
const EMPTY: Filters = { q: '', status: '', topic: '', author: '' };
const PAGE_SIZE = 25;

export function MessageList({ ctx }: { ctx: MessagesContext }) {
  const { t, tOr, locale, formatDateTime } = useI18n();
  const [applied, setApplied] = useState<Filters>(EMPTY);
  const [page, setPage] = useState(1);
  const { field, pick, submit, clear } = useFilterDraft(EMPTY, (next) => {
    setApplied({ ...next });
    setPage(1);
  });
  const query = new URLSearchParams({ page: String(page), pageSize: String(PAGE_SIZE) });
  for (const [key, value] of Object.entries(applied)) if (value.trim()) query.set(key, value.trim());
  const list = useLoad<MessagePage>(tenantPath(ctx.slug, `/messages?${query}`));
  const staff = useLoad<{ items: StaffMember[] }>(tenantPath(ctx.slug, '/staff'));
  const rows = list.data?.items ?? [];
  const total = list.data?.total ?? 0;
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  const filter = (key: keyof Filters) => pick(key, t('messages.filter.all'));
  const audienceText = useAudienceSummary('messages', ctx.topics);

  return (
    <>
      {ctx.canWrite ? (
        <p>
          <Link to={paths.messages(ctx.slug, 'new')} className="button-primary" data-testid="message-new">
            {t('messages.new')}
          </Link>
        </p>
      ) : null}
      <search aria-label={t('messages.search.label')}>
        <form className="form form-row" onSubmit={submit} noValidate>
          <TextField id="messages-q" type="search" label={t('messages.search.q')} {...field('q')} autoComplete="off" />
          <PickerField
            id="messages-status"
            label={t('messages.filter.status')}
            {...filter('status')}
            choices={choicesOf(CAMPAIGN_STATUSES, (s) => tOr(`messages.status.${s}`, s))}
          />
          <PickerField id="messages-topic" label={t('messages.filter.topic')} {...filter('topic')} choices={topicChoices(ctx.topics, locale)} />
          <PickerField id="messages-author" label={t('messages.filter.author')} {...filter('author')} choices={staffChoices(staff.data?.items ?? [])} />
          <SearchButtons applyLabel={t('messages.search.submit')} resetLabel={t('messages.search.reset')} onReset={() => clear(EMPTY)} />
        </form>
      </search>
      <Problem error={list.error} />
      <DataTable
        caption={t('messages.caption')}
        loading={list.loading}
        empty={Object.values(applied).some(Boolean) ? t('messages.noMatch') : t('messages.empty')}
        rows={rows}
        rowTestId="message-row"
        columns={[
          {
            key: 'status',
            header: t('messages.col.status'),
            cell: (r) => <span className="status-badge">{tOr(`messages.status.${r.status}`, r.status)}</span>,
          },
          { key: 'title', header: t('messages.col.title'), rowHeader: true, cell: (r) => <Link to={paths.message(ctx.slug, r.id)}>{r.title}</Link> },
          { key: 'author', header: t('messages.col.author'), cell: (r) => r.author?.name ?? '–' },
          { key: 'audience', header: t('messages.col.audience'), cell: (r) => audienceText(r.audience) },
          { key: 'channels', header: t('messages.col.channels'), cell: (r) => r.channels.map((c) => tOr(`messages.channel.${c}`, c)).join(', ') },
          {
            key: 'sent',
            header: t('messages.col.sent'),
            cell: (r) =>
              r.sentAt ? (
                <time dateTime={r.sentAt}>{formatDateTime(r.sentAt)}</time>
              ) : r.scheduledAt ? (
                t('messages.scheduledFor', { at: formatDateTime(r.scheduledAt) })
              ) : (
                '–'
              ),
          },
          {
            key: 'reach',
            header: t('messages.col.reach'),
            className: 'num',
            cell: (r) => (r.recipients === null ? '–' : `${formatCount(r.delivered ?? 0, locale)} / ${formatCount(r.recipients, locale)}`),
          },
          { key: 'cost', header: t('messages.col.cost'), className: 'num', cell: (r) => (r.costCents === null ? '–' : formatCents(r.costCents, locale)) },
        ]}
      />
      {pages > 1 ? (
        <nav aria-label={t('messages.pages.label')} className="form-row">
          <button type="button" onClick={() => setPage((p) => p - 1)} disabled={page <= 1}>
            {t('messages.pages.previous')}
          </button>
          <span aria-live="polite">{t('messages.pages.of', { page, pages })}</span>
          <button type="button" onClick={() => setPage((p) => p + 1)} disabled={page >= pages}>
            {t('messages.pages.next')}
          </button>
        </nav>
      ) : null}
    </>
  );
}

// One named list of the Posteingang: filters (department, person, channel, tag, status), full-text search and the
// conversations page by page; kept current by the inbox stream (which marks this list stale on every change).
import { useEffect, useRef, useState } from 'react';
import { CONVERSATION_TOTAL_CAP } from '../../../../common/contracts/inbox.ts';
import { CONVERSATION_STATUSES, INBOUND_CHANNELS } from '../../../../common/states.ts';
import { type Column, linkColumn } from '../../components/DataTable.tsx';
import { TextField } from '../../components/Field.tsx';
import { FilterBar, useFilterDraft } from '../../components/FilterBar.tsx';
import { PagedTable } from '../../components/LoadMore.tsx';
import { departmentChoices, PickerField, staffChoices, useDepartmentsAndStaff } from '../../components/Pickers.tsx';
import { Problem } from '../../components/Problem.tsx';
import { usePagedLoad } from '../../components/usePagedLoad.ts';
import { useI18n } from '../../i18n.tsx';
import { type InboxList, paths } from '../../routes.ts';
import { DueTime } from './DueTime.tsx';
import { maskAddress } from './format.ts';
import type { ConversationPage, ConversationSummary, InboxContext } from './types.ts';
import { inboxBase } from './useInboxStream.ts';

interface Filters {
  departmentId: string;
  assigneeId: string;
  channel: string;
  tag: string;
  status: string;
  q: string;
}
const NONE: Filters = { departmentId: '', assigneeId: '', channel: '', tag: '', status: '', q: '' };
const LIMIT = 50;

export function ContactLabel({ c }: { c: ConversationSummary['contact'] }) {
  return <>{c.name ?? (c.address ? maskAddress(c.address) : '–')}</>;
}

export function ConversationList({ ctx, list }: { ctx: InboxContext; list: InboxList }) {
  const { t, tOr } = useI18n();
  const [filters, setFilters] = useState<Filters>(NONE);
  const filter = useFilterDraft(NONE, setFilters);
  const { field, pick } = filter;
  const any = t('inbox.any');
  const channels = INBOUND_CHANNELS.map((c) => ({ value: c, label: tOr(`channel.${c}`, c) }));
  const statuses = (['active', ...CONVERSATION_STATUSES] as const).map((s) => ({ value: s, label: tOr(`inbox.status.${s}`, s) }));
  const people = useDepartmentsAndStaff(ctx.slug);

  const query = new URLSearchParams({ view: list });
  for (const [k, v] of Object.entries(filters)) if (v.trim()) query.set(k, v.trim());
  const result = usePagedLoad<ConversationSummary, ConversationPage>(`${inboxBase(ctx.slug)}/conversations`, query, {
    param: 'cursor',
    next: (p) => p.next,
    limit: LIMIT,
  });
  const total = result.first?.total ?? null;

  // a screen reader hears that new conversations came in without the list being read out again
  const [announce, setAnnounce] = useState('');
  const lastTotal = useRef<number | null>(null);
  useEffect(() => {
    if (total === null) return;
    if (lastTotal.current !== null && total > lastTotal.current) setAnnounce(t('inbox.newArrived', { count: total - lastTotal.current }));
    lastTotal.current = total;
  }, [total, t]);

  const columns: Column<ConversationSummary>[] = [
    linkColumn('contact', t('inbox.col.contact'), 'conversation-link', (c) => ({
      to: paths.conversation(ctx.slug, c.id),
      text: <ContactLabel c={c.contact} />,
    })),
    { key: 'channel', header: t('inbox.col.channel'), cell: (c) => tOr(`channel.${c.channel}`, c.channel) },
    {
      key: 'subject',
      header: t('inbox.col.subject'),
      cell: (c) => (
        <>
          <strong>{c.subject}</strong>
          {/* a subject taken from the first words of the message would only be said twice */}
          {c.preview && !c.preview.startsWith(c.subject.replace(/…$/, '')) ? (
            <>
              <br />
              <span className="hint">{c.preview}</span>
            </>
          ) : null}
        </>
      ),
    },
    {
      key: 'owner',
      header: t('inbox.col.owner'),
      cell: (c) => (
        <span data-testid="conversation-owner">
          {c.departmentName ?? '–'}
          <br />
          {c.assigneeName ?? <span className="hint">{t('inbox.unassigned')}</span>}
        </span>
      ),
    },
    {
      key: 'tags',
      header: t('inbox.col.tags'),
      cell: (c) =>
        c.tags.map((x) => (
          <span key={x} className="badge">
            {x}
          </span>
        )),
    },
    { key: 'due', header: t('inbox.col.due'), cell: (c) => <DueTime at={c.nextDueAt} overdue={c.overdue} /> },
    { key: 'status', header: t('inbox.col.status'), cell: (c) => <span data-testid="conversation-status">{tOr(`inbox.status.${c.status}`, c.status)}</span> },
  ];

  return (
    <div data-testid="inbox-list">
      <FilterBar className="inbox-filters" texts="inbox" filter={filter} resetTo={NONE} applyTestId="inbox-filter">
        <TextField id="inbox-q" label={t('inbox.search')} type="search" {...field('q')} maxLength={200} data-testid="inbox-search" />
        <PickerField id="inbox-department" label={t('inbox.col.department')} {...pick('departmentId', any)} choices={departmentChoices(people.departments)} />
        <PickerField id="inbox-assignee" label={t('inbox.col.person')} {...pick('assigneeId', any)} choices={staffChoices(people.staff)} />
        <PickerField id="inbox-channel" label={t('inbox.col.channel')} {...pick('channel', any)} choices={channels} />
        <TextField id="inbox-tag" label={t('inbox.col.tag')} {...field('tag')} maxLength={40} />
        <PickerField id="inbox-status" label={t('inbox.col.status')} {...pick('status', any)} choices={statuses} />
      </FilterBar>
      <p role="status" aria-live="polite" className="visually-hidden" data-testid="inbox-announce">
        {announce}
      </p>
      <Problem error={result.error} />
      {total !== null ? (
        <p className="hint">
          {total >= CONVERSATION_TOTAL_CAP ? t('inbox.totalMore', { count: CONVERSATION_TOTAL_CAP - 1 }) : t('inbox.total', { count: total })}
        </p>
      ) : null}
      <PagedTable
        caption={t('inbox.caption')}
        columns={columns}
        list={result}
        rowProps={(c) => ({ 'data-testid': 'conversation-row', 'data-id': c.id })}
        scrollable
        empty={t('inbox.empty')}
        testId="conversation-table"
        more={t('inbox.more')}
      />
    </div>
  );
}

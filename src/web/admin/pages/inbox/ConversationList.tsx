// One named list of the Posteingang: filters (department, person, channel, tag, status), full-text search and the
// conversations page by page; kept current by the inbox stream (which marks this list stale on every change).
import { useInfiniteQuery } from '@tanstack/react-query';
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { CONVERSATION_TOTAL_CAP } from '../../../../common/contracts/inbox.ts';
import { CONVERSATION_STATUSES, INBOUND_CHANNELS } from '../../../../common/states.ts';
import { api, tenantPath } from '../../api.ts';
import { type Column, DataTable } from '../../components/DataTable.tsx';
import { Problem } from '../../components/Problem.tsx';
import { pathKey, useLoad } from '../../components/useLoad.ts';
import { useI18n } from '../../i18n.tsx';
import { type InboxList, paths } from '../../routes.ts';
import { Link } from '../../router.tsx';
import type { Department, Items, StaffMember } from '../../types.ts';
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
  const [draft, setDraft] = useState<Filters>(NONE);
  const departments = useLoad<Items<Department>>(tenantPath(ctx.slug, '/departments'));
  const staff = useLoad<Items<StaffMember>>(tenantPath(ctx.slug, '/staff'));

  const query = new URLSearchParams({ view: list, limit: String(LIMIT) });
  for (const [k, v] of Object.entries(filters)) if (v.trim()) query.set(k, v.trim());
  const first = `${inboxBase(ctx.slug)}/conversations?${query}`;
  const result = useInfiniteQuery({
    queryKey: [...pathKey(first), 'pages'],
    queryFn: ({ pageParam, signal }) => {
      const page = new URLSearchParams(query);
      if (pageParam) page.set('cursor', pageParam);
      return api.get<ConversationPage>(`${inboxBase(ctx.slug)}/conversations?${page}`, { signal });
    },
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.next ?? undefined,
  });
  const rows = result.data?.pages.flatMap((p) => p.items) ?? [];
  const total = result.data?.pages[0]?.total ?? null;

  // a screen reader hears that new conversations came in without the list being read out again
  const [announce, setAnnounce] = useState('');
  const lastTotal = useRef<number | null>(null);
  useEffect(() => {
    if (total === null) return;
    if (lastTotal.current !== null && total > lastTotal.current) setAnnounce(t('inbox.newArrived', { count: total - lastTotal.current }));
    lastTotal.current = total;
  }, [total, t]);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setFilters(draft);
  };
  const set = (k: keyof Filters) => (e: { target: { value: string } }) => setDraft((d) => ({ ...d, [k]: e.target.value }));

  const columns: Column<ConversationSummary>[] = [
    {
      key: 'contact',
      header: t('inbox.col.contact'),
      rowHeader: true,
      cell: (c) => (
        <Link to={paths.conversation(ctx.slug, c.id)} data-testid="conversation-link">
          <ContactLabel c={c.contact} />
        </Link>
      ),
    },
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
      <form className="inbox-filters" onSubmit={submit} aria-label={t('inbox.filters')}>
        <div className="field">
          <label htmlFor="inbox-q">{t('inbox.search')}</label>
          <input id="inbox-q" type="search" value={draft.q} onChange={set('q')} maxLength={200} data-testid="inbox-search" />
        </div>
        <div className="field">
          <label htmlFor="inbox-department">{t('inbox.col.department')}</label>
          <select id="inbox-department" value={draft.departmentId} onChange={set('departmentId')}>
            <option value="">{t('inbox.any')}</option>
            {departments.data?.items.map((d) => (
              <option key={d.id} value={d.id}>
                {d.name}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="inbox-assignee">{t('inbox.col.person')}</label>
          <select id="inbox-assignee" value={draft.assigneeId} onChange={set('assigneeId')}>
            <option value="">{t('inbox.any')}</option>
            {staff.data?.items.map((s) => (
              <option key={s.userId} value={s.userId}>
                {s.name || s.email}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="inbox-channel">{t('inbox.col.channel')}</label>
          <select id="inbox-channel" value={draft.channel} onChange={set('channel')}>
            <option value="">{t('inbox.any')}</option>
            {INBOUND_CHANNELS.map((c) => (
              <option key={c} value={c}>
                {tOr(`channel.${c}`, c)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="inbox-tag">{t('inbox.col.tag')}</label>
          <input id="inbox-tag" value={draft.tag} onChange={set('tag')} maxLength={40} />
        </div>
        <div className="field">
          <label htmlFor="inbox-status">{t('inbox.col.status')}</label>
          <select id="inbox-status" value={draft.status} onChange={set('status')}>
            <option value="">{t('inbox.any')}</option>
            {(['active', ...CONVERSATION_STATUSES] as const).map((s) => (
              <option key={s} value={s}>
                {tOr(`inbox.status.${s}`, s)}
              </option>
            ))}
          </select>
        </div>
        <p className="button-row">
          <button type="submit" data-testid="inbox-filter">
            {t('inbox.apply')}
          </button>
          <button
            type="button"
            className="button-quiet"
            onClick={() => {
              setDraft(NONE);
              setFilters(NONE);
            }}
          >
            {t('inbox.reset')}
          </button>
        </p>
      </form>
      <p role="status" aria-live="polite" className="visually-hidden" data-testid="inbox-announce">
        {announce}
      </p>
      <Problem error={result.error} />
      {total !== null ? (
        <p className="hint">
          {total >= CONVERSATION_TOTAL_CAP ? t('inbox.totalMore', { count: CONVERSATION_TOTAL_CAP - 1 }) : t('inbox.total', { count: total })}
        </p>
      ) : null}
      <DataTable
        caption={t('inbox.caption')}
        columns={columns}
        rows={rows}
        rowKey={(c) => c.id}
        rowProps={(c) => ({ 'data-testid': 'conversation-row', 'data-id': c.id }) as never}
        scrollable
        loading={result.isPending}
        empty={t('inbox.empty')}
        testId="conversation-table"
      />
      {result.hasNextPage ? (
        <p>
          <button type="button" onClick={() => void result.fetchNextPage()} disabled={result.isFetchingNextPage}>
            {t('inbox.more')}
          </button>
        </p>
      ) : null}
    </div>
  );
}

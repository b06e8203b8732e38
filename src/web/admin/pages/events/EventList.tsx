// The lists of Veranstaltungen: upcoming (the start page), past and drafts, with a search; each row the title, the next
// date in the event's zone, the place, the answers (persons holding a place out of the capacity, the waitlist) and
// the status. Page by page as the server hands them out.
import { useState } from 'react';
import type { Column } from '../../components/DataTable.tsx';
import { TextField } from '../../components/Field.tsx';
import { FilterBar, useFilterDraft } from '../../components/FilterBar.tsx';
import { PagedTable } from '../../components/LoadMore.tsx';
import { Problem } from '../../components/Problem.tsx';
import { TabNav, TabPanel, tabsFor } from '../../components/Tabs.tsx';
import { usePagedLoad } from '../../components/usePagedLoad.ts';
import { type MessageKey, useI18n } from '../../i18n.tsx';
import { paths } from '../../routes.ts';
import { Link } from '../../router.tsx';
import { AnswersText, StatusBadge, When } from './bits.tsx';
import { EVENT_LISTS, type EventListName, listQuery } from './format.ts';
import { type EventList as EventPage, type EventsContext, type EventSummary, eventsBase } from './types.ts';

const LIST_LABELS: Record<EventListName, MessageKey> = {
  upcoming: 'events.list.upcoming',
  past: 'events.list.past',
  drafts: 'events.list.drafts',
};

export function EventList({ ctx, list }: { ctx: EventsContext; list: EventListName }) {
  const { t } = useI18n();
  const [q, setQ] = useState('');
  const filter = useFilterDraft({ q: '' }, (d) => setQ(d.q));
  const result = usePagedLoad<EventSummary, EventPage>(eventsBase(ctx.slug), listQuery(list, q), { param: 'cursor', next: (p) => p.next, limit: 50 });

  const columns: Column<EventSummary>[] = [
    {
      key: 'title',
      header: t('events.col.title'),
      rowHeader: true,
      cell: (e) => (
        <>
          <Link to={paths.events(ctx.slug, e.id)} data-testid="event-link">
            {e.title}
          </Link>
          {e.rrule ? <span className="hint"> · {t('events.recurring')}</span> : null}
          {e.listed ? null : <span className="hint"> · {t('events.unlisted')}</span>}
        </>
      ),
    },
    { key: 'when', header: list === 'past' ? t('events.col.date') : t('events.col.next'), cell: (e) => <When event={e} /> },
    { key: 'place', header: t('events.col.place'), cell: (e) => e.placeName || '–' },
    { key: 'answers', header: t('events.col.answers'), cell: (e) => <AnswersText counts={e.counts} capacity={e.capacity} rsvpEnabled={e.rsvpEnabled} /> },
    { key: 'status', header: t('events.col.status'), cell: (e) => <StatusBadge status={e.status} /> },
  ];

  const tabList = tabsFor(EVENT_LISTS, 'event-tab', (x) => ({ to: paths.events(ctx.slug, x === 'upcoming' ? undefined : x), label: t(LIST_LABELS[x]) }));
  return (
    <div data-testid="event-list">
      <p className="event-list-actions">
        {ctx.canWrite ? (
          <Link to={paths.events(ctx.slug, 'new')} className="button-primary event-cta" data-testid="event-new">
            {t('events.new')}
          </Link>
        ) : null}
      </p>
      <TabNav label={t('events.tabsLabel')} current={list} tabs={tabList} />
      <TabPanel headingId="events-list-heading" heading={t(LIST_LABELS[list])}>
        <FilterBar className="event-filters" texts="events" filter={filter} applyTestId="event-search-apply">
          <TextField id="event-q" type="search" label={t('events.search')} {...filter.field('q')} maxLength={200} />
        </FilterBar>
        <Problem error={result.error} />
        <PagedTable
          caption={t(LIST_LABELS[list])}
          columns={columns}
          list={result}
          rowProps={(e) => ({ 'data-testid': 'event-row', 'data-id': e.id, 'data-status': e.status })}
          scrollable
          empty={t(list === 'drafts' ? 'events.emptyDrafts' : 'events.empty')}
          testId="event-table"
          more={t('events.more')}
        />
      </TabPanel>
    </div>
  );
}

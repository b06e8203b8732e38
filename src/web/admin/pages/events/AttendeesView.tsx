// Who answered (events.attendees): name, answer, persons, state, waitlist place, checked in; and the CSV download of
// the same list. Names are personal data: the server records each view in the audit log.
import { type Column, DataTable } from '../../components/DataTable.tsx';
import { Page } from '../../components/Page.tsx';
import { Problem } from '../../components/Problem.tsx';
import { useLoad } from '../../components/useLoad.ts';
import { useI18n } from '../../i18n.tsx';
import { paths } from '../../routes.ts';
import { Link } from '../../router.tsx';
import { AnswersText, BackLink, When } from './bits.tsx';
import { type AttendeeList, type AttendeeRow, type EventDetail, type EventsContext, eventPath } from './types.ts';

export function AttendeesView({ ctx, id }: { ctx: EventsContext; id: string }) {
  const { t, tOr, formatDateTime } = useI18n();
  const event = useLoad<EventDetail>(eventPath(ctx.slug, id));
  const list = useLoad<AttendeeList>(eventPath(ctx.slug, id, '/attendees'));
  const e = event.data;
  const title = e ? t('events.attendeesOf', { title: e.title }) : t('events.attendees');

  const columns: Column<AttendeeRow>[] = [
    { key: 'name', header: t('events.col.name'), rowHeader: true, cell: (r) => r.name || '–' },
    { key: 'answer', header: t('events.col.answer'), cell: (r) => tOr(`events.answer.${r.answer}`, r.answer) },
    { key: 'persons', header: t('events.col.persons'), className: 'num', cell: (r) => r.persons },
    { key: 'state', header: t('events.col.state'), cell: (r) => tOr(`events.state.${r.state}`, r.state) },
    { key: 'waitlist', header: t('events.col.waitlist'), className: 'num', cell: (r) => r.waitlistPosition ?? '–' },
    {
      key: 'checkedIn',
      header: t('events.col.checkedIn'),
      cell: (r) =>
        r.checkedIn ? (
          <>
            {t('events.checkedInPersons', { count: r.checkedInPersons ?? r.persons })}
            <br />
            <span className="hint">{formatDateTime(r.checkedInAt)}</span>
          </>
        ) : (
          t('events.notCheckedIn')
        ),
    },
    { key: 'answeredAt', header: t('events.col.answeredAt'), cell: (r) => <time dateTime={r.answeredAt}>{formatDateTime(r.answeredAt)}</time> },
  ];

  return (
    <Page title={title}>
      <BackLink slug={ctx.slug} id={id}>
        {t('events.backToEvent')}
      </BackLink>
      {e ? (
        <p>
          <When event={e} /> · <AnswersText counts={e.counts} capacity={e.capacity} rsvpEnabled={e.rsvpEnabled} />
        </p>
      ) : null}
      <p className="event-links-row">
        <a href={eventPath(ctx.slug, id, '/attendees.csv')} download data-testid="attendees-csv">
          {t('events.csv')}
        </a>
        <Link to={paths.events(ctx.slug, `${id}/checkin`)} data-testid="event-checkin-link">
          {t('events.checkin')}
        </Link>
      </p>
      <Problem error={list.error ?? event.error} />
      <DataTable
        caption={title}
        columns={columns}
        rows={list.data?.items ?? []}
        rowKey={(r) => r.rsvpId}
        rowProps={(r) => ({ 'data-testid': 'attendee-row', 'data-state': r.state })}
        scrollable
        loading={list.loading}
        empty={t('events.noAttendees')}
        testId="attendee-table"
      />
    </Page>
  );
}

// One event: its dates (the next five as the server computed them, in the event's zone), the answers (persons holding
// a place, places left, the waitlist, checked in), place and organiser, the links residents get (portal page,
// calendar file), and the actions staff may take.
import { Fact } from '../../components/Fact.tsx';
import { Page } from '../../components/Page.tsx';
import { Problem } from '../../components/Problem.tsx';
import { useLoad } from '../../components/useLoad.ts';
import { useI18n } from '../../i18n.tsx';
import { paths } from '../../routes.ts';
import { Link } from '../../router.tsx';
import { BackLink, StatusBadge } from './bits.tsx';
import { EventActions } from './EventActions.tsx';
import { browserZone, spanText } from './format.ts';
import { type EventDetail, type EventsContext, eventPath } from './types.ts';
import { Loading } from '../../components/Loading.tsx';

export function EventDetailView({ ctx, id }: { ctx: EventsContext; id: string }) {
  const { t } = useI18n();
  const detail = useLoad<EventDetail>(eventPath(ctx.slug, id));
  const e = detail.data;
  if (!e) {
    return <Page title={t('events.title')}>{detail.loading ? <Loading /> : <Problem error={detail.error} />}</Page>;
  }
  return (
    <Page title={e.title}>
      <div className="event-detail" data-testid="event-detail" data-id={e.id} data-status={e.status}>
        <BackLink slug={ctx.slug}>{t('events.back')}</BackLink>
        <p>
          <StatusBadge status={e.status} testId="event-status" />
          {e.listed ? null : <span className="hint"> · {t('events.unlisted')}</span>}
        </p>
        {e.status === 'cancelled' ? (
          <p className="alert alert-warning" data-testid="event-cancel-reason">
            {t('events.cancelledBecause', { reason: e.cancelReason ?? '–' })}
          </p>
        ) : null}
        <div className="event-grid">
          <div>
            <Dates event={e} />
            <Answers event={e} slug={ctx.slug} canAttendees={ctx.canAttendees} />
            <About event={e} />
          </div>
          <aside aria-label={t('events.actions')}>
            <EventActions ctx={ctx} event={e} />
            {e.status === 'draft' ? null : (
              <section className="card" aria-labelledby="event-links-heading">
                <h2 id="event-links-heading">{t('events.links')}</h2>
                <ul className="link-list">
                  <li>
                    <a href={e.portalUrl} data-testid="event-portal-link">
                      {t('events.portalLink')}
                    </a>
                  </li>
                  <li>
                    <a href={e.icsUrl} data-testid="event-ics-link">
                      {t('events.icsLink')}
                    </a>
                  </li>
                </ul>
              </section>
            )}
          </aside>
        </div>
      </div>
    </Page>
  );
}

function Dates({ event: e }: { event: EventDetail }) {
  const { t, locale } = useI18n();
  const next = e.occurrences.slice(0, 5);
  return (
    <section className="card" aria-labelledby="event-dates-heading">
      <h2 id="event-dates-heading">{e.rrule ? t('events.nextDates') : t('events.date')}</h2>
      {next.length ? (
        <ol className="event-dates" data-testid="event-dates">
          {next.map((o) => (
            <li key={o.startsAt} data-testid="event-date">
              <time dateTime={o.startsAt}>
                {spanText({ ...o, timeZone: e.timeZone, allDay: e.allDay, endsLocal: e.rrule ? undefined : e.endsLocal }, locale, browserZone())}
              </time>
            </li>
          ))}
        </ol>
      ) : (
        <p data-testid="event-over">{t('events.over')}</p>
      )}
      {e.rrule ? <p className="hint">{t('events.rule', { rule: e.rrule })}</p> : null}
      <p className="hint">{t('events.zone', { zone: e.timeZone })}</p>
    </section>
  );
}

function Answers({ event: e, slug, canAttendees }: { event: EventDetail; slug: string; canAttendees: boolean }) {
  const { t } = useI18n();
  const c = e.counts;
  return (
    <section className="card" aria-labelledby="event-answers-heading">
      <h2 id="event-answers-heading">{t('events.answersTitle')}</h2>
      {e.rsvpEnabled ? null : <p className="hint">{t('events.noRsvp')}</p>}
      <dl className="facts event-counts" data-testid="event-counts">
        <dt>{t('events.count.yes')}</dt>
        <dd data-testid="event-count-yes">{t('events.count.yesValue', { answers: c.yes, persons: c.confirmedPersons })}</dd>
        <dt>{t('events.count.placesLeft')}</dt>
        <dd data-testid="event-places-left">{c.placesLeft === null ? t('events.count.unlimited') : c.placesLeft}</dd>
        <dt>{t('events.count.waitlist')}</dt>
        <dd data-testid="event-waitlist">{c.waitlisted}</dd>
        <dt>{t('events.count.maybe')}</dt>
        <dd>{c.maybe}</dd>
        <dt>{t('events.count.no')}</dt>
        <dd>{c.no}</dd>
        <dt>{t('events.count.checkedIn')}</dt>
        <dd>{c.checkedInPersons}</dd>
      </dl>
      {canAttendees ? (
        <p className="event-links-row">
          <Link to={paths.events(slug, `${e.id}/attendees`)} data-testid="event-attendees-link">
            {t('events.attendees')}
          </Link>
          <Link to={paths.events(slug, `${e.id}/checkin`)} data-testid="event-checkin-link">
            {t('events.checkin')}
          </Link>
        </p>
      ) : null}
    </section>
  );
}

function About({ event: e }: { event: EventDetail }) {
  const { t } = useI18n();
  return (
    <section className="card" aria-labelledby="event-about-heading">
      <h2 id="event-about-heading">{t('events.about')}</h2>
      {e.description ? <p className="event-description">{e.description}</p> : null}
      <dl className="facts">
        <dt>{t('events.form.place')}</dt>
        <dd>{[e.placeName, e.address].filter(Boolean).join(', ') || '–'}</dd>
        {e.lat !== null && e.lng !== null ? (
          <Fact term={t('events.form.point')}>
            {e.lat.toFixed(5)}, {e.lng.toFixed(5)}
          </Fact>
        ) : null}
        <dt>{t('events.form.organiser')}</dt>
        <dd>{e.organiserKind === 'club' ? e.organiserName : t('events.organiser.municipality')}</dd>
        <dt>{t('events.form.capacity')}</dt>
        <dd>{e.capacity ?? t('events.count.unlimited')}</dd>
        <dt>{t('events.form.reminder')}</dt>
        <dd>{e.reminderHours === null ? t('events.form.noReminder') : t('events.form.hoursBefore', { count: e.reminderHours })}</dd>
      </dl>
    </section>
  );
}

// Small pieces the list, the detail and the attendee pages share: the status in words, the answers in words, the
// event's dates, and the way back.
import type { ReactNode } from 'react';
import { useI18n } from '../../i18n.tsx';
import { paths } from '../../routes.ts';
import { Link } from '../../router.tsx';
import { browserZone, spanText } from './format.ts';
import type { EventCounts, EventStatus, EventSummary } from './types.ts';

export function StatusBadge({ status, testId }: { status: EventStatus; testId?: string }) {
  const { tOr } = useI18n();
  return (
    <span className={`status-pill event-status-${status}`} data-testid={testId} data-status={status}>
      {tOr(`events.status.${status}`, status)}
    </span>
  );
}

/** The dates of the next occurrence (or the first, when the series is over) in the event's zone. */
export function When({ event: e, testId }: { event: EventSummary; testId?: string }) {
  const { locale } = useI18n();
  const next = e.nextOccurrence ?? { startsAt: e.startsAt, endsAt: e.endsAt };
  const endsLocal = e.nextOccurrence && e.rrule ? undefined : e.endsLocal;
  return (
    <time dateTime={next.startsAt} data-testid={testId}>
      {spanText({ ...next, timeZone: e.timeZone, allDay: e.allDay, endsLocal }, locale, browserZone())}
    </time>
  );
}

/** "7 von 30 Plätzen belegt · 2 auf der Warteliste" (persons; answers on the waitlist). */
export function AnswersText({ counts: c, capacity, rsvpEnabled }: { counts: EventCounts; capacity: number | null; rsvpEnabled: boolean }) {
  const { t } = useI18n();
  if (!rsvpEnabled) return <span className="hint">{t('events.noRsvp')}</span>;
  const places =
    capacity === null ? t('events.answers.persons', { count: c.confirmedPersons }) : t('events.answers.places', { count: c.confirmedPersons, capacity });
  return (
    <>
      {places}
      {c.waitlisted ? ` · ${t('events.answers.waitlist', { count: c.waitlisted })}` : ''}
    </>
  );
}

export function BackLink({ slug, id, children }: { slug: string; id?: string; children: ReactNode }) {
  return (
    <p className="event-back">
      <Link to={id ? paths.events(slug, id) : paths.events(slug)}>{children}</Link>
    </p>
  );
}

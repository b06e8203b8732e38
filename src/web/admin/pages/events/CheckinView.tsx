// Check-in at the door, on a phone (works at 360 px): search by name, one tap checks a person in with the persons of
// their answer (adjustable before the tap), undo, and a running count "18 von 30 eingecheckt". Those holding a place
// come first, then "vielleicht", then the waitlist (people who come anyway can still be checked in).
import { useState } from 'react';
import { RSVP_PERSONS_MAX } from '../../../../common/contracts/events.ts';
import { api } from '../../api.ts';
import { Page } from '../../components/Page.tsx';
import { Problem } from '../../components/Problem.tsx';
import { useAction } from '../../components/useAction.ts';
import { useLoad } from '../../components/useLoad.ts';
import { useI18n } from '../../i18n.tsx';
import { BackLink } from './bits.tsx';
import { checkinRows } from './format.ts';
import { type AttendeeList, type AttendeeRow, type EventDetail, type EventsContext, eventPath } from './types.ts';
import { Loading } from '../../components/Loading.tsx';

export function CheckinView({ ctx, id }: { ctx: EventsContext; id: string }) {
  const { t } = useI18n();
  const event = useLoad<EventDetail>(eventPath(ctx.slug, id));
  const list = useLoad<AttendeeList>(eventPath(ctx.slug, id, '/attendees'));
  const action = useAction();
  const [query, setQuery] = useState('');
  const e = event.data;
  const counts = list.data?.counts;
  const rows = checkinRows(list.data?.items ?? [], query);

  const checkIn = (r: AttendeeRow, persons: number) =>
    void action.run(() => api.post(eventPath(ctx.slug, id, `/rsvps/${r.rsvpId}/check-in`), { persons }), t('events.checkin.done', { name: r.name }));
  const undo = (r: AttendeeRow) =>
    void action.run(() => api.del(eventPath(ctx.slug, id, `/rsvps/${r.rsvpId}/check-in`)), t('events.checkin.undone', { name: r.name }));

  return (
    <Page title={e ? t('events.checkin.titleOf', { title: e.title }) : t('events.checkin')}>
      <div className="checkin" data-testid="checkin">
        <BackLink slug={ctx.slug} id={id}>
          {t('events.backToEvent')}
        </BackLink>
        {counts ? (
          <p className="checkin-count" role="status" data-testid="checkin-count">
            {t('events.checkin.count', { done: counts.checkedInPersons, total: counts.confirmedPersons })}
          </p>
        ) : null}
        <div className="field">
          <label htmlFor="checkin-search">{t('events.checkin.search')}</label>
          <input id="checkin-search" type="search" value={query} autoComplete="off" onChange={(ev) => setQuery(ev.target.value)} data-testid="checkin-search" />
        </div>
        <Problem error={action.error ?? list.error} />
        <p className="visually-hidden" role="status">
          {action.done}
        </p>
        {list.loading && !list.data ? <Loading /> : null}
        {list.data && !rows.length ? <p>{query ? t('events.checkin.noMatch') : t('events.noAttendees')}</p> : null}
        <ul className="checkin-list">
          {rows.map((r) => (
            <CheckinRow key={r.rsvpId} row={r} busy={action.busy} onCheckIn={checkIn} onUndo={undo} />
          ))}
        </ul>
      </div>
    </Page>
  );
}

interface RowProps {
  row: AttendeeRow;
  busy: boolean;
  onCheckIn: (r: AttendeeRow, persons: number) => void;
  onUndo: (r: AttendeeRow) => void;
}

function CheckinRow({ row: r, busy, onCheckIn, onUndo }: RowProps) {
  const { t, tOr } = useI18n();
  const [persons, setPersons] = useState(Math.min(Math.max(r.persons, 1), RSVP_PERSONS_MAX));
  const step = (by: number) => setPersons((p) => Math.min(RSVP_PERSONS_MAX, Math.max(1, p + by)));
  const label = r.name || '–';
  return (
    <li className={r.checkedIn ? 'checkin-row checkin-done' : 'checkin-row'} data-testid="checkin-row" data-rsvp={r.rsvpId} data-checked-in={r.checkedIn}>
      <div className="checkin-who">
        <strong>{label}</strong>
        <span className="hint">
          {r.state === 'confirmed' ? t('events.checkin.persons', { count: r.persons }) : tOr(`events.state.${r.state}`, r.state)}
          {r.state === 'none' ? ` · ${tOr(`events.answer.${r.answer}`, r.answer)}` : ''}
        </span>
      </div>
      {r.checkedIn ? (
        <div className="checkin-actions">
          <span className="checkin-badge" data-testid="checkin-state">
            {t('events.checkedInPersons', { count: r.checkedInPersons ?? r.persons })}
          </span>
          <button type="button" className="checkin-undo" onClick={() => onUndo(r)} disabled={busy} data-testid="checkin-undo">
            {t('events.checkin.undo')}
            <span className="visually-hidden">: {label}</span>
          </button>
        </div>
      ) : (
        <div className="checkin-actions">
          <fieldset className="checkin-stepper">
            <legend className="visually-hidden">{t('events.checkin.personsOf', { name: label })}</legend>
            <button type="button" onClick={() => step(-1)} disabled={persons <= 1} aria-label={t('events.checkin.fewer')}>
              −
            </button>
            <output aria-live="polite" data-testid="checkin-persons">
              {persons}
            </output>
            <button type="button" onClick={() => step(1)} disabled={persons >= RSVP_PERSONS_MAX} aria-label={t('events.checkin.more')}>
              +
            </button>
          </fieldset>
          <button type="button" className="button-primary checkin-button" onClick={() => onCheckIn(r, persons)} disabled={busy} data-testid="checkin-button">
            {t('events.checkin.button')}
            <span className="visually-hidden">: {label}</span>
          </button>
        </div>
      )}
    </li>
  );
}

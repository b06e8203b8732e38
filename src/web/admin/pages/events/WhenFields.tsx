// When: all-day, start and end (date-time inputs, or dates for an all-day event) in the chosen time zone (default the
// municipality's), and the recurrence builder: keine / täglich / wöchentlich an Wochentagen / monatlich, every n, until
// a day or n times. The times are wall time in the zone: 18:00 stays 18:00 across a change to summer time.
import { Options } from '../../components/Pickers.tsx';
import { CheckFieldset } from '../../components/CheckList.tsx';
import { Checkbox, Field, FieldError, SelectField, TextField } from '../../components/Field.tsx';
import { type MessageKey, useI18n } from '../../i18n.tsx';
import { type EventDraft, withAllDay, withStart } from './draft.ts';
import { bindDraft, type DraftPartProps } from './draftFields.ts';
import { zoneChoices } from './format.ts';
import { FREQUENCIES, type Recurrence, WEEKDAYS, type Weekday, weekdayOf } from './recurrence.ts';
import { Fieldset } from '../../components/Fieldset.tsx';

interface Props extends DraftPartProps {
  /** The zone as stored or the municipality's, kept among the choices even where the browser does not list it. */
  defaultZone: string;
}

export function WhenFields({ draft: d, onChange, errors, defaultZone }: Props) {
  const { t } = useI18n();
  const type = d.allDay ? 'date' : 'datetime-local';
  const field = bindDraft({ draft: d, onChange, errors });
  return (
    <Fieldset legend={t('events.form.when')}>
      <Checkbox id="event-allDay" label={t('events.form.allDay')} checked={d.allDay} onChange={(e) => onChange(withAllDay(d, e.target.checked))} />
      <div className="event-form-row">
        <TextField
          id="event-startsAt"
          type={type}
          label={t('events.form.start')}
          value={d.startsAt}
          onChange={(e) => onChange(withStart(d, e.target.value))}
          error={errors.startsAt}
          required
          data-testid="event-start"
        />
        <TextField type={type} label={d.allDay ? t('events.form.lastDay') : t('events.form.end')} {...field.text('endsAt')} required data-testid="event-end" />
      </div>
      <SelectField label={t('events.form.timeZone')} hint={t('events.form.timeZoneHint')} {...field.text('timeZone')} data-testid="event-timezone">
        <Options choices={zoneChoices(d.timeZone, defaultZone).map((z) => ({ value: z, label: z }))} />
      </SelectField>
      <RecurrenceFields draft={d} onChange={(recurrence) => onChange({ ...d, recurrence })} error={errors.rrule} />
    </Fieldset>
  );
}

const FREQ_LABELS: Record<Recurrence['freq'], MessageKey> = {
  none: 'events.rec.none',
  daily: 'events.rec.daily',
  weekly: 'events.rec.weekly',
  monthly: 'events.rec.monthly',
  custom: 'events.rec.custom',
};
const UNIT_LABELS: Record<'daily' | 'weekly' | 'monthly', MessageKey> = { daily: 'events.rec.days', weekly: 'events.rec.weeks', monthly: 'events.rec.months' };

function RecurrenceFields({ draft: d, onChange, error }: { draft: EventDraft; onChange: (r: Recurrence) => void; error?: string }) {
  const { t, tOr } = useI18n();
  const r = d.recurrence;
  const set = (next: Partial<Recurrence>) => onChange({ ...r, ...next });
  const choose = (freq: Recurrence['freq']) => {
    // weekly starts with the start's weekday ticked, so the rule says what the first date already is
    const day = weekdayOf(d.startsAt);
    set({ freq, weekdays: freq === 'weekly' && !r.weekdays.length && day ? [day] : r.weekdays });
  };
  const toggle = (day: Weekday, on: boolean) => set({ weekdays: on ? [...r.weekdays, day] : r.weekdays.filter((x) => x !== day) });
  const errorId = error ? 'event-rrule-error' : undefined;
  return (
    <Fieldset className="event-recurrence" aria-describedby={errorId} data-testid="event-recurrence" legend={t('events.rec.title')}>
      <SelectField
        id="event-freq"
        label={t('events.rec.repeat')}
        value={r.freq}
        onChange={(e) => choose(e.target.value as Recurrence['freq'])}
        data-testid="event-freq"
      >
        <Options choices={FREQUENCIES.filter((f) => f !== 'custom' || r.freq === 'custom').map((f) => ({ value: f, label: t(FREQ_LABELS[f]) }))} />
      </SelectField>
      {r.freq === 'custom' ? (
        <TextField
          id="event-rrule"
          label={t('events.rec.rule')}
          hint={t('events.rec.ruleHint')}
          value={r.custom}
          maxLength={500}
          onChange={(e) => set({ custom: e.target.value })}
        />
      ) : null}
      {r.freq === 'daily' || r.freq === 'weekly' || r.freq === 'monthly' ? (
        <>
          <TextField
            id="event-interval"
            type="number"
            min={1}
            max={999}
            inputMode="numeric"
            label={t('events.rec.interval', { unit: t(UNIT_LABELS[r.freq]) })}
            value={r.interval}
            onChange={(e) => set({ interval: e.target.value })}
            data-testid="event-interval"
          />
          {r.freq === 'weekly' ? (
            <CheckFieldset
              className="event-weekdays"
              legend={t('events.rec.weekdays')}
              options={WEEKDAYS.map((day) => ({ value: day, label: tOr(`events.day.${day}`, day), testId: `event-day-${day}` }))}
              idPrefix="event-day-"
              isChecked={(day) => r.weekdays.includes(day)}
              onToggle={toggle}
            />
          ) : null}
          <EndFields r={r} set={set} />
        </>
      ) : null}
      <FieldError id={errorId}>{error}</FieldError>
    </Fieldset>
  );
}

function EndFields({ r, set }: { r: Recurrence; set: (next: Partial<Recurrence>) => void }) {
  const { t } = useI18n();
  return (
    <Fieldset className="event-rec-end" legend={t('events.rec.end')}>
      <div className="field field-checkbox">
        <input type="radio" id="event-end-count" name="event-rec-end" checked={r.end === 'count'} onChange={() => set({ end: 'count' })} />
        <label htmlFor="event-end-count">{t('events.rec.endCount')}</label>
      </div>
      {r.end === 'count' ? (
        <TextField
          id="event-count"
          type="number"
          min={1}
          max={500}
          inputMode="numeric"
          label={t('events.rec.count')}
          value={r.count}
          onChange={(e) => set({ count: e.target.value })}
          data-testid="event-count"
        />
      ) : null}
      <div className="field field-checkbox">
        <input type="radio" id="event-end-until" name="event-rec-end" checked={r.end === 'until'} onChange={() => set({ end: 'until' })} />
        <label htmlFor="event-end-until">{t('events.rec.endUntil')}</label>
      </div>
      {r.end === 'until' ? (
        <Field id="event-until" label={t('events.rec.until')}>
          {(a11y) => <input type="date" value={r.until} onChange={(e) => set({ until: e.target.value })} data-testid="event-until" {...a11y} />}
        </Field>
      ) : null}
    </Fieldset>
  );
}

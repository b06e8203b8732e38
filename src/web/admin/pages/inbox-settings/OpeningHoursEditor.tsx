// Opening hours per weekday, each day with up to four spans (a lunch break makes two); an empty day is closed.
import type { OpeningHours, Weekday } from '../../../../common/opening-hours.ts';
import { TextField } from '../../components/Field.tsx';
import type { ValueProps } from '../../components/Form.tsx';
import { useI18n } from '../../i18n.tsx';
import { spanError, WEEK, weekdayLabel } from './hours.ts';
import { Fieldset } from '../../components/Fieldset.tsx';

const MAX_SPANS = 4;

/** `errors`: form key → message, local checks and server pointers alike. */
interface Props extends ValueProps<OpeningHours> {
  /** The error keys (`<prefix>.<day>.<i>.<0|1>`, as server pointers name them) start with it. */
  prefix: string;
  /** Unique on the page: ids and test ids start with it. */
  idBase: string;
  disabled?: boolean;
}

export function OpeningHoursEditor({ prefix, idBase: id, value, onChange, errors, disabled }: Props) {
  const { t } = useI18n();
  const setDay = (day: Weekday, spans: Array<[string, string]>) => onChange({ ...value, [day]: spans });

  return (
    <div className="opening-hours" data-testid={`hours-${id}`}>
      {WEEK.map((day) => {
        const spans = value[day];
        const dayName = t(weekdayLabel[day]);
        return (
          <Fieldset key={day} legend={dayName}>
            {spans.length === 0 ? <p className="hint">{t('inboxSettings.hours.closed')}</p> : null}
            {spans.map(([from, to], i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: spans have no identity of their own; their position is it
              <div className="form-row" key={i}>
                {([0, 1] as const).map((end) => (
                  <TextField
                    key={end}
                    id={`${id}-${day}-${i}-${end}`}
                    data-testid={`hours-${id}-${day}-${i}-${end === 0 ? 'from' : 'to'}`}
                    label={
                      <>
                        <span className="visually-hidden">{t('inboxSettings.hours.span', { day: dayName, n: i + 1 })} </span>
                        {t(end === 0 ? 'inboxSettings.hours.from' : 'inboxSettings.hours.to')}
                      </>
                    }
                    inputMode="numeric"
                    autoComplete="off"
                    size={6}
                    maxLength={5}
                    disabled={disabled}
                    value={end === 0 ? from : to}
                    onChange={(e) =>
                      setDay(
                        day,
                        spans.map((s, k) => (k === i ? (end === 0 ? [e.target.value, s[1]] : [s[0], e.target.value]) : s)),
                      )
                    }
                    error={spanError(errors, prefix, day, i, end)}
                  />
                ))}
                {disabled ? null : (
                  <button
                    type="button"
                    className="button-small"
                    onClick={() =>
                      setDay(
                        day,
                        spans.filter((_, k) => k !== i),
                      )
                    }
                  >
                    {t('inboxSettings.hours.remove')}
                    <span className="visually-hidden">
                      : {dayName} {i + 1}
                    </span>
                  </button>
                )}
              </div>
            ))}
            {disabled || spans.length >= MAX_SPANS ? null : (
              <button
                type="button"
                className="button-small"
                data-testid={`hours-${id}-${day}-add`}
                onClick={() => setDay(day, [...spans, spans.length ? [spans[spans.length - 1]?.[1] ?? '13:00', '18:00'] : ['08:00', '16:00']])}
              >
                {t('inboxSettings.hours.add')}
                <span className="visually-hidden">: {dayName}</span>
              </button>
            )}
          </Fieldset>
        );
      })}
    </div>
  );
}

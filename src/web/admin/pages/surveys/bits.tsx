// Small pieces the list, the detail and the results share: a survey's state in words ("läuft", "beginnt am …").
import { useI18n } from '../../i18n.tsx';
import type { SurveySummary } from './types.ts';
import { Fieldset } from '../../components/Fieldset.tsx';

export function StateBadge({ survey, testId }: { survey: Pick<SurveySummary, 'state' | 'startsAt' | 'endsAt'>; testId?: string }) {
  const { t, formatDateTime } = useI18n();
  const text =
    survey.state === 'upcoming' && survey.startsAt
      ? t('surveys.state.upcomingAt', { date: formatDateTime(survey.startsAt) })
      : t(`surveys.state.${survey.state}`);
  return (
    <span className={`survey-state survey-state-${survey.state}`} data-testid={testId} data-state={survey.state}>
      {text}
    </span>
  );
}

interface RadioChoice<V extends string> {
  value: V;
  label: string;
  /** The plain-language consequence of this choice, under its label. */
  hint?: string;
}

/** A group of radio buttons under a legend; each choice may carry a sentence saying what it means. */
export function RadioGroup<V extends string>(props: {
  name: string;
  legend: string;
  value: V;
  choices: readonly RadioChoice<V>[];
  onChange: (value: V) => void;
  error?: string;
  disabled?: boolean;
}) {
  const { name, legend, value, choices, onChange, error, disabled } = props;
  const errorId = error ? `${name}-error` : undefined;
  return (
    <Fieldset className="radio-group" disabled={disabled} aria-describedby={errorId} legend={legend}>
      {error ? (
        <p className="field-error" id={errorId} role="alert">
          {error}
        </p>
      ) : null}
      {choices.map((c) => {
        const id = `${name}-${c.value}`;
        return (
          <div className="field field-checkbox" key={c.value}>
            <input
              type="radio"
              id={id}
              name={name}
              value={c.value}
              checked={value === c.value}
              onChange={() => onChange(c.value)}
              aria-describedby={c.hint ? `${id}-hint` : undefined}
              data-testid={id}
            />
            <label htmlFor={id}>{c.label}</label>
            {c.hint ? (
              <p className="hint" id={`${id}-hint`}>
                {c.hint}
              </p>
            ) : null}
          </div>
        );
      })}
    </Fieldset>
  );
}

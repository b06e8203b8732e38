// One question of the builder: kind, title, help, required; options (add, remove) for the choice kinds; scale and end
// labels for a rating; the longest answer for free text; move up, move down, remove. Errors from the server stand
// next to their field (keys `questions.<n>.<field>`).
import { Options } from '../../components/Pickers.tsx';
import { SURVEY_QUESTION_KINDS, type SurveyQuestionKind } from '../../../../common/states.ts';
import { Checkbox, FieldError, SelectField, TextField } from '../../components/Field.tsx';
import { bindPatch } from '../../components/Form.tsx';
import { useI18n } from '../../i18n.tsx';
import { KINDS_WITH_OPTIONS, newUid, type QuestionDraft, withKind } from './draft.ts';
import { SURVEY_LIMITS } from './types.ts';
import { Fieldset } from '../../components/Fieldset.tsx';

interface Props {
  question: QuestionDraft;
  index: number;
  count: number;
  errors: Record<string, string>;
  onChange: (next: QuestionDraft) => void;
  onMove: (step: -1 | 1) => void;
  onRemove: () => void;
}

export function QuestionEditor({ question: q, index, count, errors, onChange, onMove, onRemove }: Props) {
  const { t } = useI18n();
  const base = `q${index}`;
  const err = (field: string) => errors[`questions.${index}.${field}`];
  const set = (next: Partial<QuestionDraft>) => onChange({ ...q, ...next });
  const bind = bindPatch(q, set, err);
  const number = t('surveys.q.number', { number: index + 1 });

  return (
    <fieldset className="survey-question" data-testid="survey-question" data-kind={q.kind}>
      <legend>
        {number}
        {q.title.trim() ? `: ${q.title}` : ''}
      </legend>
      <FieldError id={undefined}>{errors[`questions.${index}`]}</FieldError>
      <SelectField
        id={`${base}-kind`}
        label={t('surveys.q.kind')}
        value={q.kind}
        onChange={(e) => onChange(withKind(q, e.target.value as SurveyQuestionKind))}
        error={err('kind')}
        data-testid="question-kind"
      >
        <Options choices={SURVEY_QUESTION_KINDS.map((k) => ({ value: k, label: t(`surveys.kind.${k}`) }))} />
      </SelectField>
      <TextField
        id={`${base}-title`}
        label={t('surveys.q.title')}
        {...bind.text('title')}
        maxLength={SURVEY_LIMITS.questionTitle}
        required
        data-testid="question-title"
      />
      <TextField id={`${base}-help`} label={t('surveys.q.help')} hint={t('surveys.q.helpHint')} {...bind.text('help')} maxLength={SURVEY_LIMITS.help} />
      <Checkbox id={`${base}-required`} label={t('surveys.q.required')} {...bind.check('required')} />
      {KINDS_WITH_OPTIONS.includes(q.kind) ? <OptionsEditor q={q} base={base} err={err} errors={errors} index={index} set={set} /> : null}
      {q.kind === 'yes_no' ? <p className="hint">{t('surveys.q.yesNoHint')}</p> : null}
      {q.kind === 'rating' ? <RatingFields q={q} base={base} err={err} set={set} /> : null}
      {q.kind === 'text' ? (
        <TextField
          id={`${base}-maxLength`}
          type="number"
          inputMode="numeric"
          min={1}
          max={SURVEY_LIMITS.text}
          label={t('surveys.q.maxLength')}
          hint={t('surveys.q.maxLengthHint', { max: SURVEY_LIMITS.text })}
          {...bind.text('maxLength')}
        />
      ) : null}
      <p className="button-row question-actions">
        <button type="button" className="button-small" disabled={index === 0} onClick={() => onMove(-1)}>
          {t('surveys.q.up')}
          <Which text={number} />
        </button>
        <button type="button" className="button-small" disabled={index === count - 1} onClick={() => onMove(1)}>
          {t('surveys.q.down')}
          <Which text={number} />
        </button>
        <button type="button" className="button-small button-danger" onClick={onRemove}>
          {t('surveys.q.remove')}
          <Which text={number} />
        </button>
      </p>
    </fieldset>
  );
}

/** Which question or option a button acts on, for screen readers (the visible word stays first in its name). */
function Which({ text }: { text: string }) {
  return <span className="visually-hidden"> ({text})</span>;
}

interface PartProps {
  q: QuestionDraft;
  base: string;
  err: (field: string) => string | undefined;
  set: (next: Partial<QuestionDraft>) => void;
}

function OptionsEditor({ q, base, err, errors, index, set }: PartProps & { errors: Record<string, string>; index: number }) {
  const { t } = useI18n();
  const setLabel = (uid: string, label: string) => set({ options: q.options.map((o) => (o.uid === uid ? { ...o, label } : o)) });
  const listError = err('options');
  return (
    <Fieldset className="survey-options" legend={t('surveys.q.options')}>
      <FieldError id={`${base}-options-error`}>{listError}</FieldError>
      <ol>
        {q.options.map((o, i) => (
          <li key={o.uid} className="form-row">
            <TextField
              id={`${base}-option-${i}`}
              label={t('surveys.q.option', { number: i + 1 })}
              value={o.label}
              maxLength={SURVEY_LIMITS.optionLabel}
              onChange={(e) => setLabel(o.uid, e.target.value)}
              error={errors[`questions.${index}.options.${i}.label`] ?? errors[`questions.${index}.options.${i}`]}
              data-testid="question-option"
            />
            <button type="button" className="button-small" onClick={() => set({ options: q.options.filter((x) => x.uid !== o.uid) })}>
              {t('surveys.q.removeOption')}
              <Which text={t('surveys.q.option', { number: i + 1 })} />
            </button>
          </li>
        ))}
      </ol>
      {q.options.length < SURVEY_LIMITS.options ? (
        <button type="button" className="button-small" onClick={() => set({ options: [...q.options, { label: '', uid: newUid() }] })} data-testid="option-add">
          {t('surveys.q.addOption')}
        </button>
      ) : null}
    </Fieldset>
  );
}

function RatingFields({ q, base, err, set }: PartProps) {
  const { t } = useI18n();
  const bind = bindPatch(q, set, err);
  const number = { type: 'number', inputMode: 'numeric', min: 0, max: 10 } as const;
  const label = { maxLength: SURVEY_LIMITS.scaleLabel };
  return (
    <div className="form-row">
      <TextField id={`${base}-scaleMin`} {...number} label={t('surveys.q.scaleMin')} {...bind.text('scaleMin')} />
      <TextField id={`${base}-scaleMax`} {...number} label={t('surveys.q.scaleMax')} {...bind.text('scaleMax')} />
      <TextField id={`${base}-minLabel`} label={t('surveys.q.minLabel')} hint={t('surveys.q.minLabelHint')} {...label} {...bind.text('minLabel')} />
      <TextField id={`${base}-maxLabel`} label={t('surveys.q.maxLabel')} hint={t('surveys.q.maxLabelHint')} {...label} {...bind.text('maxLabel')} />
    </div>
  );
}

// The survey's questions in order: each one's editor, and "Frage hinzufügen" with the kind to add. Locked (with the
// reason) once anyone answered, because answers refer to the questions and their options.
import { Options } from '../../components/Pickers.tsx';
import { useState } from 'react';
import { SURVEY_QUESTION_KINDS, type SurveyQuestionKind } from '../../../../common/states.ts';
import { FieldError, SelectField } from '../../components/Field.tsx';
import { useI18n } from '../../i18n.tsx';
import { emptyQuestion, moved, type QuestionDraft } from './draft.ts';
import { QuestionEditor } from './QuestionEditor.tsx';
import { SURVEY_LIMITS } from './types.ts';
import { Fieldset } from '../../components/Fieldset.tsx';

interface Props {
  questions: QuestionDraft[];
  onChange: (next: QuestionDraft[]) => void;
  errors: Record<string, string>;
  /** Why the questions cannot change: someone answered, or the survey is published; null while they can. */
  locked: 'answers' | 'published' | null;
}

export function QuestionsBuilder({ questions, onChange, errors, locked }: Props) {
  const { t } = useI18n();
  const [kind, setKind] = useState<SurveyQuestionKind>('single');
  const add = () => {
    onChange([...questions, emptyQuestion(kind)]);
    // the new question's title is where the next key press belongs
    requestAnimationFrame(() => document.getElementById(`q${questions.length}-title`)?.focus());
  };
  return (
    <Fieldset
      className="survey-questions"
      disabled={locked !== null}
      data-testid="survey-questions"
      legend={t('surveys.questions.legend', { count: questions.length })}
    >
      {locked ? <p className="alert alert-info">{t(`surveys.questions.locked.${locked}`)}</p> : null}
      <FieldError id="questions-error">{errors.questions}</FieldError>
      {questions.length === 0 ? <p>{t('surveys.questions.none')}</p> : null}
      {questions.map((q, i) => (
        <QuestionEditor
          key={q.uid}
          question={q}
          index={i}
          count={questions.length}
          errors={errors}
          onChange={(next) => onChange(questions.map((x) => (x.uid === q.uid ? next : x)))}
          onMove={(step) => onChange(moved(questions, i, step))}
          onRemove={() => onChange(questions.filter((x) => x.uid !== q.uid))}
        />
      ))}
      {questions.length < SURVEY_LIMITS.questions ? (
        <div className="form-row question-add">
          <SelectField
            id="question-add-kind"
            label={t('surveys.questions.addKind')}
            value={kind}
            onChange={(e) => setKind(e.target.value as SurveyQuestionKind)}
          >
            <Options choices={SURVEY_QUESTION_KINDS.map((k) => ({ value: k, label: t(`surveys.kind.${k}`) }))} />
          </SelectField>
          <button type="button" onClick={add} data-testid="question-add">
            {t('surveys.questions.add')}
          </button>
        </div>
      ) : null}
    </Fieldset>
  );
}

// "Was wir daraus gemacht haben": the note is saved as often as needed, then published once the survey has ended.
// Publishing puts it on the resident results page and sends participants who are residents a short message with the link.
import { useState } from 'react';
import { api, fieldErrorMap } from '../../api.ts';
import { TextArea } from '../../components/Field.tsx';
import { Problem, Success } from '../../components/Problem.tsx';
import { useAction } from '../../components/useAction.ts';
import { useI18n } from '../../i18n.tsx';
import { SURVEY_LIMITS, type SurveyDetail, surveyPath } from './types.ts';

export function OutcomeNote({ slug, survey, canWrite }: { slug: string; survey: SurveyDetail; canWrite: boolean }) {
  const { t, formatDateTime } = useI18n();
  const [text, setText] = useState(survey.outcomeNote);
  const action = useAction();
  const errors = fieldErrorMap(action.error);
  const changed = text.trim() !== survey.outcomeNote.trim();
  const save = () => api.put<unknown>(surveyPath(slug, survey.id, '/outcome'), { body: { text } });
  const publish = async () => {
    // what staff see is what residents get: unsaved changes are saved first
    if (changed) await save();
    await api.post<unknown>(surveyPath(slug, survey.id, '/outcome/publish'));
  };

  return (
    <section className="outcome-note" aria-labelledby="outcome-heading" data-testid="outcome-note">
      <h3 id="outcome-heading">{t('surveys.outcome.heading')}</h3>
      {survey.outcomePublishedAt ? (
        <p className="alert alert-success" data-testid="outcome-published">
          {t('surveys.outcome.publishedAt', { date: formatDateTime(survey.outcomePublishedAt) })}
        </p>
      ) : null}
      {canWrite ? (
        <form
          className="form"
          onSubmit={(e) => {
            e.preventDefault();
            void action.run(save, t('surveys.outcome.saved'));
          }}
        >
          <Problem error={errors.text ? null : action.error} />
          <Success>{action.done}</Success>
          <TextArea
            id="outcome-text"
            label={t('surveys.outcome.label')}
            hint={t('surveys.outcome.hint')}
            rows={5}
            maxLength={SURVEY_LIMITS.text}
            value={text}
            onValue={setText}
            error={errors.text}
            data-testid="outcome-text"
          />
          <p className="button-row">
            <button type="submit" disabled={action.busy} data-testid="outcome-save">
              {t('surveys.outcome.save')}
            </button>
            {survey.state === 'ended' && !survey.outcomePublishedAt ? (
              <button
                type="button"
                className="button-primary"
                disabled={action.busy || !text.trim()}
                aria-describedby="outcome-publish-hint"
                onClick={() => void action.run(publish, t('surveys.outcome.publishedNow'))}
                data-testid="outcome-publish"
              >
                {t('surveys.outcome.publish')}
              </button>
            ) : null}
          </p>
          <p className="hint" id="outcome-publish-hint">
            {survey.state === 'ended' ? t('surveys.outcome.publishHint') : t('surveys.outcome.afterEnd')}
          </p>
        </form>
      ) : survey.outcomeNote ? (
        <p className="outcome-text">{survey.outcomeNote}</p>
      ) : (
        <p>{t('surveys.outcome.none')}</p>
      )}
    </section>
  );
}

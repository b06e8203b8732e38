// Write a survey: title, intro and closing text, the questions, the settings and the audience. A draft takes every
// change; a published survey only its texts and its end; questions lock once anyone answered. Server field errors
// stand next to their field, and the focus moves to the first.
import { useEffect, useRef, useState } from 'react';
import { ApiError, api } from '../../api.ts';
import { TextArea, TextField } from '../../components/Field.tsx';
import { bindPatch, SubmitButton, useSubmit } from '../../components/Form.tsx';
import { Problem } from '../../components/Problem.tsx';
import { useLoad } from '../../components/useLoad.ts';
import { useI18n } from '../../i18n.tsx';
import { paths } from '../../routes.ts';
import { Link, navigate } from '../../router.tsx';
import { draftFromDetail, emptySurvey, formErrors, type SurveyDraft, surveyInput } from './draft.ts';
import { QuestionsBuilder } from './QuestionsBuilder.tsx';
import { SurveyAudience } from './SurveyAudience.tsx';
import { SurveySettings } from './SurveySettings.tsx';
import { SURVEY_LIMITS, type SurveyDetail, type SurveysContext, surveyPath, surveysBase } from './types.ts';
import { Loading } from '../../components/Loading.tsx';

/** The form's error keys in the order the form shows them, to focus the first. */
function firstErrorId(errors: Record<string, string>): string | null {
  const key = Object.keys(errors)[0];
  if (!key) return null;
  const q = /^questions\.(\d+)\.(\w+)(?:\.(\d+))?/.exec(key);
  if (q) return q[2] === 'options' && q[3] ? `q${q[1]}-option-${q[3]}` : `q${q[1]}-${q[2]}`;
  const ids: Record<string, string> = {
    title: 'survey-title',
    intro: 'survey-intro',
    closingText: 'survey-closing',
    startsAt: 'survey-starts',
    endsAt: 'survey-ends',
    topic: 'survey-topic',
  };
  return ids[key] ?? null;
}

export function SurveyEditor({ ctx, id }: { ctx: SurveysContext; id: string | null }) {
  const { t, timeZone } = useI18n();
  const existing = useLoad<SurveyDetail>(id ? surveyPath(ctx.slug, id) : null);
  const survey = existing.data;
  const [draft, setDraft] = useState<SurveyDraft>(emptySurvey);
  const loaded = useRef<string | null>(null);
  const form = useSubmit();
  const errors = formErrors(form.error);

  // fill the form once per survey; later reloads do not overwrite typing
  useEffect(() => {
    if (survey && loaded.current !== survey.id) {
      loaded.current = survey.id;
      setDraft(draftFromDetail(survey, timeZone));
    }
  }, [survey, timeZone]);

  useEffect(() => {
    const first = firstErrorId(formErrors(form.error));
    if (first) requestAnimationFrame(() => document.getElementById(first)?.focus());
  }, [form.error]);

  if (id && existing.error) return <Problem error={existing.error} />;
  if (id && !survey) return <Loading />;

  const published = survey ? survey.status !== 'draft' : false;
  const questionsLocked = survey?.questionsLocked ? 'answers' : published ? 'published' : null;
  const change = (next: Partial<SurveyDraft>) => setDraft((d) => ({ ...d, ...next }));
  const bind = bindPatch(draft, change, (key) => errors[key]);
  const text = { maxLength: SURVEY_LIMITS.text };

  const save = async () => {
    const input = surveyInput(draft, timeZone);
    if (!survey) {
      const created = await api.post<SurveyDetail>(surveysBase(ctx.slug), input);
      navigate(paths.surveys(ctx.slug, created.id));
      return;
    }
    // a published survey takes only its texts and its end; a draft everything, questions unless someone answered
    const body = published
      ? { title: input.title, intro: input.intro, closingText: input.closingText, endsAt: input.endsAt }
      : { ...input, questions: survey.questionsLocked ? undefined : input.questions };
    const next = await api.patch<SurveyDetail>(surveyPath(ctx.slug, survey.id), body);
    existing.setData(next);
    navigate(paths.surveys(ctx.slug, survey.id));
  };

  const hasFieldErrors = form.error instanceof ApiError && Object.keys(errors).length > 0;
  return (
    <form className="form survey-editor" noValidate onSubmit={form.handle(save)} data-testid="survey-editor">
      <h2>{survey ? t('surveys.edit.title') : t('surveys.new')}</h2>
      {survey ? (
        <p>
          <Link to={paths.surveys(ctx.slug, survey.id)}>{t('surveys.edit.toDetail')}</Link>
        </p>
      ) : null}
      <Problem error={form.error} />
      {hasFieldErrors ? <p className="hint">{t('surveys.edit.errorCount', { count: Object.keys(errors).length })}</p> : null}
      <TextField
        id="survey-title"
        label={t('surveys.field.title')}
        {...bind.text('title')}
        required
        maxLength={SURVEY_LIMITS.title}
        data-testid="survey-title"
      />
      <TextArea id="survey-intro" label={t('surveys.field.intro')} hint={t('surveys.field.introHint')} rows={4} {...text} {...bind.text('intro')} />
      <QuestionsBuilder questions={draft.questions} onChange={(questions) => change({ questions })} errors={errors} locked={questionsLocked} />
      <TextArea id="survey-closing" label={t('surveys.field.closing')} hint={t('surveys.field.closingHint')} rows={3} {...text} {...bind.text('closingText')} />
      <SurveySettings ctx={ctx} draft={draft} onChange={change} errors={errors} locked={published} />
      <SurveyAudience ctx={ctx} draft={draft} onChange={change} errors={errors} disabled={published} />
      <p className="button-row">
        <SubmitButton busy={form.busy} testId="survey-save">
          {survey ? t('surveys.edit.save') : t('surveys.edit.create')}
        </SubmitButton>
      </p>
    </form>
  );
}

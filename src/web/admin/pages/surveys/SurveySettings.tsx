// A survey's settings, each with what it means for residents: who may answer, anonymous answers, when results are
// shown, SMS replies (a one-question poll), the topic, and start and end.
import { SelectField, TextField, Checkbox } from '../../components/Field.tsx';
import { bindPatch, type DraftSectionProps } from '../../components/Form.tsx';
import { Options } from '../../components/Pickers.tsx';
import { useI18n } from '../../i18n.tsx';
import { topicChoices } from '../residents/context.ts';
import { RadioGroup } from './bits.tsx';
import type { SurveyDraft } from './draft.ts';
import { SURVEY_LIMITS, type SurveysContext } from './types.ts';
import { Fieldset } from '../../components/Fieldset.tsx';

interface Props extends DraftSectionProps<SurveysContext, SurveyDraft> {
  /** Published: only the end can still move. */
  locked: boolean;
}

export function SurveySettings({ ctx, draft, onChange, errors, locked }: Props) {
  const { t, locale } = useI18n();
  const bind = bindPatch(draft, onChange, (key) => errors[key]);
  const access = [
    { value: 'residents', label: t('surveys.access.residents'), hint: t('surveys.access.residentsHint') },
    { value: 'link', label: t('surveys.access.link'), hint: t('surveys.access.linkHint') },
  ] as const;
  const results = [
    { value: 'live', label: t('surveys.results.live') },
    { value: 'after_end', label: t('surveys.results.after_end') },
    { value: 'staff', label: t('surveys.results.staff') },
  ] as const;
  return (
    <Fieldset className="survey-settings" legend={t('surveys.settings.legend')}>
      {locked ? <p className="hint">{t('surveys.settings.lockedHint')}</p> : null}
      <RadioGroup name="survey-access" legend={t('surveys.access.legend')} choices={access} disabled={locked} {...bind.choice('access')} />
      <Checkbox id="survey-anonymous" label={t('surveys.anonymous')} hint={t('surveys.anonymousHint')} disabled={locked} {...bind.check('anonymous')} />
      <RadioGroup name="survey-results" legend={t('surveys.results.legend')} choices={results} disabled={locked} {...bind.choice('resultsVisibility')} />
      <Checkbox
        id="survey-sms"
        label={t('surveys.sms')}
        hint={t('surveys.smsHint', { max: SURVEY_LIMITS.smsOptions })}
        disabled={locked}
        {...bind.check('smsReplies')}
      />
      <SelectField id="survey-topic" label={t('surveys.topic')} hint={t('surveys.topicHint')} disabled={locked} {...bind.text('topic')}>
        <Options blank={t('surveys.noTopic')} choices={topicChoices(ctx.topics, locale)} />
      </SelectField>
      <div className="form-row">
        <TextField
          id="survey-starts"
          type="datetime-local"
          label={t('surveys.startsAt')}
          hint={t('surveys.startsAtHint')}
          disabled={locked}
          {...bind.text('startsAt')}
        />
        <TextField id="survey-ends" type="datetime-local" label={t('surveys.endsAt')} {...bind.text('endsAt')} data-testid="survey-ends" />
      </div>
    </Fieldset>
  );
}

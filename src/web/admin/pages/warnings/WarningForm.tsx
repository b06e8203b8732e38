// Issue a warning: status (actual, exercise, test), severity, urgency, certainty, event, texts, area, onset, expiry.
// The server refuses what it cannot send (expiry before onset, an open polygon or one outside the municipality) and
// the form shows why next to the field.
import { type ChangeEvent, useState } from 'react';
import { api, fieldErrorMap, tenantPath } from '../../api.ts';
import { TextArea, TextField } from '../../components/Field.tsx';
import { SubmitButton, useFormValues, useSubmit } from '../../components/Form.tsx';
import { choicesOf, PickerField } from '../../components/Pickers.tsx';
import { Problem } from '../../components/Problem.tsx';
import { type I18n, useI18n } from '../../i18n.tsx';
import { paths } from '../../routes.ts';
import { navigate } from '../../router.tsx';
import { WARNING_CERTAINTIES, WARNING_SEVERITIES, WARNING_STATUSES, WARNING_URGENCIES, type WarningsContext, type WarningVersion } from './types.ts';
import { type AreaChoice, areaInput, WarningArea } from './WarningArea.tsx';
import { Fieldset } from '../../components/Fieldset.tsx';
import { instantOfInput } from '../../components/zoned-input.ts';

/** The severities, named for the console's language. */
export const severityChoices = (t: I18n['t']) => choicesOf(WARNING_SEVERITIES, (s) => t(`warnings.severity.${s}`));

/** When the warning ends, in the municipality's wall time (sent through instantOfInput). */
export function ExpiryField({
  id,
  hint,
  ...bound
}: {
  id: string;
  hint: string;
  value: string;
  onChange: (e: ChangeEvent<HTMLInputElement>) => void;
  error?: string;
}) {
  const { t } = useI18n();
  return <TextField id={id} type="datetime-local" label={t('warnings.field.expiresAt')} hint={hint} {...bound} />;
}

export function WarningForm({ ctx }: { ctx: WarningsContext }) {
  const { t, timeZone: zone } = useI18n();
  const form = useSubmit();
  const {
    values: v,
    set,
    bind,
  } = useFormValues({
    status: 'actual' as (typeof WARNING_STATUSES)[number],
    severity: 'moderate' as (typeof WARNING_SEVERITIES)[number],
    urgency: 'immediate' as (typeof WARNING_URGENCIES)[number],
    certainty: 'likely' as (typeof WARNING_CERTAINTIES)[number],
    event: '',
    headline: '',
    description: '',
    instruction: '',
    onset: '',
    expiresAt: '',
  });
  const [area, setArea] = useState<AreaChoice>({ kind: 'tenant' });
  const { values: en, bind: bindEn } = useFormValues({ event: '', headline: '', description: '', instruction: '' });
  const wantsEnglish = Object.values(en).some((x) => x.trim());
  const errors = fieldErrorMap(form.error);

  const submit = form.handle(async () => {
    const created = await api.post<WarningVersion>(tenantPath(ctx.slug, '/warnings'), {
      status: v.status,
      severity: v.severity,
      urgency: v.urgency,
      certainty: v.certainty,
      event: v.event,
      headline: v.headline,
      description: v.description,
      instruction: v.instruction.trim() ? v.instruction : null,
      onset: instantOfInput(v.onset, zone),
      expiresAt: instantOfInput(v.expiresAt, zone),
      area: areaInput(area),
      ...(wantsEnglish ? { languages: { en: { ...en, instruction: en.instruction.trim() ? en.instruction : null } } } : {}),
    });
    navigate(paths.warnings(ctx.slug, created.chainId));
  });

  const urgencies = choicesOf(WARNING_URGENCIES, (s) => t(`warnings.urgency.${s}`));
  const certainties = choicesOf(WARNING_CERTAINTIES, (s) => t(`warnings.certainty.${s}`));

  return (
    <form className="form" onSubmit={submit} noValidate data-testid="warning-form" aria-labelledby="warning-form-heading">
      <h2 id="warning-form-heading">{t('warnings.tab.new')}</h2>
      <Problem error={Object.keys(errors).length ? null : form.error} />
      <Fieldset legend={t('warnings.field.status')}>
        {WARNING_STATUSES.map((s) => (
          <label key={s}>
            <input type="radio" name="warning-status" value={s} checked={v.status === s} onChange={set('status')} data-testid={`warning-status-${s}`} />{' '}
            {t(`warnings.status.${s}`)}
          </label>
        ))}
      </Fieldset>
      <PickerField id="warning-severity" label={t('warnings.field.severity')} choices={severityChoices(t)} {...bind('severity', errors)} />
      <PickerField id="warning-urgency" label={t('warnings.field.urgency')} choices={urgencies} {...bind('urgency', errors)} />
      <PickerField id="warning-certainty" label={t('warnings.field.certainty')} choices={certainties} {...bind('certainty', errors)} />
      <TextField
        id="warning-event"
        data-testid="warning-event"
        required
        label={t('warnings.field.event')}
        hint={t('warnings.hint.event')}
        {...bind('event', errors)}
      />
      <TextField id="warning-headline" data-testid="warning-headline" required label={t('warnings.field.headline')} {...bind('headline', errors)} />
      <TextArea id="warning-description" data-testid="warning-description" required label={t('warnings.field.description')} {...bind('description', errors)} />
      <TextArea id="warning-instruction" rows={3} label={t('warnings.field.instruction')} hint={t('warnings.optional')} {...bind('instruction', errors)} />
      <TextField id="warning-onset" type="datetime-local" label={t('warnings.field.onset')} hint={t('warnings.optional')} {...bind('onset', errors)} />
      <ExpiryField id="warning-expires" hint={t('warnings.optional')} {...bind('expiresAt', errors)} />
      <details open={wantsEnglish}>
        <summary>{t('warnings.english')}</summary>
        <p className="hint">{t('warnings.hint.english')}</p>
        <TextField id="warning-en-event" label={t('warnings.field.event')} lang="en" {...bindEn('event', errors, 'languages.en.')} />
        <TextField id="warning-en-headline" label={t('warnings.field.headline')} lang="en" {...bindEn('headline', errors, 'languages.en.')} />
        <TextArea id="warning-en-description" label={t('warnings.field.description')} lang="en" {...bindEn('description', errors, 'languages.en.')} />
        <TextArea id="warning-en-instruction" rows={3} label={t('warnings.field.instruction')} lang="en" {...bindEn('instruction', errors, 'languages.en.')} />
      </details>
      <WarningArea slug={ctx.slug} value={area} onChange={setArea} errors={errors} />
      <SubmitButton busy={form.busy} variant="danger" testId="warning-issue">
        {v.status === 'actual' ? t('warnings.issue') : t('warnings.issueMarked', { mark: t(`warnings.mark.${v.status}`) })}
      </SubmitButton>
    </form>
  );
}

// Issue a warning: status (actual, exercise, test), severity, urgency, certainty, event, texts, area, onset, expiry.
// The server refuses what it cannot send (expiry before onset, an open polygon or one outside the municipality) and
// the form shows why next to the field.
import { useState } from 'react';
import { api, fieldErrorMap, tenantPath } from '../../api.ts';
import { SelectField, TextArea, TextField } from '../../components/Field.tsx';
import { SubmitButton, useSubmit } from '../../components/Form.tsx';
import { Problem } from '../../components/Problem.tsx';
import { useI18n } from '../../i18n.tsx';
import { paths } from '../../routes.ts';
import { navigate } from '../../router.tsx';
import { WARNING_CERTAINTIES, WARNING_SEVERITIES, WARNING_STATUSES, WARNING_URGENCIES, type WarningsContext, type WarningVersion } from './types.ts';
import { type AreaChoice, areaInput, WarningArea } from './WarningArea.tsx';

/** A datetime-local value (the browser's zone) as ISO 8601, or undefined when empty. */
export const isoOf = (local: string) => (local ? new Date(local).toISOString() : undefined);

export function WarningForm({ ctx }: { ctx: WarningsContext }) {
  const { t } = useI18n();
  const form = useSubmit();
  const [v, setV] = useState({
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
  const [en, setEn] = useState({ event: '', headline: '', description: '', instruction: '' });
  const wantsEnglish = Object.values(en).some((x) => x.trim());
  const errors = fieldErrorMap(form.error);
  const set = (key: keyof typeof v) => (e: { target: { value: string } }) => setV({ ...v, [key]: e.target.value });

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
      onset: isoOf(v.onset) ?? null,
      expiresAt: isoOf(v.expiresAt) ?? null,
      area: areaInput(area),
      ...(wantsEnglish ? { languages: { en: { ...en, instruction: en.instruction.trim() ? en.instruction : null } } } : {}),
    });
    navigate(paths.warnings(ctx.slug, created.chainId));
  });

  return (
    <form className="form" onSubmit={submit} noValidate data-testid="warning-form" aria-labelledby="warning-form-heading">
      <h2 id="warning-form-heading">{t('warnings.tab.new')}</h2>
      <Problem error={Object.keys(errors).length ? null : form.error} />
      <fieldset>
        <legend>{t('warnings.field.status')}</legend>
        {WARNING_STATUSES.map((s) => (
          <label key={s}>
            <input type="radio" name="warning-status" value={s} checked={v.status === s} onChange={set('status')} data-testid={`warning-status-${s}`} />{' '}
            {t(`warnings.status.${s}`)}
          </label>
        ))}
      </fieldset>
      <SelectField id="warning-severity" label={t('warnings.field.severity')} value={v.severity} onChange={set('severity')} error={errors.severity}>
        {WARNING_SEVERITIES.map((s) => (
          <option key={s} value={s}>
            {t(`warnings.severity.${s}`)}
          </option>
        ))}
      </SelectField>
      <SelectField id="warning-urgency" label={t('warnings.field.urgency')} value={v.urgency} onChange={set('urgency')} error={errors.urgency}>
        {WARNING_URGENCIES.map((s) => (
          <option key={s} value={s}>
            {t(`warnings.urgency.${s}`)}
          </option>
        ))}
      </SelectField>
      <SelectField id="warning-certainty" label={t('warnings.field.certainty')} value={v.certainty} onChange={set('certainty')} error={errors.certainty}>
        {WARNING_CERTAINTIES.map((s) => (
          <option key={s} value={s}>
            {t(`warnings.certainty.${s}`)}
          </option>
        ))}
      </SelectField>
      <TextField
        id="warning-event"
        data-testid="warning-event"
        required
        label={t('warnings.field.event')}
        hint={t('warnings.hint.event')}
        value={v.event}
        onChange={set('event')}
        error={errors.event}
      />
      <TextField
        id="warning-headline"
        data-testid="warning-headline"
        required
        label={t('warnings.field.headline')}
        value={v.headline}
        onChange={set('headline')}
        error={errors.headline}
      />
      <TextArea
        id="warning-description"
        data-testid="warning-description"
        required
        label={t('warnings.field.description')}
        value={v.description}
        onChange={set('description')}
        error={errors.description}
      />
      <TextArea
        id="warning-instruction"
        rows={3}
        label={t('warnings.field.instruction')}
        hint={t('warnings.optional')}
        value={v.instruction}
        onChange={set('instruction')}
        error={errors.instruction}
      />
      <TextField
        id="warning-onset"
        type="datetime-local"
        label={t('warnings.field.onset')}
        hint={t('warnings.optional')}
        value={v.onset}
        onChange={set('onset')}
        error={errors.onset}
      />
      <TextField
        id="warning-expires"
        type="datetime-local"
        label={t('warnings.field.expiresAt')}
        hint={t('warnings.optional')}
        value={v.expiresAt}
        onChange={set('expiresAt')}
        error={errors.expiresAt}
      />
      <details open={wantsEnglish}>
        <summary>{t('warnings.english')}</summary>
        <p className="hint">{t('warnings.hint.english')}</p>
        <TextField
          id="warning-en-event"
          label={t('warnings.field.event')}
          lang="en"
          value={en.event}
          onChange={(e) => setEn({ ...en, event: e.target.value })}
          error={errors['languages.en.event']}
        />
        <TextField
          id="warning-en-headline"
          label={t('warnings.field.headline')}
          lang="en"
          value={en.headline}
          onChange={(e) => setEn({ ...en, headline: e.target.value })}
          error={errors['languages.en.headline']}
        />
        <TextArea
          id="warning-en-description"
          label={t('warnings.field.description')}
          lang="en"
          value={en.description}
          onChange={(e) => setEn({ ...en, description: e.target.value })}
          error={errors['languages.en.description']}
        />
        <TextArea
          id="warning-en-instruction"
          rows={3}
          label={t('warnings.field.instruction')}
          lang="en"
          value={en.instruction}
          onChange={(e) => setEn({ ...en, instruction: e.target.value })}
          error={errors['languages.en.instruction']}
        />
      </details>
      <WarningArea slug={ctx.slug} value={area} onChange={setArea} errors={errors} />
      <SubmitButton busy={form.busy} variant="danger" testId="warning-issue">
        {v.status === 'actual' ? t('warnings.issue') : t('warnings.issueMarked', { mark: t(`warnings.mark.${v.status}`) })}
      </SubmitButton>
    </form>
  );
}

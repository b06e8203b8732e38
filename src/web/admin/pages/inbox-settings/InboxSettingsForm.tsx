// The municipality's inbox settings: federal state (public holidays), opening hours, deadlines in business hours,
// the reminder before a deadline and how long finished conversations are kept.
import { Options } from '../../components/Pickers.tsx';
import { type FormEvent, useState } from 'react';
import type { z } from 'zod';
import type { inboxSettings } from '../../../../common/contracts/inbox.ts';
import type { OpeningHours } from '../../../../common/opening-hours.ts';
import { FEDERAL_STATES, type FederalState } from '../../../../common/states.ts';
import { api, fieldErrorMap, tenantPath } from '../../api.ts';
import { SelectField, TextField } from '../../components/Field.tsx';
import { type LoadedFormProps, SettingsSave, useSubmit } from '../../components/Form.tsx';
import { Problem } from '../../components/Problem.tsx';
import { useLoad } from '../../components/useLoad.ts';
import { type MessageKey, useI18n } from '../../i18n.tsx';
import { checkOpeningHours } from './hours.ts';
import { OpeningHoursEditor } from './OpeningHoursEditor.tsx';
import { Pending } from '../../components/Loading.tsx';
import { Fieldset } from '../../components/Fieldset.tsx';

export type InboxSettings = z.infer<typeof inboxSettings>;
const NUMBERS = ['firstResponseHours', 'resolutionHours', 'reminderMinutes', 'retentionDays'] as const;
type NumberKey = (typeof NUMBERS)[number];

interface FormState {
  federalState: FederalState;
  openingHours: OpeningHours;
  numbers: Record<NumberKey, string>;
}

const toForm = (s: InboxSettings): FormState => ({
  federalState: s.federalState,
  openingHours: s.openingHours,
  numbers: {
    firstResponseHours: String(s.firstResponseHours),
    resolutionHours: String(s.resolutionHours),
    reminderMinutes: String(s.reminderMinutes),
    retentionDays: String(s.retentionDays),
  },
});

const numberText: Record<NumberKey, { label: MessageKey; hint: MessageKey }> = {
  firstResponseHours: { label: 'inboxSettings.firstResponseHours', hint: 'inboxSettings.firstResponseHoursHint' },
  resolutionHours: { label: 'inboxSettings.resolutionHours', hint: 'inboxSettings.resolutionHoursHint' },
  reminderMinutes: { label: 'inboxSettings.reminderMinutes', hint: 'inboxSettings.reminderMinutesHint' },
  retentionDays: { label: 'inboxSettings.retentionDays', hint: 'inboxSettings.retentionDaysHint' },
};

export function InboxSettingsForm({ slug, canManage }: { slug: string; canManage: boolean }) {
  const loaded = useLoad<InboxSettings>(tenantPath(slug, '/inbox/settings'));
  if (loaded.error || !loaded.data) return <Pending error={loaded.error} />;
  return <SettingsForm slug={slug} initial={loaded.data} canManage={canManage} onSaved={(s) => loaded.setData(s)} />;
}

interface FormProps extends LoadedFormProps<InboxSettings> {
  slug: string;
  canManage: boolean;
}

function SettingsForm({ slug, initial, canManage, onSaved }: FormProps) {
  const { t } = useI18n();
  const [form, setForm] = useState(() => toForm(initial));
  const [local, setLocal] = useState<Record<string, MessageKey>>({});
  const { handle, error, busy, done, reset } = useSubmit();
  const errors: Record<string, string> = { ...fieldErrorMap(error), ...Object.fromEntries(Object.entries(local).map(([k, v]) => [k, t(v)])) };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const found: Record<string, MessageKey> = checkOpeningHours(form.openingHours, 'openingHours');
    for (const key of NUMBERS) if (!/^\d+$/.test(form.numbers[key].trim())) found[key] = 'inboxSettings.wholeNumber';
    setLocal(found);
    if (Object.keys(found).length > 0) {
      reset();
      return;
    }
    handle(async () => {
      const patch = {
        federalState: form.federalState,
        openingHours: form.openingHours,
        ...Object.fromEntries(NUMBERS.map((k) => [k, Number(form.numbers[k])])),
      };
      const saved = await api.patch<InboxSettings>(tenantPath(slug, '/inbox/settings'), patch);
      setForm(toForm(saved));
      onSaved(saved);
    })();
  };

  return (
    <form className="form" onSubmit={submit} noValidate aria-labelledby="inbox-settings-heading" data-testid="inbox-settings-form">
      <h3 id="inbox-settings-heading">{t('inboxSettings.general')}</h3>
      <p className="hint">{t('inboxSettings.generalHint')}</p>
      <Problem error={error} />
      {Object.keys(local).length > 0 ? (
        <p className="alert alert-error" role="alert">
          {t('inboxSettings.checkFields')}
        </p>
      ) : null}
      <SelectField
        id="inbox-federalState"
        label={t('inboxSettings.federalState')}
        hint={t('inboxSettings.federalStateHint')}
        value={form.federalState}
        disabled={!canManage}
        onChange={(e) => setForm((f) => ({ ...f, federalState: e.target.value as FederalState }))}
        error={errors.federalState}
      >
        <Options choices={FEDERAL_STATES.map((s) => ({ value: s, label: t(`inboxSettings.state.${s}` as MessageKey) }))} />
      </SelectField>
      <Fieldset legend={t('inboxSettings.openingHours')} hint={t('inboxSettings.openingHoursHint')}>
        <p className="hint">{t('inboxSettings.hours.format')}</p>
        <OpeningHoursEditor
          prefix="openingHours"
          idBase="tenant-hours"
          value={form.openingHours}
          onChange={(openingHours) => setForm((f) => ({ ...f, openingHours }))}
          errors={errors}
          disabled={!canManage}
        />
      </Fieldset>
      <Fieldset legend={t('inboxSettings.deadlines')}>
        {NUMBERS.map((key) => (
          <TextField
            key={key}
            id={`inbox-${key}`}
            data-testid={`inbox-${key}`}
            label={t(numberText[key].label)}
            hint={t(numberText[key].hint)}
            type="number"
            inputMode="numeric"
            min={0}
            disabled={!canManage}
            value={form.numbers[key]}
            onChange={(e) => setForm((f) => ({ ...f, numbers: { ...f.numbers, [key]: e.target.value } }))}
            error={errors[key]}
          />
        ))}
      </Fieldset>
      <SettingsSave saved={done ? t('inboxSettings.saved') : null} canSave={canManage} busy={busy} testId="inbox-settings-save" />
    </form>
  );
}

// The municipality's report settings: the radius within which residents are offered an open report to follow instead
// of filing the same again, how long a reporter may reopen a resolved report, and whether the portal shows the
// public list and map.
import { type FormEvent, useState } from 'react';
import { api, tenantPath } from '../../api.ts';
import { Checkbox, TextField } from '../../components/Field.tsx';
import { type LoadedFormProps, SettingsSave, useSubmit } from '../../components/Form.tsx';
import { Problem } from '../../components/Problem.tsx';
import { useLoad } from '../../components/useLoad.ts';
import { type MessageKey, useI18n } from '../../i18n.tsx';
import { focusFirst, reportFieldErrors } from '../reports/errors.ts';
import type { ReportsSettings } from '../reports/types.ts';
import { Pending } from '../../components/Loading.tsx';

const settingsPath = (slug: string) => tenantPath(slug, '/report-settings');

export function ReportsSettingsForm({ slug, canManage }: { slug: string; canManage: boolean }) {
  const loaded = useLoad<ReportsSettings>(settingsPath(slug));
  if (loaded.error || !loaded.data) return <Pending error={loaded.error} />;
  return <SettingsForm slug={slug} initial={loaded.data} canManage={canManage} onSaved={(s) => loaded.setData(s)} />;
}

interface FormProps extends LoadedFormProps<ReportsSettings> {
  slug: string;
  canManage: boolean;
}

/** The whole numbers of the settings, each from 0 to its limit. */
const NUMBERS = [
  {
    key: 'duplicateRadiusM',
    max: 1000,
    label: 'reportsSettings.settings.radius',
    hint: 'reportsSettings.settings.radiusHint',
    testId: 'reports-duplicate-radius',
  },
  { key: 'reopenDays', max: 90, label: 'reportsSettings.settings.reopenDays', hint: 'reportsSettings.settings.reopenDaysHint', testId: 'reports-reopen-days' },
] as const satisfies readonly { key: keyof ReportsSettings; max: number; label: MessageKey; hint: MessageKey; testId: string }[];

function SettingsForm({ slug, initial, canManage, onSaved }: FormProps) {
  const { t } = useI18n();
  const [numbers, setNumbers] = useState(() => ({ duplicateRadiusM: String(initial.duplicateRadiusM), reopenDays: String(initial.reopenDays) }));
  const [publicMap, setPublicMap] = useState(initial.publicMap);
  const [local, setLocal] = useState<Record<string, string>>({});
  const { handle, error, busy, done, reset } = useSubmit();
  const errors = { ...reportFieldErrors(error), ...local };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const found: Record<string, string> = {};
    const whole = (s: string, max: number) => /^\d+$/.test(s.trim()) && Number(s) <= max;
    for (const { key, max } of NUMBERS) if (!whole(numbers[key], max)) found[key] = t('reportsSettings.settings.range', { max });
    setLocal(found);
    if (Object.keys(found).length) {
      reset();
      focusFirst(Object.keys(found).map((k) => `reports-${k}`));
      return;
    }
    handle(async () => {
      const saved = await api.patch<ReportsSettings>(settingsPath(slug), {
        duplicateRadiusM: Number(numbers.duplicateRadiusM),
        reopenDays: Number(numbers.reopenDays),
        publicMap,
      });
      onSaved(saved);
    })();
  };

  return (
    <form className="form" onSubmit={submit} noValidate aria-labelledby="reports-settings-heading" data-testid="reports-settings-form">
      <h3 id="reports-settings-heading">{t('reportsSettings.settings.title')}</h3>
      <Problem error={error} />
      {NUMBERS.map(({ key, max, label, hint, testId }) => (
        <TextField
          key={key}
          id={`reports-${key}`}
          type="number"
          inputMode="numeric"
          min={0}
          max={max}
          label={t(label)}
          hint={t(hint)}
          value={numbers[key]}
          disabled={!canManage}
          onValue={(value) => setNumbers((all) => ({ ...all, [key]: value }))}
          error={errors[key]}
          data-testid={testId}
        />
      ))}
      <Checkbox
        id="reports-publicMap"
        label={t('reportsSettings.settings.publicMap')}
        hint={t('reportsSettings.settings.publicMapHint')}
        checked={publicMap}
        disabled={!canManage}
        onChecked={setPublicMap}
        data-testid="reports-public-map"
      />
      <SettingsSave saved={done ? t('reportsSettings.settings.saved') : null} canSave={canManage} busy={busy} testId="reports-settings-save" />
    </form>
  );
}

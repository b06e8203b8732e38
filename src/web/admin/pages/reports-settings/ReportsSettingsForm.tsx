// The municipality's report settings: the radius within which residents are offered an open report to follow instead
// of filing the same again, how long a reporter may reopen a resolved report, and whether the portal shows the
// public list and map.
import { type FormEvent, useState } from 'react';
import { api, tenantPath } from '../../api.ts';
import { Checkbox, TextField } from '../../components/Field.tsx';
import { SubmitButton, useSubmit } from '../../components/Form.tsx';
import { Problem, Success } from '../../components/Problem.tsx';
import { useLoad } from '../../components/useLoad.ts';
import { useI18n } from '../../i18n.tsx';
import { focusFirst, reportFieldErrors } from '../reports/errors.ts';
import type { ReportsSettings } from '../reports/types.ts';
import { Pending } from '../../components/Loading.tsx';

const settingsPath = (slug: string) => tenantPath(slug, '/report-settings');

export function ReportsSettingsForm({ slug, canManage }: { slug: string; canManage: boolean }) {
  const loaded = useLoad<ReportsSettings>(settingsPath(slug));
  if (loaded.error || !loaded.data) return <Pending error={loaded.error} />;
  return <SettingsForm slug={slug} initial={loaded.data} canManage={canManage} onSaved={(s) => loaded.setData(s)} />;
}

interface FormProps {
  slug: string;
  initial: ReportsSettings;
  canManage: boolean;
  onSaved: (s: ReportsSettings) => void;
}

const LIMITS = { duplicateRadiusM: 1000, reopenDays: 90 } as const;

function SettingsForm({ slug, initial, canManage, onSaved }: FormProps) {
  const { t } = useI18n();
  const [radius, setRadius] = useState(String(initial.duplicateRadiusM));
  const [reopen, setReopen] = useState(String(initial.reopenDays));
  const [publicMap, setPublicMap] = useState(initial.publicMap);
  const [local, setLocal] = useState<Record<string, string>>({});
  const { handle, error, busy, done, reset } = useSubmit();
  const errors = { ...reportFieldErrors(error), ...local };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const found: Record<string, string> = {};
    const whole = (s: string, max: number) => /^\d+$/.test(s.trim()) && Number(s) <= max;
    if (!whole(radius, LIMITS.duplicateRadiusM)) found.duplicateRadiusM = t('reportsSettings.settings.range', { max: LIMITS.duplicateRadiusM });
    if (!whole(reopen, LIMITS.reopenDays)) found.reopenDays = t('reportsSettings.settings.range', { max: LIMITS.reopenDays });
    setLocal(found);
    if (Object.keys(found).length) {
      reset();
      focusFirst(Object.keys(found).map((k) => `reports-${k}`));
      return;
    }
    handle(async () => {
      const saved = await api.patch<ReportsSettings>(settingsPath(slug), { duplicateRadiusM: Number(radius), reopenDays: Number(reopen), publicMap });
      onSaved(saved);
    })();
  };

  return (
    <form className="form" onSubmit={submit} noValidate aria-labelledby="reports-settings-heading" data-testid="reports-settings-form">
      <h3 id="reports-settings-heading">{t('reportsSettings.settings.title')}</h3>
      <Problem error={error} />
      <TextField
        id="reports-duplicateRadiusM"
        type="number"
        inputMode="numeric"
        min={0}
        max={LIMITS.duplicateRadiusM}
        label={t('reportsSettings.settings.radius')}
        hint={t('reportsSettings.settings.radiusHint')}
        value={radius}
        disabled={!canManage}
        onValue={setRadius}
        error={errors.duplicateRadiusM}
        data-testid="reports-duplicate-radius"
      />
      <TextField
        id="reports-reopenDays"
        type="number"
        inputMode="numeric"
        min={0}
        max={LIMITS.reopenDays}
        label={t('reportsSettings.settings.reopenDays')}
        hint={t('reportsSettings.settings.reopenDaysHint')}
        value={reopen}
        disabled={!canManage}
        onValue={setReopen}
        error={errors.reopenDays}
        data-testid="reports-reopen-days"
      />
      <Checkbox
        id="reports-publicMap"
        label={t('reportsSettings.settings.publicMap')}
        hint={t('reportsSettings.settings.publicMapHint')}
        checked={publicMap}
        disabled={!canManage}
        onChecked={setPublicMap}
        data-testid="reports-public-map"
      />
      <Success>{done ? t('reportsSettings.settings.saved') : null}</Success>
      {canManage ? (
        <SubmitButton busy={busy} testId="reports-settings-save">
          {t('common.save')}
        </SubmitButton>
      ) : null}
    </form>
  );
}

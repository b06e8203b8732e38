// The date the public sees as "voraussichtlich erledigt bis": staff set or clear it.
import { type FormEvent, useEffect, useState } from 'react';
import { api } from '../../api.ts';
import { TextField } from '../../components/Field.tsx';
import { Problem, Success } from '../../components/Problem.tsx';
import { useI18n } from '../../i18n.tsx';
import { noonOfDay } from '../../components/zoned-input.ts';
import { toDateInput } from './format.ts';
import { useReportAction } from './useReportAction.ts';

export function ExpectedDate({ path, expectedAt }: { path: string; expectedAt: string | null }) {
  const { t, timeZone } = useI18n();
  const [value, setValue] = useState(toDateInput(expectedAt, timeZone));
  const [invalid, setInvalid] = useState(false);
  // a saved (or a colleague's) date shows in the field; the form stays, so its confirmation is heard
  useEffect(() => setValue(toDateInput(expectedAt, timeZone)), [expectedAt, timeZone]);
  const { error, done, run, busy } = useReportAction(path);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const at = value ? noonOfDay(value, timeZone) : null;
    setInvalid(value !== '' && at === null);
    if (value !== '' && at === null) return;
    void run(() => api.patch(path, { expectedAt: at }), t('reports.expectedSaved'));
  };

  return (
    <form onSubmit={submit} noValidate className="report-expected">
      <Problem error={error} />
      <TextField
        id="report-expected"
        type="date"
        label={t('reports.expectedLabel')}
        hint={t('reports.expectedHint')}
        value={value}
        onValue={setValue}
        error={invalid ? t('reports.expectedInvalid') : undefined}
        data-testid="report-expected"
      />
      <button type="submit" className="button-small" disabled={busy} data-testid="report-expected-save">
        {t('common.save')}
      </button>
      <Success>{done}</Success>
    </form>
  );
}

// Changing a report's status: only the changes the workflow allows from here; "abgelehnt" needs a reason, "Duplikat"
// the number of the report it duplicates (looked up here, sent as its id); an optional public comment goes to the
// portal and, with the status message, to the reporter and the followers.
import { Options } from '../../components/Pickers.tsx';
import { type FormEvent, useState } from 'react';
import type { ReportStatus } from '../../../../common/states.ts';
import { api } from '../../api.ts';
import { SelectField, TextArea, TextField } from '../../components/Field.tsx';
import { useFormValues } from '../../components/Form.tsx';
import { Problem, Success } from '../../components/Problem.tsx';
import { useI18n } from '../../i18n.tsx';
import { focusFirst, reportFieldErrors } from './errors.ts';
import { parseReportNumber, STATUS_TRANSITIONS } from './format.ts';
import { type ReportDetail, type ReportPage, type ReportsContext, reportsBase } from './types.ts';
import { useReportAction } from './useReportAction.ts';

interface Props {
  ctx: ReportsContext;
  report: ReportDetail;
  path: string;
}

/** What staff type; `duplicate` is the other report's number, sent as its id (`duplicateOf`). */
const EMPTY = { reason: '', duplicate: '', publicComment: '' };

const FIELD_IDS: Record<string, string> = {
  status: 'status-select',
  reason: 'status-reason',
  duplicateOf: 'status-duplicate',
  publicComment: 'public-comment',
};

export function StatusControls({ ctx, report: r, path }: Props) {
  const { t, tOr } = useI18n();
  const options = STATUS_TRANSITIONS[r.status];
  const [picked, setStatus] = useState<ReportStatus>(options[0]);
  // after a change the choices are the new status's; the form stays (and says what happened)
  const status = options.includes(picked) ? picked : options[0];
  const { values: v, setValues, set, bind } = useFormValues(EMPTY);
  const [local, setLocal] = useState<Record<string, string>>({});
  const [looking, setLooking] = useState(false);
  const { error, done, run, busy } = useReportAction(path, () => setValues(EMPTY));
  const errors = { ...reportFieldErrors(error), ...local };

  /** The id of the report with this number in this municipality, or null. */
  const findByNumber = async (n: number): Promise<string | null> => {
    const page = await api.get<ReportPage>(`${reportsBase(ctx.slug)}?${new URLSearchParams({ q: String(n), limit: '20' })}`);
    return page.items.find((x) => x.number === n)?.id ?? null;
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const found: Record<string, string> = {};
    if (status === 'rejected' && !v.reason.trim()) found.reason = t('reports.statusForm.reasonRequired');
    let duplicateOf: string | undefined;
    if (status === 'duplicate') {
      const n = parseReportNumber(v.duplicate);
      if (n === null) found.duplicateOf = t('reports.statusForm.duplicateNumber');
      else if (n === r.number) found.duplicateOf = t('reports.statusForm.duplicateSelf');
      else {
        setLooking(true);
        try {
          duplicateOf = (await findByNumber(n)) ?? undefined;
        } catch {
          duplicateOf = undefined;
        } finally {
          setLooking(false);
        }
        if (!duplicateOf) found.duplicateOf = t('reports.statusForm.duplicateNotFound', { number: n });
      }
    }
    setLocal(found);
    if (Object.keys(found).length) {
      focusFirst(Object.keys(found).map((k) => FIELD_IDS[k]));
      return;
    }
    const body = {
      status,
      ...(v.reason.trim() ? { reason: v.reason.trim() } : {}),
      ...(duplicateOf ? { duplicateOf } : {}),
      ...(v.publicComment.trim() ? { publicComment: v.publicComment.trim() } : {}),
    };
    const ok = await run(() => api.post(`${path}/status`, body), t('reports.statusForm.done', { status: tOr(`reports.status.${status}`, status) }));
    if (!ok) focusFirst(Object.values(FIELD_IDS));
  };

  return (
    <section aria-labelledby="report-status-heading" className="card" data-testid="report-status-controls">
      <h3 id="report-status-heading">{t('reports.statusForm.title')}</h3>
      <form onSubmit={(e) => void submit(e)} noValidate>
        <Problem error={error} />
        <SelectField
          id="status-select"
          label={t('reports.statusForm.status')}
          value={status}
          onChange={(e) => setStatus(e.target.value as ReportStatus)}
          error={errors.status}
          data-testid="status-select"
        >
          <Options choices={options.map((s) => ({ value: s, label: tOr(`reports.status.${s}`, s) }))} />
        </SelectField>
        {status === 'duplicate' ? (
          <TextField
            id="status-duplicate"
            label={t('reports.statusForm.duplicate')}
            hint={t('reports.statusForm.duplicateHint')}
            inputMode="numeric"
            value={v.duplicate}
            onChange={set('duplicate')}
            error={errors.duplicateOf}
            required
            data-testid="status-duplicate"
          />
        ) : null}
        <TextArea
          id="status-reason"
          rows={2}
          label={status === 'rejected' ? t('reports.statusForm.reasonRequiredLabel') : t('reports.statusForm.reason')}
          hint={t('reports.statusForm.reasonHint')}
          maxLength={2000}
          {...bind('reason', errors)}
          required={status === 'rejected'}
          data-testid="status-reason"
        />
        <TextArea
          id="public-comment"
          rows={3}
          label={t('reports.statusForm.publicComment')}
          hint={t('reports.statusForm.publicCommentHint')}
          maxLength={2000}
          {...bind('publicComment', errors)}
          data-testid="public-comment"
        />
        <button type="submit" className="button-primary" disabled={busy || looking} data-testid="status-submit">
          {t('reports.statusForm.submit')}
        </button>
        <Success>{done}</Success>
      </form>
    </section>
  );
}

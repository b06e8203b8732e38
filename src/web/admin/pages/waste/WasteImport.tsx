// The CSV import: check first (every row with its errors), then import — nothing is written unless every row is fine.
import { useState } from 'react';
import { WASTE_CSV_MAX_BYTES, type WasteImportReport } from '../../../../common/contracts/waste.ts';
import { api } from '../../api.ts';
import { type Column, DataTable } from '../../components/DataTable.tsx';
import { Field } from '../../components/Field.tsx';
import { useSubmit } from '../../components/Form.tsx';
import { Problem, Success } from '../../components/Problem.tsx';
import { useI18n } from '../../i18n.tsx';
import { type WasteCtx, wastePath } from './context.ts';

type Row = WasteImportReport['rows'][number];

export function WasteImport({ ctx }: { ctx: WasteCtx }) {
  const { t } = useI18n();
  const [csv, setCsv] = useState<string | null>(null);
  const [fileError, setFileError] = useState<string | null>(null);
  const [report, setReport] = useState<WasteImportReport | null>(null);
  const form = useSubmit();
  const send = (dryRun: boolean) =>
    form.handle(async () => {
      setReport(await api.post<WasteImportReport>(wastePath(ctx.slug, '/import'), { csv, dryRun }));
    });
  const choose = async (file: File | undefined) => {
    setReport(null);
    setFileError(null);
    form.reset();
    if (!file) return setCsv(null);
    if (file.size > WASTE_CSV_MAX_BYTES) {
      setCsv(null);
      return setFileError(t('waste.import.tooLarge'));
    }
    setCsv(await file.text());
  };
  const problems = report?.rows.filter((r) => r.status !== 'ok') ?? [];
  const columns: Column<Row>[] = [
    { key: 'line', header: t('waste.import.line'), rowHeader: true, className: 'num', cell: (r) => r.line },
    { key: 'status', header: t('waste.import.status'), cell: (r) => t(`waste.import.status.${r.status}`) },
    { key: 'errors', header: t('waste.import.errors'), cell: (r) => r.errors.map((e) => `${e.column}: ${e.message}`).join('; ') },
  ];
  if (!ctx.canManage) return <p className="alert alert-info">{t('waste.managersOnly')}</p>;
  return (
    <>
      <p className="hint">{t('waste.import.intro')}</p>
      <pre className="example">
        {'typ;bezirk;strasse;datum;hinweis\nrest;Bezirk Nord;;2027-01-07;\npapier;;Marktplatz;14.01.2027;Bitte bis 6 Uhr bereitstellen'}
      </pre>
      <Field id="waste-import-file" label={t('waste.import.file')} error={fileError ?? undefined}>
        {(a11y) => <input type="file" accept=".csv,text/csv" onChange={(e) => void choose(e.target.files?.[0])} {...a11y} />}
      </Field>
      <p className="button-row">
        <button type="button" disabled={!csv || form.busy} onClick={send(true)} data-testid="waste-import-check">
          {t('waste.import.check')}
        </button>
        <button
          type="button"
          className="button-primary"
          disabled={!csv || form.busy || !report || report.totals.errors > 0}
          onClick={send(false)}
          data-testid="waste-import-run"
        >
          {t('waste.import.run')}
        </button>
      </p>
      <Problem error={form.error} />
      {report ? (
        <div data-testid="waste-import-report">
          <p role="status">
            {t(report.written ? 'waste.import.written' : report.totals.errors ? 'waste.import.hasErrors' : 'waste.import.checked', {
              rows: report.totals.rows,
              ok: report.totals.ok,
              duplicates: report.totals.duplicates,
              errors: report.totals.errors,
            })}
          </p>
          {report.written ? <Success>{t('waste.import.done')}</Success> : null}
          <DataTable
            caption={t('waste.import.reportCaption')}
            captionVisible
            columns={columns}
            rows={problems}
            rowKey={(r) => r.line}
            testId="waste-import-rows"
          />
        </div>
      ) : null}
    </>
  );
}

// The row-by-row report of an import: line, field, problem.
import { DataTable } from '../../components/DataTable.tsx';
import { useI18n } from '../../i18n.tsx';
import type { RowError } from './types.ts';

export function RowErrorTable({ errors, caption }: { errors: RowError[]; caption: string }) {
  const { t, tOr } = useI18n();
  if (errors.length === 0) return <p>{t('geo.report.noErrors')}</p>;
  return (
    <DataTable
      caption={caption}
      captionVisible
      // one line can have several problems in the same field, so the position in the report is part of the key
      rows={errors.map((e, i) => ({ ...e, i }))}
      rowKey={(e) => `${e.line}-${e.field}-${e.i}`}
      rowTestId="report-row"
      columns={[
        { key: 'line', header: t('geo.report.line'), rowHeader: true, cell: (e) => e.line },
        { key: 'field', header: t('geo.report.field'), cell: (e) => tOr(`geo.field.${e.field}`, e.field) },
        { key: 'problem', header: t('geo.report.problem'), cell: (e) => e.detail },
      ]}
    />
  );
}

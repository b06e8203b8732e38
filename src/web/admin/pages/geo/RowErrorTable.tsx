// The row-by-row report of an import: line, field, problem.
import { useI18n } from '../../i18n.tsx';
import type { RowError } from './types.ts';

export function RowErrorTable({ errors, caption }: { errors: RowError[]; caption: string }) {
  const { t, tOr } = useI18n();
  if (errors.length === 0) return <p>{t('geo.report.noErrors')}</p>;
  return (
    <div className="table-wrap">
      <table>
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t('geo.report.line')}</th>
            <th scope="col">{t('geo.report.field')}</th>
            <th scope="col">{t('geo.report.problem')}</th>
          </tr>
        </thead>
        <tbody>
          {errors.map((e, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: one line can have several problems in the same field
            <tr key={`${e.line}-${e.field}-${i}`} data-testid="report-row">
              <th scope="row">{e.line}</th>
              <td>{tOr(`geo.field.${e.field}`, e.field)}</td>
              <td>{e.detail}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

// The warnings of the municipality, newest first, each as its latest version; current ones or past ones.
import { useState } from 'react';
import { tenantPath } from '../../api.ts';
import { type Column, LoadedTable } from '../../components/DataTable.tsx';
import { useLoad } from '../../components/useLoad.ts';
import { useI18n } from '../../i18n.tsx';
import { paths } from '../../routes.ts';
import { Link } from '../../router.tsx';
import type { WarningList as List, WarningsContext, WarningSummary } from './types.ts';
import { Severity, StatusMark } from './WarningLabels.tsx';
import { Fieldset } from '../../components/Fieldset.tsx';

type Filter = 'current' | 'past';

export function WarningList({ ctx }: { ctx: WarningsContext }) {
  const { t, formatDateTime } = useI18n();
  const [filter, setFilter] = useState<Filter>('current');
  const list = useLoad<List>(tenantPath(ctx.slug, `/warnings?state=${filter}`));
  const columns: Column<WarningSummary>[] = [
    { key: 'severity', header: t('warnings.field.severity'), cell: (w) => <Severity value={w.severity} /> },
    {
      key: 'headline',
      header: t('warnings.field.headline'),
      rowHeader: true,
      cell: (w) => (
        <>
          <StatusMark value={w.status} />
          <Link to={paths.warnings(ctx.slug, w.chainId)}>{w.headline}</Link>
        </>
      ),
    },
    { key: 'event', header: t('warnings.field.event'), cell: (w) => w.event },
    { key: 'state', header: t('warnings.field.state'), cell: (w) => t(`warnings.state.${w.state}`) },
    { key: 'sent', header: t('warnings.field.sentAt'), cell: (w) => formatDateTime(w.sentAt) },
    { key: 'expires', header: t('warnings.field.expiresAt'), cell: (w) => (w.expiresAt ? formatDateTime(w.expiresAt) : '–') },
    { key: 'recipients', header: t('warnings.field.recipients'), className: 'num', cell: (w) => w.recipients },
  ];
  return (
    <section aria-labelledby="warnings-list-heading">
      <h2 id="warnings-list-heading">{t('warnings.tab.list')}</h2>
      <Fieldset className="form-row" legend={t('warnings.filter.label')}>
        {(['current', 'past'] as const).map((f) => (
          <label key={f}>
            <input type="radio" name="warning-filter" value={f} checked={filter === f} onChange={() => setFilter(f)} data-testid={`warnings-filter-${f}`} />{' '}
            {t(`warnings.filter.${f}`)}
          </label>
        ))}
      </Fieldset>
      <LoadedTable caption={t('warnings.tab.list')} testId="warnings-table" load={list} empty={t(`warnings.empty.${filter}`)} columns={columns} />
    </section>
  );
}

// Auswertung: the inbox's figures over a period – per department, person or channel and for the whole municipality
// (conversations, median time to the first response, share answered within the deadline, open and overdue now) –
// and how many were open and overdue at the end of each day, as a chart with the same numbers in a table beside it.
import { Options } from '../../components/Pickers.tsx';
import { useState } from 'react';
import type { InboxFigures } from '../../../../common/contracts/inbox.ts';
import { lastDays } from './period.ts';
import { tenantPath } from '../../api.ts';
import { type Column, DataTable } from '../../components/DataTable.tsx';
import { SelectField, TextField } from '../../components/Field.tsx';
import { useFormValues } from '../../components/Form.tsx';
import { Page } from '../../components/Page.tsx';
import { Problem } from '../../components/Problem.tsx';
import { useLoad } from '../../components/useLoad.ts';
import { type MessageKey, useI18n } from '../../i18n.tsx';
import type { TenantSummary } from '../../types.ts';
import { formatMinutes } from '../inbox-settings/hours.ts';
import { SeriesChart, type SeriesPoint } from './SeriesChart.tsx';
import { Loading } from '../../components/Loading.tsx';

type FigureRow = InboxFigures['total'];
type TableRow = FigureRow & { isTotal?: boolean };
type GroupBy = 'department' | 'assignee' | 'channel';
const PRESETS = ['7', '30', '90', 'custom'] as const;
type Preset = (typeof PRESETS)[number];

const groupLabel: Record<GroupBy, MessageKey> = {
  department: 'analytics.groupBy.department',
  assignee: 'analytics.groupBy.assignee',
  channel: 'analytics.groupBy.channel',
};

export function AnalyticsPage({ tenant }: { tenant: TenantSummary }) {
  const { t, locale } = useI18n();
  const [preset, setPreset] = useState<Preset>('30');
  const { values: custom, set: setDay } = useFormValues(lastDays(30, tenant.timeZone));
  const [groupBy, setGroupBy] = useState<GroupBy>('department');
  const period = preset === 'custom' ? custom : lastDays(Number(preset), tenant.timeZone);
  const periodOk = /^\d{4}-\d{2}-\d{2}$/.test(period.from) && /^\d{4}-\d{2}-\d{2}$/.test(period.to) && period.from <= period.to;
  const query = new URLSearchParams({ from: period.from, to: period.to, groupBy });
  const figures = useLoad<InboxFigures>(periodOk ? tenantPath(tenant.slug, `/inbox/figures?${query}`) : null);

  const tag = locale === 'de' ? 'de-DE' : 'en-GB';
  const dayFormat = new Intl.DateTimeFormat(tag, { day: 'numeric', month: 'numeric', timeZone: 'UTC' });
  const formatDate = (iso: string) => (iso ? dayFormat.format(new Date(`${iso}T00:00:00Z`)) : '');
  const percent = new Intl.NumberFormat(tag, { style: 'percent', maximumFractionDigits: 0 });
  const units = { h: t('analytics.unit.h'), min: t('analytics.unit.min') };

  // rows without a key are the conversations with no department or person yet; channels are named in the console's words
  const rowLabel = (r: FigureRow) =>
    r.key === null ? t('analytics.none') : groupBy === 'channel' ? t(`inboxSettings.channel.${r.key}` as MessageKey) : r.label;
  const columns: Column<TableRow>[] = [
    { key: 'label', header: t(groupLabel[groupBy]), rowHeader: true, cell: (r) => (r.isTotal ? <strong>{t('analytics.total')}</strong> : rowLabel(r)) },
    { key: 'conversations', header: t('analytics.conversations'), className: 'num', cell: (r) => r.conversations },
    { key: 'median', header: t('analytics.median'), className: 'num', cell: (r) => formatMinutes(r.medianFirstResponseMinutes, units) },
    {
      key: 'within',
      header: t('analytics.within'),
      className: 'num',
      cell: (r) => (r.withinDeadlineShare === null ? '–' : percent.format(r.withinDeadlineShare)),
    },
    { key: 'open', header: t('analytics.openNow'), className: 'num', cell: (r) => r.open },
    { key: 'overdue', header: t('analytics.overdueNow'), className: 'num', cell: (r) => r.overdue },
  ];
  const seriesColumns: Column<SeriesPoint>[] = [
    { key: 'date', header: t('analytics.day'), rowHeader: true, cell: (p) => formatDate(p.date) },
    { key: 'open', header: t('analytics.open'), className: 'num', cell: (p) => p.open },
    { key: 'overdue', header: t('analytics.overdue'), className: 'num', cell: (p) => p.overdue },
  ];

  const data = figures.data;
  return (
    <Page title={t('analytics.title')}>
      <p>{t('analytics.intro')}</p>
      <form className="form form-row" onSubmit={(e) => e.preventDefault()} aria-label={t('analytics.periodLabel')} data-testid="figures-period">
        <SelectField id="figures-preset" label={t('analytics.period')} value={preset} onChange={(e) => setPreset(e.target.value as Preset)}>
          <Options
            choices={PRESETS.map((p) => ({ value: p, label: p === 'custom' ? t('analytics.preset.custom') : t('analytics.preset.days', { n: Number(p) }) }))}
          />
        </SelectField>
        {preset === 'custom' ? (
          <>
            <TextField
              id="figures-from"
              type="date"
              label={t('analytics.from')}
              value={custom.from}
              max={custom.to}
              onChange={setDay('from')}
              error={periodOk ? undefined : t('analytics.badPeriod')}
            />
            <TextField id="figures-to" type="date" label={t('analytics.to')} value={custom.to} min={custom.from} onChange={setDay('to')} />
          </>
        ) : null}
        <SelectField
          id="figures-groupBy"
          data-testid="figures-groupBy"
          label={t('analytics.groupBy')}
          value={groupBy}
          onChange={(e) => setGroupBy(e.target.value as GroupBy)}
        >
          <Options choices={(Object.keys(groupLabel) as GroupBy[]).map((g) => ({ value: g, label: t(groupLabel[g]) }))} />
        </SelectField>
      </form>
      <Problem error={figures.error} />
      {figures.loading && !data ? <Loading /> : null}
      {data ? (
        <>
          <section aria-labelledby="figures-heading">
            <h2 id="figures-heading">{t('analytics.inboxHeading', { from: formatDate(data.from), to: formatDate(data.to) })}</h2>
            <DataTable
              caption={t('analytics.tableCaption', { group: t(groupLabel[groupBy]), from: formatDate(data.from), to: formatDate(data.to) })}
              columns={columns}
              rows={[...data.rows, { ...data.total, isTotal: true }] as TableRow[]}
              rowKey={(r) => (r.isTotal ? '__total' : (r.key ?? '__none'))}
              rowProps={(r) => ({ 'data-testid': r.isTotal ? 'figures-total' : 'figures-row' })}
              scrollable
              testId="figures-table"
            />
            <p className="hint">{t('analytics.explain')}</p>
          </section>
          <section aria-labelledby="series-heading">
            <h2 id="series-heading">{t('analytics.seriesHeading')}</h2>
            <div className="chart-with-table">
              <SeriesChart series={data.series} formatDate={formatDate} />
              <DataTable
                caption={t('analytics.seriesCaption')}
                captionVisible
                columns={seriesColumns}
                rows={data.series}
                rowKey={(p) => p.date}
                scrollable
                testId="figures-series"
                empty={t('analytics.noDays')}
              />
            </div>
          </section>
        </>
      ) : null}
    </Page>
  );
}

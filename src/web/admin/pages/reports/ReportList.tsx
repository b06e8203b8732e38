// One named list of Meldungen: filters (status, category, department, person) and search, the reports page by page,
// and the CSV export of exactly what the filters select. Filters go into the address (the page reads them back).
import { REPORT_TOTAL_CAP } from '../../../../common/contracts/reports.ts';
import { type Column, linkColumn } from '../../components/DataTable.tsx';
import { TextField } from '../../components/Field.tsx';
import { FilterBar, useFilterDraft } from '../../components/FilterBar.tsx';
import { PagedTable } from '../../components/LoadMore.tsx';
import { type Choice, departmentChoices, PickerField, staffChoices } from '../../components/Pickers.tsx';
import { Problem } from '../../components/Problem.tsx';
import { usePagedLoad } from '../../components/usePagedLoad.ts';
import { useI18n } from '../../i18n.tsx';
import { paths, type ReportListName } from '../../routes.ts';
import { navigate } from '../../router.tsx';
import { DueCell, StatusBadge, useCategoryChoices, useStatusChoices } from './bits.tsx';
import { filtersQuery, listQuery, NO_FILTERS, type ReportFilters } from './format.ts';
import { type ReportPage, type ReportsContext, type ReportSummary, reportsBase, useReportLookups } from './types.ts';

const LIMIT = 50;

export function ReportList({ ctx, list, filters }: { ctx: ReportsContext; list: ReportListName; filters: ReportFilters }) {
  const { t, formatDateTime } = useI18n();
  const lookups = useReportLookups(ctx.slug);
  const statuses = useStatusChoices();
  const categories = useCategoryChoices(ctx.slug);

  const result = usePagedLoad<ReportSummary, ReportPage>(reportsBase(ctx.slug), listQuery(list, filters), {
    param: 'cursor',
    next: (p) => p.next,
    limit: LIMIT,
  });
  const total = result.first?.total ?? null;
  const exportHref = `${reportsBase(ctx.slug)}/export.csv?${listQuery(list, filters)}`;

  const apply = (next: ReportFilters) => navigate(paths.reports(ctx.slug, list, filtersQuery(next)));
  const filter = useFilterDraft(filters, apply);
  const { field, pick } = filter;
  const any = t('reports.any');
  // one filter's picker: `report-<name>-filter`, "any" first, tested as `report-filter-<name>`
  const filterPicker = (name: string, key: keyof ReportFilters, label: string, choices: readonly Choice[]) => (
    <PickerField id={`report-${name}-filter`} label={label} {...pick(key, any)} choices={choices} testId={`report-filter-${name}`} />
  );

  const columns: Column<ReportSummary>[] = [
    linkColumn('number', t('reports.col.number'), 'report-link', (r) => ({
      to: paths.report(ctx.slug, r.id),
      text: t('reports.number', { number: r.number }),
    })),
    {
      key: 'category',
      header: t('reports.col.category'),
      cell: (r) => (
        <>
          {r.categoryName}
          {r.pendingPhotos > 0 ? (
            <>
              <br />
              <span className="hint">{t('reports.pendingPhotos', { count: r.pendingPhotos })}</span>
            </>
          ) : null}
        </>
      ),
    },
    { key: 'address', header: t('reports.col.address'), cell: (r) => r.address || '–' },
    { key: 'status', header: t('reports.col.status'), cell: (r) => <StatusBadge status={r.status} /> },
    {
      key: 'owner',
      header: t('reports.col.owner'),
      cell: (r) => (
        <>
          {r.departmentName ?? '–'}
          <br />
          {r.assigneeName ?? <span className="hint">{t('reports.unassigned')}</span>}
        </>
      ),
    },
    { key: 'due', header: t('reports.col.due'), cell: (r) => <DueCell at={r.nextDueAt} overdue={r.overdue} /> },
    { key: 'created', header: t('reports.col.created'), cell: (r) => <time dateTime={r.createdAt}>{formatDateTime(r.createdAt)}</time> },
  ];

  return (
    <div data-testid="report-list">
      <FilterBar className="report-filters" texts="reports" filter={filter} resetTo={NO_FILTERS} applyTestId="report-filter">
        <TextField id="report-q" label={t('reports.search')} type="search" {...field('q')} maxLength={200} data-testid="report-search" />
        {filterPicker('status', 'status', t('reports.col.status'), statuses)}
        {filterPicker('category', 'categoryId', t('reports.col.category'), categories)}
        {filterPicker('department', 'departmentId', t('reports.department'), departmentChoices(lookups.departments))}
        {filterPicker('assignee', 'assigneeId', t('reports.person'), staffChoices(lookups.staff))}
      </FilterBar>
      <Problem error={result.error} />
      <p className="report-list-meta">
        {total !== null ? (
          <span className="hint" data-testid="report-total">
            {total >= REPORT_TOTAL_CAP ? t('reports.totalMore', { count: REPORT_TOTAL_CAP - 1 }) : t('reports.total', { count: total })}
          </span>
        ) : null}{' '}
        <a href={exportHref} download data-testid="report-export">
          {t('reports.export')}
        </a>
      </p>
      <PagedTable
        caption={t('reports.caption')}
        columns={columns}
        list={result}
        rowProps={(r) => ({ 'data-testid': 'report-row', 'data-id': r.id, 'data-number': r.number, 'data-status': r.status })}
        scrollable
        empty={t('reports.empty')}
        testId="report-table"
        more={t('reports.more')}
      />
    </div>
  );
}

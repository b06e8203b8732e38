// One named list of Meldungen: filters (status, category, department, person) and search, the reports page by page,
// and the CSV export of exactly what the filters select. Filters go into the address (the page reads them back).
import { useInfiniteQuery } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { REPORT_TOTAL_CAP } from '../../../../common/contracts/reports.ts';
import { REPORT_STATUSES } from '../../../../common/states.ts';
import { api } from '../../api.ts';
import { type Column, DataTable } from '../../components/DataTable.tsx';
import { Problem } from '../../components/Problem.tsx';
import { pathKey } from '../../components/useLoad.ts';
import { useI18n } from '../../i18n.tsx';
import { paths, type ReportListName } from '../../routes.ts';
import { Link, navigate } from '../../router.tsx';
import { DueCell, StatusBadge } from './bits.tsx';
import { filtersQuery, listQuery, NO_FILTERS, type ReportFilters } from './format.ts';
import { type ReportPage, type ReportsContext, type ReportSummary, reportsBase, useReportLookups } from './types.ts';

const LIMIT = 50;

export function ReportList({ ctx, list, filters }: { ctx: ReportsContext; list: ReportListName; filters: ReportFilters }) {
  const { t, tOr, formatDateTime } = useI18n();
  const [draft, setDraft] = useState<ReportFilters>(filters);
  const lookups = useReportLookups(ctx.slug);

  const query = listQuery(list, filters, LIMIT);
  const first = `${reportsBase(ctx.slug)}?${query}`;
  const result = useInfiniteQuery({
    queryKey: [...pathKey(first), 'pages'],
    queryFn: ({ pageParam, signal }) => {
      const page = new URLSearchParams(query);
      if (pageParam) page.set('cursor', pageParam);
      return api.get<ReportPage>(`${reportsBase(ctx.slug)}?${page}`, { signal });
    },
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.next ?? undefined,
  });
  const rows = result.data?.pages.flatMap((p) => p.items) ?? [];
  const total = result.data?.pages[0]?.total ?? null;
  const exportHref = `${reportsBase(ctx.slug)}/export.csv?${listQuery(list, filters)}`;

  const apply = (next: ReportFilters) => navigate(paths.reports(ctx.slug, list, filtersQuery(next)));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    apply(draft);
  };
  const set = (k: keyof ReportFilters) => (e: { target: { value: string } }) => setDraft((d) => ({ ...d, [k]: e.target.value }));

  const columns: Column<ReportSummary>[] = [
    {
      key: 'number',
      header: t('reports.col.number'),
      rowHeader: true,
      cell: (r) => (
        <Link to={paths.report(ctx.slug, r.id)} data-testid="report-link">
          {t('reports.number', { number: r.number })}
        </Link>
      ),
    },
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
      <form className="report-filters" onSubmit={submit} aria-label={t('reports.filters')}>
        <div className="field">
          <label htmlFor="report-q">{t('reports.search')}</label>
          <input id="report-q" type="search" value={draft.q} onChange={set('q')} maxLength={200} data-testid="report-search" />
        </div>
        <div className="field">
          <label htmlFor="report-status-filter">{t('reports.col.status')}</label>
          <select id="report-status-filter" value={draft.status} onChange={set('status')} data-testid="report-filter-status">
            <option value="">{t('reports.any')}</option>
            {REPORT_STATUSES.map((s) => (
              <option key={s} value={s}>
                {tOr(`reports.status.${s}`, s)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="report-category-filter">{t('reports.col.category')}</label>
          <select id="report-category-filter" value={draft.categoryId} onChange={set('categoryId')} data-testid="report-filter-category">
            <option value="">{t('reports.any')}</option>
            {lookups.categories.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="report-department-filter">{t('reports.department')}</label>
          <select id="report-department-filter" value={draft.departmentId} onChange={set('departmentId')} data-testid="report-filter-department">
            <option value="">{t('reports.any')}</option>
            {lookups.departments.map((d) => (
              <option key={d.id} value={d.id}>
                {d.name}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="report-assignee-filter">{t('reports.person')}</label>
          <select id="report-assignee-filter" value={draft.assigneeId} onChange={set('assigneeId')} data-testid="report-filter-assignee">
            <option value="">{t('reports.any')}</option>
            {lookups.staff.map((s) => (
              <option key={s.userId} value={s.userId}>
                {s.name || s.email}
              </option>
            ))}
          </select>
        </div>
        <p className="button-row">
          <button type="submit" data-testid="report-filter">
            {t('reports.apply')}
          </button>
          <button type="button" className="button-quiet" onClick={() => apply(NO_FILTERS)}>
            {t('reports.reset')}
          </button>
        </p>
      </form>
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
      <DataTable
        caption={t('reports.caption')}
        columns={columns}
        rows={rows}
        rowKey={(r) => r.id}
        rowProps={(r) => ({ 'data-testid': 'report-row', 'data-id': r.id, 'data-number': r.number, 'data-status': r.status }) as never}
        scrollable
        loading={result.isPending}
        empty={t('reports.empty')}
        testId="report-table"
      />
      {result.hasNextPage ? (
        <p>
          <button type="button" onClick={() => void result.fetchNextPage()} disabled={result.isFetchingNextPage}>
            {t('reports.more')}
          </button>
        </p>
      ) : null}
    </div>
  );
}

// All surveys: title, state (Entwurf, läuft, beginnt am …, beendet), answers and end; filter by state, search in the
// title, page by page; "Neue Umfrage" for those who may write.
import { useState } from 'react';
import { type Column, linkColumn } from '../../components/DataTable.tsx';
import { TextField } from '../../components/Field.tsx';
import { FilterBar, useFilterDraft } from '../../components/FilterBar.tsx';
import { PagedTable } from '../../components/LoadMore.tsx';
import { choicesOf, PickerField } from '../../components/Pickers.tsx';
import { Problem } from '../../components/Problem.tsx';
import { usePagedLoad } from '../../components/usePagedLoad.ts';
import { useI18n } from '../../i18n.tsx';
import { paths } from '../../routes.ts';
import { Link } from '../../router.tsx';
import { StateBadge } from './bits.tsx';
import { SURVEY_STATES, type SurveyList as SurveyPage, type SurveySummary, type SurveysContext, surveysBase } from './types.ts';

interface Filters {
  q: string;
  state: string;
}
const NO_FILTERS: Filters = { q: '', state: '' };
const LIMIT = 50;

export function SurveyList({ ctx }: { ctx: SurveysContext }) {
  const { t, formatDateTime } = useI18n();
  const [applied, setApplied] = useState<Filters>(NO_FILTERS);
  const query = new URLSearchParams();
  if (applied.q.trim()) query.set('q', applied.q.trim());
  if (applied.state) query.set('state', applied.state);
  const list = usePagedLoad<SurveySummary, SurveyPage>(surveysBase(ctx.slug), query, { param: 'cursor', next: (p) => p.next, limit: LIMIT });
  const filter = useFilterDraft(applied, setApplied);
  const { field, pick } = filter;
  const states = choicesOf(SURVEY_STATES, (s) => t(`surveys.state.${s}`));

  const columns: Column<SurveySummary>[] = [
    linkColumn('title', t('surveys.col.title'), 'survey-link', (s) => ({ to: paths.surveys(ctx.slug, s.id), text: s.title })),
    { key: 'state', header: t('surveys.col.state'), cell: (s) => <StateBadge survey={s} /> },
    { key: 'answers', header: t('surveys.col.answers'), className: 'num', cell: (s) => s.responseCount },
    { key: 'ends', header: t('surveys.col.ends'), cell: (s) => (s.endsAt ? <time dateTime={s.endsAt}>{formatDateTime(s.endsAt)}</time> : '–') },
  ];

  return (
    <div data-testid="survey-list">
      {ctx.canWrite ? (
        <p>
          <Link to={paths.surveys(ctx.slug, 'new')} className="button-primary" data-testid="survey-new">
            {t('surveys.new')}
          </Link>
        </p>
      ) : null}
      <FilterBar className="form form-row" texts="surveys" filter={filter} resetTo={NO_FILTERS} applyTestId="survey-filter">
        <TextField id="survey-q" type="search" label={t('surveys.search')} {...field('q')} maxLength={200} autoComplete="off" data-testid="survey-search" />
        <PickerField
          id="survey-state-filter"
          label={t('surveys.col.state')}
          {...pick('state', t('surveys.any'))}
          choices={states}
          testId="survey-filter-state"
        />
      </FilterBar>
      <Problem error={list.error} />
      <PagedTable
        caption={t('surveys.caption')}
        columns={columns}
        list={list}
        rowProps={(s) => ({ 'data-testid': 'survey-row', 'data-id': s.id, 'data-state': s.state })}
        empty={t('surveys.empty')}
        testId="survey-table"
        more={t('surveys.more')}
      />
    </div>
  );
}

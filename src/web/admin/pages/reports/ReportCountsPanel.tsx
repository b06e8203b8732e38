// The overview's report figures: open and overdue reports, each a link to its list (the totals of
// GET /reports?view=…&limit=1, so they count exactly what the list shows).
import { CountCards } from '../../components/CountCards.tsx';
import { useLoad } from '../../components/useLoad.ts';
import { useI18n } from '../../i18n.tsx';
import { paths } from '../../routes.ts';
import { type ReportPage, reportsBase } from './types.ts';

export function ReportCountsPanel({ slug }: { slug: string }) {
  const { t } = useI18n();
  const open = useLoad<ReportPage>(`${reportsBase(slug)}?view=open&limit=1`);
  const overdue = useLoad<ReportPage>(`${reportsBase(slug)}?view=overdue&limit=1`);
  if (!open.data || !overdue.data) return null;
  return (
    <CountCards
      id="overview-reports-heading"
      heading={t('nav.reports')}
      testId="overview-reports"
      cards={[
        { to: paths.reports(slug, 'open'), count: open.data.total, label: t('reports.overview.open'), testId: 'overview-reports-open' },
        {
          to: paths.reports(slug, 'overdue'),
          count: overdue.data.total,
          label: t('reports.overview.overdue'),
          testId: 'overview-reports-overdue',
          urgent: true,
        },
      ]}
    />
  );
}

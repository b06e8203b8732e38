// The overview's report figures: open and overdue reports, each a link to its list (the totals of
// GET /reports?view=…&limit=1, so they count exactly what the list shows).
import '../inbox/inbox.css';
import { useLoad } from '../../components/useLoad.ts';
import { useI18n } from '../../i18n.tsx';
import { paths } from '../../routes.ts';
import { Link } from '../../router.tsx';
import { type ReportPage, reportsBase } from './types.ts';

export function ReportCountsPanel({ slug }: { slug: string }) {
  const { t } = useI18n();
  const open = useLoad<ReportPage>(`${reportsBase(slug)}?view=open&limit=1`);
  const overdue = useLoad<ReportPage>(`${reportsBase(slug)}?view=overdue&limit=1`);
  if (!open.data || !overdue.data) return null;
  return (
    <section aria-labelledby="overview-reports-heading" className="inbox-counts" data-testid="overview-reports">
      <h2 id="overview-reports-heading">{t('nav.reports')}</h2>
      <ul className="count-cards">
        <li>
          <Link to={paths.reports(slug, 'open')} data-testid="overview-reports-open">
            <span className="count-number">{open.data.total}</span> {t('reports.overview.open')}
          </Link>
        </li>
        <li className={overdue.data.total > 0 ? 'count-card-danger' : undefined}>
          <Link to={paths.reports(slug, 'overdue')} data-testid="overview-reports-overdue">
            <span className="count-number">{overdue.data.total}</span> {t('reports.overview.overdue')}
          </Link>
        </li>
      </ul>
    </section>
  );
}

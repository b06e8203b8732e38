// The overview's inbox figures: unanswered and overdue conversations, each a link straight to its list; live over the
// inbox stream (its counts events replace the cached counts). Every role sees the counts, none of the contents.
import './inbox.css';
import { useLoad } from '../../components/useLoad.ts';
import { useI18n } from '../../i18n.tsx';
import { paths } from '../../routes.ts';
import { Link } from '../../router.tsx';
import type { InboxCounts } from './types.ts';
import { countsPath, useInboxStream } from './useInboxStream.ts';

export function InboxCountsPanel({ slug }: { slug: string }) {
  const { t } = useI18n();
  const counts = useLoad<InboxCounts>(countsPath(slug));
  useInboxStream(slug);
  if (!counts.data) return null;
  const { unanswered, overdue } = counts.data;
  return (
    <section aria-labelledby="overview-inbox-heading" className="inbox-counts" data-testid="overview-inbox">
      <h2 id="overview-inbox-heading">{t('nav.inbox')}</h2>
      <ul className="count-cards">
        <li>
          <Link to={paths.inbox(slug, 'unanswered')} data-testid="overview-unanswered">
            <span className="count-number">{unanswered}</span> {t('inbox.list.unanswered')}
          </Link>
        </li>
        <li className={overdue > 0 ? 'count-card-danger' : undefined}>
          <Link to={paths.inbox(slug, 'overdue')} data-testid="overview-overdue">
            <span className="count-number">{overdue}</span> {t('inbox.list.overdue')}
          </Link>
        </li>
      </ul>
    </section>
  );
}

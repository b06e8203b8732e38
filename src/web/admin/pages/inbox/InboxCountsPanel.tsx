// The overview's inbox figures: unanswered and overdue conversations, each a link straight to its list; live over the
// inbox stream (its counts events replace the cached counts). Every role sees the counts, none of the contents.
import { CountCards } from '../../components/CountCards.tsx';
import { useLoad } from '../../components/useLoad.ts';
import { useI18n } from '../../i18n.tsx';
import { paths } from '../../routes.ts';
import type { InboxCounts } from './types.ts';
import { countsPath, useInboxStream } from './useInboxStream.ts';

export function InboxCountsPanel({ slug }: { slug: string }) {
  const { t } = useI18n();
  const counts = useLoad<InboxCounts>(countsPath(slug));
  useInboxStream(slug);
  if (!counts.data) return null;
  const { unanswered, overdue } = counts.data;
  return (
    <CountCards
      id="overview-inbox-heading"
      heading={t('nav.inbox')}
      testId="overview-inbox"
      cards={[
        { to: paths.inbox(slug, 'unanswered'), count: unanswered, label: t('inbox.list.unanswered'), testId: 'overview-unanswered' },
        { to: paths.inbox(slug, 'overdue'), count: overdue, label: t('inbox.list.overdue'), testId: 'overview-overdue', urgent: true },
      ]}
    />
  );
}

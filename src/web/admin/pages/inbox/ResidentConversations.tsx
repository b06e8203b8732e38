// The resident page's "Unterhaltungen": this resident's conversations in the Posteingang, each a link to it. Hidden
// for roles that may not read the inbox (the list answers 403 for them).
import { ApiError } from '../../api.ts';
import { DataTable } from '../../components/DataTable.tsx';
import { Problem } from '../../components/Problem.tsx';
import { useLoad } from '../../components/useLoad.ts';
import { useI18n } from '../../i18n.tsx';
import { paths } from '../../routes.ts';
import { Link } from '../../router.tsx';
import type { ConversationPage } from './types.ts';
import { inboxBase } from './useInboxStream.ts';

export function ResidentConversations({ slug, residentId }: { slug: string; residentId: string }) {
  const { t, tOr, formatDateTime } = useI18n();
  const list = useLoad<ConversationPage>(`${inboxBase(slug)}/conversations?${new URLSearchParams({ residentId, limit: '50' })}`);
  if (list.error instanceof ApiError && list.error.status === 403) return null;
  return (
    <section aria-labelledby="resident-conversations-heading" data-testid="resident-conversations">
      <h3 id="resident-conversations-heading">{t('inbox.resident.title')}</h3>
      <Problem error={list.error} />
      <DataTable
        caption={t('inbox.resident.title')}
        columns={[
          {
            key: 'subject',
            header: t('inbox.col.subject'),
            rowHeader: true,
            cell: (c) => <Link to={paths.conversation(slug, c.id)}>{c.subject || c.preview}</Link>,
          },
          { key: 'channel', header: t('inbox.col.channel'), cell: (c) => tOr(`channel.${c.channel}`, c.channel) },
          { key: 'status', header: t('inbox.col.status'), cell: (c) => tOr(`inbox.status.${c.status}`, c.status) },
          { key: 'last', header: t('inbox.col.lastActivity'), cell: (c) => <time dateTime={c.lastActivityAt}>{formatDateTime(c.lastActivityAt)}</time> },
        ]}
        rows={list.data?.items ?? []}
        loading={list.loading}
        empty={t('inbox.resident.none')}
      />
    </section>
  );
}

// The account's own sign-ins, password and two-factor changes.
import { LoadedTable } from '../../components/DataTable.tsx';
import { useLoad } from '../../components/useLoad.ts';
import { useI18n } from '../../i18n.tsx';
import type { AccountEvent, Items } from '../../types.ts';

export function AccountEvents() {
  const { t, tOr, formatDateTime } = useI18n();
  const events = useLoad<Items<AccountEvent>>('/api/v1/me/events');
  return (
    <section aria-labelledby="events-heading">
      <h2 id="events-heading">{t('accountEvents.title')}</h2>
      <LoadedTable
        caption={t('accountEvents.title')}
        load={events}
        rowKey={(e) => `${e.at}-${e.action}-${e.ip ?? ''}`}
        empty={t('accountEvents.empty')}
        columns={[
          { key: 'at', header: t('accountEvents.at'), cell: (e) => <time dateTime={e.at}>{formatDateTime(e.at)}</time> },
          { key: 'action', header: t('accountEvents.action'), cell: (e) => tOr(`accountEvents.actions.${e.action}`, e.action) },
          { key: 'ip', header: t('accountEvents.ip'), cell: (e) => e.ip ?? '–' },
          { key: 'ua', header: t('accountEvents.userAgent'), className: 'user-agent', cell: (e) => e.userAgent ?? '–' },
        ]}
      />
    </section>
  );
}

// What a resident was sent by this municipality (every message, every channel), newest first, page by page. Each
// page load is a personal-data access and written to the audit log by the server.
import { useState } from 'react';
import type { ResidentDeliveriesPage, ResidentDelivery } from '../../../../common/contracts/delivery-progress.ts';
import { DataTable } from '../../components/DataTable.tsx';
import { Problem } from '../../components/Problem.tsx';
import { useLoad } from '../../components/useLoad.ts';
import { useI18n } from '../../i18n.tsx';

const PAGE_SIZE = 20;

export function SentMessages({ path }: { path: string }) {
  const { t, tOr, formatDateTime } = useI18n();
  const [page, setPage] = useState(1);
  const list = useLoad<ResidentDeliveriesPage>(`${path}/deliveries?page=${page}&pageSize=${PAGE_SIZE}`);
  const data = list.data;
  const pages = Math.max(1, Math.ceil((data?.total ?? 0) / PAGE_SIZE));

  return (
    <section aria-labelledby="resident-sent-heading" data-testid="resident-sent">
      <h3 id="resident-sent-heading">{t('residents.sent.title')}</h3>
      <Problem error={list.error} />
      <DataTable<ResidentDelivery>
        caption={t('residents.sent.title')}
        testId="resident-sent-table"
        loading={list.loading}
        empty={t('residents.sent.none')}
        rows={data?.items ?? []}
        columns={[
          {
            key: 'at',
            header: t('residents.sent.at'),
            cell: (d) => <time dateTime={d.sentAt ?? d.createdAt}>{formatDateTime(d.sentAt ?? d.createdAt)}</time>,
          },
          { key: 'message', header: t('residents.sent.message'), rowHeader: true, cell: (d) => d.title || '–' },
          { key: 'channel', header: t('residents.sent.channel'), cell: (d) => tOr(`channel.${d.channel}`, d.channel) },
          {
            key: 'status',
            header: t('residents.sent.status'),
            cell: (d) => (d.waiting ? t('residents.delivery.waiting') : tOr(`residents.delivery.${d.status}`, d.status)),
          },
        ]}
      />
      {pages > 1 ? (
        <nav className="button-row" aria-label={t('residents.sent.title')}>
          <button type="button" disabled={page <= 1} onClick={() => setPage((p) => p - 1)}>
            {t('residents.sent.newer')}
          </button>
          <span>{t('residents.sent.page', { page, pages })}</span>
          <button type="button" disabled={page >= pages} onClick={() => setPage((p) => p + 1)}>
            {t('residents.sent.older')}
          </button>
        </nav>
      ) : null}
    </section>
  );
}

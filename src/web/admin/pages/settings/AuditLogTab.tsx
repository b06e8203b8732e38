// Protokoll: who did what to which data, newest first, loaded page by page.
import { tenantPath } from '../../api.ts';
import { DataTable } from '../../components/DataTable.tsx';
import { Problem } from '../../components/Problem.tsx';
import { usePagedLoad } from '../../components/usePagedLoad.ts';
import { useI18n } from '../../i18n.tsx';
import type { AuditEntry } from '../../types.ts';
import { Loading } from '../../components/Loading.tsx';

interface AuditPage {
  items: AuditEntry[];
  nextBefore: string | null;
}

const LIMIT = 50;

export function AuditLogTab({ slug }: { slug: string }) {
  const { t, tOr, formatDateTime } = useI18n();
  const log = usePagedLoad<AuditEntry, AuditPage>(tenantPath(slug, '/audit-log'), new URLSearchParams(), {
    param: 'before',
    next: (p) => p.nextBefore,
    limit: LIMIT,
  });

  return (
    <>
      <Problem error={log.error} />
      <DataTable
        caption={t('audit.caption')}
        rows={log.items}
        empty={log.error ? null : t('audit.empty')}
        columns={[
          { key: 'at', header: t('audit.at'), cell: (e) => <time dateTime={e.at}>{formatDateTime(e.at)}</time> },
          { key: 'actor', header: t('audit.actor'), cell: (e) => e.actorEmail ?? t('audit.system') },
          { key: 'action', header: t('audit.action'), cell: (e) => <span data-action={e.action}>{tOr(`audit.actions.${e.action}`, e.action)}</span> },
          {
            key: 'object',
            header: t('audit.object'),
            cell: (e) => (
              <>
                {tOr(`audit.objects.${e.objectType}`, e.objectType)}
                {e.objectId ? <code className="object-id"> {e.objectId}</code> : null}
              </>
            ),
          },
          { key: 'ip', header: t('audit.ip'), cell: (e) => e.ip ?? '–' },
        ]}
      />
      {log.loading ? <Loading /> : null}
      {log.hasMore && !log.loading ? (
        <button type="button" onClick={log.more}>
          {t('audit.more')}
        </button>
      ) : null}
    </>
  );
}

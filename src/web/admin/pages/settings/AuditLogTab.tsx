// Protokoll: who did what to which data, newest first, loaded page by page.
import { useCallback, useEffect, useState } from 'react';
import { api, tenantPath } from '../../api.ts';
import { Problem } from '../../components/Problem.tsx';
import { useI18n } from '../../i18n.tsx';
import type { AuditEntry } from '../../types.ts';

interface AuditPage {
  items: AuditEntry[];
  nextBefore: string | null;
}

const LIMIT = 50;

export function AuditLogTab({ slug }: { slug: string }) {
  const { t, tOr, formatDateTime } = useI18n();
  const [entries, setEntries] = useState<AuditEntry[]>([]);
  const [nextBefore, setNextBefore] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<unknown>(null);

  const load = useCallback(
    async (before: string | null, signal?: AbortSignal) => {
      setLoading(true);
      setError(null);
      const query = new URLSearchParams({ limit: String(LIMIT) });
      if (before) query.set('before', before);
      try {
        const page = await api.get<AuditPage>(tenantPath(slug, `/audit-log?${query}`), { signal });
        setEntries((old) => (before ? [...old, ...page.items] : page.items));
        setNextBefore(page.nextBefore ?? null);
      } catch (e) {
        if (signal?.aborted) return;
        setError(e);
      }
      setLoading(false);
    },
    [slug],
  );

  useEffect(() => {
    const controller = new AbortController();
    void load(null, controller.signal);
    return () => controller.abort();
  }, [load]);

  return (
    <>
      <Problem error={error} />
      {entries.length === 0 && !loading && !error ? <p>{t('audit.empty')}</p> : null}
      {entries.length > 0 ? (
        <div className="table-wrap">
          <table>
            <caption className="visually-hidden">{t('audit.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('audit.at')}</th>
                <th scope="col">{t('audit.actor')}</th>
                <th scope="col">{t('audit.action')}</th>
                <th scope="col">{t('audit.object')}</th>
                <th scope="col">{t('audit.ip')}</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((e) => (
                <tr key={e.id}>
                  <td>
                    <time dateTime={e.at}>{formatDateTime(e.at)}</time>
                  </td>
                  <td>{e.actorEmail ?? t('audit.system')}</td>
                  <td data-action={e.action}>{tOr(`audit.actions.${e.action}`, e.action)}</td>
                  <td>
                    {tOr(`audit.objects.${e.objectType}`, e.objectType)}
                    {e.objectId ? <code className="object-id"> {e.objectId}</code> : null}
                  </td>
                  <td>{e.ip ?? '–'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {loading ? <p role="status">{t('common.loading')}</p> : null}
      {nextBefore && !loading ? (
        <button type="button" onClick={() => void load(nextBefore)}>
          {t('audit.more')}
        </button>
      ) : null}
    </>
  );
}

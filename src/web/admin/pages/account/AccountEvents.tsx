// The account's own sign-ins, password and two-factor changes.
import { Problem } from '../../components/Problem.tsx';
import { useLoad } from '../../components/useLoad.ts';
import { useI18n } from '../../i18n.tsx';
import type { AccountEvent, Items } from '../../types.ts';

export function AccountEvents() {
  const { t, tOr, formatDateTime } = useI18n();
  const events = useLoad<Items<AccountEvent>>('/api/v1/me/events');
  const items = events.data?.items ?? [];
  return (
    <section aria-labelledby="events-heading">
      <h2 id="events-heading">{t('accountEvents.title')}</h2>
      <Problem error={events.error} />
      {events.loading ? <p role="status">{t('common.loading')}</p> : null}
      {!events.loading && !events.error && items.length === 0 ? <p>{t('accountEvents.empty')}</p> : null}
      {items.length > 0 ? (
        <div className="table-wrap">
          <table aria-labelledby="events-heading">
            <thead>
              <tr>
                <th scope="col">{t('accountEvents.at')}</th>
                <th scope="col">{t('accountEvents.action')}</th>
                <th scope="col">{t('accountEvents.ip')}</th>
                <th scope="col">{t('accountEvents.userAgent')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((e) => (
                <tr key={`${e.at}-${e.action}-${e.ip ?? ''}`}>
                  <td>
                    <time dateTime={e.at}>{formatDateTime(e.at)}</time>
                  </td>
                  <td>{tOr(`accountEvents.actions.${e.action}`, e.action)}</td>
                  <td>{e.ip ?? '–'}</td>
                  <td className="user-agent">{e.userAgent ?? '–'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}

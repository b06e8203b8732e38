// A report's history, oldest first: events in words (who was assigned, which status, what changed), internal
// comments marked "intern", public comments (shown on the portal) marked "öffentlich".
import type { ReportItem } from '../../../../common/contracts/reports.ts';
import { type I18n, useI18n } from '../../i18n.tsx';
import type { Department, StaffMember } from '../../types.ts';
import type { ReportDetail } from './types.ts';

interface Names {
  departments: Department[];
  staff: StaffMember[];
}

const UPDATED_FIELDS = ['expectedAt', 'categoryId', 'location', 'address'] as const;

/** The event's sentences, from the fields reports.service writes (unknown types say their name). */
export function eventLines(event: Record<string, unknown>, { t, tOr }: Pick<I18n, 't' | 'tOr'>, names: Names): string[] {
  const str = (k: string) => (typeof event[k] === 'string' ? (event[k] as string) : '');
  const status = (k: string) => tOr(`reports.status.${str(k)}`, str(k));
  const type = str('type') || 'event';
  switch (type) {
    case 'filed':
      return [t('reports.event.filed', { source: tOr(`reports.source.${str('source')}`, str('source')) })];
    case 'status': {
      const lines = [t('reports.event.status', { from: status('from'), to: status('to') })];
      if (typeof event.duplicateOfNumber === 'number') lines.push(t('reports.event.statusDuplicate', { number: event.duplicateOfNumber }));
      if (str('reason')) lines.push(t('reports.event.statusReason', { reason: str('reason') }));
      return lines;
    }
    case 'assigned':
    case 'claimed': {
      const department = names.departments.find((d) => d.id === event.departmentId)?.name ?? '–';
      const person = names.staff.find((s) => s.userId === event.assigneeId);
      return [
        t(type === 'claimed' ? 'reports.event.claimed' : 'reports.event.assigned', {
          department,
          person: person ? person.name || person.email : t('reports.unassigned'),
        }),
      ];
    }
    case 'updated': {
      const fields = UPDATED_FIELDS.filter((f) => f in event).map((f) => t(`reports.event.field.${f}`));
      return [t('reports.event.updated', { fields: fields.join(', ') || '–' })];
    }
    case 'photo':
      return [t('reports.event.photo', { to: tOr(`reports.photos.status.${str('to')}`, str('to')) })];
    case 'reopened':
      return [t('reports.event.reopened', { count: typeof event.count === 'number' ? event.count : 1 })];
    case 'forwarded':
      return [t('reports.event.forwarded', { remoteId: str('remoteId') || '–' })];
    case 'forward_failed':
      return [t('reports.event.forward_failed', { attempts: typeof event.attempts === 'number' ? event.attempts : 0, error: str('error') || '–' })];
    case 'forward_remote_id':
      return [t('reports.event.forward_remote_id', { remoteId: str('remoteId') || '–' })];
    default:
      return [tOr(`reports.event.${type}`, type)];
  }
}

function ItemText({ item, names }: { item: ReportItem; names: Names }) {
  const i18n = useI18n();
  if (item.kind !== 'event') return <p className="history-body">{item.body}</p>;
  return (
    <>
      {eventLines(item.event ?? {}, i18n, names).map((line) => (
        <p key={line} className="history-body">
          {line}
        </p>
      ))}
      {item.body ? <p className="history-body">{item.body}</p> : null}
    </>
  );
}

export function History({ report, names }: { report: ReportDetail; names: Names }) {
  const { t, formatDateTime } = useI18n();
  return (
    <section aria-labelledby="report-history-heading" className="card">
      <h3 id="report-history-heading">{t('reports.history.title')}</h3>
      {report.items.length === 0 ? (
        <p>{t('reports.history.empty')}</p>
      ) : (
        <ol className="report-history" data-testid="report-history">
          {report.items.map((item) => (
            <li key={item.id} className={`history-item history-${item.kind}`} data-testid="history-item" data-kind={item.kind}>
              <p className="history-meta">
                {item.kind === 'event' ? null : (
                  <span className={item.kind === 'public' ? 'badge badge-public' : 'badge badge-internal'}>
                    {item.kind === 'public' ? t('reports.history.public') : t('reports.history.internal')}
                  </span>
                )}{' '}
                <strong>{item.authorName ?? t('reports.history.system')}</strong> · <time dateTime={item.createdAt}>{formatDateTime(item.createdAt)}</time>
              </p>
              <ItemText item={item} names={names} />
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

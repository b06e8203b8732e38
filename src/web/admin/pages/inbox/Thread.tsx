// The thread of a conversation in order: messages in, replies out (with their delivery status), internal notes in
// another colour, and events as small lines. An e-mail's HTML is shown in a frame without any permission
// (sandbox="", srcdoc), so nothing in it runs or reaches the console; attachments are plain downloads.
import { type I18n, useI18n } from '../../i18n.tsx';
import type { ConversationDetail, ConversationItem, InboxContext } from './types.ts';

/** An event entry in words: routed, assigned, claimed, status changes, merges, SMS keywords, escalations. */
function eventText(item: ConversationItem, { t, tOr }: Pick<I18n, 't' | 'tOr'>): string {
  if (item.body) return item.body;
  const e = item.event ?? {};
  const str = (k: string) => (typeof e[k] === 'string' ? (e[k] as string) : '');
  const type = str('type') || 'event';
  switch (type) {
    case 'routed':
      return t('inbox.event.routed', { department: str('departmentName') || '–' });
    case 'assigned':
      return t(str('by') === 'round-robin' ? 'inbox.event.assignedRoundRobin' : 'inbox.event.assigned');
    case 'claimed':
      return t('inbox.event.claimed');
    case 'status':
      return t('inbox.event.status', { from: tOr(`inbox.status.${str('from')}`, str('from')), to: tOr(`inbox.status.${str('to')}`, str('to')) });
    case 'merged':
      return str('intoId') ? t('inbox.event.mergedInto') : t('inbox.event.mergedFrom', { subject: str('subject') });
    case 'keyword':
      return t('inbox.event.keyword', { keyword: str('keyword').toUpperCase(), result: tOr(`inbox.keyword.${str('result')}`, str('result')) });
    case 'escalated':
      return t('inbox.event.escalated');
    default:
      return tOr(`inbox.event.${type}`, type);
  }
}

export function Thread({ conversation, path }: { ctx: InboxContext; conversation: ConversationDetail; path: string }) {
  const { t, tOr, formatDateTime } = useI18n();
  return (
    <ol className="thread" data-testid="thread" aria-label={t('inbox.thread.label')}>
      {conversation.items.map((item) => {
        const who =
          item.kind === 'inbound'
            ? (conversation.contact.name ?? conversation.contact.address ?? t('inbox.contact.unknown'))
            : (item.authorName ?? t('inbox.thread.system'));
        if (item.kind === 'event')
          return (
            <li key={item.id} className="thread-event" data-testid="thread-item" data-kind="event">
              <time dateTime={item.createdAt}>{formatDateTime(item.createdAt)}</time> · {eventText(item, { t, tOr })}
              {item.authorName ? ` (${item.authorName})` : null}
            </li>
          );
        return (
          <li key={item.id} className={`thread-item thread-${item.kind}`} data-testid="thread-item" data-kind={item.kind}>
            <p className="thread-meta">
              <strong>{t(`inbox.thread.${item.kind}`)}</strong> · {who} · <time dateTime={item.createdAt}>{formatDateTime(item.createdAt)}</time>
              {item.channel ? ` · ${tOr(`channel.${item.channel}`, item.channel)}` : null}
              {item.kind === 'reply' && item.deliveryStatus ? (
                <span className="badge" data-testid="delivery-status">
                  {tOr(`residents.delivery.${item.deliveryStatus}`, item.deliveryStatus)}
                </span>
              ) : null}
            </p>
            {item.subject ? <p className="thread-subject">{item.subject}</p> : null}
            {item.html ? (
              <iframe className="thread-html" sandbox="" srcDoc={item.html} title={t('inbox.thread.htmlTitle', { who })} />
            ) : (
              <p className="thread-body">{item.body}</p>
            )}
            {item.attachments.length ? (
              <ul className="thread-attachments" aria-label={t('inbox.thread.attachments')}>
                {item.attachments.map((a) => (
                  <li key={a.id}>
                    <a href={`${path}/attachments/${encodeURIComponent(a.id)}`} download={a.fileName}>
                      {a.fileName}
                    </a>{' '}
                    <span className="hint">({Math.max(1, Math.round(a.size / 1024))} KB)</span>
                  </li>
                ))}
              </ul>
            ) : null}
          </li>
        );
      })}
    </ol>
  );
}

// The header's bell: one's own notifications (mentions, reminders, escalations, assignments) with the unread count,
// opened as a list; opening an entry marks it read and goes to its conversation. Kept current by the inbox stream.
import './inbox.css';
import { useEffect, useRef, useState } from 'react';
import { api } from '../../api.ts';
import { useLoad } from '../../components/useLoad.ts';
import { useI18n } from '../../i18n.tsx';
import { paths } from '../../routes.ts';
import { navigate } from '../../router.tsx';
import type { StaffNotification, StaffNotificationList } from './types.ts';
import { inboxBase, useInboxStream } from './useInboxStream.ts';

export function NotificationsBell({ slug }: { slug: string }) {
  const { t, tOr, formatDateTime } = useI18n();
  const path = `${inboxBase(slug)}/notifications`;
  const list = useLoad<StaffNotificationList>(path);
  const [open, setOpen] = useState(false);
  const panel = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  useInboxStream(slug);

  useEffect(() => {
    if (!open) return;
    const close = (e: KeyboardEvent) => {
      if (e.key === 'Escape') {
        setOpen(false);
        button.current?.focus();
      }
    };
    document.addEventListener('keydown', close);
    return () => document.removeEventListener('keydown', close);
  }, [open]);

  const markRead = async (ids?: string[]) => {
    await api.post(`${path}/read`, ids ? { ids } : {}).catch(() => undefined);
    list.reload();
  };
  const go = (n: StaffNotification) => {
    if (!n.readAt) void markRead([n.id]);
    setOpen(false);
    if (n.conversationId) navigate(paths.conversation(slug, n.conversationId));
  };
  const unread = list.data?.unread ?? 0;

  return (
    <div className="bell">
      <button
        ref={button}
        type="button"
        className="button-quiet"
        aria-expanded={open}
        aria-controls="bell-panel"
        onClick={() => setOpen((o) => !o)}
        data-testid="bell"
      >
        {t('bell.label')}
        {unread > 0 ? (
          <span className="count-badge count-danger" data-testid="bell-unread">
            <span className="visually-hidden">: </span>
            {t('bell.unread', { count: unread })}
          </span>
        ) : null}
      </button>
      <div id="bell-panel" ref={panel} className="bell-panel" hidden={!open} data-testid="bell-panel">
        {list.data?.items.length ? (
          <>
            <ul>
              {list.data.items.map((n) => (
                <li key={n.id} className={n.readAt ? undefined : 'bell-unread'} data-kind={n.kind} data-unread={n.readAt ? undefined : true}>
                  <button type="button" className="button-link" onClick={() => go(n)} data-testid="bell-item">
                    <span className="visually-hidden">{n.readAt ? '' : `${t('bell.new')}: `}</span>
                    <strong>{tOr(`bell.kind.${n.kind}`, n.kind)}</strong> {n.text}
                  </button>
                  <br />
                  <time className="hint" dateTime={n.createdAt}>
                    {formatDateTime(n.createdAt)}
                  </time>
                </li>
              ))}
            </ul>
            {unread > 0 ? (
              <button type="button" onClick={() => void markRead()} data-testid="bell-read-all">
                {t('bell.readAll')}
              </button>
            ) : null}
          </>
        ) : (
          <p>{t('bell.empty')}</p>
        )}
      </div>
    </div>
  );
}

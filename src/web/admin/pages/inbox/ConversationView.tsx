// One conversation: who is looking at it, the thread, the contact card and due times, the controls (claim, assign,
// status, tags, merge), and the reply and note boxes. Opening it is audited by the server; while it is open the console
// sends a presence heartbeat every 5 s (typing while the reply box has text), and the stream keeps it current.
import { useEffect, useRef, useState } from 'react';
import { api } from '../../api.ts';
import { Fact } from '../../components/Fact.tsx';
import { Problem } from '../../components/Problem.tsx';
import { useLoad } from '../../components/useLoad.ts';
import { useI18n } from '../../i18n.tsx';
import { paths } from '../../routes.ts';
import { Link } from '../../router.tsx';
import { AssignControls } from './AssignControls.tsx';
import { ContactLabel } from './ConversationList.tsx';
import { DueTime } from './DueTime.tsx';
import { NoteBox } from './NoteBox.tsx';
import { PresenceBar } from './PresenceBar.tsx';
import { ReplyBox } from './ReplyBox.tsx';
import { Thread } from './Thread.tsx';
import type { ConversationDetail, InboxContext, Presence } from './types.ts';
import { inboxBase, usePresence } from './useInboxStream.ts';
import { Loading } from '../../components/Loading.tsx';

const HEARTBEAT_MS = 5000;

export function ConversationView({ ctx, id }: { ctx: InboxContext; id: string }) {
  const { t, tOr, formatDateTime } = useI18n();
  const path = `${inboxBase(ctx.slug)}/conversations/${encodeURIComponent(id)}`;
  const detail = useLoad<ConversationDetail>(path);
  const presence = usePresence(ctx.slug, id, ctx.userId);
  const [typing, setTyping] = useState(false);
  const update = useRef(presence.update);
  update.current = presence.update;

  // heartbeat: at once, on every change of typing, and every 5 s; the server forgets a viewer after 15 s of silence
  useEffect(() => {
    let live = true;
    const beat = () =>
      api
        .post<Presence>(`${path}/presence`, { typing })
        .then((p) => live && update.current(p.viewers))
        .catch(() => undefined);
    void beat();
    const timer = setInterval(beat, HEARTBEAT_MS);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, [path, typing]);

  // new inbound messages are announced politely, not by reading the whole thread again
  const c = detail.data;
  const inbound = c?.items.filter((i) => i.kind === 'inbound').length ?? null;
  const seenInbound = useRef<number | null>(null);
  const [announce, setAnnounce] = useState('');
  useEffect(() => {
    if (inbound === null) return;
    if (seenInbound.current !== null && inbound > seenInbound.current) setAnnounce(t('inbox.thread.newInbound'));
    seenInbound.current = inbound;
  }, [inbound, t]);

  if (detail.loading && !c) return <Loading />;
  if (!c) return <Problem error={detail.error} />;

  return (
    <div className="conversation" data-testid="conversation-view" data-id={c.id}>
      <p>
        <Link to={paths.inbox(ctx.slug)}>{t('inbox.back')}</Link>
      </p>
      <PresenceBar viewers={presence.viewers} />
      <p role="status" aria-live="polite" className="visually-hidden" data-testid="conversation-announce">
        {announce}
      </p>
      <div className="conversation-grid">
        <div className="conversation-main">
          <h3 data-testid="conversation-subject">{c.subject}</h3>
          <Thread ctx={ctx} conversation={c} path={path} />
          {ctx.canWork && c.status !== 'closed' ? (
            <>
              <ReplyBox ctx={ctx} conversation={c} path={path} onTyping={setTyping} onSent={detail.reload} />
              <NoteBox ctx={ctx} path={path} onSent={detail.reload} />
            </>
          ) : null}
        </div>
        <aside className="conversation-side" aria-label={t('inbox.side')}>
          <section aria-labelledby="contact-heading" className="card">
            <h3 id="contact-heading">{t('inbox.contact.title')}</h3>
            <dl className="facts" data-testid="contact-card">
              <Fact term={t('inbox.contact.name')}>
                {c.contact.residentId ? (
                  <Link to={paths.residents(ctx.slug, c.contact.residentId)} data-testid="contact-resident">
                    <ContactLabel c={c.contact} />
                  </Link>
                ) : (
                  (c.contact.name ?? t('inbox.contact.unknown'))
                )}
              </Fact>
              <Fact term={t('inbox.contact.address')}>{c.contact.address ?? '–'}</Fact>
              <Fact term={t('inbox.col.channel')}>{tOr(`channel.${c.channel}`, c.channel)}</Fact>
              <Fact term={t('inbox.col.status')} testId="conversation-status">
                {tOr(`inbox.status.${c.status}`, c.status)}
              </Fact>
              <Fact term={t('inbox.col.owner')} testId="conversation-owner">
                {c.departmentName ?? '–'} · {c.assigneeName ?? t('inbox.unassigned')}
              </Fact>
              <Fact term={t('inbox.due.first')}>
                {c.firstRespondedAt ? (
                  t('inbox.due.answered', { at: formatDateTime(c.firstRespondedAt) })
                ) : (
                  <DueTime at={c.firstResponseDueAt} overdue={c.overdue} />
                )}
              </Fact>
              <Fact term={t('inbox.due.resolution')}>
                {c.resolvedAt ? t('inbox.due.resolved', { at: formatDateTime(c.resolvedAt) }) : <DueTime at={c.resolutionDueAt} overdue={false} />}
              </Fact>
              <Fact term={t('inbox.due.next')}>
                <DueTime at={c.nextDueAt} overdue={c.overdue} testId="conversation-due" />
              </Fact>
            </dl>
          </section>
          {ctx.canWork ? (
            <AssignControls key={`${c.departmentId}:${c.assigneeId}:${c.tags.join()}`} ctx={ctx} conversation={c} path={path} onChanged={detail.reload} />
          ) : null}
          {ctx.canWork ? (
            <p>
              <Link to={paths.reports(ctx.slug, 'new', new URLSearchParams({ conversation: c.id }).toString())} data-testid="conversation-to-report">
                {t('inbox.toReport')}
              </Link>
            </p>
          ) : null}
        </aside>
      </div>
    </div>
  );
}

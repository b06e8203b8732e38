// The reply to the resident: channel among those the contact can be answered on, the SMS part counter, a canned
// response inserted as rendered text, "Antworten" or "Antworten und als erledigt markieren". A reply that would cross
// a colleague's newer one comes back 409 reply_crossed: the colleague's reply is shown and the writer decides.
import { Options } from '../../components/Pickers.tsx';
import { FieldError } from '../../components/Field.tsx';
import { type FormEvent, useEffect, useState } from 'react';
import { renderCanned } from '../../../../common/canned.ts';
import { ApiError, api, fieldErrorMap, tenantPath } from '../../api.ts';
import { Problem } from '../../components/Problem.tsx';
import { useLoad } from '../../components/useLoad.ts';
import { useI18n } from '../../i18n.tsx';
import { SmsCounter } from '../messages/SmsCounter.tsx';
import type { CannedResponse, ConversationDetail, ConversationItem, InboxContext } from './types.ts';

interface Props {
  ctx: InboxContext;
  conversation: ConversationDetail;
  path: string;
  onTyping: (typing: boolean) => void;
  onSent: () => void;
}

export function ReplyBox({ ctx, conversation: c, path, onTyping, onSent }: Props) {
  const { t, tOr } = useI18n();
  const channels = c.contact.replyChannels;
  const [channel, setChannel] = useState<'sms' | 'email' | ''>(channels[0] ?? '');
  const [body, setBody] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [crossed, setCrossed] = useState<{ items: ConversationItem[]; status: 'waiting' | 'resolved' } | null>(null);
  const [sent, setSent] = useState('');
  const canned = useLoad<{ items: CannedResponse[] }>(tenantPath(ctx.slug, '/canned-responses'));
  const settings = useLoad<{ smsMaxParts: number }>(tenantPath(ctx.slug, '/message-settings'));

  const hasText = body.trim().length > 0;
  useEffect(() => onTyping(hasText), [hasText, onTyping]);

  const lastSeen = c.items.at(-1)?.id;
  const send = async (status: 'waiting' | 'resolved', force = false) => {
    setError(null);
    setSent('');
    setBusy(true);
    try {
      await api.post<ConversationItem>(`${path}/replies`, {
        body,
        channel: channel || undefined,
        status,
        lastSeenItemId: lastSeen,
        ...(force ? { force: true } : {}),
      });
      setBody('');
      setCrossed(null);
      setSent(t(status === 'resolved' ? 'inbox.reply.sentResolved' : 'inbox.reply.sent'));
      onSent();
    } catch (e) {
      if (e instanceof ApiError && e.code === 'reply_crossed') {
        // what the colleague sent after the last entry this writer saw
        const fresh = await api.get<ConversationDetail>(path).catch(() => null);
        const index = fresh?.items.findIndex((i) => i.id === lastSeen) ?? -1;
        const newer = (fresh?.items.slice(index + 1) ?? []).filter((i) => i.kind === 'reply' && i.authorId !== ctx.userId);
        setCrossed({ items: newer, status });
        onSent();
      } else setError(e);
    } finally {
      setBusy(false);
    }
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void send('waiting');
  };
  const insertCanned = (id: string) => {
    const item = canned.data?.items.find((x) => x.id === id);
    if (!item) return;
    const text = renderCanned(item.body, { name: c.contact.name ?? '', gemeinde: ctx.tenantName, betreff: c.subject, mitarbeiter: ctx.userName });
    setBody((old) => (old.trim() ? `${old}\n${text}` : text));
  };
  const fields = fieldErrorMap(error);

  return (
    <form className="reply-box card" onSubmit={submit} aria-labelledby="reply-heading" data-testid="reply-box">
      <h3 id="reply-heading">{t('inbox.reply.title')}</h3>
      {channels.length > 1 ? (
        <div className="field">
          <label htmlFor="reply-channel">{t('inbox.reply.channel')}</label>
          <select id="reply-channel" value={channel} onChange={(e) => setChannel(e.target.value as 'sms' | 'email')} data-testid="reply-channel">
            <Options choices={channels.map((x) => ({ value: x, label: tOr(`channel.${x}`, x) }))} />
          </select>
        </div>
      ) : channels.length === 1 ? (
        <p className="hint">{t('inbox.reply.via', { channel: tOr(`channel.${channels[0]}`, channels[0]) })}</p>
      ) : (
        <p className="alert alert-warning">{t('inbox.reply.noChannel')}</p>
      )}
      {canned.data?.items.length ? (
        <div className="field">
          <label htmlFor="reply-canned">{t('inbox.reply.canned')}</label>
          <select id="reply-canned" value="" onChange={(e) => insertCanned(e.target.value)} data-testid="reply-canned">
            <Options blank={t('inbox.reply.cannedChoose')} choices={canned.data.items.map((x) => ({ value: x.id, label: x.title }))} />
          </select>
        </div>
      ) : null}
      <div className="field">
        <label htmlFor="reply-body">{t('inbox.reply.body')}</label>
        <textarea
          id="reply-body"
          rows={5}
          value={body}
          maxLength={10_000}
          onChange={(e) => setBody(e.target.value)}
          aria-describedby={channel === 'sms' ? 'reply-counter reply-cost' : undefined}
          aria-invalid={fields.body ? true : undefined}
          data-testid="reply-body"
        />
        <FieldError id={undefined}>{fields.body}</FieldError>
        {channel === 'sms' ? (
          <>
            <SmsCounter id="reply-counter" text={body} recipients={null} centsPerPart={null} maxParts={settings.data?.smsMaxParts ?? null} />
            <p className="hint" id="reply-cost">
              {t('inbox.reply.costHint')}
            </p>
          </>
        ) : null}
      </div>
      {crossed ? (
        <div className="alert alert-warning" role="alert" data-testid="reply-crossed">
          <p>{t('inbox.reply.crossed')}</p>
          {crossed.items.map((i) => (
            <blockquote key={i.id}>
              <p>
                <strong>{i.authorName ?? '–'}</strong>: {i.body}
              </p>
            </blockquote>
          ))}
          <p className="button-row">
            <button type="button" onClick={() => void send(crossed.status, true)} disabled={busy} data-testid="reply-force">
              {t('inbox.reply.sendAnyway')}
            </button>
            <button type="button" className="button-quiet" onClick={() => setCrossed(null)}>
              {t('common.cancel')}
            </button>
          </p>
        </div>
      ) : null}
      <Problem error={fields.body ? null : error} />
      <p role="status" className={sent ? 'alert alert-success' : 'visually-hidden'} data-testid="reply-sent">
        {sent}
      </p>
      <p className="button-row">
        <button type="submit" disabled={busy || !hasText || channels.length === 0} data-testid="reply-send">
          {t('inbox.reply.send')}
        </button>
        <button type="button" disabled={busy || !hasText || channels.length === 0} onClick={() => void send('resolved')} data-testid="reply-send-resolve">
          {t('inbox.reply.sendResolve')}
        </button>
      </p>
    </form>
  );
}

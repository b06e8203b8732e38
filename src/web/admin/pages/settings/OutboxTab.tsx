// Postausgang (Entwicklung): what would have left the installation, shown as the recipient would see it
// (e-mail with its HTML view, SMS as a phone bubble with parts and encoding, push as a notification card).
import { useState } from 'react';
import { tenantPath } from '../../api.ts';
import { Fact } from '../../components/Fact.tsx';
import { LoadedTable } from '../../components/DataTable.tsx';
import { useLoad } from '../../components/useLoad.ts';
import { useI18n } from '../../i18n.tsx';
import type { Items, OutboxItem } from '../../types.ts';
import { linkify } from './linkify.tsx';

/** SMS have no subject; their first words stand in for it in the list. */
const excerpt = (text: string | null) => (text && text.length > 60 ? `${text.slice(0, 60)}…` : text);

/** A municipality's outbox (`slug`), or another list of outbox rows (`path`: the installation's, for operators). */
export function OutboxTab({ slug, path, intro = true }: { slug?: string; path?: string; intro?: boolean }) {
  const { t, tOr, formatDateTime } = useI18n();
  const outbox = useLoad<Items<OutboxItem>>(path ?? tenantPath(slug ?? '', '/outbox?limit=50'));
  const [open, setOpen] = useState<string | null>(null);
  const toggle = (id: string) => setOpen((current) => (current === id ? null : id));

  return (
    <>
      {intro ? <p>{t('outbox.intro')}</p> : null}
      <p>
        <button type="button" onClick={outbox.reload} disabled={outbox.loading}>
          {t('outbox.refresh')}
        </button>
      </p>
      <LoadedTable<OutboxItem>
        caption={t('outbox.caption')}
        className="outbox"
        load={outbox}
        rowKey={(item) => item.id}
        empty={t('outbox.empty')}
        rowProps={(item) => ({ 'data-testid': 'outbox-item', className: 'clickable', onClick: () => toggle(item.id) })}
        rowDetail={(item) =>
          open === item.id ? (
            <div id={`outbox-${item.id}`}>
              <OutboxMessage item={item} />
            </div>
          ) : null
        }
        columns={[
          { key: 'at', header: t('outbox.at'), cell: (item) => <time dateTime={item.createdAt}>{formatDateTime(item.createdAt)}</time> },
          {
            key: 'channel',
            header: t('outbox.channel'),
            cell: (item) => (
              <>
                {tOr(`channel.${item.channel}`, item.channel)}
                {item.installation ? <span className="badge"> {t('outbox.installation')}</span> : null}
              </>
            ),
          },
          { key: 'recipient', header: t('outbox.recipient'), cell: (item) => item.recipient },
          {
            key: 'subject',
            header: t('outbox.subject'),
            cell: (item) => (
              <button type="button" className="button-link" aria-expanded={open === item.id} aria-controls={`outbox-${item.id}`}>
                {item.subject || excerpt(item.bodyText) || t('outbox.noSubject')}
              </button>
            ),
          },
        ]}
      />
    </>
  );
}

function OutboxMessage({ item }: { item: OutboxItem }) {
  const { t } = useI18n();
  return (
    <article className="outbox-message" aria-label={t('outbox.messageLabel', { recipient: item.recipient })}>
      <dl className="facts">
        <dt>{t('outbox.recipient')}</dt>
        <dd>{item.recipient}</dd>
        {item.subject && item.channel !== 'push' ? <Fact term={t('outbox.subject')}>{item.subject}</Fact> : null}
      </dl>
      {item.channel === 'sms' ? <SmsBubble item={item} /> : item.channel === 'push' ? <PushCard item={item} /> : <MailBody item={item} />}
      {item.masked ? (
        <p className="hint" data-testid="outbox-masked">
          {t('outbox.masked')}
        </p>
      ) : null}
    </article>
  );
}

const metaString = (item: OutboxItem, key: string) => {
  const value = item.meta?.[key];
  return typeof value === 'string' && value ? value : null;
};

/** An SMS as a phone shows it, with the part count and encoding it was charged for. */
function SmsBubble({ item }: { item: OutboxItem }) {
  const { t } = useI18n();
  const parts = typeof item.meta?.parts === 'number' ? item.meta.parts : null;
  const encoding = metaString(item, 'encoding');
  const from = metaString(item, 'from');
  return (
    <div className="phone">
      {from ? <p className="phone-sender">{t('outbox.smsFrom', { from })}</p> : null}
      <p className="sms-bubble" data-testid="outbox-body">
        {item.bodyText ? linkify(item.bodyText) : t('outbox.noText')}
      </p>
      <p className="sms-meta" data-testid="outbox-sms-meta">
        {parts !== null ? t(parts === 1 ? 'outbox.smsPartsOne' : 'outbox.smsPartsMany', { parts }) : t('outbox.smsPartsUnknown')}
        {encoding ? ` · ${t(encoding === 'UCS-2' ? 'outbox.encodingUcs2' : 'outbox.encodingGsm7')}` : null}
      </p>
    </div>
  );
}

/** A push message as the system notification shows it: title = subject, body = text. */
function PushCard({ item }: { item: OutboxItem }) {
  const { t } = useI18n();
  const url = metaString(item, 'url');
  return (
    <div className="push-card" data-testid="outbox-body">
      <p className="push-app">{t('outbox.pushFrom')}</p>
      <p className="push-title">{item.subject || t('outbox.noSubject')}</p>
      <p className="push-text">{item.bodyText ? linkify(item.bodyText) : t('outbox.noText')}</p>
      {url ? <p className="push-url">{linkify(url)}</p> : null}
    </div>
  );
}

function MailBody({ item }: { item: OutboxItem }) {
  const { t } = useI18n();
  const calendar = metaString(item, 'calendar');
  return (
    <>
      {calendar ? (
        <p className="hint" data-testid="outbox-calendar">
          {t(calendar === 'CANCEL' ? 'events.outboxCalendarCancel' : 'events.outboxCalendarRequest')}
        </p>
      ) : null}
      {item.bodyHtml ? (
        <>
          <h3 className="small-heading">{t('outbox.html')}</h3>
          <iframe sandbox="" srcDoc={item.bodyHtml} title={t('outbox.htmlTitle', { subject: item.subject ?? '' })} className="outbox-html" />
        </>
      ) : null}
      <h3 className="small-heading">{t('outbox.text')}</h3>
      <pre className="outbox-text" data-testid="outbox-body">
        {item.bodyText ? linkify(item.bodyText) : t('outbox.noText')}
      </pre>
    </>
  );
}

// One message: its state and workflow buttons, the live progress once it is being sent, every version as sent, the
// audience, and the history of its transitions.
import { tenantPath } from '../../api.ts';
import { Fact } from '../../components/Fact.tsx';
import { DataTable } from '../../components/DataTable.tsx';
import { useLoad } from '../../components/useLoad.ts';
import { useI18n } from '../../i18n.tsx';
import { paths } from '../../routes.ts';
import { Link } from '../../router.tsx';
import { formatCents, formatCount } from './format.ts';
import { ProgressPanel } from './ProgressPanel.tsx';
import type { MessageDetail, MessagesContext } from './types.ts';
import { WorkflowActions } from './WorkflowActions.tsx';
import { Pending } from '../../components/Loading.tsx';
import { useAudienceSummary } from '../../components/AudienceFields.tsx';

export function MessageDetailView({ ctx, id }: { ctx: MessagesContext; id: string }) {
  const { t, tOr, locale, formatDateTime } = useI18n();
  const loaded = useLoad<MessageDetail>(tenantPath(ctx.slug, `/messages/${encodeURIComponent(id)}`));
  const audienceText = useAudienceSummary('messages', ctx.topics);
  const m = loaded.data;
  if (loaded.error || !m) return <Pending error={loaded.error} />;
  const sending = m.status === 'sending' || m.status === 'sent';

  return (
    <article data-testid="message-detail">
      <h2>{m.title}</h2>
      <dl className="facts">
        <dt>{t('messages.col.status')}</dt>
        <dd>
          <span className="status-badge" data-testid="message-status">
            {tOr(`messages.status.${m.status}`, m.status)}
          </span>
          {m.rejectionReason ? ` – ${m.rejectionReason}` : null}
        </dd>
        <dt>{t('messages.col.author')}</dt>
        <dd>{m.author?.name ?? '–'}</dd>
        {m.approvedBy ? <Fact term={t('messages.detail.approvedBy')}>{`${m.approvedBy.name}, ${formatDateTime(m.approvedAt)}`}</Fact> : null}
        <dt>{t('messages.col.audience')}</dt>
        <dd>{audienceText(m.audience)}</dd>
        <dt>{t('messages.col.channels')}</dt>
        <dd>{m.channels.map((c) => tOr(`messages.channel.${c}`, c)).join(', ')}</dd>
        {m.scheduledAt ? <Fact term={t('messages.detail.scheduledAt')}>{formatDateTime(m.scheduledAt)}</Fact> : null}
        {m.estimatedRecipients !== null ? (
          <Fact term={t('messages.detail.estimate')}>
            {t('messages.detail.estimateText', {
              count: formatCount(m.estimatedRecipients, locale),
              cost: formatCents(m.estimatedCostCents ?? 0, locale),
            })}
          </Fact>
        ) : null}
        {m.correctionOf ? (
          <Fact term={t('messages.detail.correctionOf')}>
            <Link to={paths.message(ctx.slug, m.correctionOf)}>{t('messages.detail.original')}</Link>
          </Fact>
        ) : null}
        {m.originNetwork ? <Fact term={t('messages.detail.network')}>{m.originNetwork.name}</Fact> : null}
      </dl>
      {m.can.edit ? (
        <p>
          <Link to={paths.message(ctx.slug, m.id, true)} data-testid="message-edit">
            {t('messages.detail.edit')}
          </Link>
        </p>
      ) : null}
      <WorkflowActions slug={ctx.slug} message={m} onChanged={(next) => loaded.setData(next)} />
      {sending ? <ProgressPanel slug={ctx.slug} id={m.id} canWrite={ctx.canWrite} /> : null}

      <h2>{t('messages.detail.versions')}</h2>
      <DataTable
        caption={t('messages.detail.versions')}
        rows={m.versions}
        rowKey={(v) => `${v.language}/${v.channel}`}
        columns={[
          { key: 'language', header: t('messages.col.language'), cell: (v) => tOr(`messages.language.${v.language}`, v.language) },
          { key: 'channel', header: t('messages.col.channel'), rowHeader: true, cell: (v) => tOr(`messages.channel.${v.channel}`, v.channel) },
          { key: 'subject', header: t('messages.version.subject'), cell: (v) => v.subject ?? '–' },
          { key: 'text', header: t('messages.col.text'), cell: (v) => <span className="version-text">{v.text}</span> },
          {
            key: 'edited',
            header: t('messages.col.edited'),
            cell: (v) =>
              `${v.edited ? t('messages.version.edited') : t('messages.version.derived')}${v.sms ? ` · ${t('messages.sms.parts', { parts: v.sms.parts })}` : ''}`,
          },
        ]}
      />

      {m.attachments.length ? (
        <>
          <h2>{t('messages.attachments.heading')}</h2>
          <ul data-testid="message-attachments">
            {m.attachments.map((a) => (
              <li key={a.id}>
                {m.status === 'sent' ? <a href={a.url}>{a.filename}</a> : a.filename} <span className="hint">({a.contentType})</span>
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <h2>{t('messages.detail.history')}</h2>
      <ol data-testid="message-history">
        {m.history.map((e) => (
          <li key={`${e.at}/${e.action}`}>
            <time dateTime={e.at}>{formatDateTime(e.at)}</time>: {tOr(`audit.actions.${e.action}`, e.action)}
            {e.by ? ` (${e.by})` : null}
          </li>
        ))}
      </ol>
    </article>
  );
}

// Watching it arrive: a progress bar to 100 %, counts by channel and status (queued, waiting for quiet hours, sent,
// delivered, failed), failure reasons grouped, and a follow-up on another channel for those not reached.
import { useState } from 'react';
import { FAILURE_REASON_LABELS, PROGRESS_STATUSES } from '../../../../common/contracts/delivery-progress.ts';
import { api, tenantPath } from '../../api.ts';
import { DataTable } from '../../components/DataTable.tsx';
import { Problem, Success } from '../../components/Problem.tsx';
import { useAction } from '../../components/useAction.ts';
import { useI18n } from '../../i18n.tsx';
import { formatCents, formatCount, percent } from './format.ts';
import type { FollowUpResult } from './types.ts';
import { useProgress } from './useProgress.ts';
import { Loading } from '../../components/Loading.tsx';
import { Fieldset } from '../../components/Fieldset.tsx';

const FOLLOW_UP_CHANNELS = ['sms', 'email', 'push'] as const;
const SHOWN = PROGRESS_STATUSES.filter((s) => s !== 'sending' && s !== 'expired');

export function ProgressPanel({ slug, id, canWrite }: { slug: string; id: string; canWrite: boolean }) {
  const { t, tOr, locale, formatDateTime } = useI18n();
  const { progress, error } = useProgress(slug, id, true);
  const action = useAction();
  const [channel, setChannel] = useState<(typeof FOLLOW_UP_CHANNELS)[number]>('sms');
  const followUp = () =>
    action.run(
      async () => {
        const result = await api.post<FollowUpResult>(tenantPath(slug, `/messages/${encodeURIComponent(id)}/follow-up`), { channel });
        return result;
      },
      t('messages.followUp.done', { channel: tOr(`messages.channel.${channel}`, channel) }),
    );

  if (!progress) return error ? <Problem error={error} /> : <Loading />;
  const finished = progress.totals.total - progress.totals.queued - progress.totals.waiting - progress.totals.sending;
  const done = percent(finished, progress.totals.total);
  const unreached = progress.reach.of - progress.reach.reached;
  const labels = FAILURE_REASON_LABELS[locale === 'en' ? 'en' : 'de'];

  return (
    <section aria-labelledby="progress-heading" data-testid="progress">
      <h2 id="progress-heading">{t('messages.progress.heading')}</h2>
      <label htmlFor="progress-bar">{t('messages.progress.bar')}</label> <progress id="progress-bar" className="progress-bar" max={100} value={done} />
      <p aria-live="polite" aria-atomic="true" data-testid="progress-text">
        {t('messages.progress.summary', {
          percent: done,
          reached: formatCount(progress.reach.reached, locale),
          of: formatCount(progress.reach.of, locale),
          cost: formatCents(progress.costCents, locale),
        })}
        {progress.nextRelease ? ` ${t('messages.progress.nextRelease', { at: formatDateTime(progress.nextRelease) })}` : null}
      </p>
      <DataTable
        caption={t('messages.progress.caption')}
        captionVisible
        rows={progress.channels}
        rowKey={(c) => c.channel}
        rowProps={(c) => ({ 'data-testid': `progress-${c.channel}` })}
        columns={[
          { key: 'channel', header: t('messages.col.channel'), rowHeader: true, cell: (c) => tOr(`messages.channel.${c.channel}`, c.channel) },
          ...SHOWN.map((s) => ({
            key: s,
            header: tOr(`messages.progress.status.${s}`, s),
            className: 'num',
            cell: (c: (typeof progress.channels)[number]) => <span data-testid={`count-${s}`}>{formatCount(c.counts[s], locale)}</span>,
          })),
          { key: 'total', header: t('messages.progress.total'), className: 'num', cell: (c) => formatCount(c.total, locale) },
        ]}
      />
      {progress.failures.length ? (
        <>
          <h3>{t('messages.progress.failures')}</h3>
          <ul data-testid="progress-failures">
            {progress.failures.map((f) => (
              <li key={`${f.channel}/${f.reason}`}>
                {tOr(`messages.channel.${f.channel}`, f.channel)}: {labels[f.reason]} ({formatCount(f.count, locale)})
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {canWrite && progress.done && unreached > 0 ? (
        <div className="form form-row">
          <Problem error={action.error} />
          <Success>{action.done}</Success>
          <Fieldset legend={t('messages.followUp.text', { count: unreached })}>
            {FOLLOW_UP_CHANNELS.map((c) => (
              <label key={c}>
                <input type="radio" name="follow-up-channel" value={c} checked={channel === c} onChange={() => setChannel(c)} />{' '}
                {tOr(`messages.channel.${c}`, c)}
              </label>
            ))}
          </Fieldset>
          <button type="button" data-testid="follow-up" disabled={action.busy} onClick={() => void followUp()}>
            {t('messages.followUp.button', { channel: tOr(`messages.channel.${channel}`, channel) })}
          </button>
        </div>
      ) : null}
    </section>
  );
}

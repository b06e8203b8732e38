// One warning: its latest state, every version (alert, updates, all-clear, cancel) with its deliveries by status,
// a refresh for the counts, and the update, cancel and all-clear actions while it has not ended.
import { tenantPath } from '../../api.ts';
import { useLoad } from '../../components/useLoad.ts';
import { useI18n } from '../../i18n.tsx';
import type { WarningDetail, WarningsContext } from './types.ts';
import { WarningActions } from './WarningActions.tsx';
import { Severity, StatusMark } from './WarningLabels.tsx';
import { Pending } from '../../components/Loading.tsx';

export function WarningDetailView({ ctx, id }: { ctx: WarningsContext; id: string }) {
  const { t, tOr, formatDateTime } = useI18n();
  const detail = useLoad<WarningDetail>(tenantPath(ctx.slug, `/warnings/${encodeURIComponent(id)}`));
  const w = detail.data?.warning;
  if (!w) return <Pending error={detail.error} />;
  return (
    <section aria-labelledby="warning-heading" data-testid="warning-detail">
      <h2 id="warning-heading">
        <StatusMark value={w.status} />
        {w.headline}
      </h2>
      <dl className="facts">
        <dt>{t('warnings.field.severity')}</dt>
        <dd>
          <Severity value={w.severity} />
        </dd>
        <dt>{t('warnings.field.state')}</dt>
        <dd data-testid="warning-state">{t(`warnings.state.${w.state}`)}</dd>
        <dt>{t('warnings.field.event')}</dt>
        <dd>{w.event}</dd>
        <dt>{t('warnings.field.area')}</dt>
        <dd>
          {t(`warnings.area.${w.area.kind}`)}: {w.area.description}
        </dd>
        <dt>{t('warnings.field.expiresAt')}</dt>
        <dd>{w.expiresAt ? formatDateTime(w.expiresAt) : '–'}</dd>
        <dt>{t('warnings.field.cap')}</dt>
        <dd>
          <a href={w.capUrl}>{t('warnings.capLink')}</a>
        </dd>
      </dl>
      {ctx.canIssue && w.state !== 'ended' ? <WarningActions slug={ctx.slug} warning={w} onDone={detail.reload} /> : null}
      <h3>{t('warnings.versions')}</h3>
      <button type="button" onClick={detail.reload} data-testid="warning-refresh">
        {t('warnings.refresh')}
      </button>
      <ol className="warning-versions">
        {detail.data!.versions.map((v) => (
          <li key={v.id} data-testid="warning-version">
            <p>
              <strong>{v.allClear ? t('warnings.kind.allClear') : t(`warnings.kind.${v.msgType}`)}</strong> · {formatDateTime(v.sentAt)} ·{' '}
              <Severity value={v.severity} />
            </p>
            <p>
              <StatusMark value={v.status} />
              {v.headline}
            </p>
            <p className="prewrap">{v.description}</p>
            {v.instruction ? <p className="prewrap">{v.instruction}</p> : null}
            <p data-testid="warning-progress">
              {t('warnings.progress', { recipients: v.recipients, deliveries: v.progress.total })}{' '}
              {Object.entries(v.progress.byStatus)
                .map(([status, n]) => `${tOr(`warnings.delivery.${status}`, status)}: ${n}`)
                .join(' · ')}
            </p>
          </li>
        ))}
      </ol>
    </section>
  );
}

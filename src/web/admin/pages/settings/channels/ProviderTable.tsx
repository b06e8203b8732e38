// The providers of one channel: routing weight, health, limits and cost; below, each provider's failover history.
import { useState } from 'react';
import { tenantPath } from '../../../api.ts';
import { Problem } from '../../../components/Problem.tsx';
import { useLoad } from '../../../components/useLoad.ts';
import { useI18n } from '../../../i18n.tsx';
import type { Channel, Items, Provider, WeightChange } from '../../../types.ts';
import { CHANNEL_LABEL, KIND_LABEL } from './providerKinds.ts';

interface Props {
  slug: string;
  channel: Channel;
  providers: Provider[];
  onEdit: (provider: Provider) => void;
  onDelete: (provider: Provider) => void;
}

export function useFormats() {
  const { locale } = useI18n();
  const tag = locale === 'de' ? 'de-DE' : 'en-GB';
  return {
    percent: (n: number) => new Intl.NumberFormat(tag, { style: 'percent', maximumFractionDigits: 0 }).format(n),
    euro: (cents: number) => new Intl.NumberFormat(tag, { style: 'currency', currency: 'EUR', minimumFractionDigits: 2 }).format(cents / 100),
  };
}

export function ProviderTable({ slug, channel, providers, onEdit, onDelete }: Props) {
  const { t } = useI18n();
  const { percent, euro } = useFormats();
  const channelName = t(CHANNEL_LABEL[channel]);
  if (providers.length === 0) return <p>{t('providers.none')}</p>;
  return (
    <>
      {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a table wider than the screen scrolls, so keyboard users must reach it (WCAG 2.1.1) */}
      <section className="table-wrap" tabIndex={0} aria-labelledby={`providers-caption-${channel}`}>
        <table className="providers">
          <caption id={`providers-caption-${channel}`}>{t('providers.caption', { channel: channelName })}</caption>
          <thead>
            <tr>
              <th scope="col">{t('providers.name')}</th>
              <th scope="col">{t('providers.kindLabel')}</th>
              <th scope="col">{t('providers.weight')}</th>
              <th scope="col">{t('providers.health')}</th>
              <th scope="col">{t('providers.rateColumn')}</th>
              <th scope="col">{t('providers.costColumn')}</th>
              <th scope="col">{t('providers.enabled')}</th>
              <th scope="col">{t('common.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {providers.map((p) => (
              <tr key={p.id} data-testid="provider-row" data-provider-kind={p.kind}>
                <th scope="row">
                  {p.name}
                  {p.installation ? <span className="badge block">{t('providers.installation')}</span> : null}
                  {p.installation && p.enabled && !p.inUse ? (
                    <span className="badge block" data-testid="provider-unused">
                      {t('providers.unusedOwnFirst')}
                    </span>
                  ) : null}
                </th>
                <td>{t(KIND_LABEL[p.kind])}</td>
                <td>{p.weight}</td>
                <td className={p.healthFactor < 1 ? 'health-reduced' : undefined}>{percent(p.healthFactor)}</td>
                <td>{p.ratePerSecond === null ? t('providers.unlimited') : t('providers.perSecond', { n: p.ratePerSecond })}</td>
                <td>{euro(p.centsPerMessage)}</td>
                <td>{!p.enabled ? t('common.off') : p.inUse ? t('common.on') : t('providers.unused')}</td>
                <td>
                  {p.installation ? (
                    <span className="hint">{t('providers.readOnly')}</span>
                  ) : (
                    <span className="button-group">
                      <button type="button" className="button-small" onClick={() => onEdit(p)}>
                        {t('providers.edit')}
                        <span className="visually-hidden">: {p.name}</span>
                      </button>
                      <button type="button" className="button-danger button-small" onClick={() => onDelete(p)}>
                        {t('common.delete')}
                        <span className="visually-hidden">: {p.name}</span>
                      </button>
                    </span>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      {providers
        .filter((p) => p.receiptUrl)
        .map((p) => (
          <ReceiptUrl key={p.id} provider={p} />
        ))}
      <div className="weight-logs">
        {providers.map((p) => (
          <WeightLog key={p.id} slug={slug} provider={p} />
        ))}
      </div>
    </>
  );
}

/** The address an HTTP SMS provider posts delivery receipts to: shown whole, selectable, with a copy button. */
function ReceiptUrl({ provider }: { provider: Provider }) {
  const { t } = useI18n();
  const [copied, setCopied] = useState<boolean | null>(null);
  const id = `receipt-url-${provider.id}`;
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(provider.receiptUrl ?? '');
      setCopied(true);
    } catch {
      setCopied(false); // no clipboard (plain http, or denied): the field is selected, so Ctrl+C works
      (document.getElementById(id) as HTMLInputElement | null)?.select();
    }
  };
  return (
    <div className="field receipt-url" data-testid="provider-receipt-url">
      <label htmlFor={id}>{t('providers.receiptUrl', { name: provider.name })}</label>
      <span className="hint" id={`${id}-hint`}>
        {t('providers.receiptUrlHint')}
      </span>
      <span className="button-group">
        <input
          id={id}
          type="text"
          readOnly
          value={provider.receiptUrl ?? ''}
          size={Math.min(80, (provider.receiptUrl ?? '').length)}
          aria-describedby={`${id}-hint`}
          onFocus={(e) => e.currentTarget.select()}
        />
        <button type="button" className="button-small" onClick={() => void copy()}>
          {t('providers.copy')}
          <span className="visually-hidden">: {t('providers.receiptUrl', { name: provider.name })}</span>
        </button>
      </span>
      <span role="status" className="hint">
        {copied === true ? t('providers.copied') : copied === false ? t('providers.copyManually') : ''}
      </span>
    </div>
  );
}

/** "Gewichtungsänderungen": loaded when opened, newest first. */
function WeightLog({ slug, provider }: { slug: string; provider: Provider }) {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  const { percent } = useFormats();
  return (
    <details onToggle={(e) => setOpen(e.currentTarget.open)} data-testid="provider-weight-log">
      <summary>
        {t('providers.weightLog', { name: provider.name })}{' '}
        <span className="hint">({t('providers.healthNow', { health: percent(provider.healthFactor) })})</span>
      </summary>
      {open ? <WeightLogList slug={slug} provider={provider} /> : null}
    </details>
  );
}

function WeightLogList({ slug, provider }: { slug: string; provider: Provider }) {
  const { t, formatDateTime } = useI18n();
  const { percent } = useFormats();
  const log = useLoad<Items<WeightChange>>(tenantPath(slug, `/providers/${provider.id}/weight-log`));
  if (log.error) return <Problem error={log.error} />;
  if (!log.data) return <p role="status">{t('common.loading')}</p>;
  if (log.data.items.length === 0) return <p>{t('providers.weightLogEmpty')}</p>;
  return (
    <div className="table-wrap">
      <table>
        <caption className="visually-hidden">{t('providers.weightLog', { name: provider.name })}</caption>
        <thead>
          <tr>
            <th scope="col">{t('providers.weightLogAt')}</th>
            <th scope="col">{t('providers.weightLogChange')}</th>
            <th scope="col">{t('providers.weightLogReason')}</th>
          </tr>
        </thead>
        <tbody>
          {log.data.items.map((c) => (
            <tr key={`${c.at}-${c.from}-${c.to}`}>
              <td>
                <time dateTime={c.at}>{formatDateTime(c.at)}</time>
              </td>
              <td>{t('providers.weightLogFromTo', { from: percent(c.from), to: percent(c.to) })}</td>
              <td>{c.reason}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

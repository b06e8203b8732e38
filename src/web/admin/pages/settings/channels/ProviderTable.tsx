// The providers of one channel: routing weight, health, limits and cost; below, each provider's failover history.
import { useState } from 'react';
import { tenantPath } from '../../../api.ts';
import { DataTable } from '../../../components/DataTable.tsx';
import { Problem } from '../../../components/Problem.tsx';
import { EditDeleteButtons } from '../../../components/RowActions.tsx';
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
  return (
    <>
      <DataTable<Provider>
        caption={t('providers.caption', { channel: t(CHANNEL_LABEL[channel]) })}
        captionVisible
        scrollable
        className="providers"
        rows={providers}
        empty={t('providers.none')}
        rowProps={(p) => ({ 'data-testid': 'provider-row', 'data-provider-kind': p.kind })}
        columns={[
          { key: 'name', header: t('providers.name'), rowHeader: true, cell: (p) => <ProviderName provider={p} /> },
          { key: 'kind', header: t('providers.kindLabel'), cell: (p) => t(KIND_LABEL[p.kind]) },
          { key: 'weight', header: t('providers.weight'), cell: (p) => p.weight },
          {
            key: 'health',
            header: t('providers.health'),
            cell: (p) => <span className={p.healthFactor < 1 ? 'health-reduced' : undefined}>{percent(p.healthFactor)}</span>,
          },
          {
            key: 'rate',
            header: t('providers.rateColumn'),
            cell: (p) => (p.ratePerSecond === null ? t('providers.unlimited') : t('providers.perSecond', { n: p.ratePerSecond })),
          },
          { key: 'cost', header: t('providers.costColumn'), cell: (p) => euro(p.centsPerMessage) },
          { key: 'enabled', header: t('providers.enabled'), cell: (p) => (!p.enabled ? t('common.off') : p.inUse ? t('common.on') : t('providers.unused')) },
          {
            key: 'actions',
            header: t('common.actions'),
            cell: (p) =>
              p.installation ? (
                <span className="hint">{t('providers.readOnly')}</span>
              ) : (
                <span className="button-group">
                  <EditDeleteButtons name={p.name} editLabel={t('providers.edit')} onEdit={() => onEdit(p)} onDelete={() => onDelete(p)} />
                </span>
              ),
          },
        ]}
      />
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
  return (
    <DataTable<WeightChange>
      caption={t('providers.weightLog', { name: provider.name })}
      rows={log.data?.items ?? []}
      rowKey={(c) => `${c.at}-${c.from}-${c.to}`}
      loading={log.loading}
      empty={t('providers.weightLogEmpty')}
      columns={[
        { key: 'at', header: t('providers.weightLogAt'), cell: (c) => <time dateTime={c.at}>{formatDateTime(c.at)}</time> },
        { key: 'change', header: t('providers.weightLogChange'), cell: (c) => t('providers.weightLogFromTo', { from: percent(c.from), to: percent(c.to) }) },
        { key: 'reason', header: t('providers.weightLogReason'), cell: (c) => c.reason },
      ]}
    />
  );
}

/** A provider by name; the installation's own say so, and whether they stand unused behind the municipality's own. */
function ProviderName({ provider: p }: { provider: Provider }) {
  const { t } = useI18n();
  return (
    <>
      {p.name}
      {p.installation ? <span className="badge block">{t('providers.installation')}</span> : null}
      {p.installation && p.enabled && !p.inUse ? (
        <span className="badge block" data-testid="provider-unused">
          {t('providers.unusedOwnFirst')}
        </span>
      ) : null}
    </>
  );
}

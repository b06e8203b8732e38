// What the audience reaches, from the preview: residents in all and per channel, the cost, how many wait for their
// quiet hours to end, and whether a second person must approve. Announced politely as it changes.
import { FieldError } from '../../components/Field.tsx';
import { useI18n } from '../../i18n.tsx';
import { formatCents, formatCount } from './format.ts';
import type { CampaignChannel, MessagePreview } from './types.ts';

interface Props {
  preview: MessagePreview | null;
  channels: CampaignChannel[];
  busy: boolean;
  error?: string;
}

export function AudienceSummary({ preview, channels, busy, error }: Props) {
  const { t, tOr, locale } = useI18n();
  return (
    <section className="audience-summary" aria-labelledby="audience-summary-heading" data-testid="audience-summary">
      <h2 id="audience-summary-heading">{t('messages.summary.heading')}</h2>
      <div aria-live="polite" aria-atomic="true" aria-busy={busy}>
        <FieldError id={undefined}>{error}</FieldError>
        {preview ? (
          <>
            <dl>
              <dt>{t('messages.summary.recipients')}</dt>
              <dd data-testid="summary-recipients">{formatCount(preview.recipients, locale)}</dd>
              {channels
                .filter((c) => c !== 'portal')
                .map((c) => (
                  <div key={c} style={{ display: 'contents' }}>
                    <dt>{tOr(`messages.channel.${c}`, c)}</dt>
                    <dd data-testid={`summary-${c}`}>{formatCount(preview.byChannel[c] ?? 0, locale)}</dd>
                  </div>
                ))}
              <dt>{t('messages.summary.cost')}</dt>
              <dd data-testid="summary-cost">{formatCents(preview.costCents.total, locale)}</dd>
            </dl>
            {preview.waitingForQuietHours > 0 ? (
              <p data-testid="summary-waiting">{t('messages.summary.waiting', { count: preview.waitingForQuietHours })}</p>
            ) : null}
            {preview.needsApproval ? <p>{t('messages.summary.needsApproval')}</p> : null}
          </>
        ) : (
          <p>{busy ? t('common.loading') : t('messages.summary.none')}</p>
        )}
      </div>
    </section>
  );
}

// The SMS version's live part counter and cost, counted in the browser with the same code the server sends with
// (src/common/sms/segments.ts); announced politely so a screen reader hears the count without losing its place.
import { analyzeSms, estimateSmsCost } from '../../../../common/sms/segments.ts';
import { useI18n } from '../../i18n.tsx';
import { formatCents } from './format.ts';

interface Props {
  id: string;
  text: string;
  /** Residents reached by SMS (from the preview), for the cost. */
  recipients: number | null;
  centsPerPart: number | null;
  maxParts: number | null;
}

export function SmsCounter({ id, text, recipients, centsPerPart, maxParts }: Props) {
  const { t, locale } = useI18n();
  const sms = analyzeSms(text);
  const over = maxParts !== null && sms.segments > maxParts;
  const cost = recipients !== null && centsPerPart !== null ? estimateSmsCost(text, recipients, centsPerPart) : null;
  return (
    <p id={id} className={over ? 'sms-counter sms-over' : 'sms-counter'} aria-live="polite" data-testid="sms-counter">
      {t('messages.sms.counter', { chars: sms.units, parts: sms.segments, remaining: sms.remainingInSegment, encoding: sms.encoding })}
      {maxParts !== null ? ` ${t('messages.sms.max', { max: maxParts })}` : null}
      {cost ? ` ${t('messages.sms.cost', { cost: formatCents(cost.totalCents, locale), recipients: recipients ?? 0 })}` : null}
      {over ? <strong className="field-error"> {t('messages.sms.over', { max: maxParts ?? 0 })}</strong> : null}
    </p>
  );
}

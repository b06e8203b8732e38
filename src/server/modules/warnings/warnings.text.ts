// What a resident reads: one text per language for SMS, e-mail and push. Exercise and test warnings say so first.
import { asLocale, type Locale, t } from '../../i18n/index.ts';
import type { WarningRow } from './warnings.repository.ts';
import { dateFormat } from '../../../common/date-format.ts';

export interface WarningTexts {
  subject: string;
  text: string;
  smsText: string;
}

function formatTime(at: Date, locale: Locale, timeZone: string): string {
  return dateFormat(locale === 'en' ? 'en-GB' : 'de-DE', { timeZone, dateStyle: 'medium', timeStyle: 'short' }).format(at);
}

/** "ÜBUNG – Entwarnung – Gefahr" style prefix: the mark for exercise/test, the kind of version, the severity. */
function prefix(w: WarningRow, locale: Locale): string {
  const parts: string[] = [];
  if (w.status !== 'actual') parts.push(t(locale, `warning.mark.${w.status}`));
  if (w.allClear) parts.push(t(locale, 'warning.kind.allClear'));
  else if (w.msgType === 'cancel') parts.push(t(locale, 'warning.kind.cancel'));
  else {
    if (w.msgType === 'update') parts.push(t(locale, 'warning.kind.update'));
    parts.push(t(locale, `warning.severity.${w.severity}`));
  }
  return parts.join(' – ');
}

/** The texts of one version in one language (German when the warning has no version in it). */
export function warningTexts(w: WarningRow, language: string, opts: { timeZone: string; link: string }): WarningTexts {
  const own = w.languages[language];
  const locale = asLocale(own ? language : 'de');
  const c = own ?? { event: w.event, headline: w.headline, description: w.description, instruction: w.instruction };
  const head = `${prefix(w, locale)}: ${c.headline}`;
  const lines = [c.description];
  if (c.instruction) lines.push(t(locale, 'warning.instruction', { instruction: c.instruction }));
  const when: string[] = [];
  if (w.onset && !w.allClear && w.msgType !== 'cancel') when.push(t(locale, 'warning.onset', { time: formatTime(w.onset, locale, opts.timeZone) }));
  if (w.expiresAt && !w.allClear && w.msgType !== 'cancel') when.push(t(locale, 'warning.expires', { time: formatTime(w.expiresAt, locale, opts.timeZone) }));
  if (when.length) lines.push(when.join(' · '));
  const more = t(locale, 'warning.more', { link: opts.link });
  const sms = [head, c.instruction ?? '', more].filter(Boolean).join(' ');
  return {
    subject: head.slice(0, 200),
    text: [head, '', ...lines, '', more].join('\n'),
    smsText: sms.length <= 1_600 ? sms : `${sms.slice(0, 1_590)}… ${opts.link}`.slice(0, 1_600),
  };
}

// "Meine Daten": everything held about a resident as a readable page (Art. 15), next to the JSON download (Art. 20).
import { html, type Html, type Lang, t, type TextKey } from '../../portal/index.ts';
import type { exportResident } from '../residents.service.ts';
import { hrefOf, page, type PageCtx } from './resident-portal.render.ts';
import { dateFormat } from '../../../../common/date-format.ts';

type Export = Awaited<ReturnType<typeof exportResident>>;

const hostOf = (url: string) => {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
};

const minutesToTime = (m: number | null | undefined) =>
  m === null || m === undefined ? null : `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;

// stored values are keys; the page says them in the resident's language (unknown ones stay as stored)
const CHANNEL: Record<string, TextKey> = { sms: 'channelNameSms', email: 'channelNameEmail', push: 'channelNamePush', voice: 'channelNameVoice' };
const METHOD: Record<string, TextKey> = {
  portal: 'methodPortal',
  staff: 'methodStaff',
  import: 'methodImport',
  'sms-stop': 'methodSmsStop',
  'email-unsubscribe': 'methodEmailUnsubscribe',
};
const ACTION: Record<string, TextKey> = { given: 'consentGiven', withdrawn: 'consentWithdrawn' };
const LANGUAGE: Record<string, TextKey> = { de: 'languageDe', en: 'languageEn' };
const PURPOSE: Record<string, TextKey> = { messages: 'purposeMessages' };
const word = (lang: Lang, table: Record<string, TextKey>, value: string) => (table[value] ? t(lang, table[value]) : value);

function addressText(lang: Lang, a: Export['follows'][number]['address']): Html | null {
  if (!a) return null;
  const street = [a.street, a.houseNumber].filter(Boolean).join(' ');
  const full = [street, a.postcode].filter(Boolean).join(', ');
  return a.street && !a.inStreetDirectory ? t(lang, 'dataStreetUnconfirmed', { address: full }) : html`${full}`;
}

export function dataPage(c: PageCtx, data: Export, tenantNames: Map<string, string>): string {
  const { lang } = c;
  const when = dateFormat(lang === 'de' ? 'de-DE' : 'en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Europe/Berlin' });
  const none = t(lang, 'dataNone');
  const row = (label: Html, value: string | Html | null | undefined) => html`<tr><th scope="row">${label}</th><td>${value || none}</td></tr>`;
  const r = data.resident;
  const follows = data.follows.map((f) => {
    const quiet =
      minutesToTime(f.follow.quietStart) && minutesToTime(f.follow.quietEnd)
        ? `${minutesToTime(f.follow.quietStart)}–${minutesToTime(f.follow.quietEnd)}`
        : null;
    const name = tenantNames.get(f.tenantId) ?? f.tenantId;
    return html`<section aria-labelledby="follow-${f.tenantId}"><h2 id="follow-${f.tenantId}">${t(lang, 'dataFollow', { name })}</h2>
<table class="data-table"><tbody>
${row(t(lang, 'dataStatus'), t(lang, f.follow.status === 'active' ? 'statusActive' : 'statusWithdrawn'))}
${row(t(lang, 'dataTopics'), f.follow.topics.map((k) => f.topicNames[k]?.[lang] ?? k).join(', '))}
${row(t(lang, 'dataChannels'), html`${f.follow.channels.map((ch) => word(lang, CHANNEL, ch)).join(', ')}`)}
${row(t(lang, 'dataConsentScans'), f.consentScans.length ? html`<ul>${f.consentScans.map((c) => html`<li>${c.fileName}, ${when.format(new Date(c.createdAt))}</li>`)}</ul>` : null)}
${row(t(lang, 'dataPushDevices'), f.pushSubscriptions.length ? html`<ul>${f.pushSubscriptions.map((d) => html`<li>${hostOf(d.endpoint)}: ${d.userAgent || none}, ${when.format(new Date(d.createdAt))}</li>`)}</ul>` : null)}
${row(t(lang, 'dataAddress'), addressText(lang, f.address))}
${row(t(lang, 'dataQuiet'), quiet)}
</tbody></table>
<h3>${t(lang, 'dataConsents')}</h3>
<table class="data-table stack"><thead><tr><th scope="col">${t(lang, 'dataWhen')}</th><th scope="col">${t(lang, 'dataAction')}</th><th scope="col">${t(lang, 'dataWhat')}</th><th scope="col">${t(lang, 'dataHow')}</th></tr></thead>
<tbody>${f.consents.map(
      (k) =>
        html`<tr><td data-label="${t(lang, 'dataWhen')}">${when.format(new Date(k.at))}</td><td data-label="${t(lang, 'dataAction')}">${word(lang, ACTION, k.action)}</td><td data-label="${t(lang, 'dataWhat')}">${k.channel ? word(lang, CHANNEL, k.channel) : k.topic ? (f.topicNames[k.topic]?.[lang] ?? k.topic) : word(lang, PURPOSE, k.purpose)}</td><td data-label="${t(lang, 'dataHow')}">${word(lang, METHOD, k.method)}</td></tr>`,
    )}</tbody></table>
<p>${t(lang, 'dataDeliveries', { n: String(f.deliveries.length) })}</p>
</section>`;
  });
  return page(
    c,
    'dataTitle',
    html`<h1>${t(lang, 'dataTitle')}</h1>
<p>${t(lang, 'dataIntro')}</p>
<p><a href="${hrefOf(c, 'settings/data.json')}" download>${t(lang, 'dataDownload')}</a></p>
<section aria-labelledby="contact-data"><h2 id="contact-data">${t(lang, 'dataContact')}</h2>
<table class="data-table"><tbody>
${row(t(lang, 'dataPhone'), r.phone)}
${row(t(lang, 'dataEmail'), r.email)}
${row(t(lang, 'dataName'), r.name)}
${row(t(lang, 'dataLanguage'), word(lang, LANGUAGE, r.language))}
${row(t(lang, 'dataSince'), when.format(new Date(r.createdAt)))}
</tbody></table></section>
${follows}
<p><a href="${hrefOf(c, 'settings')}">${t(lang, 'backToSettings')}</a></p>`,
  );
}

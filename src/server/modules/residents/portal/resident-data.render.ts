// "Meine Daten": everything held about a resident as a readable page (Art. 15), next to the JSON download (Art. 20).
import { html, type Html, t } from '../../portal/index.ts';
import type { exportResident } from '../residents.service.ts';
import { hrefOf, page, type PageCtx } from './resident-portal.render.ts';

type Export = Awaited<ReturnType<typeof exportResident>>;

const hostOf = (url: string) => {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
};

const minutesToTime = (m: number | null | undefined) => (m === null || m === undefined ? null : `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`);

export function dataPage(c: PageCtx, data: Export, tenantNames: Map<string, string>): string {
  const { lang } = c;
  const when = new Intl.DateTimeFormat(lang === 'de' ? 'de-DE' : 'en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Europe/Berlin' });
  const none = t(lang, 'dataNone');
  const row = (label: Html, value: string | Html | null | undefined) => html`<tr><th scope="row">${label}</th><td>${value || none}</td></tr>`;
  const r = data.resident;
  const follows = data.follows.map((f) => {
    const quiet = minutesToTime(f.follow.quietStart) && minutesToTime(f.follow.quietEnd) ? `${minutesToTime(f.follow.quietStart)}–${minutesToTime(f.follow.quietEnd)}` : null;
    const name = tenantNames.get(f.tenantId) ?? f.tenantId;
    return html`<section aria-labelledby="follow-${f.tenantId}"><h2 id="follow-${f.tenantId}">${t(lang, 'dataFollow', { name })}</h2>
<table class="data-table"><tbody>
${row(t(lang, 'dataStatus'), t(lang, f.follow.status === 'active' ? 'statusActive' : 'statusWithdrawn'))}
${row(t(lang, 'dataTopics'), f.follow.topics.join(', '))}
${row(t(lang, 'dataChannels'), f.follow.channels.join(', '))}
${row(t(lang, 'dataConsentScans'), f.consentScans.length ? html`<ul>${f.consentScans.map((c) => html`<li>${c.fileName}, ${when.format(new Date(c.createdAt))}</li>`)}</ul>` : null)}
${row(t(lang, 'dataPushDevices'), f.pushSubscriptions.length ? html`<ul>${f.pushSubscriptions.map((d) => html`<li>${hostOf(d.endpoint)}: ${d.userAgent || none}, ${when.format(new Date(d.createdAt))}</li>`)}</ul>` : null)}
${row(t(lang, 'dataAddress'), f.follow.houseNumber)}
${row(t(lang, 'dataQuiet'), quiet)}
</tbody></table>
<h3>${t(lang, 'dataConsents')}</h3>
<table class="data-table"><thead><tr><th scope="col">${t(lang, 'dataWhen')}</th><th scope="col">${t(lang, 'dataAction')}</th><th scope="col">${t(lang, 'dataWhat')}</th><th scope="col">${t(lang, 'dataHow')}</th></tr></thead>
<tbody>${f.consents.map((k) => html`<tr><td>${when.format(new Date(k.at))}</td><td>${k.action}</td><td>${k.channel ?? k.topic ?? k.purpose}</td><td>${k.method}</td></tr>`)}</tbody></table>
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
${row(t(lang, 'dataLanguage'), r.language)}
${row(t(lang, 'dataSince'), when.format(new Date(r.createdAt)))}
</tbody></table></section>
${follows}
<p><a href="${hrefOf(c, 'settings')}">${t(lang, 'backToSettings')}</a></p>`,
  );
}

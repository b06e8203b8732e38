// The portal's report pages as plain HTML (every value escaped; works without JavaScript): the public list with its
// filter and, with JavaScript, a map of the same reports; a report's page with its history, the municipality's public
// answers, approved photos, and the follow and reopen forms. No personal data is ever rendered here.
import type { PublicReport, ReportCategory } from '../../../common/contracts/reports.ts';
import type { ReportStatus } from '../../../common/states.ts';
import { Html, html, type Lang, paragraphs, type PortalPageCtx, renderPortalPage, t, type TextKey } from '../portal/index.ts';
import { leafletCssHref, leafletJsHref, reportsScriptHref } from './portal.assets.ts';
import type { HistoryStep } from './portal.data.ts';
import { dateFormat } from '../../../common/date-format.ts';

export interface ReportsPageCtx extends PortalPageCtx {
  /** The tile URL template for the map, or null (pins on a plain background). */
  tileUrl: string | null;
  attribution: string | null;
}

/** A link inside the tenant's portal, with query parameters, keeping ?lang= when the language was chosen. */
export function reportsHref(c: ReportsPageCtx, path: string, params: Record<string, string | number | undefined> = {}): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') q.set(k, String(v));
  if (c.explicit) q.set('lang', c.lang);
  const query = q.toString();
  return `/m/${c.tenant.slug}/${path}${query ? `?${query}` : ''}`;
}

export const reportsShell = renderPortalPage;

/** Leaflet and the page script: only the report pages load them (the portal's other pages stay light). */
export const mapAssets = () =>
  html`<link rel="stylesheet" href="${leafletCssHref}">
<script src="${leafletJsHref}" defer></script>
<script src="${reportsScriptHref}" defer></script>`;

/** The map's settings as data attributes (read by the page script; no inline script under the CSP). */
export const mapAttributes = (c: ReportsPageCtx, centre: { lat: number; lng: number } | null) =>
  html` data-tiles="${c.tileUrl ?? ''}" data-attribution="${c.attribution ?? ''}" data-lat="${centre?.lat ?? ''}" data-lng="${centre?.lng ?? ''}"`;

/** Plain data for the script in a non-executed block: JSON with `<` escaped so no value reads as markup. */
export const jsonData = (id: string, value: unknown) =>
  html`<script type="application/json" id="${id}">${new Html(JSON.stringify(value).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026'))}</script>`;

export const statusText = (lang: Lang, s: ReportStatus) => t(lang, `reports.status.${s}` as TextKey);

export const dateOf = (c: ReportsPageCtx, at: Date) =>
  html`<time datetime="${at.toISOString()}">${dateFormat(c.lang === 'en' ? 'en-GB' : 'de-DE', { timeZone: c.tenant.timeZone, dateStyle: 'long' }).format(at)}</time>`;

export interface ListPageData {
  items: PublicReport[];
  /** The cursor of the next (older) page, or null at the end. */
  next: string | null;
  /** This is not the first page. */
  paged: boolean;
  categories: ReportCategory[];
  status?: string;
  category?: string;
  centre: { lat: number; lng: number } | null;
}

function filterForm(c: ReportsPageCtx, d: ListPageData): Html {
  const { lang } = c;
  const sel = (on: boolean) => (on ? html` selected` : '');
  const statuses: ReportStatus[] = ['received', 'confirmed', 'in_progress', 'resolved', 'rejected', 'duplicate'];
  return html`<form method="get" action="${`/m/${c.tenant.slug}/reports`}" class="resident-form report-filter" aria-label="${t(lang, 'reports.filterTitle')}">
${c.explicit ? html`<input type="hidden" name="lang" value="${lang}">` : ''}
<p><label for="filter-category">${t(lang, 'reports.filterCategory')}</label>
<select id="filter-category" name="category"><option value="">${t(lang, 'reports.filterAll')}</option>
${d.categories.map((cat) => html`<option value="${cat.code}"${sel(d.category === cat.code)}>${cat.name}</option>`)}</select></p>
<p><label for="filter-status">${t(lang, 'reports.filterStatus')}</label>
<select id="filter-status" name="status"><option value="">${t(lang, 'reports.filterAll')}</option>
<option value="open"${sel(d.status === 'open')}>${t(lang, 'reports.filterOpen')}</option>
${statuses.map((s) => html`<option value="${s}"${sel(d.status === s)}>${statusText(lang, s)}</option>`)}</select></p>
<p><button type="submit">${t(lang, 'reports.filterButton')}</button></p>
</form>`;
}

function listItem(c: ReportsPageCtx, r: PublicReport): Html {
  const { lang } = c;
  const excerpt = r.description.length > 160 ? `${Array.from(r.description).slice(0, 157).join('')}…` : r.description;
  return html`<li class="report-item" data-number="${r.number}"><article aria-labelledby="report-${r.number}-title">
<h3 id="report-${r.number}-title"><a href="${reportsHref(c, `reports/${r.number}`)}">${r.categoryName}: ${r.address || t(lang, 'reports.noAddress')}</a></h3>
<p class="report-meta"><span class="report-status status-${r.status}">${statusText(lang, r.status)}</span> · ${t(lang, 'reports.number', { number: String(r.number) })} · ${t(lang, 'reports.filedOn', { date: dateOf(c, new Date(r.createdAt)) })}${
    r.expectedAt && ['received', 'confirmed', 'in_progress'].includes(r.status)
      ? html` · ${t(lang, 'reports.expected', { date: dateOf(c, new Date(r.expectedAt)) })}`
      : ''
  }</p>
<p class="report-excerpt">${excerpt}</p></article></li>\n`;
}

export function reportListPage(c: ReportsPageCtx, d: ListPageData | null): string {
  const { lang } = c;
  const heading = t(lang, 'reports.title');
  const newLink = html`<p class="report-new-link"><a class="button" href="${reportsHref(c, 'reports/new')}">${t(lang, 'reports.newLink')}</a></p>`;
  if (!d) return reportsShell(c, heading, html`<h1>${heading}</h1>\n<p>${t(lang, 'reports.notPublic', { name: c.tenant.name })}</p>\n${newLink}`);
  const first = reportsHref(c, 'reports', { category: d.category, status: d.status });
  const pager =
    d.paged || d.next
      ? html`<nav class="pagination" aria-label="${t(lang, 'reports.pagination')}"><ul>
${d.paged ? html`<li><a href="${first}">${t(lang, 'reports.newer')}</a></li>` : ''}
${d.next ? html`<li><a href="${reportsHref(c, 'reports', { category: d.category, status: d.status, cursor: d.next })}" rel="next">${t(lang, 'reports.older')}</a></li>` : ''}</ul></nav>`
      : '';
  const points = d.items.map((r) => ({
    number: r.number,
    lat: r.lat,
    lng: r.lng,
    status: r.status,
    label: `${r.categoryName} – ${statusText(lang, r.status).value}`,
    href: reportsHref(c, `reports/${r.number}`),
  }));
  const list = d.items.length ? html`<ol class="report-list">${d.items.map((r) => listItem(c, r))}</ol>` : html`<p>${t(lang, 'reports.empty')}</p>`;
  return reportsShell(
    c,
    heading,
    html`<h1>${heading}</h1>
<p>${t(lang, 'reports.intro', { name: c.tenant.name })}</p>
${newLink}
${filterForm(c, d)}
<div id="reports-map" class="report-map" role="region" aria-label="${t(lang, 'reports.mapLabel')}" hidden${mapAttributes(c, d.centre)}></div>
${c.tileUrl ? '' : html`<p class="hint report-map-note" hidden>${t(lang, 'reports.mapNoTiles')}</p>`}
${jsonData('reports-points', points)}
${list}
${pager}
${mapAssets()}`,
  );
}

export interface DetailPageData {
  report: PublicReport;
  history: HistoryStep[];
  /** The signed-in resident filed it and may reopen it until this date (null: no reopen form). */
  reopenUntil: Date | null;
  /** The reopen key a reporter without an account came with (kept in the form). */
  reopenKey?: string | null;
  /** Offer the follow form (not to the reporter, who gets the messages anyway). */
  canFollow: boolean;
  /** A notice at the top (after following or reopening). */
  notice?: Html;
}

function historyList(c: ReportsPageCtx, steps: HistoryStep[]): Html {
  if (!steps.length) return html``;
  return html`<section aria-labelledby="history-title"><h2 id="history-title">${t(c.lang, 'reports.history')}</h2>
<ol class="report-history">${steps.map(
    (s) => html`<li>${dateOf(c, s.at)}: ${s.reopened ? html`${t(c.lang, 'reports.historyReopened')} – ` : ''}${statusText(c.lang, s.status)}</li>`,
  )}</ol></section>`;
}

function followForm(c: ReportsPageCtx, number: number): Html {
  const { lang } = c;
  const contact = c.signedIn
    ? html`<p>${t(lang, 'reports.followSignedIn')}</p>`
    : html`<p><label for="follow-email">${t(lang, 'reports.nearbyFollowEmail')}</label><br>
<input id="follow-email" name="email" type="email" autocomplete="email" maxlength="254" required></p>
<p><input type="checkbox" id="follow-consent" name="consent" value="yes" required> <label for="follow-consent">${t(lang, 'reports.consent', { name: c.tenant.name })}</label>
<a href="${reportsHref(c, 'datenschutz')}">${t(lang, 'reports.privacy')}</a></p>`;
  return html`<section aria-labelledby="follow-title"><h2 id="follow-title">${t(lang, 'reports.followTitle')}</h2>
<p>${t(lang, 'reports.followIntro')}</p>
<form id="follow-form" method="post" action="${reportsHref(c, `reports/${number}/follow`)}" class="resident-form">
${contact}<p><button type="submit">${t(lang, 'reports.followButton')}</button></p></form></section>`;
}

function reopenForm(c: ReportsPageCtx, number: number, until: Date, key: string | null, error?: boolean): Html {
  const { lang } = c;
  return html`<section aria-labelledby="reopen-title"><h2 id="reopen-title">${t(lang, 'reports.reopenTitle')}</h2>
<p>${t(lang, 'reports.reopenIntro', { date: dateOf(c, until) })}</p>
<form id="reopen-form" method="post" action="${reportsHref(c, `reports/${number}/reopen`)}" class="resident-form" novalidate>
${key ? html`<input type="hidden" name="key" value="${key}">` : ''}<p><label for="reopen-reason">${t(lang, 'reports.reopenReason')}</label><br>
<textarea id="reopen-reason" name="reason" rows="4" cols="60" maxlength="2000" required${error ? html` aria-invalid="true" aria-describedby="reopen-reason-error"` : ''}></textarea></p>
${error ? html`<p class="field-error" id="reopen-reason-error">${t(lang, 'reports.errReason')}</p>` : ''}
<p><button type="submit">${t(lang, 'reports.reopenButton')}</button></p></form></section>`;
}

export function reportDetailPage(c: ReportsPageCtx, d: DetailPageData, opts: { reasonError?: boolean } = {}): string {
  const { lang } = c;
  const r = d.report;
  const heading = t(lang, 'reports.number', { number: String(r.number) });
  const open = ['received', 'confirmed', 'in_progress'].includes(r.status);
  const photos = r.photos.length
    ? html`<section aria-labelledby="photos-title"><h2 id="photos-title">${t(lang, 'reports.photos')}</h2><ul class="report-photos">${r.photos.map(
        (id, i) =>
          html`<li><a href="${`/m/${c.tenant.slug}/reports/photos/${id}.jpg`}"><img src="${`/m/${c.tenant.slug}/reports/photos/${id}-thumb.jpg`}" alt="${t(lang, 'reports.photoAlt', { n: String(i + 1), number: String(r.number) })}" loading="lazy"></a></li>`,
      )}</ul></section>`
    : '';
  const comments = r.publicComments.length
    ? html`<section aria-labelledby="comments-title"><h2 id="comments-title">${t(lang, 'reports.comments')}</h2>${r.publicComments.map(
        (cm) => html`<blockquote class="report-comment">${paragraphs(cm.body)}<footer>${dateOf(c, new Date(cm.createdAt))}</footer></blockquote>`,
      )}</section>`
    : '';
  const points = [{ number: r.number, lat: r.lat, lng: r.lng, status: r.status, label: r.categoryName, href: '' }];
  return reportsShell(
    c,
    heading,
    html`${d.notice ? html`<p class="notice" role="status">${d.notice}</p>` : ''}
<article class="report-detail" aria-labelledby="report-title">
<h1 id="report-title">${heading}: ${r.categoryName}</h1>
<p id="report-status" class="report-status status-${r.status}" data-status="${r.status}">${t(lang, 'reports.statusNow', { status: statusText(lang, r.status) })}</p>
<p class="report-meta">${t(lang, 'reports.filedOn', { date: dateOf(c, new Date(r.createdAt)) })}${
      r.expectedAt && open ? html` · ${t(lang, 'reports.expected', { date: dateOf(c, new Date(r.expectedAt)) })}` : ''
    }</p>
<h2>${t(lang, 'reports.locationTitle')}</h2>
<p>${r.address || t(lang, 'reports.noAddress')}</p>
<div id="reports-map" class="report-map report-map-small" role="region" aria-label="${t(lang, 'reports.mapLabel')}" hidden${mapAttributes(c, { lat: r.lat, lng: r.lng })}></div>
${jsonData('reports-points', points)}
<h2>${t(lang, 'reports.descriptionTitle')}</h2>
<div class="report-description">${paragraphs(r.description)}</div>
${photos}${comments}${historyList(c, d.history)}
</article>
${d.reopenUntil ? reopenForm(c, r.number, d.reopenUntil, d.reopenKey ?? null, opts.reasonError) : ''}
${open && d.canFollow ? followForm(c, r.number) : ''}
<p><a href="${reportsHref(c, 'reports')}">${t(lang, 'reports.backToList')}</a></p>
${mapAssets()}`,
  );
}

/** A short page after following or when a form was refused (a notice and the way back to the report). */
export function reportNoticePage(c: ReportsPageCtx, titleKey: TextKey, text: Html, number: number | null): string {
  const heading = t(c.lang, titleKey);
  return reportsShell(
    c,
    heading,
    html`<h1>${heading}</h1>
<p role="status">${text}</p>
${number ? html`<p><a href="${reportsHref(c, `reports/${number}`)}">${t(c.lang, 'reports.filedLink')}</a></p>` : ''}
<p><a href="${reportsHref(c, 'reports')}">${t(c.lang, 'reports.backToList')}</a></p>`,
  );
}

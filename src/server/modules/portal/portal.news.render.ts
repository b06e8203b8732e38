// The start page (warnings first, then news with topic filter and pages), a news item's permalink page and /alerts.
import type { TenantRow } from '../../platform/tenancy.ts';
import type { PortalEventItem, PortalNewsItem, PortalSurveyItem, PortalTopic, PortalWarning } from './portal.content.ts';
import { Html, html, type Lang, t } from './portal.html.ts';
import { type Ctx, renderTenantLayout, type TenantPageInput, tenantCtx, warningCtx } from './portal.render.ts';
import { warningsList, warningsSection } from './portal.warnings.render.ts';
import { dateFormat } from '../../../common/date-format.ts';

export const NEWS_PAGE_SIZE = 10;

export interface StartPageData {
  warnings: readonly PortalWarning[];
  news: { items: readonly PortalNewsItem[]; total: number };
  topics: readonly PortalTopic[];
  /** The chosen topic key (unknown keys show an empty list). */
  topic?: string;
  page: number;
  events: readonly PortalEventItem[];
  surveys: readonly PortalSurveyItem[];
}

/** How many upcoming events and open surveys the start page lists (each section links its full page). */
export const START_PAGE_ITEMS = 3;

/** A portal link with query parameters, keeping ?lang= when the language was chosen explicitly. */
function linkTo(c: Ctx, path: string, params: Record<string, string | number | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') q.set(k, String(v));
  if (c.explicitLang) q.set('lang', c.lang);
  const query = q.toString();
  return `/m/${c.tn.slug}/${path}${query ? `?${query}` : ''}`;
}

const dateOf = (c: Ctx, at: Date) =>
  html`<time datetime="${at.toISOString()}">${dateFormat(c.lang === 'en' ? 'en-GB' : 'de-DE', { timeZone: c.tn.timeZone, dateStyle: 'long' }).format(at)}</time>`;

/** Date, topic and, for a network's message, where it came from. */
function newsMeta(c: Ctx, item: PortalNewsItem): Html {
  const parts: Html[] = [t(c.lang, 'newsPublished', { date: dateOf(c, item.publishedAt) })];
  if (item.topic) parts.push(t(c.lang, 'newsTopic', { topic: item.topic.name }));
  if (item.origin) parts.push(t(c.lang, 'newsOrigin', { network: item.origin.networkName }));
  return html`<p class="news-meta">${parts.map((p, i) => html`${i ? ' · ' : ''}${p}`)}</p>`;
}

function topicFilter(c: Ctx, d: StartPageData): Html {
  if (!d.topics.length) return html``;
  const current = (key?: string) => (d.topic === key ? html` aria-current="page"` : '');
  return html`<nav class="topic-filter" aria-label="${t(c.lang, 'newsTopicsNav')}"><ul>
<li><a href="${`${linkTo(c, '', {})}#news`}"${current(undefined)}>${t(c.lang, 'newsAllTopics')}</a></li>
${d.topics.map((tp) => html`<li><a href="${`${linkTo(c, '', { topic: tp.key })}#news`}"${current(tp.key)}>${c.lang === 'en' ? tp.nameEn : tp.nameDe}</a></li>\n`)}</ul></nav>\n`;
}

function pagination(c: Ctx, d: StartPageData): Html {
  const pages = Math.max(1, Math.ceil(d.news.total / NEWS_PAGE_SIZE));
  if (pages <= 1 && d.page <= 1) return html``;
  const at = (page: number) => `${linkTo(c, '', { topic: d.topic, page: page > 1 ? page : undefined })}#news`;
  return html`<nav class="pagination" aria-label="${t(c.lang, 'newsPagination')}"><ul>
${d.page > 1 ? html`<li><a href="${at(Math.min(d.page - 1, pages))}" rel="prev">${t(c.lang, 'newsNewer')}</a></li>` : ''}
<li aria-current="page">${t(c.lang, 'newsPageOf', { page: String(d.page), pages: String(pages) })}</li>
${d.page < pages ? html`<li><a href="${at(d.page + 1)}" rel="next">${t(c.lang, 'newsOlder')}</a></li>` : ''}
</ul></nav>\n`;
}

function newsSection(c: Ctx, d: StartPageData): Html {
  const empty = d.topic ? 'newsTopicEmpty' : d.page > 1 ? 'newsPageEmpty' : 'newsEmpty';
  const list = d.news.items.length
    ? html`<ol class="news-list">${d.news.items.map(
        (
          item,
        ) => html`<li><article aria-labelledby="news-${item.id}-title"><h3 id="news-${item.id}-title"><a href="${c.href(`news/${item.id}`)}">${item.title}</a></h3>
${newsMeta(c, item)}${item.summary ? html`<p>${item.summary}</p>` : ''}</article></li>\n`,
      )}</ol>`
    : html`<p>${t(c.lang, empty)}</p>${d.page > 1 ? html`<p><a href="${`${linkTo(c, '', { topic: d.topic })}#news`}">${t(c.lang, 'newsFirstPage')}</a></p>` : ''}`;
  return html`<section id="news" aria-labelledby="news-title"><h2 id="news-title">${t(c.lang, 'newsTitle')}</h2>
${topicFilter(c, d)}${list}
${pagination(c, d)}<p><a href="/m/${c.tn.slug}/feed.atom" type="application/atom+xml">${t(c.lang, 'feedLink')}</a></p></section>\n`;
}

/** Register; signed in, the push button (push.js) right here, else the way to it in the settings. */
function offer(c: Ctx, pushOffer?: (slug: string, lang: Lang) => Html): Html {
  if (c.signedIn && pushOffer) return html`${pushOffer(c.tn.slug, c.lang)}\n<p><a href="${c.href('settings')}">${t(c.lang, 'settingsLink')}</a></p>\n`;
  const body = c.signedIn
    ? html`<p>${t(c.lang, 'offerSignedIn')}</p><p><a href="${c.href('settings', '#push-title')}">${t(c.lang, 'offerSignedInLink')}</a></p>`
    : html`<p>${t(c.lang, 'offerSignedOut', { name: c.tn.name })}</p><p><a href="${c.href('register')}">${t(c.lang, 'registerLink')}</a></p>`;
  return html`<section id="notifications" aria-labelledby="notifications-title"><h2 id="notifications-title">${t(c.lang, 'offerTitle')}</h2>${body}</section>\n`;
}

const when = (c: Ctx, at: Date, allDay: boolean) =>
  dateFormat(c.lang === 'en' ? 'en-GB' : 'de-DE', {
    dateStyle: 'full',
    ...(allDay ? {} : { timeStyle: 'short' }),
    timeZone: c.tn.timeZone,
  }).format(at);

const section = (id: string, title: Html | string, body: Html) =>
  html`<section id="${id}" aria-labelledby="${id}-title"><h2 id="${id}-title">${title}</h2>${body}</section>\n`;

function eventsSection(c: Ctx, events: readonly PortalEventItem[]): Html {
  const list = events.length
    ? html`<ul class="event-list">${events.map(
        (e) =>
          html`<li><a href="${c.href(`events/${e.id}`)}">${e.title}</a>${e.cancelled ? html` <strong>${t(c.lang, 'startEventCancelled')}</strong>` : ''}<br><time datetime="${e.startsAt.toISOString()}">${when(c, e.startsAt, e.allDay)}</time>${e.placeName ? html` · ${e.placeName}` : ''}</li>\n`,
      )}</ul>`
    : html`<p>${t(c.lang, 'eventsEmpty')}</p>`;
  return section(
    'events',
    t(c.lang, 'eventsTitle'),
    html`${list}<p><a href="${c.href('events')}">${t(c.lang, 'startEventsAll')}</a> · <a href="/m/${c.tn.slug}/events.ics" type="text/calendar">${t(c.lang, 'startEventsCalendar')}</a></p>`,
  );
}

function surveysSection(c: Ctx, surveys: readonly PortalSurveyItem[]): Html {
  const list = surveys.length
    ? html`<ul class="survey-list">${surveys.map(
        (s) =>
          html`<li><a href="${c.href(`surveys/${s.id}`)}">${s.title}</a>${s.endsAt ? html` · ${t(c.lang, 'startSurveyUntil', { date: when(c, s.endsAt, false) })}` : ''}</li>\n`,
      )}</ul>`
    : html`<p>${t(c.lang, 'surveysEmpty')}</p>`;
  return section('surveys', t(c.lang, 'surveysTitle'), html`${list}<p><a href="${c.href('surveys')}">${t(c.lang, 'startSurveysAll')}</a></p>`);
}

const wasteSection = (c: Ctx) =>
  section('waste', t(c.lang, 'wasteTitle'), html`<p>${t(c.lang, 'startWasteText')}</p><p><a href="${c.href('waste')}">${t(c.lang, 'startWasteLink')}</a></p>`);

const reportsSection = (c: Ctx) =>
  section(
    'reports',
    t(c.lang, 'reportsTitle'),
    html`<p>${t(c.lang, 'reports.startText', { name: c.tn.name })}</p>
<ul class="report-links"><li><a href="${c.href('reports/new')}">${t(c.lang, 'reports.newLink')}</a></li>${
      c.tn.reportsSettings.publicMap ? html`<li><a href="${c.href('reports')}">${t(c.lang, 'reports.listLink')}</a></li>` : ''
    }</ul>`,
  );

export function renderStartPage(tn: TenantRow, input: TenantPageInput, d: StartPageData, pushOffer?: (slug: string, lang: Lang) => Html): string {
  const c = tenantCtx(tn, { ...input, warnings: d.warnings });
  const { lang } = c;
  const rest = html`${eventsSection(c, d.events)}${surveysSection(c, d.surveys)}${wasteSection(c)}${reportsSection(c)}`;
  const main = html`<h1>${t(lang, 'startTitle', { name: tn.name })}</h1>
<p>${t(lang, 'startIntro', { name: tn.name })}</p>
${warningsSection(warningCtx(c), d.warnings)}${newsSection(c, d)}${offer(c, pushOffer)}${rest}`;
  return renderTenantLayout(c, t(lang, 'startTitle', { name: tn.name }), main, { banner: false });
}

/** A news item's permalink: the full rendered text (safe markup from the messages module). */
export function renderNewsPage(tn: TenantRow, input: TenantPageInput, item: PortalNewsItem): string {
  const c = tenantCtx(tn, input);
  const main = html`<article class="news-item" aria-labelledby="news-title"><h1 id="news-title">${item.title}</h1>
${newsMeta(c, item)}
<div class="news-body">${new Html(item.html)}</div>
</article>
<p><a href="${c.href('', '#news')}">${t(c.lang, 'newsBack')}</a></p>`;
  return renderTenantLayout(c, t(c.lang, 'pageTitle', { page: item.title, name: tn.name }), main);
}

export function renderAlertsPage(tn: TenantRow, input: TenantPageInput, warnings: readonly PortalWarning[]): string {
  const c = tenantCtx(tn, { ...input, warnings });
  const heading = t(c.lang, 'warningsTitle');
  const main = html`<h1>${heading}</h1>
<p>${t(c.lang, 'alertsIntro', { name: tn.name })}</p>
${warningsList(warningCtx(c), warnings)}<p><a href="/m/${tn.slug}/alerts.atom" type="application/atom+xml">${t(c.lang, 'alertsFeedLink')}</a></p>`;
  return renderTenantLayout(c, t(c.lang, 'pageTitle', { page: heading, name: tn.name }), main, { banner: false });
}

// Server-rendered resident portal pages: strict escaping, German and English texts, tenant branding.
import { readFileSync } from 'node:fs';
import type { TenantContact } from '../../platform/db/schema.ts';
import type { TenantRow } from '../../platform/tenancy.ts';
import { toCachedBody } from '../../platform/etag.ts';
import type { PortalWarning } from './portal.content.ts';
import { type Html, html, type Lang, lines, paragraphs, t, type TextKey, texts } from './portal.html.ts';

import { type WarningCtx, warningBanner } from './portal.warnings.render.ts';
import { dateFormat } from '../../../common/date-format.ts';

export { escapeHtml, Html, html, type Lang, paragraphs, t, type TextKey } from './portal.html.ts';

/** Revised whenever the accessibility statement's content changes (BITV 2.0 § 7: yearly and on every substantial change). */
export const ACCESSIBILITY_STATEMENT_DATE = '2026-11-29';

/** The portal stylesheet, read once when the module loads; its hash versions the URL. */
export const portalCss = toCachedBody(readFileSync(new URL('./assets/portal.css', import.meta.url)));
const cssHref = `/assets/portal.css?v=${portalCss.etag.slice(1, 11)}`;

// WCAG 2.1 relative luminance and contrast ratio
function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => {
    const c = Number.parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

export function contrastRatio(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

/** White or near-black, whichever reads better on the background; pure black when neither reaches 4.5:1. */
export function textColorOn(background: string): string {
  const best = contrastRatio(background, '#ffffff') >= contrastRatio(background, '#111111') ? '#ffffff' : '#111111';
  return contrastRatio(background, best) >= 4.5 ? best : '#000000';
}

export const DEFAULT_BRAND_COLOR = '#1d4ed8';
export const brandColorOf = (value: string): string => (/^#[0-9a-f]{6}$/i.test(value) ? value.toLowerCase() : DEFAULT_BRAND_COLOR);

/** The per-tenant stylesheet: the CSP forbids inline styles, so the brand colour travels in its own file. */
export function renderThemeCss(brandColor: string): string {
  const brand = brandColorOf(brandColor);
  return `:root{--brand:${brand};--on-brand:${textColorOn(brand)}}\n`;
}

interface LayoutInput {
  lang: Lang;
  title: Html;
  extraStyles?: string[];
  themeColor?: string;
  /** A tenant's page: its web app manifest and news feed, linked from the head. */
  links?: { manifest: string; feed: string; feedTitle: Html; icon: string };
  header: Html;
  main: Html;
  footer: Html;
}

function layout(p: LayoutInput): string {
  const styles = [cssHref, ...(p.extraStyles ?? [])];
  return `<!doctype html>\n${html`<html lang="${p.lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${p.title}</title>
${styles.map((href) => html`<link rel="stylesheet" href="${href}">\n`)}<link rel="icon" href="${p.links?.icon ?? 'data:,'}">
${p.themeColor ? html`<meta name="theme-color" content="${p.themeColor}">\n` : ''}${
  p.links
    ? html`<link rel="manifest" href="${p.links.manifest}">
<link rel="alternate" type="application/atom+xml" title="${p.links.feedTitle}" href="${p.links.feed}">\n`
    : ''
}</head>
<body>
<a class="skip-link" href="#main">${t(p.lang, 'skipLink')}</a>
${p.header}
<main id="main" tabindex="-1">
${p.main}
</main>
${p.footer}
</body>
</html>
`}`;
}

const langSwitch = (lang: Lang) => {
  const other = texts[lang].langSwitchCode;
  return html`<p class="lang-switch"><a href="?lang=${other}" lang="${other}" hreflang="${other}">${t(lang, 'langSwitch')}</a></p>`;
};

const plainHeader = (lang: Lang) =>
  html`<header class="site-header"><div class="bar"><a class="brand" href="/">${t(lang, 'siteName')}</a>${langSwitch(lang)}</div></header>`;

const plainFooter = (lang: Lang) =>
  html`<footer class="site-footer"><nav aria-label="${t(lang, 'navLegal')}"><ul><li><a href="/admin/">${t(lang, 'indexStaff')}</a></li></ul></nav></footer>`;

const notFoundPages: Partial<Record<Lang, string>> = {};

/** The 404 page for any unknown /m/… address (rendered once per language). */
export function renderNotFoundPage(lang: Lang): string {
  notFoundPages[lang] ??= layout({
    lang,
    title: t(lang, 'notFoundTitle'),
    header: plainHeader(lang),
    main: html`<h1>${t(lang, 'notFoundTitle')}</h1>
<p>${t(lang, 'notFoundText')}</p>
<p><a href="/">${t(lang, 'notFoundHome')}</a></p>`,
    footer: plainFooter(lang),
  });
  return notFoundPages[lang];
}

/** A request the portal refused or failed, in the portal's layout with a way back (`back`: the start page it came from). */
export function renderErrorPage(lang: Lang, status: number, back: string, requestId: string): string {
  if (status === 404) return renderNotFoundPage(lang);
  const text = status >= 500 ? t(lang, 'errorServerText', { requestId }) : status === 429 ? t(lang, 'errorTooManyText') : t(lang, 'errorRequestText');
  return layout({
    lang,
    title: t(lang, 'errorTitle'),
    header: plainHeader(lang),
    main: html`<h1>${t(lang, 'errorTitle')}</h1>
<p>${text}</p>
<p><a href="${back}">${t(lang, 'errorBack')}</a></p>`,
    footer: plainFooter(lang),
  });
}

/** `query` is appended to each municipality's link (e.g. `?lang=en` when the language was chosen explicitly). */
export function renderIndexPage(tenants: readonly Pick<TenantRow, 'slug' | 'name'>[], lang: Lang, query = ''): string {
  const list = tenants.length
    ? html`<p>${t(lang, 'indexIntro')}</p>
<ul class="tenant-list">${tenants.map((tn) => html`<li><a href="/m/${tn.slug}/${query}">${tn.name}</a></li>`)}</ul>`
    : html`<p>${t(lang, 'indexEmpty')}</p>`;
  return layout({
    lang,
    title: t(lang, 'indexTitle'),
    header: plainHeader(lang),
    main: html`<h1>${t(lang, 'indexTitle')}</h1>\n${list}\n<p><a href="/admin/">${t(lang, 'indexStaff')}</a></p>`,
    footer: plainFooter(lang),
  });
}

export type TenantPage = 'imprint' | 'privacy' | 'accessibility';

export interface TenantPageInput {
  lang: Lang;
  /** The language came from ?lang=, so internal links keep it. */
  explicitLang: boolean;
  themeHref: string;
  publicUrl: string;
  /** A resident is signed in: the header offers their settings and sign-out instead of register and sign-in. */
  signedIn?: boolean;
  /** The tenant's current warnings: a banner at the top of the page until they expire or the all-clear is given. */
  warnings?: readonly PortalWarning[];
}

export type Ctx = TenantPageInput & { tn: TenantRow; href: (path: string, hash?: string) => string };

/** The start page's sections, warnings first (the header's navigation links them). */
export const SECTIONS = [
  ['warnings', 'warningsTitle', 'warningsEmpty'],
  ['news', 'newsTitle', 'newsEmpty'],
  ['events', 'eventsTitle', 'eventsEmpty'],
  ['surveys', 'surveysTitle', 'surveysEmpty'],
  ['waste', 'wasteTitle', 'startWasteText'],
  ['reports', 'reportsTitle', 'reportsEmpty'],
] as const satisfies readonly (readonly [string, TextKey, TextKey])[];

export function tenantCtx(tn: TenantRow, input: TenantPageInput): Ctx {
  const query = input.explicitLang ? `?lang=${input.lang}` : '';
  return { ...input, tn, href: (path, hash = '') => `/m/${tn.slug}/${path}${query}${hash}` };
}

export const warningCtx = (c: Ctx): WarningCtx => ({ lang: c.lang, timeZone: c.tn.timeZone, alertsHref: c.href('alerts') });

export function renderTenantPage(tn: TenantRow, page: TenantPage, input: TenantPageInput): string {
  const c = tenantCtx(tn, input);
  const [title, main] = legalPage(c, page);
  return renderTenantLayout(c, title, main);
}

/**
 * Every page of a tenant's portal: header, footer, manifest and feed links, and the warning banner at the top of the
 * main content (`banner: false` where the page lists the warnings in full itself: start and alerts pages).
 */
export function renderTenantLayout(c: Ctx, title: Html, main: Html, opts: { banner?: boolean } = {}): string {
  const base = `/m/${c.tn.slug}/`;
  return layout({
    lang: c.lang,
    title,
    extraStyles: [c.themeHref],
    themeColor: brandColorOf(c.tn.brandColor),
    links: {
      manifest: `${base}manifest.webmanifest`,
      feed: `${base}feed.atom`,
      feedTitle: t(c.lang, 'feedTitle', { name: c.tn.name }),
      // the default icon changes with the brand colour only, as the theme does: the theme's version is the icon's
      icon: `${base}icon-192.png${c.themeHref.includes('?') ? c.themeHref.slice(c.themeHref.indexOf('?')) : ''}`,
    },
    header: tenantHeader(c),
    main: opts.banner === false ? main : html`${warningBanner(warningCtx(c), c.warnings ?? [])}${main}`,
    footer: tenantFooter(c),
  });
}

/** A page of a tenant's portal with its header, footer and warning banner, for other modules' pages (registration, settings). */
export function renderTenantShell(tn: TenantRow, input: TenantPageInput, title: Html, main: Html): string {
  return renderTenantLayout(tenantCtx(tn, input), title, main);
}

function tenantHeader(c: Ctx): Html {
  const { tn, lang } = c;
  const logo = tn.logo ? html`<img src="/m/${tn.slug}/logo" alt="${t(lang, 'logoAlt', { name: tn.name })}" height="48">` : '';
  return html`<header class="site-header">
<div class="bar"><a class="brand" href="${c.href('')}">${logo}<span>${tn.name}</span></a>${langSwitch(lang)}</div>
<nav aria-label="${t(lang, 'navSections')}"><ul>${SECTIONS.map(([id, titleKey]) => html`<li><a href="${c.href('', `#${id}`)}">${t(lang, titleKey)}</a></li>`)}</ul></nav>
<nav aria-label="${t(lang, 'navAccount')}">${
    c.signedIn
      ? html`<ul class="account-links signed-in"><li><span class="account-state">${t(lang, 'signedInAs')}</span></li><li><a href="${c.href('settings')}">${t(lang, 'navSettings')}</a></li><li><form method="post" action="${c.href('logout')}"><button type="submit" class="link-button">${t(lang, 'logoutButton')}</button></form></li></ul>`
      : html`<ul class="account-links"><li><a href="${c.href('register')}">${t(lang, 'registerLink')}</a></li><li><a href="${c.href('login')}">${t(lang, 'loginLink')}</a></li></ul>`
  }</nav>
</header>`;
}

const EMAIL = /^[^\s@<>"'()]+@[^\s@<>"'()]+\.[^\s@<>"'()]+$/;
const mailLink = (email: string) => (EMAIL.test(email) ? html`<a href="mailto:${email}">${email}</a>` : html`${email}`);

function websiteLink(url: string): Html {
  try {
    const u = new URL(url);
    if (u.protocol === 'https:' || u.protocol === 'http:') return html`<a href="${u.href}">${url}</a>`;
  } catch {}
  return html`${url}`;
}

function contactBlock(c: Ctx): Html {
  const { lang } = c;
  const ct: TenantContact = c.tn.contact ?? {};
  const rows: Html[] = [];
  if (ct.address) rows.push(html`<p><span class="label">${t(lang, 'contactAddress')}:</span><br>${lines(ct.address.trim())}</p>`);
  if (ct.phone) {
    const tel = ct.phone.replace(/[^\d+]/g, '');
    rows.push(html`<p><span class="label">${t(lang, 'contactPhone')}:</span> ${tel ? html`<a href="tel:${tel}">${ct.phone}</a>` : ct.phone}</p>`);
  }
  if (ct.email) rows.push(html`<p><span class="label">${t(lang, 'contactEmail')}:</span> ${mailLink(ct.email)}</p>`);
  if (ct.website) rows.push(html`<p><span class="label">${t(lang, 'contactWebsite')}:</span> ${websiteLink(ct.website)}</p>`);
  if (!rows.length) return html`<p>${t(lang, 'contactNone', { name: c.tn.name })}</p>`;
  return html`<address><p><strong>${c.tn.name}</strong></p>${rows}</address>`;
}

const feedbackEmail = (tn: TenantRow): string | undefined => tn.accessibilityFeedbackEmail || tn.contact?.email || undefined;

function tenantFooter(c: Ctx): Html {
  const { lang } = c;
  const email = feedbackEmail(c.tn);
  const barrier = email && EMAIL.test(email) ? html`<li><a href="mailto:${email}">${t(lang, 'reportBarrier')}</a></li>` : '';
  return html`<footer class="site-footer">
<section aria-labelledby="contact-title"><h2 id="contact-title">${t(lang, 'contactTitle')}</h2>${contactBlock(c)}<p class="contact-form-link"><a href="${c.href('contact')}">${t(lang, 'contact.link')}</a></p></section>
<nav aria-label="${t(lang, 'navLegal')}"><ul>
<li><a href="${c.href('impressum')}">${t(lang, 'imprintLink')}</a></li>
<li><a href="${c.href('datenschutz')}">${t(lang, 'privacyLink')}</a></li>
<li><a href="${c.href('barrierefreiheit')}">${t(lang, 'accessibilityLink')}</a></li>
${barrier}</ul></nav>
</footer>`;
}

function legalPage(c: Ctx, page: TenantPage): [Html, Html] {
  const { lang, tn } = c;
  const heading = t(lang, page === 'imprint' ? 'imprintTitle' : page === 'privacy' ? 'privacyTitle' : 'a11yTitle');
  const title = t(lang, 'pageTitle', { page: heading, name: tn.name });
  if (page === 'accessibility') return [title, html`<h1>${heading}</h1>\n${accessibilityStatement(c)}`];
  const text = page === 'imprint' ? tn.imprint : tn.privacyText;
  const body = text.trim()
    ? html`<div class="tenant-text">${paragraphs(text)}</div>`
    : html`<p>${t(lang, page === 'imprint' ? 'imprintEmpty' : 'privacyEmpty', { name: tn.name })}</p>
<p>${t(lang, 'legalAsk')}</p>${contactBlock(c)}`;
  return [title, html`<h1>${heading}</h1>\n${body}`];
}

function accessibilityStatement(c: Ctx): Html {
  const { lang, tn } = c;
  const date = dateFormat(lang === 'de' ? 'de-DE' : 'en-GB', { dateStyle: 'long', timeZone: 'UTC' }).format(
    new Date(`${ACCESSIBILITY_STATEMENT_DATE}T12:00:00Z`),
  );
  const email = feedbackEmail(tn);
  const feedback = email ? t(lang, 'a11yFeedback', { email: mailLink(email) }) : t(lang, 'a11yFeedbackNoEmail');
  const section = (id: string, key: TextKey, content: Html) =>
    html`<section aria-labelledby="${id}"><h2 id="${id}">${t(lang, key)}</h2>\n${content}</section>\n`;
  return html`<p>${t(lang, 'a11yIntro', { name: tn.name, url: `${c.publicUrl}/m/${tn.slug}/` })}</p>
${section('a11y-status', 'a11yStatusTitle', html`<p>${t(lang, 'a11yStatus')}</p>`)}${section(
  'a11y-limits',
  'a11yLimitsTitle',
  html`<ul>${(['a11yLimitFeatures', 'a11yLimitSignLanguage', 'a11yLimitTenantContent', 'a11yLimitAudit'] as const).map(
    (k) => html`<li>${t(lang, k)}</li>`,
  )}</ul>`,
)}${section('a11y-date', 'a11yDateTitle', html`<p>${t(lang, 'a11yDate', { date: html`<time datetime="${ACCESSIBILITY_STATEMENT_DATE}">${date}</time>` })}</p>`)}${section(
  'a11y-feedback',
  'a11yFeedbackTitle',
  html`<p>${feedback}</p>\n${contactBlock(c)}`,
)}${section('a11y-enforcement', 'a11yEnforcementTitle', html`<p>${t(lang, 'a11yEnforcement')}</p>\n<p>${t(lang, 'a11yEnforcementBodies')}</p>`)}`;
}

/** A small page with a message and, optionally, one form button (used for confirmations such as unsubscribing). */
export function renderNoticePage(lang: Lang, title: TextKey, text: Html, form?: { action: string; button: TextKey }): string {
  return layout({
    lang,
    title: t(lang, title),
    header: plainHeader(lang),
    main: html`<h1>${t(lang, title)}</h1>
<p>${text}</p>
${form ? html`<form method="post" action="${form.action}"><input type="hidden" name="List-Unsubscribe" value="One-Click"><button type="submit">${t(lang, form.button)}</button></form>` : ''}`,
    footer: plainFooter(lang),
  });
}

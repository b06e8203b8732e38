// Server-rendered resident portal pages: strict escaping, German and English texts, tenant branding.
import { readFileSync } from 'node:fs';
import type { TenantContact } from '../../platform/db/schema.ts';
import type { TenantRow } from '../../platform/tenancy.ts';
import de from './i18n/de.json' with { type: 'json' };
import en from './i18n/en.json' with { type: 'json' };
import { toCachedBody } from './portal.cache.ts';

export type Lang = 'de' | 'en';
export type TextKey = keyof typeof de;
const texts: Record<Lang, Record<TextKey, string>> = { de, en };

/** Revised whenever the accessibility statement's content changes (BITV 2.0 § 7: yearly and on every substantial change). */
export const ACCESSIBILITY_STATEMENT_DATE = '2026-11-29';

/** The portal stylesheet, read once when the module loads; its hash versions the URL. */
export const portalCss = toCachedBody(readFileSync(new URL('./assets/portal.css', import.meta.url)));
const cssHref = `/assets/portal.css?v=${portalCss.etag.slice(1, 11)}`;

/** Markup that is already safe; every other value placed into `html` is escaped. */
export class Html {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (c) => ESCAPES[c]);

type Part = Html | string | number | null | undefined | false | readonly Part[];

function piece(v: Part): string {
  if (v instanceof Html) return v.value;
  if (Array.isArray(v)) return (v as readonly Part[]).map(piece).join('');
  if (v === null || v === undefined || v === false) return '';
  return escapeHtml(String(v));
}

export function html(strings: TemplateStringsArray, ...values: Part[]): Html {
  let out = strings[0];
  for (let i = 0; i < values.length; i++) out += piece(values[i]) + strings[i + 1];
  return new Html(out);
}

/** A UI text with `{name}` placeholders: the text is escaped, strings are escaped, Html is inserted as is. */
const pluralRules: Record<Lang, Intl.PluralRules> = { de: new Intl.PluralRules('de'), en: new Intl.PluralRules('en') };

/** `{name}` is the value; `{name:one|other}` the word that fits the number ("1 Gerät", "2 Geräte"). */
export function t(lang: Lang, key: TextKey, vars: Record<string, string | Html> = {}): Html {
  const escaped = escapeHtml(texts[lang][key]).replace(/\{(\w+):([^{}|]*)\|([^{}]*)\}/g, (m, name: string, one: string, other: string) =>
    name in vars ? (pluralRules[lang].select(Number(String(vars[name]))) === 'one' ? one : other) : m,
  );
  return new Html(escaped.replace(/\{(\w+)\}/g, (m, name: string) => (name in vars ? piece(vars[name]) : m)));
}

/** Tenant-provided text as escaped paragraphs: blank lines separate paragraphs, single newlines break lines. */
export function paragraphs(text: string): Html {
  const blocks = text
    .replace(/\r\n?/g, '\n')
    .split(/\n[ \t]*\n/)
    .map((b) => b.trim())
    .filter(Boolean);
  return html`${blocks.map((b) => html`<p>${lines(b)}</p>`)}`;
}

const lines = (text: string): Html => new Html(text.split('\n').map(escapeHtml).join('<br>'));

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
${styles.map((href) => html`<link rel="stylesheet" href="${href}">\n`)}<link rel="icon" href="data:,">
${p.themeColor ? html`<meta name="theme-color" content="${p.themeColor}">\n` : ''}</head>
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

export type TenantPage = 'start' | 'imprint' | 'privacy' | 'accessibility';

export interface TenantPageInput {
  lang: Lang;
  /** The language came from ?lang=, so internal links keep it. */
  explicitLang: boolean;
  themeHref: string;
  publicUrl: string;
  /** A resident is signed in: the header offers their settings and sign-out instead of register and sign-in. */
  signedIn?: boolean;
}

type Ctx = TenantPageInput & { tn: TenantRow; href: (path: string, hash?: string) => string };

const SECTIONS = [
  ['news', 'newsTitle', 'newsEmpty'],
  ['warnings', 'warningsTitle', 'warningsEmpty'],
  ['events', 'eventsTitle', 'eventsEmpty'],
  ['reports', 'reportsTitle', 'reportsEmpty'],
] as const satisfies readonly (readonly [string, TextKey, TextKey])[];

export function renderTenantPage(tn: TenantRow, page: TenantPage, input: TenantPageInput): string {
  const base = `/m/${tn.slug}/`;
  const query = input.explicitLang ? `?lang=${input.lang}` : '';
  const c: Ctx = { ...input, tn, href: (path, hash = '') => `${base}${path}${query}${hash}` };
  const { lang } = c;
  const [title, main] = page === 'start' ? [t(lang, 'startTitle', { name: tn.name }), startMain(c)] : legalPage(c, page);
  return layout({
    lang,
    title,
    extraStyles: [input.themeHref],
    themeColor: brandColorOf(tn.brandColor),
    header: tenantHeader(c),
    main,
    footer: tenantFooter(c),
  });
}

/** A page of a tenant's portal with its header and footer, for other modules' pages (registration, settings). */
export function renderTenantShell(tn: TenantRow, input: TenantPageInput, title: Html, main: Html): string {
  const query = input.explicitLang ? `?lang=${input.lang}` : '';
  const c: Ctx = { ...input, tn, href: (path, hash = '') => `/m/${tn.slug}/${path}${query}${hash}` };
  return layout({
    lang: input.lang,
    title,
    extraStyles: [input.themeHref],
    themeColor: brandColorOf(tn.brandColor),
    header: tenantHeader(c),
    main,
    footer: tenantFooter(c),
  });
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

function startMain(c: Ctx): Html {
  const { lang } = c;
  return html`<h1>${t(lang, 'startTitle', { name: c.tn.name })}</h1>
<p>${t(lang, 'startIntro', { name: c.tn.name })}</p>
${SECTIONS.map(
  ([id, titleKey, emptyKey]) =>
    html`<section id="${id}" aria-labelledby="${id}-title"><h2 id="${id}-title">${t(lang, titleKey)}</h2><p>${t(lang, emptyKey)}</p></section>\n`,
)}`;
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
<section aria-labelledby="contact-title"><h2 id="contact-title">${t(lang, 'contactTitle')}</h2>${contactBlock(c)}</section>
<nav aria-label="${t(lang, 'navLegal')}"><ul>
<li><a href="${c.href('impressum')}">${t(lang, 'imprintLink')}</a></li>
<li><a href="${c.href('datenschutz')}">${t(lang, 'privacyLink')}</a></li>
<li><a href="${c.href('barrierefreiheit')}">${t(lang, 'accessibilityLink')}</a></li>
${barrier}</ul></nav>
</footer>`;
}

function legalPage(c: Ctx, page: Exclude<TenantPage, 'start'>): [Html, Html] {
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
  const date = new Intl.DateTimeFormat(lang === 'de' ? 'de-DE' : 'en-GB', { dateStyle: 'long', timeZone: 'UTC' }).format(
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

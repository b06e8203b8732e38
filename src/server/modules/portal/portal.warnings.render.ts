// Current warnings on the portal: the short banner at the top of every page, and the full entries on the start page
// and /alerts (severity in words and colour, exercise and test marked, instruction, link to the CAP document).
import type { PortalWarning } from './portal.content.ts';
import { type Html, html, type Lang, t, type TextKey } from './portal.html.ts';
import { dateFormat } from '../../../common/date-format.ts';

const SEVERITY: Record<PortalWarning['severity'], TextKey> = {
  minor: 'severityMinor',
  moderate: 'severityModerate',
  severe: 'severitySevere',
  extreme: 'severityExtreme',
};
const STATUS: Partial<Record<PortalWarning['status'], [TextKey, TextKey]>> = {
  exercise: ['statusExercise', 'warningExerciseNote'],
  test: ['statusTest', 'warningTestNote'],
};
const ORDER: Record<PortalWarning['severity'], number> = { extreme: 0, severe: 1, moderate: 2, minor: 3 };

/** Most severe first; real warnings before exercises and tests. */
export function sortWarnings(warnings: readonly PortalWarning[]): PortalWarning[] {
  const drill = (w: PortalWarning) => (w.status === 'actual' ? 0 : 1);
  return [...warnings].sort((a, b) => drill(a) - drill(b) || ORDER[a.severity] - ORDER[b.severity]);
}

export interface WarningCtx {
  lang: Lang;
  timeZone: string;
  /** The alerts page with the page's language query (`/m/{slug}/alerts?lang=en`). */
  alertsHref: string;
}

const timeOf = (c: WarningCtx, at: Date) =>
  html`<time datetime="${at.toISOString()}">${dateFormat(c.lang === 'en' ? 'en-GB' : 'de-DE', {
    timeZone: c.timeZone,
    dateStyle: 'medium',
    timeStyle: 'short',
  }).format(at)}</time>`;

/** "Gefahr" and, for a drill, "Übung": words first, colour only repeats them. */
function badges(c: WarningCtx, w: PortalWarning): Html {
  const status = STATUS[w.status];
  return html`<span class="severity severity-${w.severity}">${t(c.lang, SEVERITY[w.severity])}</span>${status ? html` <span class="drill">${t(c.lang, status[0])}</span>` : ''}`;
}

/** The banner on every portal page but the start and alerts pages (which show the full entries instead). */
export function warningBanner(c: WarningCtx, warnings: readonly PortalWarning[]): Html {
  if (!warnings.length) return html``;
  const sorted = sortWarnings(warnings);
  const top = sorted[0];
  return html`<section class="warning-banner severity-${top.severity}${top.status === 'actual' ? '' : ' is-drill'}" aria-labelledby="warning-banner-title" data-warning-banner>
<h2 id="warning-banner-title">${t(c.lang, 'bannerTitle', { n: String(sorted.length) })}</h2>
<ul>${sorted.map((w) => html`<li>${badges(c, w)} <strong>${w.headline}</strong></li>`)}</ul>
<p><a href="${c.alertsHref}">${t(c.lang, 'bannerMore')}</a></p>
</section>\n`;
}

function warningEntry(c: WarningCtx, w: PortalWarning, level: 'h3' | 'h2'): Html {
  const status = STATUS[w.status];
  const heading = level === 'h2' ? html`<h2 id="warning-${w.id}-title">${w.headline}</h2>` : html`<h3 id="warning-${w.id}-title">${w.headline}</h3>`;
  const times = [
    w.onset ? t(c.lang, 'warningOnset', { time: timeOf(c, w.onset) }) : null,
    w.expiresAt ? t(c.lang, 'warningExpires', { time: timeOf(c, w.expiresAt) }) : null,
  ].filter((x): x is Html => x !== null);
  return html`<article class="warning severity-${w.severity}${w.status === 'actual' ? '' : ' is-drill'}" id="warning-${w.id}" aria-labelledby="warning-${w.id}-title">
<p class="warning-badges">${badges(c, w)}</p>
${heading}
${status ? html`<p class="drill-note"><strong>${t(c.lang, status[1])}</strong></p>` : ''}
<p>${t(c.lang, 'warningEvent', { event: w.event })}${times.length ? html` · ${times.map((x, i) => html`${i ? ', ' : ''}${x}`)}` : ''}</p>
${w.instruction ? html`<h${level === 'h2' ? '3' : '4'} class="instruction-title">${t(c.lang, 'warningInstruction')}</h${level === 'h2' ? '3' : '4'}><p class="instruction">${w.instruction}</p>` : ''}
<p><a href="${w.capUrl}">${t(c.lang, 'warningCap')}</a></p>
</article>\n`;
}

/** The start page's first section: every current warning in full (the start page's banner). */
export function warningsSection(c: WarningCtx, warnings: readonly PortalWarning[]): Html {
  const sorted = sortWarnings(warnings);
  return html`<section id="warnings" aria-labelledby="warnings-title"${sorted.length ? html` class="warnings-current" data-warning-banner` : ''}><h2 id="warnings-title">${t(c.lang, 'warningsTitle')}</h2>
${sorted.length ? sorted.map((w) => warningEntry(c, w, 'h3')) : html`<p>${t(c.lang, 'warningsEmpty')}</p>`}
${sorted.length ? html`<p><a href="${c.alertsHref}">${t(c.lang, 'alertsAllLink')}</a></p>` : ''}</section>\n`;
}

/** The /alerts page's list: one article per warning, headed h2 under the page's h1. */
export function warningsList(c: WarningCtx, warnings: readonly PortalWarning[]): Html {
  const sorted = sortWarnings(warnings);
  return html`<div class="warnings-current"${sorted.length ? html` data-warning-banner` : ''}>${sorted.length ? sorted.map((w) => warningEntry(c, w, 'h2')) : html`<p>${t(c.lang, 'warningsEmpty')}</p>`}</div>\n`;
}

// "Notifications on this device" on the settings and registration-done pages, and on the portal's start page for a
// signed-in resident. Without JavaScript (or without push support) it is one sentence; push.js reveals the button.
// Texts and URLs travel as data attributes (CSP: no inline script).
import { html, type Html, type Lang, t } from '../../portal/index.ts';
import { pushScriptHref } from './resident-push.assets.ts';
import type { PageCtx } from './resident-portal.render.ts';

export const pushSection = (c: PageCtx): Html => pushOffer(c.tenant.slug, c.lang);

/** The push section of one portal (`slug`) in one language; the portal's start page gets it through app.ts. */
export function pushOffer(slug: string, lang: Lang): Html {
  const base = `/m/${slug}/`;
  return html`<section aria-labelledby="push-title" data-push-setup data-sw="${base}sw.js" data-scope="${base}" data-key="${base}push/key" data-subscribe="${base}push/subscriptions"
 data-text-working="${t(lang, 'pushWorking')}" data-text-done="${t(lang, 'pushDone')}" data-text-denied="${t(lang, 'pushDenied')}" data-text-failed="${t(lang, 'pushFailed')}">
<h2 id="push-title">${t(lang, 'pushTitle')}</h2>
<p data-push-fallback>${t(lang, 'pushUnsupported')}</p>
<form class="push-form" hidden><p>${t(lang, 'pushHint')}</p><p><button type="submit">${t(lang, 'pushButton')}</button></p></form>
<p data-push-status role="status"></p>
<script src="${pushScriptHref}" defer></script>
</section>`;
}

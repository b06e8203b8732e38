// "Notifications on this device" on the settings and registration-done pages. Without JavaScript (or without push
// support) it is one sentence; push.js reveals the button. Texts and URLs travel as data attributes (CSP: no inline script).
import { html, type Html, t } from '../../portal/index.ts';
import { pushScriptHref } from './resident-push.assets.ts';
import type { PageCtx } from './resident-portal.render.ts';

export function pushSection(c: PageCtx): Html {
  const { lang } = c;
  const base = `/m/${c.tenant.slug}/`;
  return html`<section aria-labelledby="push-title" data-push-setup data-sw="${base}sw.js" data-scope="${base}" data-key="${base}push/key" data-subscribe="${base}push/subscriptions"
 data-text-working="${t(lang, 'pushWorking')}" data-text-done="${t(lang, 'pushDone')}" data-text-denied="${t(lang, 'pushDenied')}" data-text-failed="${t(lang, 'pushFailed')}">
<h2 id="push-title">${t(lang, 'pushTitle')}</h2>
<p data-push-fallback>${t(lang, 'pushUnsupported')}</p>
<form class="push-form" hidden><p>${t(lang, 'pushHint')}</p><p><button type="submit">${t(lang, 'pushButton')}</button></p></form>
<p data-push-status role="status"></p>
<script src="${pushScriptHref}" defer></script>
</section>`;
}

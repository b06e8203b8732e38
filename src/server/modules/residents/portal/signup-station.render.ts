// The sign-up station's pages: the button a link opens (a GET never spends the link), the device's state, and what
// to do when a link no longer works.
import { html, t } from '../../portal/index.ts';
import { hrefOf, page, type PageCtx } from './resident-portal.render.ts';
import { dateFormat } from '../../../../common/date-format.ts';

export type StationView = { kind: 'confirm'; token: string } | { kind: 'active'; until: Date; done: boolean } | { kind: 'used' } | { kind: 'invalid' };

const timeOf = (c: PageCtx, at: Date) =>
  dateFormat(c.lang === 'en' ? 'en-GB' : 'de-DE', {
    timeZone: c.tenant.timeZone,
    weekday: 'short',
    day: 'numeric',
    month: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  }).format(at);

export function stationPage(c: PageCtx, view: StationView): string {
  const name = { name: c.tenant.name };
  const body =
    view.kind === 'confirm'
      ? html`<p>${t(c.lang, 'stationIntro', name)}</p>
<form method="post" action="${hrefOf(c, 'station')}" class="resident-form">
<input type="hidden" name="t" value="${view.token}">
<p><button type="submit">${t(c.lang, 'stationOpenButton')}</button></p>
</form>`
      : view.kind === 'active'
        ? html`${view.done ? html`<p class="notice" role="status">${t(c.lang, 'stationDone')}</p>` : ''}
<p>${t(c.lang, 'stationActive', { ...name, until: timeOf(c, view.until) })}</p>
<p><a class="button" href="${hrefOf(c, 'register')}">${t(c.lang, 'stationStart')}</a></p>`
        : html`<p>${t(c.lang, view.kind === 'used' ? 'stationUsed' : 'stationInvalid', name)}</p>
<p><a href="${hrefOf(c, '')}">${t(c.lang, 'backToStart')}</a></p>`;
  return page(
    c,
    'stationTitle',
    html`<h1>${t(c.lang, 'stationTitle')}</h1>
${body}`,
  );
}

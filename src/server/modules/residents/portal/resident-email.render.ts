// Pages around e-mail links: "check your inbox", the confirm button a link opens (a GET never uses a link up), and
// what to do when a link no longer works.
import { html, t } from '../../portal/index.ts';
import type { LinkPurpose } from '../email-link.service.ts';
import { hrefOf, messagePage, page, type PageCtx } from './resident-portal.render.ts';

const ROUTE: Record<LinkPurpose, string> = { verify: 'email/verify', 'sign-in': 'email/sign-in' };

/** The same page whether or not the address belongs to anyone. */
export function emailSentPage(c: PageCtx, email: string): string {
  return page(
    c,
    'loginEmailSentTitle',
    html`<h1>${t(c.lang, 'loginEmailSentTitle')}</h1>
<p>${t(c.lang, 'loginEmailSentText', { email })}</p>
<p><a href="${hrefOf(c, 'login')}">${t(c.lang, 'loginEmailAgain')}</a></p>`,
  );
}

export function linkConfirmPage(c: PageCtx, purpose: LinkPurpose, token: string): string {
  const verify = purpose === 'verify';
  const title = verify ? 'verifyTitle' : 'emailSignInTitle';
  return page(
    c,
    title,
    html`<h1>${t(c.lang, title)}</h1>
<p>${t(c.lang, verify ? 'verifyText' : 'emailSignInText', { name: c.tenant.name })}</p>
<form method="post" action="${hrefOf(c, ROUTE[purpose])}" class="resident-form">
<input type="hidden" name="token" value="${token}">
<p><button type="submit">${t(c.lang, verify ? 'verifyButton' : 'loginSubmit')}</button></p>
</form>`,
  );
}

export function linkInvalidPage(c: PageCtx, purpose: LinkPurpose): string {
  return messagePage(c, 'linkInvalidTitle', purpose === 'verify' ? 'linkInvalidVerify' : 'linkInvalidSignIn', { path: 'login', key: 'loginLink' });
}

export const emailConfirmedPage = (c: PageCtx) => messagePage(c, 'verifyDoneTitle', 'verifyDoneText', { path: 'settings', key: 'settingsLink' });

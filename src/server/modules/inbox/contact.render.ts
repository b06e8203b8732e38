// The portal's contact form (plain HTML, works without JavaScript): the form with errors at each field and every
// value kept, and the confirmation page.
import { type Html, html, portalHref, type PortalPageCtx, renderPortalPage, t, type TextKey } from '../portal/index.ts';

/** `signedIn`: a resident who follows this municipality (no name or address asked). */
export type ContactPageCtx = PortalPageCtx;

export type ContactField = 'name' | 'email' | 'subject' | 'text' | 'consent';
export interface ContactValues {
  name: string;
  email: string;
  subject: string;
  text: string;
  consent: boolean;
}
/** Per field: the text key and its placeholders. */
export type ContactErrors = Partial<Record<ContactField, { key: TextKey; vars?: Record<string, string> }>>;

export const contactHref = (c: ContactPageCtx, path = 'contact') => portalHref(c, path);

const shell = (c: ContactPageCtx, titleKey: TextKey, main: Html) => renderPortalPage(c, t(c.lang, titleKey), main);

const errorText = (c: ContactPageCtx, errors: ContactErrors, f: ContactField) => {
  const e = errors[f];
  return e ? html`<p class="field-error" id="${f}-error">${t(c.lang, e.key, e.vars)}</p>` : '';
};
/** aria-describedby names the hint and, when there is one, the error. */
const described = (errors: ContactErrors, f: ContactField, hint?: string) => {
  const ids = [hint, errors[f] ? `${f}-error` : ''].filter(Boolean).join(' ');
  return html`${errors[f] ? html` aria-invalid="true"` : ''}${ids ? html` aria-describedby="${ids}"` : ''}`;
};

export function contactPage(c: ContactPageCtx, v: ContactValues, errors: ContactErrors, notice?: TextKey): string {
  const { lang } = c;
  const privacy = html`<a href="${contactHref(c, 'datenschutz')}">${t(lang, 'contact.privacyLink')}</a>`;
  const sender = c.signedIn
    ? html`<p class="notice">${t(lang, 'contact.signedInIntro')}</p>`
    : html`<p><label for="name">${t(lang, 'contact.name')}</label><br>
<input id="name" name="name" type="text" autocomplete="name" maxlength="200" value="${v.name}"${described(errors, 'name')}></p>
${errorText(c, errors, 'name')}
<p><label for="email">${t(lang, 'contact.email')}</label><br><span class="hint" id="email-hint">${t(lang, 'contact.emailHint')}</span><br>
<input id="email" name="email" type="email" autocomplete="email" required maxlength="254" value="${v.email}"${described(errors, 'email', 'email-hint')}></p>
${errorText(c, errors, 'email')}`;
  const problem = notice
    ? html`<p class="form-error" role="alert">${t(lang, notice)}</p>`
    : Object.keys(errors).length
      ? html`<p class="form-error" role="alert">${t(lang, 'errorSummary')}</p>`
      : '';
  return shell(
    c,
    'contact.title',
    html`<h1>${t(lang, 'contact.title')}</h1>
<p>${t(lang, 'contact.intro', { name: c.tenant.name })}</p>
${problem}
<form method="post" action="${contactHref(c)}" class="resident-form contact-form" novalidate>
${sender}
<p><label for="subject">${t(lang, 'contact.subject')}</label><br>
<input id="subject" name="subject" type="text" maxlength="200" value="${v.subject}"${described(errors, 'subject')}></p>
${errorText(c, errors, 'subject')}
<p><label for="text">${t(lang, 'contact.text')}</label><br><span class="hint" id="text-hint">${t(lang, 'contact.textHint')}</span><br>
<textarea id="text" name="text" rows="10" cols="60" required${described(errors, 'text', 'text-hint')}>${v.text}</textarea></p>
${errorText(c, errors, 'text')}
<p class="hint" id="privacy-note">${t(lang, 'contact.privacy', { name: c.tenant.name, link: privacy })}</p>
<p><input type="checkbox" id="consent" name="consent" value="yes"${v.consent ? html` checked` : ''}${described(errors, 'consent', 'privacy-note')}> <label for="consent">${t(lang, 'contact.consent')}</label></p>
${errorText(c, errors, 'consent')}
<div class="hp"><label for="website">${t(lang, 'honeypotLabel')}</label><input id="website" name="website" type="text" tabindex="-1" autocomplete="off"></div>
<p><button type="submit">${t(lang, 'contact.submit')}</button></p>
</form>`,
  );
}

export function contactSentPage(c: ContactPageCtx): string {
  return shell(
    c,
    'contact.thanksTitle',
    html`<h1>${t(c.lang, 'contact.thanksTitle')}</h1>
<p role="status">${t(c.lang, 'contact.thanksText', { name: c.tenant.name })}</p>
<p><a href="${contactHref(c)}">${t(c.lang, 'contact.another')}</a></p>
<p><a href="${contactHref(c, '')}">${t(c.lang, 'backToStart')}</a></p>`,
  );
}

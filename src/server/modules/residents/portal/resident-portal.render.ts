// The resident's own pages: registration steps, sign-in, settings, data and deletion (plain forms, no JavaScript).
import { html, type Html, type Lang, type PortalPageCtx, paragraphs, renderTenantShell, t, type TextKey } from '../../portal/index.ts';
import { pushSection } from './resident-push.render.ts';

/** The portal's page context; whether a resident is signed in, and the warnings' banner, only where a page knows them. */
export type PageCtx = Omit<PortalPageCtx, 'signedIn' | 'warnings'> & Partial<Pick<PortalPageCtx, 'signedIn' | 'warnings'>>;

export type Field = 'phone' | 'code' | 'consent' | 'channels' | 'email' | 'quiet';
export type Errors = Partial<Record<Field, TextKey>>;

export interface PrefValues {
  channels: string[];
  topics: string[];
  email: string;
  street: string;
  houseNumber: string;
  /** The directory's streets offered in a datalist (works without JavaScript). */
  streetChoices?: string[];
  /** The stored street is not in the directory (kept unconfirmed; staff see it). */
  streetUnconfirmed?: boolean;
  quietFrom: string;
  quietTo: string;
  language: Lang;
}

export interface TopicRow {
  key: string;
  nameDe: string;
  nameEn: string;
  mandatory: boolean;
}

export const hrefOf = (c: PageCtx, path: string) => `/m/${c.tenant.slug}/${path}${c.explicit ? `?lang=${c.lang}` : ''}`;

export function page(c: PageCtx, titleKey: TextKey, main: Html, vars: Record<string, string> = {}): string {
  const heading = t(c.lang, titleKey, vars);
  return renderTenantShell(
    c.tenant,
    { lang: c.lang, explicitLang: c.explicit, themeHref: c.themeHref, publicUrl: c.publicUrl, signedIn: c.signedIn, warnings: c.warnings },
    t(c.lang, 'pageTitle', { page: heading, name: c.tenant.name }),
    main,
  );
}

const errorOf = (c: PageCtx, errors: Errors, field: Field) =>
  errors[field] ? html`<p class="field-error" id="${field}-error">${t(c.lang, errors[field])}</p>` : '';
const invalidAttrs = (errors: Errors, field: Field) => (errors[field] ? html` aria-invalid="true" aria-describedby="${field}-error"` : '');
const summary = (c: PageCtx, errors: Errors) => (Object.keys(errors).length ? html`<p class="form-error" role="alert">${t(c.lang, 'errorSummary')}</p>` : '');

export function phonePage(c: PageCtx, kind: 'register' | 'login', phone: string, errors: Errors, email = ''): string {
  const register = kind === 'register';
  return page(
    c,
    register ? 'regTitle' : 'loginTitle',
    html`<h1>${t(c.lang, register ? 'regTitle' : 'loginTitle', { name: c.tenant.name })}</h1>
${register ? html`<p class="step">${t(c.lang, 'stepOf', { n: '1' })}</p>` : ''}
<p>${t(c.lang, register ? 'regIntro' : 'loginIntro')}</p>
${summary(c, errors)}
<form method="post" action="${hrefOf(c, kind)}" class="resident-form" novalidate>
<p><label for="phone">${t(c.lang, 'phoneLabel')}</label><br><span class="hint" id="phone-hint">${t(c.lang, 'phoneHint')}</span><br>
<input id="phone" name="phone" type="tel" autocomplete="tel" inputmode="tel" required value="${phone}"${errors.phone ? html` aria-invalid="true" aria-describedby="phone-hint phone-error"` : html` aria-describedby="phone-hint"`}></p>
${errorOf(c, errors, 'phone')}
<div class="hp"><label for="website">${t(c.lang, 'honeypotLabel')}</label><input id="website" name="website" type="text" tabindex="-1" autocomplete="off"></div>
<p><button type="submit">${t(c.lang, 'sendCode')}</button></p>
</form>
${register ? '' : emailSignInForm(c, email, errors)}`,
    { name: c.tenant.name },
  );
}

/** Sign-in by e-mail link, next to the phone number: the same answer whether or not the address is known. */
function emailSignInForm(c: PageCtx, email: string, errors: Errors): Html {
  return html`<section aria-labelledby="login-email-title"><h2 id="login-email-title">${t(c.lang, 'loginEmailTitle')}</h2>
<p>${t(c.lang, 'loginEmailIntro')}</p>
<form method="post" action="${hrefOf(c, 'login/email')}" class="resident-form" novalidate>
<p><label for="email">${t(c.lang, 'loginEmailLabel')}</label><br>
<input id="email" name="email" type="email" autocomplete="email" required value="${email}"${invalidAttrs(errors, 'email')}></p>
${errorOf(c, errors, 'email')}
<div class="hp"><label for="website-email">${t(c.lang, 'honeypotLabel')}</label><input id="website-email" name="website" type="text" tabindex="-1" autocomplete="off"></div>
<p><button type="submit">${t(c.lang, 'loginEmailSubmit')}</button></p>
</form></section>`;
}

export function codePage(c: PageCtx, kind: 'register' | 'login', phone: string, errors: Errors): string {
  const register = kind === 'register';
  return page(
    c,
    'codeTitle',
    html`<h1>${t(c.lang, 'codeTitle')}</h1>
${register ? html`<p class="step">${t(c.lang, 'stepOf', { n: '2' })}</p>` : ''}
<p>${t(c.lang, register ? 'codeIntro' : 'loginCodeIntro', { phone })}</p>
${summary(c, errors)}
<form method="post" action="${hrefOf(c, `${kind}/code`)}" class="resident-form" novalidate>
<p><label for="code">${t(c.lang, 'codeLabel')}</label><br>
<input id="code" name="code" type="text" inputmode="numeric" autocomplete="one-time-code" pattern="[0-9]{6}" maxlength="6" required${invalidAttrs(errors, 'code')}></p>
${errorOf(c, errors, 'code')}
<p><button type="submit">${t(c.lang, register ? 'codeSubmit' : 'loginSubmit')}</button></p>
</form>
<p><a href="${hrefOf(c, kind)}">${t(c.lang, 'codeRestart')}</a></p>`,
  );
}

const checked = (on: boolean) => (on ? html` checked` : '');
const streetDescribedBy = (v: PrefValues) => {
  const ids = [v.streetUnconfirmed ? 'street-note' : '', v.streetChoices?.length ? 'street-hint' : ''].filter(Boolean).join(' ');
  return ids ? html` aria-describedby="${ids}"` : '';
};

/** The preference fields shared by the consent step and the settings page. */
function preferenceFields(c: PageCtx, topics: TopicRow[], v: PrefValues, errors: Errors): Html {
  const { lang } = c;
  const locked = (tp: TopicRow) => tp.mandatory && !c.tenant.warningsOptional;
  const channel = (key: string, label: TextKey) =>
    html`<li><input type="checkbox" id="channel-${key}" name="channels" value="${key}"${checked(v.channels.includes(key))}> <label for="channel-${key}">${t(lang, label)}</label></li>`;
  return html`<fieldset${invalidAttrs(errors, 'channels')}><legend>${t(lang, 'channelsLegend')}</legend>
<ul class="choices">${channel('sms', 'channelSms')}${channel('email', 'channelEmail')}${channel('push', 'channelPush')}</ul>
${errorOf(c, errors, 'channels')}
<p><label for="email">${t(lang, 'emailLabel')}</label><br><input id="email" name="email" type="email" autocomplete="email" value="${v.email}"${invalidAttrs(errors, 'email')}></p>
${errorOf(c, errors, 'email')}
</fieldset>
<fieldset><legend>${t(lang, 'topicsLegend')}</legend>
<ul class="choices">${topics.map((tp) =>
    locked(tp)
      ? // stated, not ticked: a box the resident cannot untick would pretend a choice (warnings reach everyone)
        html`<li class="always-on" id="topic-${tp.key}-always"><strong>${lang === 'de' ? tp.nameDe : tp.nameEn}</strong> <span class="hint">${t(lang, 'topicMandatory')}</span></li>`
      : html`<li><input type="checkbox" id="topic-${tp.key}" name="topics" value="${tp.key}"${checked(v.topics.includes(tp.key))}> <label for="topic-${tp.key}">${lang === 'de' ? tp.nameDe : tp.nameEn}</label></li>`,
  )}</ul>
</fieldset>
<fieldset><legend>${t(lang, 'addressLegend')}</legend>
${v.streetUnconfirmed ? html`<p class="notice" id="street-note">${t(lang, 'streetUnconfirmed', { street: v.street, name: c.tenant.name })}</p>` : ''}
<p class="inline-fields"><span><label for="street">${t(lang, 'streetLabel')}</label><br><input id="street" name="street" type="text" autocomplete="address-line1" value="${v.street}"${v.streetChoices?.length ? html` list="street-choices"` : ''}${streetDescribedBy(v)}></span>
<span><label for="houseNumber">${t(lang, 'houseNumberLabel')}</label><br><input id="houseNumber" name="houseNumber" type="text" size="6" value="${v.houseNumber}"></span></p>
${v.streetChoices?.length ? html`<datalist id="street-choices">${v.streetChoices.map((s) => html`<option value="${s}"></option>`)}</datalist><p class="hint" id="street-hint">${t(lang, 'streetHint')}</p>` : ''}
</fieldset>
<fieldset${invalidAttrs(errors, 'quiet')}><legend>${t(lang, 'quietLegend')}</legend>
<p class="inline-fields"><span><label for="quietFrom">${t(lang, 'quietFrom')}</label><br><input id="quietFrom" name="quietFrom" type="time" value="${v.quietFrom}"></span>
<span><label for="quietTo">${t(lang, 'quietTo')}</label><br><input id="quietTo" name="quietTo" type="time" value="${v.quietTo}"></span></p>
${errorOf(c, errors, 'quiet')}
</fieldset>
<p><label for="language">${t(lang, 'languageLabel')}</label><br><select id="language" name="language">
<option value="de"${v.language === 'de' ? html` selected` : ''}>${t(lang, 'languageDe')}</option>
<option value="en"${v.language === 'en' ? html` selected` : ''}>${t(lang, 'languageEn')}</option>
</select></p>`;
}

export function consentPage(c: PageCtx, consentText: string, topics: TopicRow[], v: PrefValues, errors: Errors): string {
  return page(
    c,
    'consentTitle',
    html`<h1>${t(c.lang, 'consentTitle')}</h1>
<p class="step">${t(c.lang, 'stepOf', { n: '3' })}</p>
${summary(c, errors)}
<form method="post" action="${hrefOf(c, 'register/consent')}" class="resident-form" novalidate>
${preferenceFields(c, topics, v, errors)}
<section class="consent-text" aria-labelledby="consent-title"><h2 id="consent-title">${t(c.lang, 'consentTextTitle')}</h2>${paragraphs(consentText)}</section>
<p><input type="checkbox" id="consent" name="consent" value="yes" required${invalidAttrs(errors, 'consent')}> <label for="consent">${t(c.lang, 'consentAgree')}</label></p>
${errorOf(c, errors, 'consent')}
<p><button type="submit">${t(c.lang, 'consentSubmit')}</button></p>
</form>`,
  );
}

export function donePage(c: PageCtx, linkSentTo: string | null = null, pushChosen = false): string {
  return page(
    c,
    'doneTitle',
    html`<h1>${t(c.lang, 'doneTitle')}</h1>
<p>${t(c.lang, 'doneText', { name: c.tenant.name })}</p>
${linkSentTo ? html`<p>${t(c.lang, 'doneEmailSent', { email: linkSentTo })}</p>` : ''}
${pushChosen ? pushSection(c) : ''}
<p><a href="${hrefOf(c, 'settings')}">${t(c.lang, 'settingsLink')}</a></p>`,
  );
}

export interface SettingsView {
  status: 'active' | 'withdrawn' | 'none';
  notice?: TextKey;
  email?: { address: string; verified: boolean; linkPending: boolean } | null;
}

/** Where the resident sees whether the address is confirmed; e-mails go out only after that. */
function emailSection(c: PageCtx, email: SettingsView['email']): Html | '' {
  if (!email) return '';
  const vars = { email: email.address };
  return html`<section aria-labelledby="email-title"><h2 id="email-title">${t(c.lang, 'emailSectionTitle')}</h2>
${
  email.verified
    ? html`<p>${t(c.lang, 'emailVerified', vars)}</p>`
    : html`<p class="notice">${t(c.lang, email.linkPending ? 'emailUnverified' : 'emailUnverifiedNoLink', vars)}</p>
<form method="post" action="${hrefOf(c, 'settings/email/resend')}"><button type="submit">${t(c.lang, email.linkPending ? 'emailResend' : 'emailSendLink')}</button></form>`
}</section>`;
}

export function settingsPage(c: PageCtx, topics: TopicRow[], v: PrefValues, view: SettingsView, errors: Errors): string {
  const { lang } = c;
  const name = { name: c.tenant.name };
  // right after withdrawing, the state below says it already: the notice would repeat it
  const notice = view.notice === 'withdrawDone' && view.status === 'withdrawn' ? undefined : view.notice;
  const state =
    view.status === 'withdrawn'
      ? html`<p class="notice"${view.notice === 'withdrawDone' ? html` role="status"` : ''}>${t(lang, 'settingsWithdrawn', name)}</p>`
      : view.status === 'none'
        ? html`<p class="notice">${t(lang, 'settingsNoFollow', name)}</p>`
        : '';
  return page(
    c,
    'settingsTitle',
    html`<h1>${t(lang, 'settingsTitle')}</h1>
${notice ? html`<p class="notice" role="status">${t(lang, notice, name)}</p>` : ''}
${state}
${emailSection(c, view.email)}
${summary(c, errors)}
${
  view.status === 'none'
    ? html`<p><a href="${hrefOf(c, 'register')}">${t(lang, 'registerLink')}</a></p>`
    : html`<form method="post" action="${hrefOf(c, 'settings')}" class="resident-form" novalidate>
${preferenceFields(c, topics, v, errors)}
<p><button type="submit">${t(lang, 'settingsSave')}</button></p>
</form>`
}
${view.status === 'active' ? pushSection(c) : ''}
${
  view.status === 'active'
    ? html`<section aria-labelledby="withdraw-title"><h2 id="withdraw-title">${t(lang, 'withdrawTitle')}</h2><p>${t(lang, 'withdrawText', name)}</p>
<form method="post" action="${hrefOf(c, 'settings/withdraw')}"><button type="submit">${t(lang, 'withdrawButton')}</button></form></section>`
    : ''
}
<section aria-labelledby="account-title"><h2 id="account-title">${t(lang, 'navAccount')}</h2>
<ul class="account-actions"><li><a href="${hrefOf(c, 'settings/data')}">${t(lang, 'dataTitle')}</a></li><li><a href="${hrefOf(c, 'settings/delete')}">${t(lang, 'deleteTitle')}</a></li></ul>
<form method="post" action="${hrefOf(c, 'logout')}"><button type="submit">${t(lang, 'logoutButton')}</button></form></section>`,
  );
}

export function deletePage(c: PageCtx): string {
  return page(
    c,
    'deleteTitle',
    html`<h1>${t(c.lang, 'deleteTitle')}</h1>
<p>${t(c.lang, 'deleteText')}</p>
<form method="post" action="${hrefOf(c, 'settings/delete')}"><button type="submit" class="danger">${t(c.lang, 'deleteButton')}</button></form>
<p><a href="${hrefOf(c, 'settings')}">${t(c.lang, 'backToSettings')}</a></p>`,
  );
}

export function messagePage(c: PageCtx, titleKey: TextKey, textKey: TextKey, link: { path: string; key: TextKey }): string {
  return page(
    c,
    titleKey,
    html`<h1>${t(c.lang, titleKey)}</h1>
<p>${t(c.lang, textKey, { name: c.tenant.name })}</p>
<p><a href="${hrefOf(c, link.path)}">${t(c.lang, link.key)}</a></p>`,
  );
}

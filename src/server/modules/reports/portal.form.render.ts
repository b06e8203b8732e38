// The report form (works without JavaScript: street and house number instead of a pin; "Weiter" reloads it with the
// category's extra fields), the "similar reports nearby" step, and the confirmation with the report's number.
import type { ReportCategory, ReportFieldDef } from '../../../common/contracts/reports.ts';
import type { ReportStatus } from '../../../common/states.ts';
import { type Html, html, t, type TextKey } from '../portal/index.ts';
import type { StreetOption } from './portal.data.ts';
import { fieldId, type ReportFormErrors, type ReportFormValues } from './portal.form.ts';
import { jsonData, mapAssets, mapAttributes, type ReportsPageCtx, reportsHref, reportsShell, statusText } from './portal.render.ts';

export interface FormPageData {
  categories: ReportCategory[];
  streets: StreetOption[];
  centre: { lat: number; lng: number } | null;
  /** A signed-in resident who follows this municipality reports with their account. */
  asResident: boolean;
  /** Photos were sent with the post that came back: they must be chosen again. */
  photosDropped?: boolean;
  /** A message above the form instead of the error list (too many reports, a form from elsewhere). */
  notice?: TextKey;
}

/** Ids the error summary links to, in the order of the form. */
const ORDER = ['category', 'description', 'street', 'photos', 'contact-email', 'contact-phone', 'consent'];

const errorOf = (c: ReportsPageCtx, errors: ReportFormErrors, id: string) => {
  const e = errors[id];
  return e ? html`<p class="field-error" id="${id}-error">${t(c.lang, e.key, { name: c.tenant.name, ...e.vars })}</p>` : '';
};
const described = (errors: ReportFormErrors, id: string, hint?: string) => {
  const ids = [hint, errors[id] ? `${id}-error` : ''].filter(Boolean).join(' ');
  return html`${errors[id] ? html` aria-invalid="true"` : ''}${ids ? html` aria-describedby="${ids}"` : ''}`;
};

function errorSummary(c: ReportsPageCtx, errors: ReportFormErrors, labels: Record<string, Html | string>): Html {
  const ids = Object.keys(errors).sort((a, b) => (ORDER.indexOf(a) + 1 || 99) - (ORDER.indexOf(b) + 1 || 99));
  if (!ids.length) return html``;
  return html`<div class="form-error error-summary" role="alert" tabindex="-1" id="error-summary"><p>${t(c.lang, 'reports.errorsTitle')}</p><ul>${ids.map(
    (id) => html`<li><a href="#${id}">${labels[id] ?? ''}: ${t(c.lang, errors[id].key, { name: c.tenant.name, ...errors[id].vars })}</a></li>`,
  )}</ul></div>`;
}

function attributeInput(c: ReportsPageCtx, f: ReportFieldDef, given: string[], errors: ReportFormErrors): Html {
  const id = fieldId(f.code);
  const name = `attr.${f.code}`;
  const hintId = f.description ? `${id}-hint` : undefined;
  const label = html`${f.label}${f.required ? '' : html` ${t(c.lang, 'reports.optional')}`}`;
  const hint = f.description ? html`<br><span class="hint" id="${hintId}">${f.description}</span>` : '';
  const v = given[0] ?? '';
  const req = f.required ? html` required` : '';
  if (f.datatype === 'multivaluelist')
    return html`<fieldset id="${id}" tabindex="-1"${described(errors, id, hintId)}><legend>${label}</legend>${hint}${(f.values ?? []).map(
      (o, i) =>
        html`<p><input type="checkbox" id="${id}-${i}" name="${name}" value="${o.key}"${given.includes(o.key) ? html` checked` : ''}> <label for="${id}-${i}">${o.name}</label></p>`,
    )}</fieldset>${errorOf(c, errors, id)}`;
  let control: Html;
  if (f.datatype === 'singlevaluelist')
    control = html`<select id="${id}" name="${name}"${req}${described(errors, id, hintId)}><option value="">${t(c.lang, 'reports.categoryChoose')}</option>${(
      f.values ?? []
    ).map((o) => html`<option value="${o.key}"${o.key === v ? html` selected` : ''}>${o.name}</option>`)}</select>`;
  else if (f.datatype === 'text')
    control = html`<textarea id="${id}" name="${name}" rows="3" cols="60" maxlength="1000"${req}${described(errors, id, hintId)}>${v}</textarea>`;
  else {
    const attrs = html` id="${id}" name="${name}" value="${v}"${req}${described(errors, id, hintId)}`;
    if (f.datatype === 'number') control = html`<input type="text" inputmode="decimal" maxlength="30"${attrs}>`;
    else if (f.datatype === 'datetime') control = html`<input type="date"${attrs}>`;
    else control = html`<input type="text" maxlength="1000"${attrs}>`;
  }
  return html`<p><label for="${id}">${label}</label>${hint}<br>${control}</p>${errorOf(c, errors, id)}`;
}

function categoryBlock(c: ReportsPageCtx, d: FormPageData, v: ReportFormValues, errors: ReportFormErrors): Html {
  const { lang } = c;
  const chosen = d.categories.find((cat) => cat.code === v.category);
  return html`<p><label for="category">${t(lang, 'reports.category')}</label><br><span class="hint" id="category-hint">${t(lang, 'reports.nextHint')}</span><br>
<select id="category" name="category" required${described(errors, 'category', 'category-hint')}><option value="">${t(lang, 'reports.categoryChoose')}</option>
${d.categories.map((cat) => html`<option value="${cat.code}" data-fields="${cat.fields.length}"${cat.code === v.category ? html` selected` : ''}>${cat.name}</option>`)}</select>
<button type="submit" id="category-next" name="step" value="category" formmethod="get" formaction="${reportsHref(c, 'reports/new')}" formnovalidate>${t(lang, 'reports.next')}</button></p>
${errorOf(c, errors, 'category')}
<details class="category-help"><summary>${t(lang, 'reports.categoryHelp')}</summary><dl>${d.categories.map(
    (cat) => html`<dt>${cat.name}</dt><dd>${cat.description || '–'}</dd>`,
  )}</dl></details>
${chosen?.fields.length ? html`<fieldset class="category-fields"><legend>${chosen.name}</legend>${chosen.fields.map((f) => attributeInput(c, f, v.attributes[f.code] ?? [], errors))}</fieldset>` : ''}`;
}

function locationBlock(c: ReportsPageCtx, d: FormPageData, v: ReportFormValues, errors: ReportFormErrors): Html {
  const { lang } = c;
  const pinned = v.lat && v.lng && !errors.street;
  return html`<fieldset class="report-location"><legend>${t(lang, 'reports.locationTitle')}</legend>
<div class="report-map-tools" hidden><p class="hint" id="map-hint">${t(lang, 'reports.mapHint')}</p>
<p><button type="button" id="locate-me">${t(lang, 'reports.locateMe')}</button></p>
<p><label for="address-search">${t(lang, 'reports.addressSearch')}</label><br><input id="address-search" type="search" autocomplete="off" maxlength="100" aria-controls="address-results"></p>
<ul id="address-results" class="address-results" aria-live="polite"></ul>
<p id="pin-status" class="hint" aria-live="polite"></p></div>
<div id="report-map" class="report-map" role="application" aria-label="${t(lang, 'reports.mapLabel')}" aria-describedby="map-hint" hidden${mapAttributes(c, d.centre)}></div>
<input type="hidden" id="lat" name="lat" value="${v.lat}"><input type="hidden" id="lng" name="lng" value="${v.lng}">
${pinned ? html`<p class="hint" id="pin-kept">${t(lang, 'reports.pinKept', { lat: v.lat, lng: v.lng })}</p>` : ''}
<p class="hint" id="street-hint">${t(lang, 'reports.locationHint')}</p>
<p><label for="street">${t(lang, 'reports.street')}</label><br>
<select id="street" name="street"${described(errors, 'street', 'street-hint')}><option value="">${t(lang, 'reports.streetChoose')}</option>
${d.streets.map((s) => html`<option value="${s.id}"${s.id === v.street ? html` selected` : ''}>${s.label}</option>`)}</select></p>
<p><label for="house-number">${t(lang, 'reports.houseNumber')}</label><br><input id="house-number" name="houseNumber" type="text" maxlength="20" size="6" value="${v.houseNumber}"></p>
${errorOf(c, errors, 'street')}
</fieldset>`;
}

function contactBlock(c: ReportsPageCtx, d: FormPageData, v: ReportFormValues, errors: ReportFormErrors): Html {
  const { lang } = c;
  const anonymous = html`<p><input type="checkbox" id="anonymous" name="anonymous" value="yes"${v.anonymous ? html` checked` : ''} aria-describedby="anonymous-hint"> <label for="anonymous">${t(lang, 'reports.anonymous')}</label><br>
<span class="hint" id="anonymous-hint">${t(lang, 'reports.anonymousHint')}</span></p>`;
  if (d.asResident)
    return html`<fieldset><legend>${t(lang, 'reports.contactTitle')}</legend><p>${t(lang, 'reports.signedIn', { name: c.tenant.name })}</p>${anonymous}</fieldset>`;
  const privacy = html`<a href="${reportsHref(c, 'datenschutz')}">${t(lang, 'reports.privacy')}</a>`;
  return html`<fieldset><legend>${t(lang, 'reports.contactTitle')}</legend>
<p class="hint" id="contact-hint">${t(lang, 'reports.contactHint')}</p>
<p><label for="contact-email">${t(lang, 'reports.email')}</label><br><input id="contact-email" name="email" type="email" autocomplete="email" maxlength="254" value="${v.email}"${described(errors, 'contact-email', 'contact-hint')}></p>
${errorOf(c, errors, 'contact-email')}
<p><label for="contact-phone">${t(lang, 'reports.phone')}</label><br><input id="contact-phone" name="phone" type="tel" autocomplete="tel" maxlength="32" value="${v.phone}"${described(errors, 'contact-phone', 'contact-hint')}></p>
${errorOf(c, errors, 'contact-phone')}
<p><input type="checkbox" id="consent" name="consent" value="yes"${v.consent ? html` checked` : ''}${described(errors, 'consent')}> <label for="consent">${t(lang, 'reports.consent', { name: c.tenant.name })}</label> ${privacy}</p>
${errorOf(c, errors, 'consent')}
${anonymous}</fieldset>`;
}

export function reportFormPage(c: ReportsPageCtx, d: FormPageData, v: ReportFormValues, errors: ReportFormErrors): string {
  const { lang } = c;
  const heading = t(lang, 'reports.newTitle');
  const labels: Record<string, Html | string> = {
    category: t(lang, 'reports.category'),
    description: t(lang, 'reports.description'),
    street: t(lang, 'reports.locationTitle'),
    photos: t(lang, 'reports.photos'),
    'contact-email': t(lang, 'reports.email'),
    'contact-phone': t(lang, 'reports.phone'),
    consent: t(lang, 'reports.contactTitle'),
  };
  for (const f of d.categories.find((cat) => cat.code === v.category)?.fields ?? []) labels[fieldId(f.code)] = f.label;
  const notice = d.notice ? html`<p class="form-error" role="alert">${t(lang, d.notice)}</p>` : errorSummary(c, errors, labels);
  return reportsShell(
    c,
    heading,
    html`<h1>${heading}</h1>
<p>${t(lang, 'reports.newIntro', { name: c.tenant.name })}</p>
${notice}
<form id="report-form" method="post" action="${reportsHref(c, 'reports')}" enctype="multipart/form-data" class="resident-form report-form" novalidate>
<button type="submit" class="default-submit" tabindex="-1" aria-hidden="true">${t(lang, 'reports.submit')}</button>
${categoryBlock(c, d, v, errors)}
<p><label for="description">${t(lang, 'reports.description')}</label><br><span class="hint" id="description-hint">${t(lang, 'reports.descriptionHint')}</span><br>
<textarea id="description" name="description" rows="6" cols="60" required${described(errors, 'description', 'description-hint')}>${v.description}</textarea></p>
${errorOf(c, errors, 'description')}
${locationBlock(c, d, v, errors)}
<div id="nearby" class="nearby" aria-live="polite" hidden></div>
<p><label for="photos">${t(lang, 'reports.photosLabel')}</label><br><span class="hint" id="photos-hint">${t(lang, 'reports.photosHint')}</span><br>
${d.photosDropped ? html`<span class="hint photos-again" id="photos-again">${t(lang, 'reports.photosAgain')}</span><br>` : ''}
<input id="photos" name="photos" type="file" accept="image/*" multiple${described(errors, 'photos', d.photosDropped ? 'photos-hint photos-again' : 'photos-hint')}></p>
${errorOf(c, errors, 'photos')}
${contactBlock(c, d, v, errors)}
${v.confirmNew ? html`<input type="hidden" name="confirmNew" value="yes">` : ''}
<div class="hp"><label for="website">${t(lang, 'honeypotLabel')}</label><input id="website" name="website" type="text" tabindex="-1" autocomplete="off"></div>
<p><button type="submit" id="report-submit">${t(lang, 'reports.submit')}</button></p>
</form>
${jsonData('reports-texts', {
  nearbyTitle: t(lang, 'reports.nearbyTitle').value,
  nearbyIntro: t(lang, 'reports.nearbyIntro').value,
  addressNone: t(lang, 'reports.addressNone').value,
  locateFailed: t(lang, 'reports.locateFailed').value,
  pinSet: t(lang, 'reports.pinSet').value,
})}
${mapAssets()}`,
  );
}

export interface NearbyReport {
  number: number;
  distanceM: number;
  description: string;
  status: ReportStatus;
}

/** The values as hidden fields: the "report anyway" form sends them again (photos must be chosen again). */
function hiddenValues(v: ReportFormValues): Html {
  const pairs: Array<[string, string]> = [
    ['category', v.category],
    ['description', v.description],
    ['lat', v.lat],
    ['lng', v.lng],
    ['street', v.street],
    ['houseNumber', v.houseNumber],
    ['email', v.email],
    ['phone', v.phone],
    ['anonymous', v.anonymous ? 'yes' : ''],
    ['consent', v.consent ? 'yes' : ''],
  ];
  for (const [code, list] of Object.entries(v.attributes)) for (const one of list) pairs.push([`attr.${code}`, one]);
  return html`${pairs.filter(([, val]) => val !== '').map(([name, val]) => html`<input type="hidden" name="${name}" value="${val}">`)}`;
}

export function nearbyPage(c: ReportsPageCtx, v: ReportFormValues, nearby: NearbyReport[], asResident: boolean): string {
  const { lang } = c;
  const heading = t(lang, 'reports.nearbyTitle');
  const follow = (n: NearbyReport) =>
    html`<form method="post" action="${reportsHref(c, `reports/${n.number}/follow`)}" class="follow-nearby">
${!asResident && v.email && !v.anonymous ? html`<input type="hidden" name="email" value="${v.email}"><input type="hidden" name="consent" value="${v.consent ? 'yes' : ''}">` : ''}
${!asResident && !v.email && v.phone && !v.anonymous ? html`<input type="hidden" name="phone" value="${v.phone}"><input type="hidden" name="consent" value="${v.consent ? 'yes' : ''}">` : ''}
<button type="submit">${t(lang, 'reports.followButton')}</button></form>`;
  return reportsShell(
    c,
    heading,
    html`<h1>${heading}</h1>
<p>${t(lang, 'reports.nearbyIntro')}</p>
<ol class="report-list nearby-list">${nearby.map(
      (n) => html`<li class="report-item" data-number="${n.number}"><h2>${t(lang, 'reports.number', { number: String(n.number) })}</h2>
<p class="report-meta">${statusText(lang, n.status)} · ${t(lang, 'reports.nearbyDistance', { distance: String(Math.round(n.distanceM)) })}</p>
<p class="report-excerpt">${n.description}</p>
<p><a href="${reportsHref(c, `reports/${n.number}`)}">${t(lang, 'reports.nearbyView')}</a></p>
${asResident || ((v.email || v.phone) && !v.anonymous) ? follow(n) : html`<p><a href="${reportsHref(c, `reports/${n.number}`, {})}#follow-title">${t(lang, 'reports.followButton')}</a></p>`}</li>`,
    )}</ol>
<form id="report-form" method="post" action="${reportsHref(c, 'reports')}" enctype="multipart/form-data" class="resident-form">
${hiddenValues(v)}<input type="hidden" name="confirmNew" value="yes">
<p><label for="photos">${t(lang, 'reports.photosLabel')}</label><br><span class="hint" id="photos-hint">${t(lang, 'reports.photosHint')}</span><br>
<input id="photos" name="photos" type="file" accept="image/*" multiple aria-describedby="photos-hint"></p>
<p class="hint">${t(lang, 'reports.nearbyNewHint')}</p>
<p><button type="submit" id="report-submit">${t(lang, 'reports.nearbyNew')}</button></p>
</form>`,
  );
}

export function filedPage(c: ReportsPageCtx, number: number | null, withContact: boolean, publicPage: boolean): string {
  const { lang } = c;
  const heading = t(lang, 'reports.filedTitle');
  return reportsShell(
    c,
    heading,
    html`<h1>${heading}</h1>
${number !== null ? html`<p role="status">${t(lang, 'reports.filedText')} <strong id="report-number">${number}</strong></p>` : html`<p role="status">${t(lang, 'reports.filedText')}</p>`}
<p>${t(lang, withContact ? 'reports.filedContact' : 'reports.filedAnonymous')}</p>
${number !== null && publicPage ? html`<p><a id="report-link" href="${reportsHref(c, `reports/${number}`)}">${t(lang, 'reports.filedLink')}</a></p>` : ''}
<p><a href="${reportsHref(c, 'reports/new')}">${t(lang, 'reports.another')}</a></p>`,
  );
}

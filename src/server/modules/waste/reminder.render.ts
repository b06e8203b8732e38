// The reminder page /m/{tenant}/waste/reminder: a plain form (no JavaScript) for the signed-in resident, errors next
// to the fields with the values kept, and for everyone else a sign-in link that comes back here.
import type { WasteReminderDay } from '../../../common/states.ts';
import { html, type Html, portalHref, type PortalPageCtx, renderPortalPage, t, type TextKey } from '../portal/index.ts';
import type { ReminderChannel, ReminderView } from './reminders.service.ts';

export type ReminderPageCtx = PortalPageCtx;

/** The form as the resident filled it in (strings, so a wrong value comes back as typed). */
export interface ReminderFormValues {
  street: string;
  types: string[];
  day: WasteReminderDay | '';
  time: string;
  active: boolean;
}

export type ReminderField = 'street' | 'types' | 'day' | 'time';
export type ReminderErrors = Partial<Record<ReminderField, TextKey>>;

export const REMINDER_PATH = 'waste/reminder';

export const hrefOf = portalHref;

function shell(c: ReminderPageCtx, main: Html): string {
  const heading = t(c.lang, 'waste.reminder.title');
  return renderPortalPage(c, heading, html`<h1>${heading}</h1>${main}<p><a href="${hrefOf(c, 'waste')}">${t(c.lang, 'waste.reminder.calendarLink')}</a></p>`);
}

/** For a visitor who is not signed in (or does not follow this municipality): sign in, then come back here. */
export function signInPage(c: ReminderPageCtx): string {
  const back = `/m/${c.tenant.slug}/${REMINDER_PATH}`;
  return shell(
    c,
    html`<p>${t(c.lang, 'waste.reminder.signInText')}</p>
<p><a class="button" href="${hrefOf(c, 'login', { next: back })}">${t(c.lang, 'loginLink')}</a></p>
<p>${t(c.lang, 'waste.reminder.registerText')} <a href="${hrefOf(c, 'register')}">${t(c.lang, 'registerLink')}</a></p>`,
  );
}

/** A page that only says something (no streets or no types yet, a refused post). */
export function noticePage(c: ReminderPageCtx, key: TextKey): string {
  return shell(c, html`<p class="notice">${t(c.lang, key)}</p>`);
}

const checked = (on: boolean) => (on ? html` checked` : '');
const errorOf = (c: ReminderPageCtx, errors: ReminderErrors, field: ReminderField) =>
  errors[field] ? html`<p class="field-error" id="${field}-error">${t(c.lang, errors[field])}</p>` : '';
const invalid = (errors: ReminderErrors, field: ReminderField, hint?: string) =>
  errors[field] ? html` aria-invalid="true" aria-describedby="${hint ? `${hint} ` : ''}${field}-error"` : hint ? html` aria-describedby="${hint}"` : '';

function channelNote(c: ReminderPageCtx, channel: ReminderChannel | null): Html {
  const text = !channel
    ? t(c.lang, 'waste.reminder.channelNone')
    : t(c.lang, channel.channel === 'sms' ? 'waste.reminder.channelSms' : 'waste.reminder.channelEmail', { shown: channel.shown });
  return html`<p id="reminder-channel">${text} <a href="${hrefOf(c, 'settings')}">${t(c.lang, 'waste.reminder.channelChange')}</a></p>`;
}

/** The form with the resident's values (or what they sent), the errors next to their fields, and a notice on top. */
export function reminderFormPage(
  c: ReminderPageCtx,
  view: ReminderView,
  v: ReminderFormValues,
  errors: ReminderErrors,
  notice?: 'waste.reminder.saved' | 'waste.reminder.savedOff' | 'waste.reminder.errLimited',
): string {
  const { lang } = c;
  if (!view.streets.length) return noticePage(c, 'waste.reminder.noStreets');
  if (!view.types.length) return noticePage(c, 'waste.reminder.noTypes');
  const day = (value: WasteReminderDay, key: TextKey) =>
    html`<li><input type="radio" id="day-${value}" name="day" value="${value}"${checked(v.day === value)}> <label for="day-${value}">${t(lang, key)}</label></li>`;
  const failed = Object.keys(errors).length > 0;
  return shell(
    c,
    html`<p>${t(lang, 'waste.reminder.intro')}</p>
${notice ? html`<p class="notice" role="${notice === 'waste.reminder.errLimited' ? 'alert' : 'status'}" id="reminder-notice">${t(lang, notice)}</p>` : ''}
${failed ? html`<p class="form-error" role="alert">${t(lang, 'errorSummary')}</p>` : ''}
${channelNote(c, view.channel)}
<form method="post" action="${hrefOf(c, REMINDER_PATH)}" class="resident-form" novalidate>
<p><label for="street">${t(lang, 'waste.reminder.street')}</label><br>
<select id="street" name="street"${invalid(errors, 'street')}><option value="">${t(lang, 'waste.reminder.streetChoose')}</option>${view.streets.map(
      (s) => html`<option value="${s.id}"${v.street === s.id ? html` selected` : ''}>${s.label}</option>`,
    )}</select></p>
${errorOf(c, errors, 'street')}
<fieldset${invalid(errors, 'types', 'types-hint')}><legend>${t(lang, 'waste.reminder.types')}</legend>
<p class="hint" id="types-hint">${t(lang, 'waste.reminder.typesHint')}</p>
<ul class="choices">${view.types.map(
      (ty) =>
        html`<li><input type="checkbox" id="type-${ty.id}" name="types" value="${ty.id}"${checked(v.types.includes(ty.id))}> <label for="type-${ty.id}">${ty.name}</label></li>`,
    )}</ul>
${errorOf(c, errors, 'types')}
</fieldset>
<fieldset${invalid(errors, 'day')}><legend>${t(lang, 'waste.reminder.when')}</legend>
<ul class="choices">${day('day_before', 'waste.reminder.dayBefore')}${day('same_day', 'waste.reminder.sameDay')}</ul>
${errorOf(c, errors, 'day')}
</fieldset>
<p><label for="time">${t(lang, 'waste.reminder.time')}</label><br><span class="hint" id="time-hint">${t(lang, 'waste.reminder.timeHint')}</span><br>
<input id="time" name="time" type="time" value="${v.time}"${invalid(errors, 'time', 'time-hint')}></p>
${errorOf(c, errors, 'time')}
<p><input type="checkbox" id="active" name="active" value="on"${checked(v.active)} aria-describedby="active-hint"> <label for="active">${t(lang, 'waste.reminder.active')}</label><br>
<span class="hint" id="active-hint">${t(lang, 'waste.reminder.activeHint')}</span></p>
<p><button type="submit">${t(lang, 'waste.reminder.save')}</button></p>
</form>`,
  );
}

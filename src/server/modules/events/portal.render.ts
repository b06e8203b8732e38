// The portal's event pages as plain HTML (every value escaped; works without JavaScript): the list with the next
// dates, and an event's page with its image, dates, place (address and coordinates as text: no third-party map),
// organiser, places left, the calendar link and the resident's answer form with where they stand.
import type { RsvpAnswer } from '../../../common/states.ts';
import { type Html, html, paragraphs, portalHref, type PortalPageCtx, renderPortalPage, t, type TextKey } from '../portal/index.ts';
import type { EventPageData, ListedEvent } from './portal.data.ts';
import type { EventRow, Occurrence } from './rsvp.occurrences.ts';
import { RSVP_PERSONS, type RsvpRefusal } from './rsvp.service.ts';
import { dateFormat } from '../../../common/date-format.ts';

export type EventsPageCtx = PortalPageCtx;

/** A link inside the tenant's portal, keeping ?lang= when the language was chosen. */
export const eventsHref = (c: EventsPageCtx, path: string) => portalHref(c, path);

const shell = renderPortalPage;

const locale = (c: EventsPageCtx) => (c.lang === 'en' ? 'en-GB' : 'de-DE');

/** An occurrence in the event's zone: date and time span, or the date alone for an all-day event. */
function dateText(c: EventsPageCtx, event: Pick<EventRow, 'timeZone' | 'allDay'>, o: Occurrence): Html {
  const timeZone = event.timeZone || c.tenant.timeZone;
  const day = dateFormat(locale(c), { dateStyle: 'full', timeZone });
  if (event.allDay) return html`<time datetime="${o.start.toISOString()}">${day.format(o.start)}</time>`;
  const time = dateFormat(locale(c), { timeStyle: 'short', timeZone });
  const sameDay = day.format(o.start) === day.format(o.end);
  const end = sameDay ? time.format(o.end) : `${day.format(o.end)}, ${time.format(o.end)}`;
  return html`<time datetime="${o.start.toISOString()}">${day.format(o.start)}, ${time.format(o.start)}</time> – ${end}`;
}

const cancelledMark = (c: EventsPageCtx) => html` <strong class="badge">${t(c.lang, 'events.cancelled')}</strong>`;

export function eventListPage(c: EventsPageCtx, list: ListedEvent[]): string {
  const items = list.map(
    ({
      event,
      dates,
    }) => html`<li class="event-item"><h2><a href="${eventsHref(c, `events/${event.id}`)}">${event.title}</a>${event.status === 'cancelled' ? cancelledMark(c) : ''}</h2>
<p>${dateText(c, event, dates[0])}${event.rrule ? html`<br>${t(c.lang, 'events.recurring')}: ${dates.slice(1).map((d, i) => html`${i ? ', ' : ''}${dateText(c, event, d)}`)}` : ''}${event.placeName ? html`<br>${event.placeName}` : ''}</p></li>
`,
  );
  const main = html`<h1>${t(c.lang, 'eventsTitle')}</h1>
<p>${t(c.lang, 'events.listIntro')}</p>
${list.length ? html`<ul class="event-list">${items}</ul>` : html`<p>${t(c.lang, 'events.listEmpty')}</p>`}
<p><a href="/m/${c.tenant.slug}/events.ics">${t(c.lang, 'events.calendarFeed')}</a></p>`;
  return shell(c, t(c.lang, 'eventsTitle'), main);
}

export interface RsvpFormState {
  /** The notice above the form: saved, or the reason an answer was refused. */
  notice?: { kind: 'saved' } | { kind: 'refused'; code: RsvpRefusal | 'answer' };
  values?: { answer: RsvpAnswer | ''; persons: string };
}

function standingText(c: EventsPageCtx, d: EventPageData): Html {
  const s = d.standing;
  if (!s) return html``;
  if (s.state === 'confirmed')
    return html`<p class="rsvp-state" data-state="confirmed"><strong>${t(c.lang, 'events.state.confirmed', { persons: String(s.persons) })}</strong></p>`;
  if (s.state === 'waitlisted')
    return html`<p class="rsvp-state" data-state="waitlisted"><strong>${t(c.lang, 'events.state.waitlisted', { position: String(s.waitlistPosition ?? 1) })}</strong><br>${t(c.lang, 'events.state.waitlistedHint')}</p>`;
  return html`<p class="rsvp-state" data-state="${s.answer}"><strong>${t(c.lang, s.answer === 'maybe' ? 'events.state.maybe' : 'events.state.no')}</strong></p>`;
}

function noticeOf(c: EventsPageCtx, form: RsvpFormState): Html {
  const n = form.notice;
  if (!n) return html``;
  if (n.kind === 'saved') return html`<p class="notice" role="status">${t(c.lang, 'events.saved')}</p>`;
  const key = `events.refused.${n.code}` as TextKey;
  return html`<p class="error" role="alert" id="rsvp-error">${t(c.lang, key, { max: String(RSVP_PERSONS.max) })}</p>`;
}

function rsvpForm(c: EventsPageCtx, d: EventPageData, form: RsvpFormState): Html {
  const current = form.values ?? { answer: d.standing?.answer ?? '', persons: String(d.standing?.persons ?? 1) };
  const radio = (a: RsvpAnswer) =>
    html`<label><input type="radio" name="answer" value="${a}"${current.answer === a ? html` checked` : ''} required> ${t(c.lang, `events.answer.${a}` as TextKey)}</label> `;
  const invalid = form.notice?.kind === 'refused' && form.notice.code === 'persons_out_of_range';
  return html`<form method="post" action="${eventsHref(c, `events/${d.event.id}/rsvp`)}" class="resident-form" novalidate>
<fieldset><legend>${t(c.lang, 'events.answerLegend')}</legend>${radio('yes')}${radio('no')}${radio('maybe')}</fieldset>
<p><label for="persons">${t(c.lang, 'events.persons')}</label><br><span class="hint" id="persons-hint">${t(c.lang, 'events.personsHint', { max: String(RSVP_PERSONS.max) })}</span><br>
<input id="persons" name="persons" type="number" inputmode="numeric" min="${RSVP_PERSONS.min}" max="${RSVP_PERSONS.max}" value="${current.persons}" aria-describedby="persons-hint${invalid ? ' rsvp-error' : ''}"${invalid ? html` aria-invalid="true"` : ''}></p>
<p><button type="submit">${t(c.lang, 'events.submit')}</button></p>
</form>`;
}

function rsvpSection(c: EventsPageCtx, d: EventPageData, form: RsvpFormState): Html {
  const { event } = d;
  let body: Html;
  if (event.status === 'cancelled') body = html``;
  else if (!event.rsvpEnabled) body = html`<p>${t(c.lang, 'events.rsvpClosed')}</p>`;
  else if (!d.dates.length) body = html`<p>${t(c.lang, 'events.rsvpOver')}</p>`;
  else if (!c.signedIn) {
    const back = encodeURIComponent(`/m/${c.tenant.slug}/events/${event.id}`);
    const login = html`<a href="/m/${c.tenant.slug}/login?next=${back}${c.explicit ? `&lang=${c.lang}` : ''}">${t(c.lang, 'events.rsvpSignInLink')}</a>`;
    const register = html`<a href="${eventsHref(c, 'register')}">${t(c.lang, 'registerLink')}</a>`;
    body = html`<p>${t(c.lang, 'events.rsvpSignIn', { link: login })}<br>${t(c.lang, 'events.rsvpRegister', { link: register })}</p>`;
  } else body = html`${noticeOf(c, form)}${standingText(c, d)}${rsvpForm(c, d, form)}`;
  if (event.status === 'cancelled') return html``;
  return html`<section aria-labelledby="rsvp-title"><h2 id="rsvp-title">${t(c.lang, 'events.rsvpTitle')}</h2>${body}</section>`;
}

function placeBlock(c: EventsPageCtx, event: EventRow): Html {
  const coords =
    event.lat !== null && event.lng !== null ? html`<br>${t(c.lang, 'events.coordinates', { lat: event.lat.toFixed(5), lng: event.lng.toFixed(5) })}` : '';
  if (!event.placeName && !event.address && !coords) return html``;
  return html`<dt>${t(c.lang, 'events.where')}</dt><dd>${event.placeName}${event.placeName && event.address ? html`<br>` : ''}${event.address}${coords}</dd>`;
}

function capacityText(c: EventsPageCtx, d: EventPageData): Html {
  if (d.event.status === 'cancelled' || !d.event.rsvpEnabled) return html``;
  if (d.event.capacity === null) return html`<p>${t(c.lang, 'events.noLimit')}</p>`;
  if (!d.placesLeft) return html`<p class="places" data-places="0">${t(c.lang, 'events.full')}</p>`;
  return html`<p class="places" data-places="${d.placesLeft}">${t(c.lang, 'events.placesLeft', { left: String(d.placesLeft), capacity: String(d.event.capacity) })}</p>`;
}

/** The event's image (stored re-encoded, without metadata), served by ical.routes.ts. */
function imageBlock(c: EventsPageCtx, event: EventRow): Html {
  if (!event.imageType) return html``;
  return html`<p class="event-image"><img src="/m/${c.tenant.slug}/events/${event.id}/image.jpg" alt="${t(c.lang, 'events.imageAlt', { title: event.title })}"></p>`;
}

export function eventDetailPage(c: EventsPageCtx, d: EventPageData, form: RsvpFormState = {}): string {
  const { event } = d;
  const cancelled =
    event.status === 'cancelled'
      ? html`<p class="warning" role="status"><strong>${t(c.lang, 'events.cancelledText')}</strong>${event.cancelReason ? html` ${t(c.lang, 'events.cancelledReason', { reason: event.cancelReason })}` : ''}</p>`
      : '';
  const when = d.dates.length
    ? event.rrule
      ? html`${t(c.lang, 'events.recurring')}. ${t(c.lang, 'events.nextDates')}:<ul>${d.dates.map((o) => html`<li>${dateText(c, event, o)}</li>`)}</ul>`
      : dateText(c, event, d.dates[0])
    : dateText(c, event, { start: event.startsAt, end: event.endsAt });
  const main = html`<h1>${event.title}${event.status === 'cancelled' ? cancelledMark(c) : ''}</h1>
${cancelled}
${imageBlock(c, event)}
<dl class="event-facts"><dt>${t(c.lang, 'events.when')}</dt><dd>${when}</dd>
${placeBlock(c, event)}<dt>${t(c.lang, 'events.organiser')}</dt><dd>${event.organiserName || c.tenant.name}</dd></dl>
${event.description ? paragraphs(event.description) : ''}
${capacityText(c, d)}
<p><a href="/m/${c.tenant.slug}/events/${event.id}.ics" download>${t(c.lang, 'events.addToCalendar')}</a></p>
${rsvpSection(c, d, form)}
<p><a href="${eventsHref(c, 'events')}">${t(c.lang, 'events.backToList')}</a></p>`;
  return shell(c, event.title, main);
}

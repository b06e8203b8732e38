// The portal's waste page as plain HTML (works without JavaScript; every value escaped): a street select, then the
// street's next dates per type with holiday shifts marked, on-request types with their info, the .ics and reminder links.
import type { WasteStreetCalendar } from '../../../common/contracts/waste.ts';
import { Html, html, type Lang, paragraphs, portalHref, type PortalPageCtx, renderPortalPage, t } from '../portal/index.ts';
import { dateFormat } from '../../../common/date-format.ts';

export type WastePageCtx = PortalPageCtx;

export interface WastePageData {
  streets: Array<{ id: string; name: string; postcode: string }>;
  selected: string | null;
  calendar: WasteStreetCalendar | null;
  /** The street came from the resident's subscription. */
  ownStreet: boolean;
  unknownStreet: boolean;
}

export const wasteHref = (c: WastePageCtx, path: string, query: Record<string, string> = {}) => portalHref(c, `waste${path}`, query);

const dayText = (lang: Lang, day: string) =>
  dateFormat(lang === 'en' ? 'en-GB' : 'de-DE', { weekday: 'short', day: '2-digit', month: '2-digit', year: 'numeric', timeZone: 'UTC' }).format(
    new Date(`${day}T00:00:00Z`),
  );
const shortDay = (day: string) => `${day.slice(8, 10)}.${day.slice(5, 7)}.`;

function streetForm(c: WastePageCtx, d: WastePageData): Html {
  if (!d.streets.length) return html`<p>${t(c.lang, 'waste.page.noStreets')}</p>`;
  const label = (s: WastePageData['streets'][number]) =>
    d.streets.filter((o) => o.name === s.name).length > 1 && s.postcode ? `${s.name} (${s.postcode})` : s.name;
  return html`<form method="get" action="${`/m/${c.tenant.slug}/waste`}" class="resident-form waste-street">
${c.explicit ? html`<input type="hidden" name="lang" value="${c.lang}">` : ''}
<p><label for="waste-street">${t(c.lang, 'waste.page.street')}</label>
<select id="waste-street" name="street" required><option value="">${t(c.lang, 'waste.page.choose')}</option>
${d.streets.map((s) => html`<option value="${s.id}"${s.id === d.selected ? html` selected` : ''}>${label(s)}</option>`)}
</select></p>
<p><button type="submit">${t(c.lang, 'waste.page.show')}</button></p>
</form>`;
}

function typeBlock(c: WastePageCtx, e: WasteStreetCalendar['types'][number]): Html {
  const { type } = e;
  const swatch = html`<span class="waste-swatch" aria-hidden="true" data-color="${type.color}"></span>`;
  const dates = type.onRequest
    ? html`<p><strong>${t(c.lang, 'waste.page.onRequest')}</strong></p>`
    : html`<ul class="waste-dates" aria-label="${t(c.lang, 'waste.page.nextDates')}">${e.next.map(
        (d) =>
          html`<li><time datetime="${d.day}">${dayText(c.lang, d.day)}</time>${
            d.shiftedFrom ? html` <span class="waste-shifted">(${t(c.lang, 'waste.page.shifted', { date: shortDay(d.shiftedFrom) })})</span>` : ''
          }${d.note ? html` – ${d.note}` : ''}</li>`,
      )}</ul>`;
  return html`<section class="waste-type" id="${`type-${type.code}`}"><h3>${swatch}${type.name}</h3>${dates}${type.info ? paragraphs(type.info) : ''}</section>`;
}

function calendarBlock(c: WastePageCtx, d: WastePageData, cal: WasteStreetCalendar): Html {
  return html`<section class="waste-calendar" aria-labelledby="waste-cal-title">
<h2 id="waste-cal-title">${t(c.lang, 'waste.page.calendarTitle', { street: cal.streetName })}</h2>
${d.ownStreet ? html`<p>${t(c.lang, 'waste.page.yourStreet')}</p>` : ''}
${cal.districtName ? html`<p>${t(c.lang, 'waste.page.district', { name: cal.districtName })}</p>` : ''}
${cal.types.length ? cal.types.map((e) => typeBlock(c, e)) : html`<p>${t(c.lang, 'waste.page.noDates')}</p>`}
<ul class="waste-links">
<li><a href="${`/m/${c.tenant.slug}/waste/${cal.streetId}.ics`}" type="text/calendar">${t(c.lang, 'waste.page.ics')}</a></li>
<li><a href="${wasteHref(c, '/reminder', { street: cal.streetId })}">${t(c.lang, 'waste.page.reminder')}</a></li>
</ul>
</section>`;
}

export function wastePage(c: WastePageCtx, d: WastePageData): string {
  const main = html`<h1>${t(c.lang, 'wasteTitle')}</h1>
<p>${t(c.lang, 'waste.page.intro')}</p>
${d.unknownStreet ? html`<p class="notice error" role="alert">${t(c.lang, 'waste.page.unknownStreet')}</p>` : ''}
${d.calendar ? calendarBlock(c, d, d.calendar) : ''}
${d.calendar ? html`<h2>${t(c.lang, 'waste.page.otherStreet')}</h2>` : ''}
${streetForm(c, d)}`;
  return renderPortalPage(c, d.calendar ? d.calendar.streetName : t(c.lang, 'wasteTitle'), main);
}

export { Html };

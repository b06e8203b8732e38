// Pure helpers of Veranstaltungen (tested in format.test.ts): dates in the event's own time zone (a clerk in another
// zone still sees the time residents see), the answers column, and which list or page a console path names.
import type { AttendeeRow, EventCounts } from '../../../../common/contracts/events.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const EVENT_LISTS = ['upcoming', 'past', 'drafts'] as const;
export type EventListName = (typeof EVENT_LISTS)[number];
export const EVENT_PAGES = ['edit', 'attendees', 'checkin'] as const;
export type EventPageName = (typeof EVENT_PAGES)[number];

export type EventsView = { view: 'list'; list: EventListName } | { view: 'new' } | { view: 'detail'; id: string } | { view: EventPageName; id: string };

/** The route's `sub` (after /events): null, 'past', 'drafts', 'new', '<id>', '<id>/edit|attendees|checkin'. */
export function parseEventsView(sub: string | null): EventsView | null {
  if (sub === null) return { view: 'list', list: 'upcoming' };
  const [first, second, ...more] = sub.split('/').map(decodeURIComponent);
  if (more.length || !first) return null;
  if (second === undefined) {
    if (first === 'new') return { view: 'new' };
    if (first === 'past' || first === 'drafts') return { view: 'list', list: first };
    return UUID.test(first) ? { view: 'detail', id: first } : null;
  }
  return UUID.test(first) && (EVENT_PAGES as readonly string[]).includes(second) ? { view: second as EventPageName, id: first } : null;
}

/** The list's API query: upcoming and past of every status but drafts, which have their own list. */
export function listQuery(list: EventListName, q: string): URLSearchParams {
  const query = new URLSearchParams(list === 'drafts' ? { status: 'draft', when: 'all' } : { when: list });
  if (q.trim()) query.set('q', q.trim());
  return query;
}

interface Span {
  startsAt: string;
  endsAt: string;
  timeZone: string;
  allDay: boolean;
  /** For an all-day event: its last day (yyyy-mm-dd) when known (the list and detail have it; occurrences do not). */
  endsLocal?: string;
}

const tag = (locale: string) => (locale === 'en' ? 'en-GB' : 'de-DE');

/**
 * "Di., 1. Dez. 2026, 18:00–20:00" in the event's zone; a span over days names both; an all-day event only its days.
 * With `viewerZone`, the zone's name is added where it is not the viewer's own.
 */
export function spanText(e: Span, locale: string, viewerZone?: string): string {
  const zone = safeZone(e.timeZone);
  const dayOptions: Intl.DateTimeFormatOptions = { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric' };
  const day = new Intl.DateTimeFormat(tag(locale), { ...dayOptions, timeZone: zone });
  const time = new Intl.DateTimeFormat(tag(locale), { hour: '2-digit', minute: '2-digit', timeZone: zone });
  const start = new Date(e.startsAt);
  const end = new Date(e.endsAt);
  if (e.allDay) {
    const first = day.format(start);
    const localEnd = e.endsLocal && /^\d{4}-\d{2}-\d{2}$/.test(e.endsLocal) ? new Date(`${e.endsLocal}T12:00:00Z`) : null;
    const last = localEnd ? new Intl.DateTimeFormat(tag(locale), { ...dayOptions, timeZone: 'UTC' }).format(localEnd) : first;
    return first === last ? first : `${first} – ${last}`;
  }
  const text =
    day.format(start) === day.format(end)
      ? `${day.format(start)}, ${time.format(start)}–${time.format(end)}`
      : `${day.format(start)}, ${time.format(start)} – ${day.format(end)}, ${time.format(end)}`;
  return viewerZone && viewerZone !== zone ? `${text} (${zone})` : text;
}

function safeZone(zone: string): string {
  try {
    new Intl.DateTimeFormat('de-DE', { timeZone: zone });
    return zone;
  } catch {
    return 'UTC';
  }
}

/** The browser's own zone (the console's default for a new event until the municipality's is loaded). */
export const browserZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone;

/** Every zone the browser knows, the given ones first when they are missing (an old browser, a stored zone). */
export function zoneChoices(...keep: string[]): string[] {
  const all = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
  return [...new Set([...keep.filter(Boolean), ...all])].sort((a, b) => a.localeCompare(b));
}

/** "12 / 30" (persons holding a place / capacity), "12" without a limit. */
export const placesText = (c: EventCounts, capacity: number | null) => (capacity === null ? String(c.confirmedPersons) : `${c.confirmedPersons} / ${capacity}`);

/** A whole number typed by staff, or null for empty; NaN for anything else (the form says what is wrong). */
export function wholeNumber(text: string): number | null {
  const s = text.trim();
  if (!s) return null;
  return /^\d{1,7}$/.test(s) ? Number(s) : Number.NaN;
}

/** A latitude or longitude typed with a point or a comma, or null. */
export function coordinate(text: string): number | null {
  const s = text.trim().replace(',', '.');
  return /^-?\d{1,3}(\.\d+)?$/.test(s) ? Number(s) : null;
}

const CHECKIN_ORDER: Record<AttendeeRow['state'], number> = { confirmed: 0, none: 1, waitlisted: 2 };

/** The check-in list: answers that may come (not "no"), those holding a place first, then by name; filtered by a part of the name. */
export function checkinRows(items: readonly AttendeeRow[], query: string): AttendeeRow[] {
  const q = query.trim().toLocaleLowerCase('de');
  return items
    .filter((r) => r.answer !== 'no' && (!q || r.name.toLocaleLowerCase('de').includes(q)))
    .sort((a, b) => CHECKIN_ORDER[a.state] - CHECKIN_ORDER[b.state] || a.name.localeCompare(b.name, 'de'));
}

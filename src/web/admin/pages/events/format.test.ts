import { describe, expect, it } from 'vitest';
import { coordinate, listQuery, parseEventsView, placesText, spanText, wholeNumber } from './format.ts';

const ID = '0b8f2d0e-2f4c-4a53-9d4e-2b1a7c3e9f10';
const counts = { yes: 4, no: 1, maybe: 2, confirmedPersons: 7, waitlisted: 1, placesLeft: 3, checkedInPersons: 0 };

describe('Veranstaltungen in the console', () => {
  it('each console address opens its list or page, and nothing else', () => {
    expect(parseEventsView(null)).toEqual({ view: 'list', list: 'upcoming' });
    expect(parseEventsView('past')).toEqual({ view: 'list', list: 'past' });
    expect(parseEventsView('drafts')).toEqual({ view: 'list', list: 'drafts' });
    expect(parseEventsView('new')).toEqual({ view: 'new' });
    expect(parseEventsView(ID)).toEqual({ view: 'detail', id: ID });
    expect(parseEventsView(`${ID}/checkin`)).toEqual({ view: 'checkin', id: ID });
    expect(parseEventsView(`${ID}/attendees`)).toEqual({ view: 'attendees', id: ID });
    for (const bad of ['abc', `${ID}/delete`, `new/edit`, `${ID}/edit/x`, '']) expect(parseEventsView(bad)).toBeNull();
  });

  it('drafts are their own list; upcoming and past ask by time', () => {
    expect(listQuery('drafts', '').toString()).toBe('status=draft&when=all');
    expect(listQuery('upcoming', ' Markt ').toString()).toBe('when=upcoming&q=Markt');
    expect(listQuery('past', '').toString()).toBe('when=past');
  });

  it('shows the time residents see, in the event’s zone, and names the zone to a viewer elsewhere', () => {
    const e = { startsAt: '2026-12-01T17:00:00.000Z', endsAt: '2026-12-01T19:00:00.000Z', timeZone: 'Europe/Berlin', allDay: false };
    expect(spanText(e, 'de')).toBe('Di., 1. Dez. 2026, 18:00–20:00');
    expect(spanText(e, 'de', 'Europe/Berlin')).toBe('Di., 1. Dez. 2026, 18:00–20:00');
    expect(spanText(e, 'en', 'America/New_York')).toBe('Tue, 1 Dec 2026, 18:00–20:00 (Europe/Berlin)');
  });

  it('an all-day event shows its days, the last one included', () => {
    const fair = { startsAt: '2027-03-19T23:00:00.000Z', endsAt: '2027-03-21T23:00:00.000Z', timeZone: 'Europe/Berlin', allDay: true };
    expect(spanText({ ...fair, endsLocal: '2027-03-21' }, 'de')).toBe('Sa., 20. März 2027 – So., 21. März 2027');
    expect(spanText({ ...fair, endsLocal: '2027-03-20' }, 'de')).toBe('Sa., 20. März 2027');
  });

  it('answers read as persons holding a place out of the places', () => {
    expect(placesText(counts, 10)).toBe('7 / 10');
    expect(placesText(counts, null)).toBe('7');
  });

  it('numbers and coordinates typed by staff', () => {
    expect(wholeNumber('')).toBeNull();
    expect(wholeNumber(' 30 ')).toBe(30);
    expect(wholeNumber('3,5')).toBeNaN();
    expect(coordinate('49,3012')).toBe(49.3012);
    expect(coordinate('Norden')).toBeNull();
  });
});

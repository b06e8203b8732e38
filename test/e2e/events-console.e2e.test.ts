// Veranstaltungen in the staff console, one story in order: staff write a weekly event (Tuesdays and Thursdays, six
// dates, two places) with a map point in the editor (an empty form names its missing fields first), save it as a
// draft and publish it; the event's page shows the next five dates as the server computed them, in the event's zone;
// the public calendar feed events.ics carries the event with its rule. A resident says yes for two on the portal;
// at the door, on a phone (390×844), staff find her by name in the check-in view, check one of two persons in with a
// tap, see the running count, and undo it. Every page passes the axe check; nothing is loaded from a third party.
import ICAL from 'ical.js';
import { DateTime } from 'luxon';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import de from '../../src/web/admin/i18n/de.json' with { type: 'json' };
import { type Civicast, checkA11y, browserSessionForFile } from './helpers.ts';
import { type Staff, signInAt, signInResident, staffOf } from './session.ts';

const TITLE = 'Offener Spieleabend im Bürgerhaus';
const ZONE = 'Europe/Berlin';
/** A demo resident of Musterstadt who signs in on the portal with her phone. */
const RESIDENT_PHONE = '+4915799900010';

let civicast: Civicast;
let page: Page;
let thirdParty: string[];
let staff: Staff;
let eventId = '';

const session = browserSessionForFile({ demoContent: true }, (s) => {
  ({ civicast, page, thirdParty } = s);
});

const url = (path: string) => `${civicast.baseUrl}${path}`;

/** The first Tuesday at least three weeks ahead, 18:00 in Musterstadt's zone, as the date-time input takes it. */
const firstTuesday = () => {
  let day = DateTime.now().setZone(ZONE).plus({ weeks: 3 }).startOf('day');
  while (day.weekday !== 2) day = day.plus({ days: 1 });
  return day.set({ hour: 18 });
};

describe('events in the staff console', { shuffle: false }, () => {
  it('staff write a weekly event with a map point; an empty form names what is missing', async () => {
    await signInAt(page, url('/admin/t/musterstadt/events'));
    await page.getByTestId('event-list').waitFor();
    staff = await staffOf(page, civicast.baseUrl);
    await page.getByTestId('event-new').click();
    await page.getByTestId('event-form').waitFor();

    await page.getByTestId('event-save').click();
    await expect.poll(() => page.locator('#event-title-error').textContent()).toBe(de['events.check.title']);
    await expect.poll(() => page.locator('#event-startsAt-error').textContent()).toBe(de['events.check.start']);

    const start = firstTuesday();
    await page.getByTestId('event-title').fill(TITLE);
    await page.getByTestId('event-description').fill('Brettspiele für alle Generationen, Getränke gibt es vor Ort.');
    await page.getByTestId('event-start').fill(start.toFormat("yyyy-MM-dd'T'HH:mm"));
    // the end follows the start: two hours later
    expect(await page.getByTestId('event-end').inputValue()).toBe(start.plus({ hours: 2 }).toFormat("yyyy-MM-dd'T'HH:mm"));
    expect(await page.getByTestId('event-timezone').inputValue()).toBe(ZONE);
    await page.getByTestId('event-freq').selectOption('weekly');
    // the start's weekday comes ticked; Thursday is added
    expect(await page.getByTestId('event-day-TU').isChecked()).toBe(true);
    await page.getByTestId('event-day-TH').check();
    await page.getByTestId('event-count').fill('6');
    await page.getByTestId('event-place').fill('Bürgerhaus, großer Saal');
    await page.getByTestId('event-capacity').fill('2');

    const map = page.getByTestId('report-location-map');
    await map.waitFor({ state: 'visible' });
    const box = (await map.boundingBox())!;
    await map.click({ position: { x: box.width / 2, y: box.height / 2 } });
    await expect.poll(() => page.getByTestId('event-lat').inputValue()).not.toBe('');
    await checkA11y(page, 'event editor');

    await page.getByTestId('event-save').click();
    await page.getByTestId('event-detail').waitFor();
    eventId = (await page.getByTestId('event-detail').getAttribute('data-id')) ?? '';
    expect(eventId).toMatch(/^[0-9a-f-]{36}$/);
    expect(await page.getByTestId('event-status').getAttribute('data-status')).toBe('draft');
    const stored = await staff.getJson<{ rrule: string; startsLocal: string; timeZone: string; capacity: number; lat: number | null }>(`/events/${eventId}`);
    expect(stored).toMatchObject({ rrule: 'FREQ=WEEKLY;BYDAY=TU,TH;COUNT=6', timeZone: ZONE, capacity: 2 });
    expect(stored.startsLocal.slice(0, 16)).toBe(start.toFormat("yyyy-MM-dd'T'HH:mm"));
    expect(stored.lat).not.toBeNull();
  });

  it('published, the event’s page shows its next five dates in the event’s zone', async () => {
    await page.getByTestId('event-publish').click();
    await expect.poll(() => page.getByTestId('event-status').getAttribute('data-status')).toBe('published');
    const dates = page.getByTestId('event-date');
    await expect.poll(() => dates.count()).toBe(5);
    const texts = await dates.allTextContents();
    for (const text of texts) expect(text).toContain('18:00–20:00');
    expect(texts[0]).toMatch(/^Di\./);
    expect(texts[1]).toMatch(/^Do\./);
    await checkA11y(page, 'event detail');
  });

  it('the public calendar feed carries the event with its rule', async () => {
    const res = await fetch(url('/m/musterstadt/events.ics'));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/calendar/);
    const calendar = new ICAL.Component(ICAL.parse(await res.text()));
    const event = calendar.getAllSubcomponents('vevent').find((e) => e.getFirstPropertyValue('summary') === TITLE);
    expect(event, `${TITLE} in events.ics`).toBeDefined();
    const rule = event!.getFirstPropertyValue('rrule') as ICAL.Recur;
    expect(rule.freq).toBe('WEEKLY');
    expect(rule.count).toBe(6);
    expect(rule.parts.BYDAY).toEqual(['TU', 'TH']);
    const dtstart = event!.getFirstProperty('dtstart')!;
    expect(dtstart.getParameter('tzid')).toBe(ZONE);
    expect((dtstart.getFirstValue() as ICAL.Time).hour).toBe(18);
  });

  it('on a phone, the check-in view checks in one of the two persons a resident said yes for, and undoes it', async () => {
    const resident = await session.newPage();
    await signInResident(resident, staff, RESIDENT_PHONE);
    const answered = await resident.request.post(url(`/m/musterstadt/events/${eventId}/rsvp`), {
      form: { answer: 'yes', persons: '2' },
      headers: { origin: civicast.baseUrl },
      maxRedirects: 0,
    });
    expect(answered.status()).toBe(303);
    const attendees = await staff.getJson<{ items: Array<{ name: string; state: string }> }>(`/events/${eventId}/attendees`);
    expect(attendees.items).toHaveLength(1);
    expect(attendees.items[0].state).toBe('confirmed');
    const name = attendees.items[0].name;

    const phone = await session.newPage({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    await signInAt(phone, url(`/admin/t/musterstadt/events/${eventId}/checkin`));
    await phone.getByTestId('checkin').waitFor();
    const count = phone.getByTestId('checkin-count');
    await expect.poll(() => count.textContent()).toBe('0 von 2 eingecheckt');
    await phone.getByTestId('checkin-search').fill(name.slice(0, 4));
    const row = phone.getByTestId('checkin-row').filter({ hasText: name });
    await expect.poll(() => row.count()).toBe(1);
    expect(await row.getByTestId('checkin-persons').textContent()).toBe('2');
    await row.getByRole('button', { name: de['events.checkin.fewer'] }).tap();
    expect(await row.getByTestId('checkin-persons').textContent()).toBe('1');
    await row.getByTestId('checkin-button').tap();
    await expect.poll(() => count.textContent()).toBe('1 von 2 eingecheckt');
    expect(await row.getAttribute('data-checked-in')).toBe('true');
    // one column at phone width: the view's rows and buttons fit the screen (nothing of it scrolls sideways)
    const fits = await phone.getByTestId('checkin').evaluate((el) => ({
      overflow: el.scrollWidth - el.clientWidth,
      rowsRight: Math.max(...[...el.querySelectorAll('[data-testid="checkin-row"] button')].map((b) => b.getBoundingClientRect().right)),
    }));
    expect(fits.overflow).toBeLessThanOrEqual(0);
    expect(fits.rowsRight).toBeLessThanOrEqual(390);
    // and the whole console page, header included, is no wider than the phone (its actions wrap)
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    const target = await row.getByTestId('checkin-undo').boundingBox();
    expect(target!.height).toBeGreaterThanOrEqual(44);
    await checkA11y(phone, 'check-in on a phone');

    await row.getByTestId('checkin-undo').tap();
    await expect.poll(() => count.textContent()).toBe('0 von 2 eingecheckt');
    expect(await row.getAttribute('data-checked-in')).toBe('false');
  });

  it('nothing was loaded from a third party', () => {
    expect(thirdParty).toEqual([]);
  });
});

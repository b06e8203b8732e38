// An event with two places, one story in order: staff publish it; resident A opens its page, signs in through the
// page's link and comes back to it, and says yes for two persons: the event is full. Resident B says yes and lands on
// the waiting list, place 1. A changes to no: B moves up and is told by SMS (the dev outbox, read as the operator),
// and each page shows where its resident stands.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import portalDe from '../../src/server/modules/portal/i18n/de.json' with { type: 'json' };
import { browserSessionForFile, type Civicast, checkA11y } from './helpers.ts';
import { fill, type Staff, signInResident, staffSignIn } from './session.ts';

const PHONE_A = '+491701110001';
const PHONE_B = '+491701110002';
const TITLE = 'Stadtführung durch die Altstadt';

let civicast: Civicast;
let staff: Staff;
let pageA: Page;
let pageB: Page;
let eventId = '';

const url = (path: string) => `${civicast.baseUrl}${path}`;
const eventPath = () => `/m/musterstadt/events/${eventId}`;

/** A local date a week ahead, as staff type it ("2026-12-07"). */
function weekAhead(): string {
  const d = new Date(Date.now() + 7 * 24 * 3600_000);
  return d.toISOString().slice(0, 10);
}

const session = browserSessionForFile({}, async (s) => {
  civicast = s.civicast;
  staff = await staffSignIn(civicast.baseUrl);
  pageA = s.page;
  pageB = await session.newPage();
});

async function answer(p: Page, choice: 'yes' | 'no', persons: number) {
  await p.getByLabel(portalDe[choice === 'yes' ? 'events.answer.yes' : 'events.answer.no'], { exact: true }).check();
  await p.getByLabel(portalDe['events.persons']).fill(String(persons));
  await p.getByRole('button', { name: portalDe['events.submit'] }).click();
  await p.getByText(portalDe['events.saved']).waitFor();
}

describe('an event that fills up, a waiting list that moves up', { shuffle: false }, () => {
  it('staff publish an event with two places, and residents A and B follow Musterstadt', async () => {
    for (const phone of [PHONE_A, PHONE_B]) {
      const res = await staff.api('POST', '/residents', { phone, topics: ['rathaus'], channels: ['sms'], consentProof: 'Anmeldung am Infostand' });
      expect(res.status, JSON.stringify(res.json)).toBe(201);
    }
    const day = weekAhead();
    const created = await staff.api<{ id: string }>('POST', '/events', {
      title: TITLE,
      description: 'Treffpunkt am Brunnen vor dem Rathaus.',
      startsAt: `${day}T18:00`,
      endsAt: `${day}T20:00`,
      timeZone: 'Europe/Berlin',
      allDay: false,
      rrule: null,
      placeName: 'Rathausbrunnen',
      address: 'Marktplatz 1, 12345 Musterstadt',
      lat: 51.5,
      lng: 7.4,
      organiserKind: 'municipality',
      organiserName: '',
      capacity: 2,
      rsvpEnabled: true,
      listed: true,
      reminderHours: 24,
    });
    expect(created.status, JSON.stringify(created.json)).toBe(201);
    eventId = created.json.id;
    expect((await staff.api('POST', `/events/${eventId}/publish`)).status).toBe(200);
  });

  it('resident A opens the event, signs in through its link, comes back, and says yes for two: the event is full', async () => {
    await pageA.goto(url('/m/musterstadt/events'));
    await pageA.getByRole('link', { name: TITLE }).click();
    await pageA.getByRole('heading', { level: 1, name: TITLE }).waitFor();
    await pageA.getByText(fill(portalDe['events.placesLeft'].replace('{capacity:Platz|Plätzen}', 'Plätzen'), { left: '2', capacity: '2' })).waitFor();
    const code = await staff.nextCode(PHONE_A);
    await pageA.getByRole('link', { name: portalDe['events.rsvpSignInLink'] }).click();
    await pageA.getByLabel(portalDe.phoneLabel).fill(PHONE_A);
    await pageA.getByRole('button', { name: portalDe.sendCode }).click();
    await pageA.getByLabel(portalDe.codeLabel).fill(await code());
    await pageA.getByRole('button', { name: portalDe.loginSubmit }).click();
    // back on the event's page, signed in
    await pageA.getByRole('heading', { level: 1, name: TITLE }).waitFor();
    expect(new URL(pageA.url()).pathname).toBe(eventPath());
    await answer(pageA, 'yes', 2);
    await pageA.getByText('Sie sind angemeldet (2 Personen).').waitFor();
    await pageA.getByText(portalDe['events.full']).waitFor();
    await checkA11y(pageA, 'event page, registered');
  });

  it('resident B says yes and lands on the waiting list, place 1, told plainly', async () => {
    await signInResident(pageB, staff, PHONE_B);
    await pageB.goto(url(eventPath()));
    await answer(pageB, 'yes', 1);
    await pageB.getByText(fill(portalDe['events.state.waitlisted'], { position: '1' })).waitFor();
    await pageB.getByText(portalDe['events.state.waitlistedHint']).waitFor();
    await checkA11y(pageB, 'event page, on the waiting list');
  });

  it('A changes to no: B moves up, gets an SMS, and both pages show it', async () => {
    await answer(pageA, 'no', 1);
    await pageA.getByText(portalDe['events.state.no']).waitFor();
    // B's phone holds the sign-in code and now the news (nothing came while waiting)
    const sms = await staff.received(PHONE_B, 2);
    expect(sms.bodyText).toContain('Ein Platz ist frei geworden');
    expect(sms.bodyText).toContain(TITLE);
    // the link names the event page (its host is the configured public address)
    expect(sms.bodyText).toContain(eventPath());
    await pageB.reload();
    await pageB.getByText('Sie sind angemeldet (1 Person).').waitFor();
    await pageB.getByText(fill(portalDe['events.placesLeft'].replace('{capacity:Platz|Plätzen}', 'Plätzen'), { left: '1', capacity: '2' })).waitFor();
  });
});

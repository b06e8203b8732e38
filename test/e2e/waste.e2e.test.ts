// A waste reminder the evening before, with the test holding the clock: Civicast runs with CIVICAST_TEST_CLOCK=1, a
// resident of the demo signs in from the reminder page (and comes back to it), sets a reminder at 18:00 for their
// street, which has a collection on day D; at D-1 17:59 nothing goes out, at 18:00 the dev outbox has the SMS naming
// the type, and setting the clock again sends nothing more.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import portalDe from '../../src/server/modules/portal/i18n/de.json' with { type: 'json' };
import { browserSessionForFile, type Civicast, checkA11y } from './helpers.ts';
import { type Staff, staffSignIn } from './session.ts';

const BASE = '/m/musterstadt';
/** Peter Wagner of the demo: SMS is his channel. */
const PHONE = '+4915799900015';
/** Day D, a Thursday outside daylight saving time (Europe/Berlin is UTC+1 then). */
const DAY = '2027-03-04';
const EVENING = '2027-03-03';
const TYPE = { code: 'e2e-glas', name: 'Altglas' };

let civicast: Civicast;
let page: Page;
let thirdParty: string[];
let staff: Staff;

const url = (path: string) => `${civicast.baseUrl}${path}`;

async function post<T>(path: string, body: unknown): Promise<T> {
  const res = await fetch(url(path), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  expect(res.status, `POST ${path}`).toBe(200);
  return (await res.json()) as T;
}
const setClock = (now: string) => post<{ now: string }>('/__test/clock', { now });
const runReminders = () => post<{ reminded: number; messages: number }>('/__test/waste/reminders/run', {});

/** The reminders in the dev outbox for the resident's number, as their phone got them. */
async function reminders(): Promise<string[]> {
  const texts = await Promise.all((await staff.outbox(PHONE)).map(async (i) => (await staff.original(i.id)).bodyText));
  return texts.filter((text) => text.includes('Morgen wird abgeholt'));
}

browserSessionForFile({ demoContent: true, env: { CIVICAST_TEST_CLOCK: '1' } }, async (s) => {
  ({ civicast, page, thirdParty } = s);
  staff = await staffSignIn(civicast.baseUrl);
  // stand still before anything is set up: the cron minute then sees the same time as the test
  await setClock(`${EVENING}T12:00:00+01:00`);
});

describe('a waste reminder the evening before', { shuffle: false }, () => {
  let streetId = '';

  it('a resident signs in from the reminder page and comes back to it', async () => {
    await page.goto(url(`${BASE}/waste/reminder`));
    await page.getByText(portalDe['waste.reminder.signInText']).waitFor();
    const code = await staff.nextCode(PHONE);
    await page.getByRole('main').getByRole('link', { name: portalDe.loginLink, exact: true }).click();
    await page.getByLabel(portalDe.phoneLabel).fill(PHONE);
    await page.getByRole('button', { name: portalDe.sendCode }).click();
    await page.getByRole('heading', { level: 1, name: portalDe.codeTitle, exact: true }).waitFor();
    await page.getByLabel(portalDe.codeLabel).fill(await code());
    await page.getByRole('button', { name: portalDe.loginSubmit }).click();
    await page.waitForURL(/\/waste\/reminder$/);
    // the street of their subscription is chosen already
    streetId = await page.locator('#street').inputValue();
    expect(streetId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('staff enter a collection of a new type for the street on day D', async () => {
    const type = await staff.api<{ id: string }>('POST', '/waste/types', { code: TYPE.code, name: TYPE.name, color: '#2e7d32' });
    expect([200, 201]).toContain(type.status);
    const date = await staff.api('POST', '/waste/dates', { typeId: type.json.id, streetId, day: DAY });
    expect([200, 201]).toContain(date.status);
  });

  it('the resident sets a reminder at 18:00 the evening before and is told it comes by SMS', async () => {
    await page.reload();
    expect(await page.getByLabel(TYPE.name).isChecked()).toBe(true);
    await page.getByLabel(portalDe['waste.reminder.dayBefore']).check();
    await page.getByLabel(portalDe['waste.reminder.time'], { exact: true }).fill('18:00');
    await page.getByRole('button', { name: portalDe['waste.reminder.save'] }).click();
    await page.getByText(portalDe['waste.reminder.saved']).waitFor();
    expect(await page.locator('#reminder-channel').textContent()).toContain(portalDe['waste.reminder.channelSms'].replace('{shown}', PHONE.slice(-3)));
    await checkA11y(page, 'the reminder page');
  });

  it('at 17:59 the evening before nothing is sent', async () => {
    await setClock(`${EVENING}T17:59:00+01:00`);
    expect(await runReminders()).toMatchObject({ reminded: 0, messages: 0 });
    expect(await reminders()).toEqual([]);
  });

  it('at 18:00 the reminder reaches their phone, naming the type', async () => {
    await setClock(`${EVENING}T18:00:00+01:00`);
    // the cron minute may have run it first: either way it is in the outbox once
    await runReminders();
    await expect.poll(reminders, { timeout: 20_000, interval: 250 }).toHaveLength(1);
    const [text] = await reminders();
    expect(text).toContain(`Morgen wird abgeholt:`);
    expect(text).toContain(TYPE.name);
    expect(text).toContain(`${BASE}/waste`);
  });

  it('setting the clock again sends nothing more', async () => {
    await setClock(`${EVENING}T18:01:00+01:00`);
    expect(await runReminders()).toMatchObject({ reminded: 0, messages: 0 });
    await setClock(`${EVENING}T18:00:00+01:00`);
    expect(await runReminders()).toMatchObject({ reminded: 0, messages: 0 });
    expect(await reminders()).toHaveLength(1);
    expect(thirdParty).toEqual([]);
  });
});

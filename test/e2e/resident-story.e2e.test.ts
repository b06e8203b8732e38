// A message from the town hall as residents get it, one story in order: a demo resident signs in on the portal and
// sets quiet hours that end in about two minutes (the test controls the clock only by choosing that window relative
// to now); staff send a message to the portal, e-mail and SMS (through the API as the seeded owner: the console's
// compose path is test/e2e/messages.e2e.test.ts); another resident gets it at once, residents see it on the portal
// start page, its permalink and feed.atom; the console shows the quiet resident's deliveries waiting, and they reach
// the dev outbox only once the quiet hours are over, when the console's progress reaches 100 % without a reload.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import portalDe from '../../src/server/modules/portal/i18n/de.json' with { type: 'json' };
import de from '../../src/web/admin/i18n/de.json' with { type: 'json' };
import { type Civicast, checkA11y, browserSessionForFile } from './helpers.ts';
import { type OutboxItem, type Staff, signInAt, signInResident, staffSignIn } from './session.ts';

const BASE = '/m/musterstadt/';
const TIME_ZONE = 'Europe/Berlin'; // Musterstadt's (src/server/seed.ts)
/** Demo residents (src/server/demo-content.ts): Lena Hoffmann and Anna Berger, both on SMS and e-mail, both follow "abfall". */
const QUIET = { phone: '+4915799900014', email: 'lena@musterstadt.example' };
const AWAKE = { phone: '+4915799900010', email: 'anna@musterstadt.example' };
const TITLE = 'Sperrmüll-Sammlung am Samstag';
const BODY = 'Am **Samstag** holt die Stadt Sperrmüll in der Altstadt ab. Bitte ab 7 Uhr an die Straße stellen.';

let civicast: Civicast;
let page: Page;
let thirdParty: string[];
let resident: Page;
/** The seeded owner through the API; also the installation operator, whose dev outbox stands in for the residents' phones and mailboxes. */
let staff: Staff;

const url = (path: string) => `${civicast.baseUrl}${path}`;

const session = browserSessionForFile({ demoContent: true }, async (s) => {
  ({ civicast, page, thirdParty } = s);
  staff = await staffSignIn(civicast.baseUrl);
  resident = await session.newPage();
});

/** What reached this recipient after `since` (newest first). */
const arrivedSince = async (recipient: string, since: number) => (await staff.outbox(recipient)).filter((i) => Date.parse(i.createdAt) >= since);

/** Minutes since midnight in Musterstadt's time zone (with seconds as a fraction). */
function localMinutes(at: Date): number {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', { timeZone: TIME_ZONE, hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' })
      .formatToParts(at)
      .map((p) => [p.type, p.value]),
  );
  return Number(parts.hour) * 60 + Number(parts.minute) + Number(parts.second) / 60;
}
const hhmm = (minutes: number) => {
  const m = (minutes + 24 * 60) % (24 * 60);
  return `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
};

describe('a message reaches the residents, the one in quiet hours when they end', { shuffle: false }, () => {
  let quietEndsAt = 0;
  let sentAt = 0;
  let messageId = '';

  it('a resident signs in on the portal and sets quiet hours that end in about two minutes', async () => {
    // the demo's news may still be on its way to this number: signInResident takes the new SMS that holds a code
    await signInResident(resident, staff, QUIET.phone);

    // from two hours ago to a full minute 1.5 to 2.5 minutes from now (local time): long enough to send inside them
    const now = Date.now();
    const ahead = now % 60_000 < 30_000 ? 2 : 3;
    const end = Math.floor(localMinutes(new Date(now))) + ahead;
    quietEndsAt = Math.floor(now / 60_000) * 60_000 + ahead * 60_000; // the zone's offset is whole hours
    await resident.locator('#quietFrom').fill(hhmm(end - 120));
    await resident.locator('#quietTo').fill(hhmm(end));
    await resident.getByRole('button', { name: portalDe.settingsSave }).click();
    await resident.getByRole('status').getByText(portalDe.settingsSaved).waitFor();
    expect(await resident.locator('#quietTo').inputValue()).toBe(hhmm(end));
  });

  it('staff send a message to the portal, e-mail and SMS; the console shows the quiet resident waiting', async () => {
    const created = await staff.api<{ id: string }>('POST', '/messages', {
      title: TITLE,
      body: BODY,
      topic: 'abfall',
      audience: { topics: ['abfall'] },
      channels: ['portal', 'email', 'sms'],
    });
    expect(created.status, JSON.stringify(created.json)).toBe(201);
    messageId = created.json.id;
    sentAt = Date.now();
    const sent = await staff.api<{ status: string }>('POST', `/messages/${messageId}/send`);
    expect(sent.status, JSON.stringify(sent.json)).toBe(200);
    expect(['sending', 'sent']).toContain(sent.json.status);
    expect(Date.now(), 'the message was sent inside the quiet hours').toBeLessThan(quietEndsAt);

    // the progress as the console reads it: the quiet resident's SMS and e-mail wait until the quiet hours end
    const progress = await staff.api<{ totals: { waiting: number }; nextRelease: string | null; done: boolean }>('GET', `/messages/${messageId}/progress`);
    expect(progress.status, JSON.stringify(progress.json)).toBe(200);
    expect(progress.json.totals.waiting).toBe(2);
    expect(progress.json.done).toBe(false);
    expect(Math.abs(Date.parse(progress.json.nextRelease ?? '') - quietEndsAt)).toBeLessThan(2_000);

    await signInAt(page, url(`/admin/t/musterstadt/messages/${messageId}`));
    await page.getByTestId('message-detail').waitFor();
    await expect.poll(() => page.getByTestId('progress-sms').getByTestId('count-waiting').textContent()).toBe('1');
    await expect.poll(() => page.getByTestId('progress-email').getByTestId('count-waiting').textContent()).toBe('1');
    await page.getByTestId('progress-text').getByText(de['messages.progress.nextRelease'].split(':')[0], { exact: false }).waitFor();
    await checkA11y(page, 'message with deliveries waiting for quiet hours');
  });

  it('another resident gets it at once by SMS and e-mail; the quiet one has nothing yet', async () => {
    let sms: OutboxItem | undefined;
    let mail: OutboxItem | undefined;
    await expect
      .poll(async () => {
        sms = (await arrivedSince(AWAKE.phone, sentAt)).find((i) => i.channel === 'sms');
        mail = (await arrivedSince(AWAKE.email, sentAt)).find((i) => i.channel === 'email');
        return Boolean(sms && mail);
      })
      .toBe(true);
    expect((await staff.original(sms!.id)).bodyText).toContain('Sperrmüll');
    expect((await staff.original(mail!.id)).subject).toBe(TITLE);
    if (Date.now() < quietEndsAt - 1_000) {
      expect(await arrivedSince(QUIET.phone, sentAt)).toEqual([]);
      expect(await arrivedSince(QUIET.email, sentAt)).toEqual([]);
    }
  });

  it('residents see it on the portal start page, on its permalink page and in feed.atom', async () => {
    const news = resident.getByRole('region', { name: portalDe.newsTitle, exact: true });
    // the start page may sit in the browser's cache for its max-age (10 s): reload until the news is there
    await expect
      .poll(
        async () => {
          await resident.goto(url(BASE));
          return news.getByRole('link', { name: TITLE }).count();
        },
        { timeout: 30_000, interval: 1_000 },
      )
      .toBe(1);
    await checkA11y(resident, 'start page with the new message');
    await news.getByRole('link', { name: TITLE }).click();
    await resident.waitForURL(url(`${BASE}news/${messageId}`));
    await resident.getByRole('heading', { level: 1, name: TITLE }).waitFor();
    await resident.locator('main strong', { hasText: 'Samstag' }).first().waitFor();
    await checkA11y(resident, 'permalink of the message');

    let feed = '';
    await expect
      .poll(async () => {
        const res = await fetch(url(`${BASE}feed.atom`));
        feed = res.status === 200 ? await res.text() : '';
        return feed.includes(TITLE);
      })
      .toBe(true);
    expect(feed).toContain(`${BASE}news/${messageId}`);
  });

  it('the quiet resident gets it only once the quiet hours end, and the console reaches 100 % without a reload', async () => {
    let sms: OutboxItem | undefined;
    let mail: OutboxItem | undefined;
    // at most two minutes of quiet hours from the start, plus the release sweep
    await expect
      .poll(
        async () => {
          sms = (await arrivedSince(QUIET.phone, sentAt)).find((i) => i.channel === 'sms');
          mail = (await arrivedSince(QUIET.email, sentAt)).find((i) => i.channel === 'email');
          return Boolean(sms && mail);
        },
        { timeout: Math.max(0, quietEndsAt - Date.now()) + 60_000, interval: 1_000 },
      )
      .toBe(true);
    expect(Date.parse(sms!.createdAt)).toBeGreaterThanOrEqual(quietEndsAt - 500);
    expect(Date.parse(mail!.createdAt)).toBeGreaterThanOrEqual(quietEndsAt - 500);
    expect((await staff.original(sms!.id)).bodyText).toContain('Sperrmüll');
    expect((await staff.original(mail!.id)).subject).toBe(TITLE);

    await expect.poll(() => page.getByTestId('progress-text').textContent(), { timeout: 30_000 }).toMatch(/^100 %/);
    expect(await page.getByTestId('progress-sms').getByTestId('count-waiting').textContent()).toBe('0');
    expect(await page.getByTestId('progress-email').getByTestId('count-waiting').textContent()).toBe('0');
    expect(thirdParty).toEqual([]);
  }, 300_000); // the quiet hours end up to 2.5 minutes after they were set
});

// A survey from the resident's side, one story in order: staff publish a survey (through the API, as the console
// does); a resident opens it on the portal, is asked to sign in, comes back to it after the code, answers, sees the
// thank-you page and the live results with their vote counted; answering again is refused with the reason. Then a
// link poll in two fresh browsers: each votes once, the first is told "bereits teilgenommen" on its second visit.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import portalDe from '../../src/server/modules/portal/i18n/de.json' with { type: 'json' };
import { type Civicast, checkA11y, browserSessionForFile } from './helpers.ts';
import { type Staff, staffSignIn } from './session.ts';

const BASE = '/m/musterstadt';
const RESIDENT_PHONE = '+4915799900010';
const DAY = 24 * 3600_000;

let civicast: Civicast;
let staff: Staff;
let resident: Page;
let thirdParty: string[];

const url = (path: string) => `${civicast.baseUrl}${path}`;

const session = browserSessionForFile({ demoContent: true }, async (s) => {
  ({ civicast, page: resident, thirdParty } = s);
  staff = await staffSignIn(civicast.baseUrl);
});

/** A survey created and published through the staff API; its id and the questions as stored. */
async function publishedSurvey(
  body: Record<string, unknown>,
): Promise<{ id: string; questions: Array<{ id: string; options: Array<{ key: string; label: string }> }> }> {
  const now = Date.now();
  const created = await staff.api<{ id: string }>('POST', '/surveys', {
    startsAt: new Date(now - 60_000).toISOString(),
    endsAt: new Date(now + 14 * DAY).toISOString(),
    ...body,
  });
  expect(created.status, JSON.stringify(created.json)).toBe(201);
  const published = await staff.api<{ id: string; questions: Array<{ id: string; options: Array<{ key: string; label: string }> }> }>(
    'POST',
    `/surveys/${created.json.id}/publish`,
  );
  expect(published.status, JSON.stringify(published.json)).toBe(200);
  return published.json;
}

let surveyId = '';

describe('a resident answers a survey on the portal', { shuffle: false }, () => {
  it('a resident is asked to sign in and comes back to the survey after the code', async () => {
    surveyId = (
      await publishedSurvey({
        title: 'Wie gefällt Ihnen der neue Wertstoffhof?',
        intro: 'Der Wertstoffhof hat seit März neue Öffnungszeiten.',
        closingText: 'Wir stellen die Ergebnisse im Umweltausschuss vor.',
        resultsVisibility: 'live',
        questions: [
          { kind: 'single', title: 'Wie zufrieden sind Sie?', required: true, options: [{ label: 'Sehr zufrieden' }, { label: 'Unzufrieden' }] },
          { kind: 'yes_no', title: 'Kommen Sie wieder?' },
          { kind: 'text', title: 'Was fehlt Ihnen?', maxLength: 500 },
        ],
      })
    ).id;
    await resident.goto(url(`${BASE}/surveys`));
    await resident.getByRole('link', { name: 'Wie gefällt Ihnen der neue Wertstoffhof?' }).click();
    await resident.locator('#survey-state').getByText('Bitte melden Sie sich an').waitFor();
    const code = await staff.nextCode(RESIDENT_PHONE);
    await resident.locator('#sign-in-link').click();
    await resident.getByLabel(portalDe.phoneLabel).fill(RESIDENT_PHONE);
    await resident.getByRole('button', { name: portalDe.sendCode }).click();
    await resident.getByRole('heading', { level: 1, name: portalDe.codeTitle, exact: true }).waitFor();
    await resident.getByLabel(portalDe.codeLabel).fill(await code());
    await resident.getByRole('button', { name: portalDe.loginSubmit }).click();
    await resident.waitForURL(url(`${BASE}/surveys/${surveyId}`));
    await resident.locator('#survey-form').waitFor();
    await expect.poll(() => resident.locator('#survey-storage').textContent()).toContain('mit Ihrem Konto gespeichert');
    await checkA11y(resident, 'the survey form');
  });

  it('a required question left out comes back with the reason next to it, the other answers kept', async () => {
    await resident.getByLabel('Was fehlt Ihnen?').fill('Eine Abgabestelle für Grünschnitt.');
    await resident.getByRole('button', { name: 'Antworten absenden' }).click();
    await resident.locator('.field-error').getByText('Bitte beantworten Sie diese Frage.').waitFor();
    expect(await resident.getByLabel('Was fehlt Ihnen?').inputValue()).toBe('Eine Abgabestelle für Grünschnitt.');
    await checkA11y(resident, 'the survey form with an error');
  });

  it('the resident answers, sees the thank-you page and the live results with their vote counted', async () => {
    await resident.getByLabel('Sehr zufrieden').check();
    await resident.getByLabel('Ja', { exact: true }).check();
    await resident.getByRole('button', { name: 'Antworten absenden' }).click();
    await resident.getByRole('heading', { level: 1, name: 'Vielen Dank für Ihre Teilnahme' }).waitFor();
    await resident.getByText('Wir stellen die Ergebnisse im Umweltausschuss vor.').waitFor();
    await resident.locator('#results-link').click();
    await resident.locator('#response-count').getByText('1 Teilnahme').waitFor();
    const row = resident.getByRole('row', { name: /Sehr zufrieden/ });
    await expect.poll(() => row.locator('td').first().textContent()).toBe('1');
    expect(await resident.locator('meter').count()).toBeGreaterThan(0);
    await checkA11y(resident, 'the survey results');
  });

  it('answering again is refused with the reason', async () => {
    await resident.goto(url(`${BASE}/surveys/${surveyId}`));
    await resident.locator('#survey-state').getByText('Sie haben bereits teilgenommen').waitFor();
    expect(await resident.locator('#survey-form').count()).toBe(0);
    const res = await staff.getJson<{ responseCount: number }>(`/surveys/${surveyId}/results`);
    expect(res.responseCount).toBe(1);
  });

  it('a link poll says it is not representative and takes one vote per browser', async () => {
    const poll = await publishedSurvey({
      title: 'Stadtfest: Samstag oder Sonntag?',
      access: 'link',
      resultsVisibility: 'live',
      questions: [{ kind: 'single', title: 'Welcher Tag?', required: true, options: [{ label: 'Samstag' }, { label: 'Sonntag' }] }],
    });
    const first = await session.newPage();
    await first.goto(url(`${BASE}/surveys/${poll.id}`));
    await first.locator('#survey-storage').getByText('Nicht repräsentativ').waitFor();
    await first.getByRole('radio', { name: 'Sonntag' }).check();
    await first.getByRole('button', { name: 'Antworten absenden' }).click();
    await first.getByRole('heading', { level: 1, name: 'Vielen Dank für Ihre Teilnahme' }).waitFor();
    await first.goto(url(`${BASE}/surveys/${poll.id}`));
    await first.locator('#survey-state').getByText('Sie haben bereits teilgenommen').waitFor();

    const second = await session.newPage();
    await second.goto(url(`${BASE}/surveys/${poll.id}`));
    await second.getByRole('radio', { name: 'Samstag' }).check();
    await second.getByRole('button', { name: 'Antworten absenden' }).click();
    await second.getByRole('heading', { level: 1, name: 'Vielen Dank für Ihre Teilnahme' }).waitFor();
    await second.locator('#results-link').click();
    await second.locator('#response-count').getByText('2 Teilnahmen').waitFor();
    expect(thirdParty).toEqual([]);
  });
});

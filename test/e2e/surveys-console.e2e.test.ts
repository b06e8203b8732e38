// Umfragen in the staff console, one story in order: staff write a link poll with three kinds of question (a missing
// option is named next to its field), publish it, and the portal lists it; a resident answers on the portal in
// another browser; the results page shows a chart and, beside it, a table with the count, the free-text answer
// found by its search, and the outcome note editor. The editor and the results pass the axe check; chart.js is
// loaded only with the results, never with the console's main bundle.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import de from '../../src/web/admin/i18n/de.json' with { type: 'json' };
import { type Civicast, checkA11y, browserSessionForFile } from './helpers.ts';
import { type Staff, signInAt, staffOf } from './session.ts';
import { dateInZone } from '../../src/common/time-zones.ts';

const TITLE = 'Wie gefällt Ihnen der neue Wertstoffhof?';
const Q_SINGLE = 'Wie oft bringen Sie etwas hin?';
const Q_YES_NO = 'Sind die Öffnungszeiten passend?';
const Q_TEXT = 'Was sollen wir verbessern?';
const OPTIONS = ['Jede Woche', 'Seltener'];
const FREE_TEXT = 'Bitte samstags länger öffnen, gern bis 16 Uhr.';
// a chart.js message that survives minification: where it stands, chart.js was bundled
const CHART_JS_MARK = 'Canvas is already in use';

let civicast: Civicast;
let page: Page;
let thirdParty: string[];
let staff: Staff;
let surveyId = '';

const session = browserSessionForFile({}, (s) => {
  ({ civicast, page, thirdParty } = s);
});

const url = (path: string) => `${civicast.baseUrl}${path}`;

interface Detail {
  id: string;
  state: string;
  questions: Array<{ id: string; kind: string; options: Array<{ key: string; label: string }> }>;
}

/** A `datetime-local` value a week from now at 18:00, wall time in the municipality's zone (Musterstadt: Berlin). */
const nextWeek = () => `${dateInZone(Date.now() + 7 * 86_400_000, 'Europe/Berlin')}T18:00`;

describe('surveys in the staff console', { shuffle: false }, () => {
  it('staff write a survey with three kinds of question; a missing option stands next to its field', async () => {
    await signInAt(page, url('/admin/t/musterstadt/surveys'));
    await page.getByTestId('survey-list').waitFor();
    staff = await staffOf(page, civicast.baseUrl);
    await page.getByTestId('survey-new').click();
    await page.getByTestId('survey-editor').waitFor();

    await page.getByTestId('survey-title').fill(TITLE);
    await page.locator('#q0-title').fill(Q_SINGLE);
    await page.locator('#q0-option-0').fill(OPTIONS[0]);
    await page.locator('#question-add-kind').selectOption('yes_no');
    await page.getByTestId('question-add').click();
    await page.locator('#q1-title').fill(Q_YES_NO);
    await page.locator('#question-add-kind').selectOption('text');
    await page.getByTestId('question-add').click();
    await page.locator('#q2-title').fill(Q_TEXT);
    await page.getByTestId('survey-access-link').check();
    await page.getByTestId('survey-results-live').check();
    await page.getByTestId('survey-ends').fill(nextWeek());
    await checkA11y(page, 'survey editor');

    // the second option of the first question is still empty: the server's reason stands at that field
    await page.getByTestId('survey-save').click();
    const optionError = page.locator('#q0-option-1-error');
    await optionError.waitFor();
    expect(await page.locator('#q0-option-1').getAttribute('aria-invalid')).toBe('true');
    await checkA11y(page, 'survey editor with an error');

    await page.locator('#q0-option-1').fill(OPTIONS[1]);
    await page.getByTestId('survey-save').click();
    const detail = page.getByTestId('survey-detail');
    await detail.waitFor();
    surveyId = (await detail.getAttribute('data-id')) ?? '';
    expect(surveyId).toMatch(/^[0-9a-f-]{36}$/);
    expect(await page.getByTestId('survey-state').getAttribute('data-state')).toBe('draft');
  });

  it('staff publish it; it runs and the portal lists it', async () => {
    await page.getByTestId('survey-publish').click();
    await expect.poll(() => page.getByTestId('survey-state').getAttribute('data-state')).toBe('open');
    await page.getByTestId('survey-portal-link').waitFor();
    const list = await fetch(url('/m/musterstadt/surveys'));
    expect(list.status).toBe(200);
    expect(await list.text()).toContain(TITLE.replace('?', ''));
  });

  it('a resident answers it on the portal, without signing in (a link poll)', async () => {
    const survey = await staff.getJson<Detail>(`/surveys/${surveyId}`);
    const [single, yesNo, text] = survey.questions;
    const resident = await session.newPage();
    await resident.goto(url(`/m/musterstadt/surveys/${surveyId}`));
    await resident.locator('#survey-form').waitFor();
    await resident.locator(`input[name="q.${single.id}"][value="${single.options[0].key}"]`).check();
    await resident.locator(`input[name="q.${yesNo.id}"][value="yes"]`).check();
    await resident.locator(`#q-${text.id}`).fill(FREE_TEXT);
    await resident.locator('#survey-form button[type="submit"]').click();
    await resident.waitForURL(/\/thanks$/);
  });

  it('the results page shows a chart and beside it a table with the count, and finds the free-text answer', async () => {
    await page.reload();
    await page.getByTestId('survey-results-link').click();
    await page.getByTestId('survey-results').waitFor();
    expect(await page.getByTestId('results-total').textContent()).toContain('1');
    const results = page.getByTestId('question-result');
    await expect.poll(() => results.count()).toBe(3);

    const first = results.nth(0);
    await first.locator('canvas[data-testid="result-chart"]').waitFor();
    expect(await first.locator('canvas').getAttribute('role')).toBe('img');
    const row = first.getByTestId('result-table').locator('tbody tr', { hasText: OPTIONS[0] });
    expect(await row.locator('th[scope="row"]').textContent()).toBe(OPTIONS[0]);
    expect(await row.locator('td').first().textContent()).toBe('1');
    expect(await first.getByTestId('result-table').locator('caption').textContent()).toContain(Q_SINGLE);

    const second = results.nth(1);
    await second.locator('canvas[data-testid="result-chart"]').waitFor();
    expect(await second.getByTestId('result-table').locator('tbody tr').first().locator('td').first().textContent()).toBe('1');

    const third = results.nth(2);
    await expect.poll(() => third.getByTestId('free-text-item').first().textContent()).toContain(FREE_TEXT);
    await third.getByTestId('text-search').fill('kein solches wort');
    await third.getByTestId('text-search-apply').click();
    await expect.poll(() => third.getByTestId('free-text-item').count()).toBe(0);
    await third.getByTestId('text-search').fill('samstag');
    await third.getByTestId('text-search-apply').click();
    await expect.poll(() => third.getByTestId('free-text-item').count()).toBe(1);

    await page.getByTestId('outcome-text').waitFor();
    expect(await page.getByTestId('results-csv').getAttribute('href')).toBe(`/api/v1/tenants/musterstadt/surveys/${surveyId}/export.csv`);
    await checkA11y(page, 'survey results');
  });

  it('chart.js comes only with the results page, not with the console’s main bundle', async () => {
    const html = await (await fetch(url('/admin/'))).text();
    const entries = [...html.matchAll(/<script[^>]+src="([^"]+)"/g)].map((m) => m[1]);
    expect(entries.length).toBeGreaterThan(0);
    for (const src of entries) expect(await (await fetch(url(src))).text()).not.toContain(CHART_JS_MARK);
    const scripts = await page.evaluate(() => performance.getEntriesByType('resource').map((e) => e.name));
    const results = scripts.filter((s) => /SurveyResultsView-[\w-]+\.js$/.test(s));
    expect(results).toHaveLength(1);
    expect(await (await fetch(results[0])).text()).toContain(CHART_JS_MARK);
  });

  it('ending the survey now is asked once more, then the state says so', async () => {
    await page.goto(url(`/admin/t/musterstadt/surveys/${surveyId}`));
    await page.getByTestId('survey-close').click();
    await page.getByTestId('survey-confirm').click();
    await expect.poll(() => page.getByTestId('survey-state').getAttribute('data-state')).toBe('ended');
    expect(await page.getByTestId('survey-state').textContent()).toBe(de['surveys.state.ended']);
    expect(thirdParty).toEqual([]);
  });
});

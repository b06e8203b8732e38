// The Abfallkalender in the console, as a clerk keeps it: a new waste type, a district of streets, a schedule entered
// by hand (every Wednesday in March, expanded to its dates), a CSV file whose
// wrong row is reported and stops the whole import, the corrected file imported, and the street's calendar showing
// the imported date as residents will see it on the portal (also fetched there).
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import de from '../../src/web/admin/i18n/de.json' with { type: 'json' };
import { browserSessionForFile, type Civicast, checkA11y } from './helpers.ts';
import { signInAt } from './session.ts';

let civicast: Civicast;
let page: Page;
const url = (p: string) => `${civicast.baseUrl}${p}`;
const CONSOLE = '/admin/t/musterstadt/waste';
// a date well ahead, so it is among the next dates whatever day the test runs
const nextYear = new Date().getUTCFullYear() + 1;
const DAY = `${nextYear}-01-13`;

browserSessionForFile({ demoContent: true }, async (s) => {
  ({ civicast, page } = s);
});

/** A file as the file picker hands it over (no file on disk). */
const csvFile = (name: string, text: string) => ({ name, mimeType: 'text/csv', buffer: Buffer.from(text, 'utf8') });

describe('the waste calendar in the console', { shuffle: false }, () => {
  it('a clerk adds a waste type and a district with two streets', async () => {
    await signInAt(page, url(`${CONSOLE}/types`));
    await page.getByRole('heading', { level: 2, name: de['waste.view.types'] }).waitFor();
    await page.getByTestId('waste-type-new').click();
    await page.locator('#waste-type-name').fill('Glas');
    await page.locator('#waste-type-code').fill('glas');
    await page.getByTestId('waste-type-save').click();
    await page.getByTestId('waste-types').getByRole('rowheader', { name: 'Glas' }).waitFor();
    await checkA11y(page, 'waste types');

    await page.getByTestId('waste-tab-districts').click();
    await page.getByTestId('waste-district-new').click();
    await page.locator('#waste-district-name').fill('Bezirk Glas Test');
    await page.locator('#waste-district-filter').fill('weg');
    await page.getByRole('checkbox', { name: /Schulweg/ }).check();
    await page.getByRole('checkbox', { name: /Mühlbachweg/ }).check();
    await page.getByTestId('waste-district-save').click();
    const row = page.getByTestId('waste-districts').getByRole('row', { name: /Bezirk Glas Test/ });
    await row.waitFor();
    expect(await row.textContent()).toMatch(/Mühlbachweg, Schulweg/);
    await checkA11y(page, 'waste districts');
  });

  it('a clerk enters a schedule by hand: every Wednesday in March for the district, expanded to its dates', async () => {
    // every Wednesday of March next year (no public holiday falls on one), after the imported date below
    const wednesdays = Array.from({ length: 31 }, (_, i) => new Date(Date.UTC(nextYear, 2, i + 1))).filter((d) => d.getUTCDay() === 3).length;
    await page.getByTestId('waste-tab-schedules').click();
    await page.getByTestId('waste-schedule-new').click();
    const form = page.getByTestId('waste-schedule-form');
    await form.locator('#waste-schedule-type').selectOption({ label: 'Glas' });
    await form.locator('#waste-schedule-target').selectOption({ label: 'Bezirk Glas Test' });
    await form.locator('#waste-rule-kind').selectOption('w1');
    await form.locator('#waste-rule-day').selectOption('WE');
    await form.locator('#waste-schedule-from').fill(`${nextYear}-03-01`);
    await form.locator('#waste-schedule-to').fill(`${nextYear}-03-31`);
    await checkA11y(page, 'waste schedule form');
    await page.getByTestId('waste-schedule-save').click();
    await page.getByText(de['waste.schedule.saved'].replace('{count}', String(wednesdays)).replace('{count:Termin|Termine}', 'Termine')).waitFor();
    const row = page.getByTestId('waste-schedules').getByRole('row', { name: /Glas/ });
    expect(await row.textContent()).toContain(de['waste.rule.everyWeekText'].replace('{day}', de['waste.day.WE']));
    expect(await row.textContent()).toContain('Bezirk Glas Test');
  });

  it('a CSV file with a wrong row is reported row by row and nothing is imported; the corrected file is', async () => {
    await page.getByTestId('waste-tab-import').click();
    const wrong = `typ;bezirk;strasse;datum;hinweis\nglas;Bezirk Glas Test;;${DAY};\nglas;;Gibtsnichtweg;${DAY};\n`;
    await page.locator('#waste-import-file').setInputFiles(csvFile('falsch.csv', wrong));
    await page.getByTestId('waste-import-check').click();
    const rows = page.getByTestId('waste-import-rows');
    await rows.getByRole('rowheader', { name: '3' }).waitFor();
    expect(await rows.textContent()).toContain('Gibtsnichtweg');
    await expect.poll(() => page.getByTestId('waste-import-run').isDisabled()).toBe(true);
    await checkA11y(page, 'waste import report');

    const right = `typ;bezirk;strasse;datum;hinweis\nglas;Bezirk Glas Test;;${DAY};Bitte bis 6 Uhr\n`;
    await page.locator('#waste-import-file').setInputFiles(csvFile('richtig.csv', right));
    await page.getByTestId('waste-import-check').click();
    await expect.poll(() => page.getByTestId('waste-import-run').isDisabled()).toBe(false);
    await page.getByTestId('waste-import-run').click();
    await page.getByText(de['waste.import.done']).waitFor();
  });

  it("the street's calendar shows the imported date, in the console and on the portal", async () => {
    await page.getByTestId('waste-tab-calendar').click();
    await page.locator('#waste-preview-street').selectOption({ label: 'Schulweg' });
    const preview = page.getByTestId('waste-preview');
    await preview.getByText('Glas', { exact: true }).waitFor();
    expect(await preview.textContent()).toContain(`13.01.${nextYear}`);
    await checkA11y(page, 'waste calendar preview');
    const streetId = await page.locator('#waste-preview-street').inputValue();
    const portal = await fetch(url(`/m/musterstadt/waste?street=${streetId}`));
    expect(portal.status).toBe(200);
    const body = await portal.text();
    expect(body).toContain('Glas');
    expect(body).toContain('Bitte bis 6 Uhr');
  });
});

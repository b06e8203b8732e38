// Streets, areas, coverage and the resident import in the staff console: the owner uploads a street list with one bad
// row and reads the report, draws an area with four clicks on the map (no tiles: nothing leaves the machine), sees it in
// the table and in the coverage, and imports residents with a column mapping.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import de from '../../src/web/admin/i18n/de.json' with { type: 'json' };
import { type Civicast, checkA11y, OWNER_EMAIL, OWNER_PASSWORD, openBrowserSession, type BrowserSession } from './helpers.ts';

let civicast: Civicast;
let page: Page;
let thirdParty: string[];

let session: BrowserSession | undefined;
beforeAll(async () => {
  session = await openBrowserSession();
  ({ civicast, page, thirdParty } = session);
});

afterAll(async () => {
  await session?.close();
});

const url = (path: string) => `${civicast.baseUrl}${path}`;
const tab = async (sub: string, label: string) => {
  await page.getByTestId(`residents-tab-${sub}`).click();
  await page.getByRole('heading', { level: 2, name: label, exact: true }).waitFor();
};
const csvFile = (name: string, text: string) => ({ name, mimeType: 'text/csv', buffer: Buffer.from(text, 'utf8') });

describe('streets, areas and coverage', () => {
  it('signs the owner in and opens the residents section', async () => {
    await page.goto(url('/admin/t/musterstadt/residents'));
    await page.waitForURL(/\/admin\/login/);
    await page.getByTestId('login-email').fill(OWNER_EMAIL);
    await page.getByTestId('login-password').fill(OWNER_PASSWORD);
    await page.getByTestId('login-submit').click();
    await page.getByRole('heading', { level: 1, name: de['residents.title'], exact: true }).waitFor();
  });

  it('uploads a street list with one bad row and shows the row-by-row report', async () => {
    await tab('streets', de['residents.tab.streets']);
    await checkA11y(page, 'streets (empty)');
    const csv = 'Straße;Hausnummern;PLZ;Einwohner\nHauptstraße;1-99;12345;420\nBahnhofstraße;2-40;ABC;80\nLindenweg;1-20;12345;150\n';
    await page.getByTestId('streets-upload').setInputFiles(csvFile('strassen.csv', csv));
    await page.getByTestId('streets-upload-submit').click();
    const report = page.getByTestId('streets-report');
    await report.waitFor();
    await expect.poll(() => report.getByRole('status').textContent()).toContain('2');
    const rows = report.getByTestId('report-row');
    await expect.poll(() => rows.count()).toBe(1);
    expect(await rows.first().locator('th').textContent()).toBe('3');
    expect(await rows.first().locator('td').first().textContent()).toBe(de['geo.field.postcode']);
    await expect.poll(() => page.getByTestId('street-row').count()).toBe(2);
    await checkA11y(page, 'streets with report');
  });

  it('draws an area with four clicks on the map and saves it', async () => {
    await tab('areas', de['residents.tab.areas']);
    const map = page.getByTestId('areas-map');
    await map.waitFor();
    expect(await map.getAttribute('aria-label')).toBe(de['geo.areas.mapLabel']);
    await checkA11y(page, 'areas (empty)');
    for (const [x, y] of [
      [120, 100],
      [320, 110],
      [330, 280],
      [130, 290],
    ]) {
      await map.click({ position: { x, y } });
    }
    await expect.poll(() => page.getByTestId('area-draw-status').textContent()).toContain('4');
    await page.getByTestId('area-draw-finish').click();
    await page.getByTestId('area-name').fill('Altstadt');
    await page.getByTestId('area-save').click();
    const row = page.getByTestId('area-row').filter({ hasText: 'Altstadt' });
    await row.waitFor();
    await expect.poll(() => map.textContent()).toContain('Altstadt');
    await checkA11y(page, 'areas with one area');
  });

  it('shows the coverage per street and area, lowest share first', async () => {
    await tab('coverage', de['residents.tab.coverage']);
    const table = page.getByTestId('coverage-table');
    await table.waitFor();
    const names = await table.locator('tbody th').allTextContents();
    expect(names.some((n) => n.startsWith('Hauptstraße'))).toBe(true);
    expect(names).toContain('Altstadt');
    await checkA11y(page, 'coverage');
  });

  it('imports residents with a column mapping and shows the report', async () => {
    await tab('import', de['residents.tab.import']);
    await checkA11y(page, 'import (empty)');
    const csv = 'Mobil;Mail;Strasse;Nr\n+49 151 23456789;anna@example.org;Hauptstraße;5\nkeine Nummer;;Hauptstraße;7\n';
    await page.getByTestId('import-file').setInputFiles(csvFile('einwohner.csv', csv));
    await page.getByTestId('import-map-phone').selectOption('Mobil');
    await page.getByTestId('import-map-street').selectOption('Strasse');
    await page.getByTestId('import-proof').fill('Papierformulare Bürgerbüro 2024');
    await page.getByTestId('import-submit').click();
    const report = page.getByTestId('import-report');
    await report.waitFor();
    await expect.poll(() => report.getByTestId('report-row').count()).toBe(1);
    expect(await report.getByTestId('report-row').locator('th').textContent()).toBe('3');
    await checkA11y(page, 'import with report');
  });

  it('sent no request to another host', () => {
    expect(thirdParty).toEqual([]);
  });
});

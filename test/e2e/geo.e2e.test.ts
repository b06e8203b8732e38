// Streets, areas, coverage and the resident import in the staff console: the owner uploads a street list with one bad
// row and reads the report, draws an area with four clicks on the map (no tiles: nothing leaves the machine), sets a
// local tile server for the municipality (tiles load under the console's CSP, attribution shown), edits the area, sees
// it in the table and on the coverage map, and imports residents with a column mapping.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import de from '../../src/web/admin/i18n/de.json' with { type: 'json' };
import { type Civicast, checkA11y, newContext, browserSessionForFile, watchThirdParty } from './helpers.ts';
import { signInAt } from './session.ts';
import { startTileServer, type TileServer } from './tile-server.ts';

let civicast: Civicast;
let page: Page;
let thirdParty: string[];

// a map tile server on 127.0.0.1 (another port): local, so it never counts as third-party
let tiles: TileServer;
beforeAll(async () => {
  tiles = await startTileServer();
});
afterAll(async () => {
  await tiles?.close();
});
// (registered after the tile server's hooks: opened after it, closed before it)
const session = browserSessionForFile({}, (s) => {
  ({ civicast, page, thirdParty } = s);
});

const url = (path: string) => `${civicast.baseUrl}${path}`;
const tab = async (sub: string, label: string) => {
  await page.getByTestId(`residents-tab-${sub}`).click();
  await page.getByRole('heading', { level: 2, name: label, exact: true }).waitFor();
};
const csvFile = (name: string, text: string) => ({ name, mimeType: 'text/csv', buffer: Buffer.from(text, 'utf8') });

describe('streets, areas and coverage', () => {
  it('signs the owner in and opens the residents section', async () => {
    await signInAt(page, url('/admin/t/musterstadt/residents'));
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

  it('imports address points from an OpenStreetMap GeoJSON export; the street list counts them per street', async () => {
    const point = (lng: number, lat: number, properties: Record<string, string>) => ({
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [lng, lat] },
      properties,
    });
    const osm = {
      type: 'FeatureCollection',
      features: [
        point(13.401, 52.521, { 'addr:street': 'Hauptstraße', 'addr:housenumber': '5', 'addr:postcode': '12345' }),
        point(13.402, 52.522, { 'addr:street': 'Hauptstraße', 'addr:housenumber': '7', 'addr:postcode': '12345' }),
        point(13.41, 52.53, { 'addr:street': 'Birkenweg', 'addr:housenumber': '1', 'addr:postcode': '12345' }),
        point(13.42, 52.54, { amenity: 'bench' }),
      ],
    };
    await page
      .getByTestId('points-upload')
      .setInputFiles({ name: 'adressen.geojson', mimeType: 'application/geo+json', buffer: Buffer.from(JSON.stringify(osm), 'utf8') });
    await page.getByTestId('points-upload-submit').click();
    const report = page.getByTestId('points-report');
    await report.waitFor();
    // "3 Adresspunkte übernommen, 1 Straße neu angelegt, 0 Einwohner:innen …": the numbers with the words that fit them
    await expect.poll(() => report.getByRole('status').textContent()).toMatch(/^3 Adresspunkte übernommen, 1 Straße neu angelegt, 0 Einwohner:innen/);
    await expect.poll(() => report.getByTestId('report-row').count()).toBe(1);
    expect(await report.getByTestId('report-row').locator('th').textContent()).toBe('4');
    await expect.poll(() => page.getByTestId('street-row').count()).toBe(3);
    const hauptstrasse = page.getByTestId('street-row').filter({ hasText: 'Hauptstraße' });
    const pointsColumn = (await page.getByTestId('streets-table').locator('thead th').allTextContents()).indexOf(de['geo.streets.col.points']);
    expect(await hauptstrasse.locator('th, td').nth(pointsColumn).textContent()).toBe('2');
    await checkA11y(page, 'streets with address points');
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
    // one area, in the singular
    await expect.poll(() => page.getByText(/^Die Karte zeigt 1 Gebiet als Fläche mit Namen; dasselbe Gebiet steht/).count()).toBe(1);
    await checkA11y(page, 'areas with one area');
    expect(tiles.requests).toEqual([]); // no tile URL: the map loads nothing
  });

  it('sets a tile server for the municipality; the map loads its tiles under the CSP and shows the attribution', async () => {
    await page.getByTestId('tile-summary').click();
    await page.getByTestId('tile-url').fill(tiles.template);
    await page.getByTestId('tile-attribution').fill('© Testkacheln');
    await page.getByTestId('tile-save').click();
    await page.getByTestId('tile-reload').waitFor();
    await checkA11y(page, 'tile server saved');

    // this session's context bypasses the CSP (for axe), so the CSP is checked in a context that enforces it
    const strict = await newContext(session.browser, { bypassCSP: false, storageState: await session.context.storageState() });
    const strictThirdParty = watchThirdParty(strict);
    try {
      const strictPage = await strict.newPage();
      const violations: string[] = [];
      strictPage.on('console', (m) => {
        if (/Content Security Policy|CSP violation/i.test(m.text())) violations.push(m.text());
      });
      await strictPage.addInitScript(() =>
        document.addEventListener('securitypolicyviolation', (e) => console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI}`)),
      );
      await strictPage.goto(url('/admin/t/musterstadt/residents/areas'));
      const map = strictPage.getByTestId('areas-map');
      await map.waitFor();
      await expect.poll(() => map.locator('img.leaflet-tile-loaded').count()).toBeGreaterThan(0);
      expect(tiles.requests.length).toBeGreaterThan(0);
      expect(tiles.requests.every((p) => /^\/\d+\/\d+\/\d+\.png$/.test(p))).toBe(true);
      expect(await map.getByText('© Testkacheln').isVisible()).toBe(true);
      expect(violations).toEqual([]);
      // the control: an image from another port on the same host is still refused, so the CSP is in force here
      await strictPage.evaluate(() => {
        const img = new Image();
        img.src = 'http://127.0.0.1:9/not-a-tile.png';
      });
      await expect.poll(() => violations.length).toBeGreaterThan(0);
      expect(violations.every((v) => v.includes('127.0.0.1:9/not-a-tile.png'))).toBe(true);
    } finally {
      await strict.close();
      thirdParty.push(...strictThirdParty);
    }

    await page.getByTestId('tile-reload').click();
    const map = page.getByTestId('areas-map');
    await map.waitFor();
    await expect.poll(() => map.locator('img.leaflet-tile-loaded').count()).toBeGreaterThan(0);
    expect(await map.getByText('© Testkacheln').isVisible()).toBe(true);
    await checkA11y(page, 'areas with tiles');
  });

  it('edits the drawn area: a new name, a population and a redrawn outline', async () => {
    const map = page.getByTestId('areas-map');
    await page.getByTestId('area-row').filter({ hasText: 'Altstadt' }).getByTestId('area-edit').click();
    await page.getByTestId('area-edit-form').waitFor();
    await page.getByTestId('area-edit-name').fill('Altstadt-Nord');
    await page.getByTestId('area-edit-population').fill('200');
    await page.getByTestId('area-redraw').click();
    for (const [x, y] of [
      [140, 120],
      [300, 120],
      [220, 260],
    ]) {
      await map.click({ position: { x, y } });
    }
    await expect.poll(() => page.getByTestId('area-draw-status').textContent()).toContain('3');
    await page.getByTestId('area-draw-finish').click();
    await checkA11y(page, 'editing an area');
    await page.getByTestId('area-edit-save').click();
    const row = page.getByTestId('area-row').filter({ hasText: 'Altstadt-Nord' });
    await row.waitFor();
    expect(await page.getByTestId('area-row').count()).toBe(1);
    expect(await row.locator('td').first().textContent()).toBe('200');
    await expect.poll(() => map.textContent()).toContain('Altstadt-Nord');
  });

  it('shows the coverage per street and area, lowest share first, and the areas on a map with a legend', async () => {
    await tab('coverage', de['residents.tab.coverage']);
    const table = page.getByTestId('coverage-table');
    await table.waitFor();
    const names = await table.locator('tbody th').allTextContents();
    expect(names.some((n) => n.startsWith('Hauptstraße'))).toBe(true);
    expect(names).toContain('Altstadt-Nord');
    const map = page.getByTestId('coverage-map');
    await map.waitFor();
    await expect.poll(() => map.textContent()).toMatch(/Altstadt-Nord\s*0 von 200 \(0\s%\)/);
    expect(await page.getByText(de['geo.coverage.mapHint']).isVisible()).toBe(true);
    const legend = page.getByTestId('coverage-legend');
    expect(await legend.locator('li').count()).toBe(6);
    expect(await legend.textContent()).toContain(de['geo.coverage.legend.unknown']);
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

  it('runs a larger import in the background with a progress bar, then shows the report', async () => {
    // large enough that the run is still going when the console looks again (500 ms): 3,000 rows were done in less on
    // PostgreSQL, and the progress was never seen
    const rows = Array.from({ length: 12_000 }, (_, i) => `+49 151 3${String(i).padStart(7, '0')};Hauptstraße;${1 + (i % 90)}`);
    await page.getByTestId('import-file').setInputFiles(csvFile('einwohner-gross.csv', ['Mobil;Strasse;Nr', ...rows].join('\n')));
    await page.getByTestId('import-map-phone').selectOption('Mobil');
    await page.getByTestId('import-map-street').selectOption('Strasse');
    await page.getByTestId('import-submit').click();
    const progress = page.getByTestId('import-progress');
    expect(await progress.getAttribute('role')).toBe('status');
    // "Prüfe Zeile 1.000 von 12.000" or "Schreibe Eintrag 1.000 von 12.000": a real count, not a spinner
    await expect.poll(() => progress.textContent(), { timeout: 30_000, interval: 50 }).toMatch(/(Prüfe Zeile|Schreibe Eintrag) [\d.]+ von 12\.000/);
    expect(Number(await progress.locator('progress').getAttribute('max'))).toBe(12_000);
    const report = page.getByTestId('import-report');
    await report.waitFor({ timeout: 60_000 });
    await expect.poll(() => report.getByRole('status').textContent()).toContain('12.000 von 12.000');
    expect(await progress.locator('progress').count()).toBe(0);
    await checkA11y(page, 'import of 12,000 rows with report');
  });

  it('sent no request to another host', () => {
    expect(thirdParty).toEqual([]);
  });
});

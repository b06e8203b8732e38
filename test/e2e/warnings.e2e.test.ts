// Warnungen in the staff console: the owner tries an expiry before the onset and reads why next to the field, issues
// an exercise warning to the whole municipality, sees it marked as an exercise in the detail and the list, opens its
// CAP document, and gives the all-clear, after which it is among the past warnings; then warns an area drawn on the map.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import de from '../../src/web/admin/i18n/de.json' with { type: 'json' };
import { type BrowserSession, type Civicast, checkA11y, openBrowserSession, signInOwnerAt } from './helpers.ts';

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

describe('issuing a warning in the console', { shuffle: false }, () => {
  it('opens the issue form', async () => {
    await signInOwnerAt(page, url('/admin/t/musterstadt/warnings/new'));
    await page.getByTestId('warning-form').waitFor();
    await checkA11y(page, 'warning form');
  });

  it('an expiry before the onset is refused with the reason at the field', async () => {
    await page.getByTestId('warning-status-exercise').check();
    await page.getByTestId('warning-event').fill('Hochwasser');
    await page.getByTestId('warning-headline').fill('Übung: Hochwasser an der Mühlbach-Aue');
    await page.getByTestId('warning-description').fill('Der Pegel steigt weiter.');
    await page.locator('#warning-onset').fill('2099-11-30T12:00');
    await page.locator('#warning-expires').fill('2099-11-30T10:00');
    await page.getByTestId('warning-issue').click();
    await expect.poll(() => page.locator('#warning-expires-error').textContent()).toBe(de['fieldError.expires_before_onset']);
  });

  it('issues the exercise and shows it marked as an exercise', async () => {
    await page.locator('#warning-expires').fill('2099-11-30T18:00');
    await page.getByTestId('warning-issue').click();
    await page.getByTestId('warning-detail').waitFor();
    expect(await page.getByTestId('warning-state').textContent()).toBe(de['warnings.state.current']);
    expect(await page.getByTestId('warning-detail').getByTestId('warning-mark').first().textContent()).toBe(de['warnings.mark.exercise']);
    await checkA11y(page, 'warning detail');
  });

  it('links a CAP 1.2 document marked Exercise', async () => {
    const href = await page.getByRole('link', { name: de['warnings.capLink'] }).getAttribute('href');
    const res = await fetch(href!);
    expect(res.status).toBe(200);
    const xml = await res.text();
    expect(xml).toContain('<status>Exercise</status>');
    expect(xml).toContain('Übung: Hochwasser an der Mühlbach-Aue');
  });

  it('the all-clear ends it, and it moves to the past warnings', async () => {
    await page.getByTestId('warning-all-clear').click();
    await expect.poll(() => page.getByTestId('warning-state').textContent()).toBe(de['warnings.state.ended']);
    await expect.poll(() => page.getByTestId('warning-version').count()).toBe(2);
    await page.getByRole('navigation', { name: de['warnings.tabsLabel'] }).getByRole('link', { name: de['warnings.tab.list'], exact: true }).click();
    await page.getByTestId('warnings-filter-past').check();
    await expect.poll(() => page.getByTestId('warnings-table').textContent()).toContain(de['warnings.mark.exercise']);
    await checkA11y(page, 'warning list');
    expect(thirdParty).toEqual([]);
  });
  it('a warning for an area drawn on the map', async () => {
    await page.goto(url('/admin/t/musterstadt/warnings/new'));
    await page.getByTestId('warning-form').waitFor();
    await page.getByTestId('warning-status-test').check();
    await page.getByTestId('warning-event').fill('Gasleck');
    await page.getByTestId('warning-headline').fill('Test: Gasleck in der Altstadt');
    await page.getByTestId('warning-description').fill('Fenster schließen.');
    await page.getByTestId('warning-area-polygon').check();
    const map = page.getByTestId('areas-map');
    await map.waitFor();
    const box = (await map.boundingBox())!;
    const [cx, cy] = [box.width / 2, box.height / 2];
    for (const [dx, dy] of [
      [-20, -20],
      [20, -20],
      [20, 20],
      [-20, 20],
    ]) {
      await map.click({ position: { x: cx + dx, y: cy + dy } });
    }
    await expect.poll(() => page.getByTestId('warning-draw-status').textContent()).toContain('4');
    await page.getByTestId('warning-draw-finish').click();
    await checkA11y(page, 'warning form with a drawn area');
    await page.getByTestId('warning-issue').click();
    await page.getByTestId('warning-detail').waitFor();
    expect(await page.getByTestId('warning-detail').textContent()).toContain(de['warnings.area.polygon']);
  });
});

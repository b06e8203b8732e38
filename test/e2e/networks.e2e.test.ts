// A network's console (issue 9): the seeded owner is also staff of the seeded Landkreis Musterkreis; from the header
// they open it, see its members, share a template, and send a message from it to Musterstadt's residents, whose
// portal then shows it. One story, in order.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import de from '../../src/web/admin/i18n/de.json' with { type: 'json' };
import portalDe from '../../src/server/modules/portal/i18n/de.json' with { type: 'json' };
import { type Civicast, checkA11y, browserSessionForFile } from './helpers.ts';
import { signInAt } from './session.ts';

let civicast: Civicast;
let page: Page;

browserSessionForFile({}, (s) => {
  ({ civicast, page } = s);
});

const url = (path: string) => `${civicast.baseUrl}${path}`;
const NETWORK = 'Landkreis Musterkreis';
const heading = (view: string) => page.getByRole('heading', { level: 1, name: `${NETWORK}: ${view}`, exact: true });

describe('network console', { shuffle: false }, () => {
  it('opens the network from the header and lists its members with their followers', async () => {
    await signInAt(page, url('/admin/'));
    await page.getByTestId('network-link').filter({ hasText: NETWORK }).click();
    await heading(de['network.members']).waitFor();
    expect(new URL(page.url()).pathname).toBe('/admin/n/landkreis-musterkreis/');
    await page.getByTestId('network-members').getByRole('rowheader', { name: 'Musterstadt' }).waitFor();
    await checkA11y(page, 'network members');
  });

  it('shares a template with the members', async () => {
    await page.getByTestId('network-tab-templates').click();
    await heading(de['network.templates']).waitFor();
    await page.getByLabel(de['network.templateName']).fill('Kreisstraße gesperrt');
    await page.getByLabel(de['network.title'], { exact: true }).fill('Sperrung der Kreisstraße');
    await page.getByLabel(de['network.body'], { exact: true }).fill('Die **Kreisstraße 12** ist bis Freitag gesperrt.');
    await page.getByTestId('network-template-save').click();
    await page.getByTestId('network-templates').getByRole('rowheader', { name: 'Kreisstraße gesperrt' }).waitFor();
    await checkA11y(page, 'network templates');
  });

  it('sends a message from the template to the members; the member portal shows it', async () => {
    await page.getByTestId('network-tab-send').click();
    await heading(de['network.send']).waitFor();
    await page.getByLabel(de['network.useTemplate']).selectOption({ label: 'Kreisstraße gesperrt' });
    await expect.poll(() => page.getByLabel(de['network.title'], { exact: true }).inputValue()).toBe('Sperrung der Kreisstraße');
    await checkA11y(page, 'network send');
    await page.getByTestId('network-send').click();
    await page.getByTestId('network-results').getByText(`Musterstadt: ${de['network.outcome.sent']}`).waitFor();
    await page.getByTestId('network-sends').getByRole('rowheader', { name: 'Sperrung der Kreisstraße' }).waitFor();
    // the resident portal of the member shows it, and where it came from
    await page.goto(url('/m/musterstadt/'));
    const item = page.locator('article, li').filter({ hasText: 'Sperrung der Kreisstraße' }).first();
    await expect
      .poll(
        async () => {
          await page.reload();
          return item.textContent();
        },
        { timeout: 20_000 },
      )
      .toContain(portalDe.newsOrigin.replace('{network}', NETWORK));
  });
});

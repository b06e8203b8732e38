// Residents in the staff console: the owner uploads a street list, enters a resident from a paper form with the signed
// form scanned as PDF (no written proof), finds the scan on the resident's page, and filters the list by street.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import de from '../../src/web/admin/i18n/de.json' with { type: 'json' };
import { type Civicast, checkA11y, browserSessionForFile } from './helpers.ts';
import { signInAt } from './session.ts';

const PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n',
);

let civicast: Civicast;
let page: Page;
let thirdParty: string[];

browserSessionForFile({}, (s) => {
  ({ civicast, page, thirdParty } = s);
});

const url = (path: string) => `${civicast.baseUrl}${path}`;
const tab = async (sub: string, label: string) => {
  await page.getByTestId(`residents-tab-${sub}`).click();
  await page.getByRole('heading', { level: 2, name: label, exact: true }).waitFor();
};

async function addResident(phone: string, street: string, proof: { text?: string; scan?: Buffer }) {
  await tab('add', de['residents.tab.add']);
  await page.getByTestId('resident-add-phone').fill(phone);
  await page.getByLabel(de['residents.add.street']).fill(street);
  await page.getByLabel(de['residents.add.houseNumber']).fill(street ? '5' : '');
  if (proof.text) await page.getByTestId('resident-add-proof').fill(proof.text);
  if (proof.scan) {
    await page.getByTestId('resident-add-scan').setInputFiles({ name: 'einwilligung.pdf', mimeType: 'application/pdf', buffer: proof.scan });
    await page.locator('[data-testid="resident-add-scan"][data-ready="true"]').waitFor();
  }
  await page.getByTestId('resident-add-submit').click();
  await page.getByTestId('resident-detail').waitFor();
}

describe('residents: scanned consent and place filters', () => {
  it('signs the owner in and uploads a street list', async () => {
    await signInAt(page, url('/admin/t/musterstadt/residents'));
    await page.getByRole('heading', { level: 1, name: de['residents.title'], exact: true }).waitFor();
    await tab('streets', de['residents.tab.streets']);
    const csv = 'Straße;Hausnummern;PLZ\nHauptstraße;1-99;12345\nLindenweg;1-20;12345\n';
    await page.getByTestId('streets-upload').setInputFiles({ name: 'strassen.csv', mimeType: 'text/csv', buffer: Buffer.from(csv, 'utf8') });
    await page.getByTestId('streets-upload-submit').click();
    await expect.poll(() => page.getByTestId('street-row').count()).toBe(2);
  });

  it('enters a resident with a scanned PDF as the only proof and finds the scan on their page', async () => {
    await tab('add', de['residents.tab.add']);
    await checkA11y(page, 'add resident form');
    await addResident('0170 5550301', 'Hauptstraße', { scan: PDF });
    const scans = page.getByTestId('resident-scans');
    const link = scans.getByRole('link', { name: 'einwilligung.pdf' });
    await link.waitFor();
    await page
      .getByRole('cell', { name: /scan "einwilligung\.pdf"/ })
      .first()
      .waitFor();
    const file = await page.request.get(new URL((await link.getAttribute('href'))!, civicast.baseUrl).toString());
    expect(file.status()).toBe(200);
    expect(file.headers()['content-type']).toBe('application/pdf');
    expect(Buffer.compare(await file.body(), PDF)).toBe(0);
    await checkA11y(page, 'resident page with a scan');
  });

  it("tags the resident and lists what they were sent (nothing yet) on the resident's page", async () => {
    const sent = page.getByTestId('resident-sent');
    await sent.getByRole('heading', { name: de['residents.sent.title'] }).waitFor();
    await sent.getByText(de['residents.sent.none']).waitFor();
    await page.getByLabel(de['residents.detail.tags']).fill('Seniorenbeirat, Ortsteil Nord');
    await page.getByRole('button', { name: de['common.save'], exact: true }).click();
    await expect.poll(() => page.getByTestId('resident-tags').textContent()).toBe('Seniorenbeirat, Ortsteil Nord');
    await checkA11y(page, 'resident page with tags');
  });

  it('filters the list by street', async () => {
    await addResident('0170 5550302', 'Lindenweg', { text: 'Papierformular vom 3.2., Ordner 2025, Blatt 1' });
    await tab('list', de['residents.tab.list']);
    await expect.poll(() => page.getByTestId('residents-row').count()).toBe(2);
    await page.getByTestId('residents-street').selectOption({ label: 'Hauptstraße · 12345' });
    await page.getByRole('button', { name: de['residents.search.submit'], exact: true }).click();
    await expect.poll(() => page.getByTestId('residents-row').count()).toBe(1);
    expect(await page.getByTestId('residents-row').locator('th').textContent()).toMatch(/•••• 01$/);
    await checkA11y(page, 'residents list filtered by street');
    expect(thirdParty).toEqual([]);
  });
});

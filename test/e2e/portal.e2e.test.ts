// The resident portal as residents see it: server-rendered pages that are accessible, work without JavaScript,
// stay light and never make the browser talk to a third party.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import de from '../../src/server/modules/portal/i18n/de.json' with { type: 'json' };
import en from '../../src/server/modules/portal/i18n/en.json' with { type: 'json' };
import { type BrowserSession, type Civicast, checkA11y, openBrowserSession } from './helpers.ts';
import { fill } from './session.ts';

const MAX_START_PAGE_JS_BYTES = 50 * 1024;

let session: BrowserSession | undefined;
let civicast: Civicast;
let thirdParty: string[];

beforeAll(async () => {
  session = await openBrowserSession();
  ({ civicast, thirdParty } = session);
});

afterAll(async () => {
  await session?.close();
});

const url = (path: string) => `${civicast.baseUrl}${path}`;

const h1 = (page: Page, name: string) => page.getByRole('heading', { level: 1, name, exact: true });

describe('resident portal', () => {
  it('sends visitors of / to Musterstadt, the only municipality, and its start page is accessible', async () => {
    const page = await session!.newPage();
    const res = await page.goto(url('/'));
    expect(res?.status()).toBe(200);
    expect(new URL(page.url()).pathname).toBe('/m/musterstadt/');
    await h1(page, fill(de.startTitle, { name: 'Musterstadt' })).waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('de');
    await checkA11y(page, 'start page reached from /');
  });

  it('shows the start page of Musterstadt with its sections, contact and legal links', async () => {
    const page = await session!.newPage();
    const res = await page.goto(url('/m/musterstadt/'));
    expect(res?.status()).toBe(200);
    expect(await page.title()).toBe(fill(de.startTitle, { name: 'Musterstadt' }));
    await h1(page, fill(de.startTitle, { name: 'Musterstadt' })).waitFor();
    await page.getByText(fill(de.startIntro, { name: 'Musterstadt' })).waitFor();
    const sections = page.getByRole('navigation', { name: de.navSections, exact: true });
    for (const title of [de.newsTitle, de.warningsTitle, de.eventsTitle, de.reportsTitle]) {
      await sections.getByRole('link', { name: title, exact: true }).waitFor();
      await page.getByRole('heading', { level: 2, name: title, exact: true }).waitFor();
    }
    await page.getByRole('heading', { level: 2, name: de.contactTitle }).waitFor();
    await page.getByRole('link', { name: 'rathaus@musterstadt.example' }).waitFor();
    const legal = page.getByRole('navigation', { name: de.navLegal, exact: true });
    for (const [name, path] of [
      [de.imprintLink, '/m/musterstadt/impressum'],
      [de.privacyLink, '/m/musterstadt/datenschutz'],
      [de.accessibilityLink, '/m/musterstadt/barrierefreiheit'],
    ]) {
      expect(await legal.getByRole('link', { name, exact: true }).getAttribute('href')).toBe(path);
    }
    await checkA11y(page, 'start page');

    await page.getByRole('link', { name: de.langSwitch, exact: true }).click();
    await h1(page, fill(en.startTitle, { name: 'Musterstadt' })).waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
    await checkA11y(page, 'start page in English');
  });

  it('shows the privacy statement of Musterstadt', async () => {
    const page = await session!.newPage();
    await page.goto(url('/m/musterstadt/'));
    await page.getByRole('navigation', { name: de.navLegal, exact: true }).getByRole('link', { name: de.privacyLink, exact: true }).click();
    await page.waitForURL(url('/m/musterstadt/datenschutz'));
    await h1(page, de.privacyTitle).waitFor();
    expect(await page.title()).toBe(fill(de.pageTitle, { page: de.privacyTitle, name: 'Musterstadt' }));
    await page.getByText('Die Stadt Musterstadt verarbeitet personenbezogene Daten').waitFor();
    await checkA11y(page, 'privacy page');
  });

  it('shows the accessibility statement with a way to report barriers', async () => {
    const page = await session!.newPage();
    const res = await page.goto(url('/m/musterstadt/barrierefreiheit'));
    expect(res?.status()).toBe(200);
    await h1(page, de.a11yTitle).waitFor();
    for (const title of [de.a11yStatusTitle, de.a11yLimitsTitle, de.a11yDateTitle, de.a11yFeedbackTitle, de.a11yEnforcementTitle]) {
      await page.getByRole('heading', { level: 2, name: title, exact: true }).waitFor();
    }
    await page.getByRole('main').getByRole('link', { name: 'barrierefreiheit@musterstadt.example' }).waitFor();
    expect(await page.getByRole('link', { name: de.reportBarrier, exact: true }).getAttribute('href')).toBe('mailto:barrierefreiheit@musterstadt.example');
    await checkA11y(page, 'accessibility statement');
  });

  it('shows the imprint of Musterstadt', async () => {
    const page = await session!.newPage();
    const res = await page.goto(url('/m/musterstadt/impressum'));
    expect(res?.status()).toBe(200);
    await h1(page, de.imprintTitle).waitFor();
    await page.getByRole('main').getByText('Rathausplatz 1').waitFor();
    await page.getByText('Vertreten durch die Erste Bürgermeisterin.').waitFor();
    await checkA11y(page, 'imprint');
  });

  it('answers an unknown municipality with an accessible "not found" page that leads back', async () => {
    const page = await session!.newPage();
    const res = await page.goto(url('/m/gibt-es-nicht/'));
    expect(res?.status()).toBe(404);
    await h1(page, de.notFoundTitle).waitFor();
    await page.getByText(de.notFoundText).waitFor();
    await checkA11y(page, 'not found page');

    await page.getByRole('link', { name: de.notFoundHome, exact: true }).click();
    await page.waitForURL(url('/m/musterstadt/'));
    await h1(page, fill(de.startTitle, { name: 'Musterstadt' })).waitFor();
  });

  it('shows the start page with JavaScript turned off', async () => {
    const page = await session!.newPage({ javaScriptEnabled: false });
    const res = await page.goto(url('/m/musterstadt/'));
    expect(res?.status()).toBe(200);
    await h1(page, fill(de.startTitle, { name: 'Musterstadt' })).waitFor();
    // warnings and news come from the demo's content (news/e2e tests look at them); events are not there yet
    for (const title of [de.warningsTitle, de.newsTitle]) await page.getByRole('region', { name: title, exact: true }).waitFor();
    await page.getByRole('region', { name: de.eventsTitle, exact: true }).getByText(de.eventsEmpty).waitFor();
    // the reports section links to the report form and the public list
    await page.getByRole('region', { name: de.reportsTitle, exact: true }).getByRole('link', { name: de['reports.newLink'], exact: true }).waitFor();
    // the branding arrives as a stylesheet, not through script
    expect(await page.locator('header.site-header').evaluate((el) => getComputedStyle(el).backgroundColor)).not.toBe('rgba(0, 0, 0, 0)');

    await page.getByRole('navigation', { name: de.navLegal, exact: true }).getByRole('link', { name: de.imprintLink, exact: true }).click();
    await h1(page, de.imprintTitle).waitFor();
  });

  it('loads at most 50 KB of JavaScript on the start page', async () => {
    const page = await session!.newPage();
    const scripts: Promise<{ url: string; bytes: number }>[] = [];
    page.on('requestfinished', (request) => {
      if (request.resourceType() !== 'script') return;
      scripts.push(request.sizes().then((s) => ({ url: request.url(), bytes: s.responseBodySize + s.responseHeadersSize })));
    });
    await page.goto(url('/m/musterstadt/'), { waitUntil: 'load' });
    await h1(page, fill(de.startTitle, { name: 'Musterstadt' })).waitFor();
    const loaded = await Promise.all(scripts);
    const total = loaded.reduce((sum, s) => sum + s.bytes, 0);
    expect(total, `scripts: ${JSON.stringify(loaded)}`).toBeLessThanOrEqual(MAX_START_PAGE_JS_BYTES);
  });

  it('made no request to any third party from any page', () => {
    expect(thirdParty).toEqual([]);
  });
});

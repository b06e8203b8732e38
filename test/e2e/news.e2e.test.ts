// The portal as a resident sees it once the town hall has said something: the warning banner on top of every page
// (gone after the all-clear), the news with its permalink page, accessible (axe) and light (under 50 KB of
// JavaScript per page), with and without JavaScript. Staff make the data through the API, as the console does.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import de from '../../src/server/modules/portal/i18n/de.json' with { type: 'json' };
import { type Civicast, checkA11y, browserSessionForFile } from './helpers.ts';
import { type Staff, staffSignIn } from './session.ts';

const MAX_JS_BYTES_PER_PAGE = 50 * 1024;
const BASE = '/m/musterstadt/';
const HEADLINE = 'Hochwasser an der Mühlbach-Aue';
const NEWS_TITLE = 'Sperrung der Hauptstraße';

let civicast: Civicast;
let thirdParty: string[];
let staff: Staff;
let newsId = '';
let warningId = '';

const url = (path: string) => `${civicast.baseUrl}${path}`;

const session = browserSessionForFile({}, async (s) => {
  ({ civicast, thirdParty } = s);
  staff = await staffSignIn(civicast.baseUrl);

  const created = await staff.api('POST', '/messages', {
    title: NEWS_TITLE,
    body: 'Die **Hauptstraße** ist ab Montag gesperrt.\n\nUmleitung über die [Ringstraße](https://example.org/umleitung).',
    topic: 'verkehr',
    audience: {},
    channels: ['portal'],
  });
  expect(created.status, JSON.stringify(created.json)).toBe(201);
  newsId = String(created.json.id);
  const sent = await staff.api('POST', `/messages/${newsId}/send`);
  expect(sent.json.status, JSON.stringify(sent.json)).toBe('sent');
  const warning = await staff.api('POST', '/warnings', {
    severity: 'severe',
    event: 'Hochwasser',
    headline: HEADLINE,
    description: 'Der Pegel steigt weiter.',
    instruction: 'Räumen Sie Keller und meiden Sie das Ufer.',
    area: { kind: 'tenant' },
  });
  expect(warning.status, JSON.stringify(warning.json)).toBe(201);
  warningId = String(warning.json.id);
});

/** Opens a page and sums the bytes of every script it loads. */
async function scriptBytes(page: Page, path: string): Promise<{ total: number; scripts: { url: string; bytes: number }[] }> {
  const pending: Promise<{ url: string; bytes: number }>[] = [];
  const listener = (request: import('playwright-core').Request) => {
    if (request.resourceType() === 'script')
      pending.push(request.sizes().then((s) => ({ url: request.url(), bytes: s.responseBodySize + s.responseHeadersSize })));
  };
  page.on('requestfinished', listener);
  await page.goto(url(path), { waitUntil: 'load' });
  await page.waitForLoadState('networkidle');
  page.off('requestfinished', listener);
  const scripts = await Promise.all(pending);
  return { total: scripts.reduce((sum, s) => sum + s.bytes, 0), scripts };
}

const banner = (page: Page) => page.locator('[data-warning-banner]');

describe('news and warnings on the portal', { shuffle: false }, () => {
  it('shows the warning first, then the news, and is accessible', async () => {
    const page = await session.newPage();
    const res = await page.goto(url(BASE));
    expect(res?.status()).toBe(200);
    const warnings = page.getByRole('region', { name: de.warningsTitle, exact: true });
    await warnings.getByRole('heading', { name: HEADLINE }).waitFor();
    await warnings.getByText(de.severitySevere, { exact: true }).first().waitFor();
    await warnings.getByText('Räumen Sie Keller und meiden Sie das Ufer.').waitFor();
    const news = page.getByRole('region', { name: de.newsTitle, exact: true });
    await news.getByRole('link', { name: NEWS_TITLE }).waitFor();
    // warnings above the news
    const [warningsBox, newsBox] = [await warnings.boundingBox(), await news.boundingBox()];
    expect(warningsBox!.y).toBeLessThan(newsBox!.y);
    await checkA11y(page, 'start page with a warning and news');

    await news.getByRole('link', { name: NEWS_TITLE }).click();
    await page.waitForURL(url(`${BASE}news/${newsId}`));
    await page.getByRole('heading', { level: 1, name: NEWS_TITLE }).waitFor();
    await page.getByText('Umleitung über die').waitFor();
    await banner(page).getByText(HEADLINE).waitFor();
    await checkA11y(page, 'news page with the warning banner');

    await banner(page).getByRole('link', { name: de.bannerMore }).click();
    await page.waitForURL(url(`${BASE}alerts`));
    await page.getByRole('heading', { level: 2, name: HEADLINE }).waitFor();
    await checkA11y(page, 'alerts page');
  });

  it('shows banner and news without JavaScript, on the portal’s other pages too', async () => {
    const page = await session.newPage({ javaScriptEnabled: false });
    for (const path of ['', `news/${newsId}`, 'impressum', 'register', 'login']) {
      await page.goto(url(`${BASE}${path}`));
      await banner(page).getByText(HEADLINE).first().waitFor();
    }
    await page.goto(url(BASE));
    await page.getByRole('link', { name: NEWS_TITLE }).waitFor();
  });

  it('loads under 50 KB of JavaScript on every page', async () => {
    const page = await session.newPage();
    for (const path of ['', `news/${newsId}`, 'alerts', 'register', 'impressum']) {
      const { total, scripts } = await scriptBytes(page, `${BASE}${path}`);
      expect(total, `${path || 'start'}: ${JSON.stringify(scripts)}`).toBeLessThan(MAX_JS_BYTES_PER_PAGE);
    }
  });

  it('links a web app manifest the browser can read', async () => {
    const page = await session.newPage();
    await page.goto(url(BASE));
    const href = await page.locator('link[rel="manifest"]').getAttribute('href');
    expect(href).toBe(`${BASE}manifest.webmanifest`);
    const manifest = await (await page.request.get(url(href!))).json();
    expect(manifest).toMatchObject({ start_url: BASE, scope: BASE, display: 'standalone' });
    for (const icon of manifest.icons as { src: string }[]) expect((await page.request.get(url(icon.src))).status()).toBe(200);
  });

  it('takes the banner off every page after the all-clear', async () => {
    const res = await staff.api('POST', `/warnings/${warningId}/all-clear`, {});
    expect(res.status, JSON.stringify(res.json)).toBeLessThan(300);
    // a fresh profile: the start page may sit in a browser cache for its max-age of 10 s (see START_CACHE)
    const page = await session.newPage();
    for (const path of ['', `news/${newsId}`, 'alerts', 'impressum', 'register']) {
      await page.goto(url(`${BASE}${path}`));
      await page.locator('main h1').waitFor();
      expect(await banner(page).count(), path).toBe(0);
      expect(await page.getByText(HEADLINE).count(), path).toBe(0);
    }
  });

  it('made no request to any third party', () => {
    expect(thirdParty).toEqual([]);
  });
});

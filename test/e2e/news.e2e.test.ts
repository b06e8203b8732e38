// The portal as a resident sees it once the town hall has said something: the warning banner on top of every page
// (gone after the all-clear), the news with its permalink page, accessible (axe) and light (under 50 KB of
// JavaScript per page), with and without JavaScript. Staff make the data through the API, as the console does.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import de from '../../src/server/modules/portal/i18n/de.json' with { type: 'json' };
import { type Civicast, checkA11y, launchBrowser, newContext, OWNER_EMAIL, OWNER_PASSWORD, startCivicast, watchThirdParty } from './helpers.ts';

const MAX_JS_BYTES_PER_PAGE = 50 * 1024;
const BASE = '/m/musterstadt/';
const HEADLINE = 'Hochwasser an der Mühlbach-Aue';
const NEWS_TITLE = 'Sperrung der Hauptstraße';

let civicast: Civicast;
let browser: Browser;
const contexts: BrowserContext[] = [];
const thirdParty: string[] = [];
let staff = { cookie: '', csrf: '' };
let newsId = '';
let warningId = '';

const url = (path: string) => `${civicast.baseUrl}${path}`;

async function api(method: string, path: string, body?: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await fetch(url(`/api/v1/tenants/musterstadt${path}`), {
    method,
    headers: { cookie: staff.cookie, 'x-csrf-token': staff.csrf, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, json: text ? JSON.parse(text) : {} };
}

beforeAll(async () => {
  civicast = await startCivicast();
  browser = await launchBrowser();
  const login = await fetch(url('/api/v1/auth/login'), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: OWNER_EMAIL, password: OWNER_PASSWORD }),
  });
  expect(login.status).toBe(200);
  const cookie = login.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  const me = (await (await fetch(url('/api/v1/me'), { headers: { cookie } })).json()) as { csrfToken: string };
  staff = { cookie, csrf: me.csrfToken };

  const created = await api('POST', '/messages', {
    title: NEWS_TITLE,
    body: 'Die **Hauptstraße** ist ab Montag gesperrt.\n\nUmleitung über die [Ringstraße](https://example.org/umleitung).',
    topic: 'verkehr',
    audience: {},
    channels: ['portal'],
  });
  expect(created.status, JSON.stringify(created.json)).toBe(201);
  newsId = String(created.json.id);
  const sent = await api('POST', `/messages/${newsId}/send`);
  expect(sent.json.status, JSON.stringify(sent.json)).toBe('sent');
  const warning = await api('POST', '/warnings', {
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

afterAll(async () => {
  await browser?.close();
  await civicast?.stop();
});

/** A fresh browser profile (empty cache) whose third-party requests are watched. */
async function openPage(options: Parameters<typeof newContext>[1] = {}): Promise<Page> {
  const context = await newContext(browser, options);
  context.setDefaultTimeout(15_000);
  contexts.push(context);
  const seen = watchThirdParty(context);
  context.on('close', () => thirdParty.push(...seen));
  return context.newPage();
}

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
    const page = await openPage();
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
    const page = await openPage({ javaScriptEnabled: false });
    for (const path of ['', `news/${newsId}`, 'impressum', 'register', 'login']) {
      await page.goto(url(`${BASE}${path}`));
      await banner(page).getByText(HEADLINE).first().waitFor();
    }
    await page.goto(url(BASE));
    await page.getByRole('link', { name: NEWS_TITLE }).waitFor();
  });

  it('loads under 50 KB of JavaScript on every page', async () => {
    const page = await openPage();
    for (const path of ['', `news/${newsId}`, 'alerts', 'register', 'impressum']) {
      const { total, scripts } = await scriptBytes(page, `${BASE}${path}`);
      expect(total, `${path || 'start'}: ${JSON.stringify(scripts)}`).toBeLessThan(MAX_JS_BYTES_PER_PAGE);
    }
  });

  it('links a web app manifest the browser can read', async () => {
    const page = await openPage();
    await page.goto(url(BASE));
    const href = await page.locator('link[rel="manifest"]').getAttribute('href');
    expect(href).toBe(`${BASE}manifest.webmanifest`);
    const manifest = await (await page.request.get(url(href!))).json();
    expect(manifest).toMatchObject({ start_url: BASE, scope: BASE, display: 'standalone' });
    for (const icon of manifest.icons as { src: string }[]) expect((await page.request.get(url(icon.src))).status()).toBe(200);
  });

  it('takes the banner off every page after the all-clear', async () => {
    const res = await api('POST', `/warnings/${warningId}/all-clear`, {});
    expect(res.status, JSON.stringify(res.json)).toBeLessThan(300);
    // a fresh profile: the start page may sit in a browser cache for its max-age of 10 s (see START_CACHE)
    const page = await openPage();
    for (const path of ['', `news/${newsId}`, 'alerts', 'impressum', 'register']) {
      await page.goto(url(`${BASE}${path}`));
      await page.locator('main h1').waitFor();
      expect(await banner(page).count(), path).toBe(0);
      expect(await page.getByText(HEADLINE).count(), path).toBe(0);
    }
  });

  it('made no request to any third party', async () => {
    for (const context of contexts.splice(0)) await context.close();
    expect(thirdParty).toEqual([]);
  });
});

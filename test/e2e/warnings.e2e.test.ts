// Warnungen from the staff console to the residents. First the story of a warning: the owner issues a "Gefahr" for the
// whole town with an instruction and an expiry, and an exercise beside it; the banner shows both (the exercise marked
// "Übung") on every kind of portal page, also a signed-in resident's settings; the CAP document and the Atom index
// carry it; the all-clear in the console takes the banner off every page again. Then the issue form itself: an expiry
// before the onset is refused at the field, an exercise is marked as one in the console, and an area drawn on the map.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import portalDe from '../../src/server/modules/portal/i18n/de.json' with { type: 'json' };
import de from '../../src/web/admin/i18n/de.json' with { type: 'json' };
import { type Civicast, checkA11y, browserSessionForFile } from './helpers.ts';
import { type Staff, signInAt, signInResident, staffSignIn } from './session.ts';
import { wallTimeInZone } from '../../src/common/time-zones.ts';
import type { WarningDetail } from '../../src/common/contracts/warnings.ts';

let civicast: Civicast;
let page: Page;
let thirdParty: string[];
/** The seeded owner through the API; also the installation operator, whose dev outbox stands in for the residents' phones. */
let staff: Staff;

const session = browserSessionForFile({ demoContent: true }, async (s) => {
  ({ civicast, page, thirdParty } = s);
  staff = await staffSignIn(civicast.baseUrl);
  await signInAt(page, url('/admin/t/musterstadt/warnings/new'));
  await page.getByTestId('warning-form').waitFor();
});

const url = (path: string) => `${civicast.baseUrl}${path}`;
const BASE = '/m/musterstadt/';
/** Anna Berger, a demo resident (src/server/demo-content.ts: the first resident's number). */
const RESIDENT_PHONE = '+4915799900010';
const HEADLINE = 'Hochwasser am Mühlbach';
const INSTRUCTION = 'Meiden Sie das Ufer und räumen Sie Keller.';
const EXERCISE_HEADLINE = 'Probealarm der Sirenen';
/** The banner on every page; on the start and alerts pages the full entries stand in for it. */
const banner = (p: Page) => p.locator('[data-warning-banner]');
/** One warning's line in the banner (or its entry on the start and alerts pages). */
const entry = (p: Page, headline: string) => banner(p).locator('li, article').filter({ hasText: headline });

/** A datetime-local value: the console enters times as wall time in the municipality's zone (Musterstadt: Berlin). */
const localInput = (at: Date) => wallTimeInZone(at, 'Europe/Berlin');

/** Sends a portal-only message as the owner through the API; returns its id (the news permalink's). */
async function sendNews(title: string): Promise<string> {
  const call = async (path: string, body?: unknown) => {
    const { status, json } = await staff.api<{ id: string; status: string }>('POST', path, body);
    expect(status, JSON.stringify(json)).toBeLessThan(300);
    return json;
  };
  const { id } = await call('/messages', { title, body: 'Das Bürgerbüro öffnet **donnerstags** bis 18 Uhr.', audience: {}, channels: ['portal'] });
  expect((await call(`/messages/${id}/send`)).status).toBe('sent');
  return id;
}

/** Issues a warning for the whole municipality in the console's form; returns the address of its detail page. */
async function issueInConsole(w: { status: 'actual' | 'exercise'; severity: string; event: string; headline: string; instruction?: string }): Promise<string> {
  await page.goto(url('/admin/t/musterstadt/warnings/new'));
  await page.getByTestId('warning-form').waitFor();
  await page.getByTestId(`warning-status-${w.status}`).check();
  await page.locator('#warning-severity').selectOption(w.severity);
  await page.getByTestId('warning-event').fill(w.event);
  await page.getByTestId('warning-headline').fill(w.headline);
  await page.getByTestId('warning-description').fill('Der Pegel des Mühlbachs steigt weiter.');
  if (w.instruction) await page.locator('#warning-instruction').fill(w.instruction);
  await page.getByTestId('warning-area-tenant').check();
  await page.locator('#warning-expires').fill(localInput(new Date(Date.now() + 3 * 3600_000)));
  await page.getByTestId('warning-issue').click();
  await page.getByTestId('warning-detail').waitFor();
  expect(await page.getByTestId('warning-state').textContent()).toBe(de['warnings.state.current']);
  return page.url();
}

describe('a warning from the console on every portal page', { shuffle: false }, () => {
  let visitor: Page;
  let resident: Page;
  let newsPath = '';
  let actualUrl = '';
  let exerciseUrl = '';
  let capHref = '';
  /** Every kind of portal page a visitor can open (the signed-in resident's page is checked on its own). */
  const pages = () => ['', `news/${newsPath}`, 'alerts', 'register', 'login', 'impressum', 'datenschutz', 'barrierefreiheit'];

  beforeAll(async () => {
    visitor = await session.newPage();
    resident = await session.newPage();
    // a news item of our own, for its permalink page (as the console sends one: through the API as the owner)
    newsPath = await sendNews('Neue Öffnungszeiten im Bürgerbüro');
  });
  afterAll(async () => {
    for (const p of [visitor, resident]) await p?.context().close();
  });

  it('before any warning, the portal shows no banner; a resident signs in', async () => {
    await visitor.goto(url(BASE));
    await visitor.getByRole('region', { name: portalDe.warningsTitle, exact: true }).getByText(portalDe.warningsEmpty).waitFor();
    expect(await banner(visitor).count()).toBe(0);
    await signInResident(resident, staff, RESIDENT_PHONE);
    expect(await banner(resident).count()).toBe(0);
  });

  it('staff issue a "Gefahr" for the whole town with an instruction and expiry, and an exercise beside it', async () => {
    actualUrl = await issueInConsole({ status: 'actual', severity: 'severe', event: 'Hochwasser', headline: HEADLINE, instruction: INSTRUCTION });
    expect(await page.getByTestId('warning-detail').textContent()).toContain(de['warnings.severity.severe']);
    exerciseUrl = await issueInConsole({ status: 'exercise', severity: 'minor', event: 'Sirenenprobe', headline: EXERCISE_HEADLINE });
    expect(exerciseUrl).not.toBe(actualUrl);
  });

  it('the start page shows both in full, the exercise marked "Übung", and is accessible', async () => {
    // the visitor's browser may keep the start page without warnings for its max-age (10 s): reload until it is there
    await expect
      .poll(
        async () => {
          await visitor.goto(url(BASE));
          return entry(visitor, HEADLINE).count();
        },
        { timeout: 30_000, interval: 1_000 },
      )
      .toBe(1);
    const actual = entry(visitor, HEADLINE);
    await actual.getByText(portalDe.severitySevere, { exact: true }).waitFor();
    await actual.getByText(INSTRUCTION).waitFor();
    expect(await actual.textContent()).not.toContain(portalDe.statusExercise);
    await entry(visitor, EXERCISE_HEADLINE).getByText(portalDe.statusExercise, { exact: true }).waitFor();
    // warnings come before the news
    const news = visitor.getByRole('region', { name: portalDe.newsTitle, exact: true });
    expect((await banner(visitor).boundingBox())!.y).toBeLessThan((await news.boundingBox())!.y);
    await checkA11y(visitor, 'start page with a warning and an exercise');
    capHref = (await actual.getByRole('link', { name: portalDe.warningCap }).getAttribute('href')) ?? '';
    expect(capHref).toMatch(/\/m\/musterstadt\/alerts\/[0-9a-f-]{36}\.cap\.xml$/);
  });

  it('the banner is on every kind of portal page, the exercise marked "Übung"', async () => {
    for (const path of pages()) {
      await visitor.goto(url(`${BASE}${path}`));
      await entry(visitor, HEADLINE).first().waitFor();
      expect(await entry(visitor, HEADLINE).first().textContent(), path).not.toContain(portalDe.statusExercise);
      expect(await entry(visitor, EXERCISE_HEADLINE).first().textContent(), path).toContain(portalDe.statusExercise);
    }
    await visitor.goto(url(`${BASE}news/${newsPath}`));
    await checkA11y(visitor, 'news page with the warning banner');
    // the signed-in resident's own page
    await resident.goto(url(`${BASE}settings`));
    await resident.getByRole('heading', { level: 1, name: portalDe.settingsTitle, exact: true }).waitFor();
    await entry(resident, HEADLINE).waitFor();
    expect(await entry(resident, EXERCISE_HEADLINE).textContent()).toContain(portalDe.statusExercise);
  });

  it('the CAP document opens from the portal and the Atom index lists it', async () => {
    const cap = await fetch(new URL(capHref, civicast.baseUrl));
    expect(cap.status).toBe(200);
    expect(cap.headers.get('content-type')).toContain('xml');
    const xml = await cap.text();
    expect(xml).toContain('<status>Actual</status>');
    expect(xml).toContain('<severity>Severe</severity>');
    expect(xml).toContain(HEADLINE);
    expect(xml).toContain(INSTRUCTION);
    expect(xml).toMatch(/<areaDesc>[^<]+<\/areaDesc>/);

    const atom = await fetch(url(`${BASE}alerts.atom`));
    expect(atom.status).toBe(200);
    expect(atom.headers.get('content-type')).toContain('atom');
    const index = await atom.text();
    const capPath = new URL(capHref, civicast.baseUrl).pathname;
    expect(index).toContain(capPath);
    expect(index).toContain(HEADLINE);
    expect(index).toContain(EXERCISE_HEADLINE);
  });

  it('staff give the all-clear for both in the console', async () => {
    for (const detail of [actualUrl, exerciseUrl]) {
      await page.goto(detail);
      await page.getByTestId('warning-detail').waitFor();
      await page.getByTestId('warning-all-clear').click();
      await expect.poll(() => page.getByTestId('warning-state').textContent()).toBe(de['warnings.state.ended']);
    }
  });

  it('the banner is gone from every page (the start page once its max-age has run out)', async () => {
    for (const path of pages()) {
      // 10 s max-age of the start page (START_CACHE) plus a margin for a loaded machine; the other pages at once
      await expect
        .poll(
          async () => {
            await visitor.goto(url(`${BASE}${path}`));
            return banner(visitor).count();
          },
          { timeout: path === '' ? 20_000 : 10_000, interval: 1_000 },
        )
        .toBe(0);
      expect(await visitor.getByText(HEADLINE).count(), path).toBe(0);
      expect(await visitor.getByText(EXERCISE_HEADLINE).count(), path).toBe(0);
    }
    await visitor.goto(url(BASE));
    await visitor.getByRole('region', { name: portalDe.warningsTitle, exact: true }).getByText(portalDe.warningsEmpty).waitFor();
    await resident.goto(url(`${BASE}settings`));
    await resident.getByRole('heading', { level: 1, name: portalDe.settingsTitle, exact: true }).waitFor();
    expect(await banner(resident).count()).toBe(0);
    // the Atom index of current warnings no longer lists them
    await expect.poll(async () => (await (await fetch(url(`${BASE}alerts.atom`))).text()).includes(HEADLINE)).toBe(false);
  });
});

describe('issuing a warning in the console', { shuffle: false }, () => {
  it('opens the issue form', async () => {
    await page.goto(url('/admin/t/musterstadt/warnings/new'));
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

  it("takes onset and expiry as the municipality's wall time, also from a browser set to another zone", async () => {
    // Pago Pago is 12 hours behind Berlin in winter and 13 in summer: read in the browser's zone, 12:00 would be 23:00
    const far = await session.newPage({ timezoneId: 'Pacific/Pago_Pago' });
    await signInAt(far, url('/admin/t/musterstadt/warnings/new'));
    await far.getByTestId('warning-form').waitFor();
    await far.getByTestId('warning-status-test').check();
    await far.getByTestId('warning-event').fill('Probe');
    await far.getByTestId('warning-headline').fill('Test: die Uhrzeit der Warnung');
    await far.getByTestId('warning-description').fill('Nur ein Test der Zeitangaben.');
    await far.getByTestId('warning-area-tenant').check();
    await far.locator('#warning-onset').fill('2099-07-01T12:00');
    await far.locator('#warning-expires').fill('2099-07-01T18:30');
    await far.getByTestId('warning-issue').click();
    await far.getByTestId('warning-detail').waitFor();
    const chainId = new URL(far.url()).pathname.split('/').pop()!;
    const { status, json } = await staff.api<WarningDetail>('GET', `/warnings/${chainId}`);
    expect(status).toBe(200);
    // summer time in Berlin: UTC+2
    expect(json.warning.onset).toBe('2099-07-01T10:00:00.000Z');
    expect(json.warning.expiresAt).toBe('2099-07-01T16:30:00.000Z');
    // and the console shows it as the residents read it
    await expect.poll(() => far.getByTestId('warning-detail').textContent()).toContain('18:30');
    await far.context().close();
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

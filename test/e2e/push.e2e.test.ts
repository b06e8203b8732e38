// A resident turns on push notifications from the portal: the button appears only because push.js ran under the
// portal's strict CSP, a click registers Civicast's service worker for /m/musterstadt/, and when the browser cannot
// reach its push service the page says so instead of waiting for ever.
//
// Headless Chromium here has no connection to Google's push service (FCM), so pushManager.subscribe() fails and no
// subscription reaches the server in this test. What follows a successful subscribe is proven elsewhere, on the real
// code: src/server/modules/residents/portal/resident-push.test.ts (the subscription POST links the signed-in resident,
// is refused from another origin, shows up in the data export, is erased with the account) and resident-push.sw.test.ts
// (the served sw.js shows a push as the push adapter builds it, acknowledges it to /push/ack, opens same-origin links only).
import type { BrowserContext, ConsoleMessage, Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import de from '../../src/server/modules/portal/i18n/de.json' with { type: 'json' };
import { checkA11y, browserSessionForFile, watchThirdParty } from './helpers.ts';
import { type Staff, staffSignIn } from './session.ts';

const PHONE_TYPED = '0170 5557799';
const PHONE = '+491705557799';
const SCOPE = '/m/musterstadt/';

/** A context that enforces the CSP (the helper's default context bypasses it so that axe-core can be injected). */
let strict: BrowserContext;
let page: Page;
let thirdParty: string[];
const cspViolations: string[] = [];
const pageErrors: string[] = [];
/** The seeded owner through the API; also the installation operator, whose dev outbox stands in for the phone. */
let staff: Staff;

const session = browserSessionForFile({}, async (s) => {
  strict = await s.browser.newContext({ locale: 'de-DE' });
  strict.setDefaultTimeout(15_000);
  thirdParty = watchThirdParty(strict);
  page = await strict.newPage();
  page.on('console', (msg: ConsoleMessage) => {
    if (/Content Security Policy/i.test(msg.text())) cspViolations.push(msg.text());
  });
  page.on('pageerror', (error) => pageErrors.push(error.message));
  // also what the document itself reports (violations inside the page, e.g. a blocked inline handler)
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => console.error(`Content Security Policy violation: ${e.violatedDirective} ${e.blockedURI}`));
  });
  staff = await staffSignIn(s.civicast.baseUrl);
});

afterAll(async () => {
  await strict?.close();
});

const url = (path: string) => `${session.civicast.baseUrl}${path}`;
const h1 = (p: Page, name: string) => p.getByRole('heading', { level: 1, name, exact: true });

describe('push notifications from the portal', () => {
  it('a resident who chose push sees the button right after registering', async () => {
    await page.goto(url(`${SCOPE}register`));
    await page.getByLabel(de.phoneLabel).fill(PHONE_TYPED);
    const code = await staff.nextCode(PHONE);
    await page.getByRole('button', { name: de.sendCode }).click();
    await h1(page, de.codeTitle).waitFor();
    await page.getByLabel(de.codeLabel).fill(await code());
    await page.getByRole('button', { name: de.codeSubmit }).click();
    await h1(page, de.consentTitle).waitFor();
    await page.getByLabel(de.channelPush, { exact: true }).check();
    await page.getByLabel(de.consentAgree).check();
    await page.getByRole('button', { name: de.consentSubmit }).click();

    await h1(page, de.doneTitle).waitFor();
    await page.getByRole('button', { name: de.pushButton }).waitFor();
  });

  it('on the settings page the button appears (push.js ran under the CSP) in place of the no-push sentence', async () => {
    await page.goto(url(`${SCOPE}settings`));
    await h1(page, de.settingsTitle).waitFor();
    await page.getByRole('button', { name: de.pushButton }).waitFor({ state: 'visible' });
    expect(await page.getByText(de.pushUnsupported).isVisible()).toBe(false);
    expect(cspViolations).toEqual([]);
    expect(pageErrors).toEqual([]);
  });

  it('a click registers the service worker for the portal, and a failing push service ends in a clear message', async () => {
    await strict.grantPermissions(['notifications'], { origin: session.civicast.baseUrl });
    await page.getByRole('button', { name: de.pushButton }).click();
    await page.getByRole('status').getByText(de.pushFailed).waitFor({ timeout: 40_000 });
    expect(await page.getByRole('button', { name: de.pushButton }).isEnabled()).toBe(true);

    const registration = await page.evaluate(async (scope) => {
      const reg = await navigator.serviceWorker.getRegistration(scope);
      return reg ? { scope: reg.scope, active: reg.active?.scriptURL ?? null, state: reg.active?.state ?? null } : null;
    }, SCOPE);
    expect(registration).toEqual({ scope: url(SCOPE), active: url(`${SCOPE}sw.js`), state: 'activated' });
    expect(cspViolations).toEqual([]);
    expect(pageErrors).toEqual([]);
    expect(thirdParty).toEqual([]);
  });

  it('where notifications are blocked, the page says how to allow them; the push section passes the accessibility check', async () => {
    // axe-core is injected as an inline script, which the strict context would block: same resident, helper context
    await session.context.addCookies(await strict.cookies());
    await session.page.goto(url(`${SCOPE}settings`));
    await session.page.getByRole('button', { name: de.pushButton }).waitFor({ state: 'visible' });
    await checkA11y(session.page, 'settings with push');
    // no permission granted in this context: headless Chromium answers the permission request with "denied"
    await session.page.getByRole('button', { name: de.pushButton }).click();
    await session.page.getByRole('status').getByText(de.pushDenied).waitFor();
    await checkA11y(session.page, 'settings with the push message');
    expect(session.thirdParty).toEqual([]);
  });
});

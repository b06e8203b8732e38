// A resident as they meet Civicast: registers on the portal with an SMS code (read from the dev outbox as the phone got
// it, through the installation operator's API; staff views show it masked), later signs in again, changes channels, adds and confirms an e-mail address, signs in by e-mail link,
// withdraws consent and deletes the account. One story, in order.
import type { BrowserContext, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import de from '../../src/server/modules/portal/i18n/de.json' with { type: 'json' };
import { type Civicast, checkA11y, browserSessionForFile } from './helpers.ts';
import { fill, type Staff, staffSignIn } from './session.ts';

const PHONE_TYPED = '0170 5557788';
const PHONE = '+491705557788';
const EMAIL = 'resident@example.org';

let civicast: Civicast;
let context: BrowserContext;
let page: Page;
let thirdParty: string[];
/** The seeded owner through the API; also the installation operator, whose dev outbox stands in for phone and mailbox. */
let staff: Staff;

browserSessionForFile({}, async (s) => {
  ({ civicast, context, page, thirdParty } = s);
  staff = await staffSignIn(civicast.baseUrl);
  // the street directory the address fields offer, with a point for Hauptstraße 7
  const upload = (path: string, body: string) => staff.request(path, { method: 'POST', headers: { 'content-type': 'text/csv' }, body });
  expect((await upload('/streets/import', 'Straße;PLZ\nHauptstraße;12345\nLindenweg;12345\n')).status).toBe(200);
  expect((await upload('/streets/points', 'Straße;Hausnummer;PLZ;lat;lon\nHauptstraße;7;12345;52.52;13.40\n')).status).toBe(200);
});

const url = (path: string) => `${civicast.baseUrl}${path}`;
const h1 = (name: string) => page.getByRole('heading', { level: 1, name, exact: true });

/** The path of the e-mail link of this kind in the newest mail to EMAIL, as the mailbox got it; waits for the n-th mail. */
async function linkFromOutbox(kind: 'verify' | 'sign-in', n: number): Promise<string> {
  const pattern = new RegExp(`/m/musterstadt/email/${kind}\\?token=[A-Za-z0-9_-]+&lang=\\w+`);
  const link = pattern.exec((await staff.received(EMAIL, n)).bodyText)?.[0];
  if (!link) throw new Error(`e-mail number ${n} to ${EMAIL} has no ${kind} link`);
  return link;
}

describe('resident self-service on the portal', () => {
  it('a new resident registers from the start page with an SMS code, picks topics and sees the confirmation', async () => {
    await page.goto(url('/m/musterstadt/'));
    await page.getByRole('navigation', { name: de.navAccount }).getByRole('link', { name: de.registerLink, exact: true }).click();
    await h1(fill(de.regTitle, { name: 'Musterstadt' })).waitFor();
    await checkA11y(page, 'register: phone');
    await page.getByLabel(de.phoneLabel).fill(PHONE_TYPED);
    const code = await staff.nextCode(PHONE);
    await page.getByRole('button', { name: de.sendCode }).click();

    await h1(de.codeTitle).waitFor();
    await checkA11y(page, 'register: code');
    await page.getByLabel(de.codeLabel).fill(await code());
    await page.getByRole('button', { name: de.codeSubmit }).click();

    await h1(de.consentTitle).waitFor();
    await checkA11y(page, 'register: consent');
    await page.getByText('Ich willige ein, dass Musterstadt', { exact: false }).waitFor();
    // nothing is ticked for the resident; warnings are stated as always on, not offered as a box
    expect(await page.locator('input[type="checkbox"]:checked').count()).toBe(0);
    expect(await page.getByLabel('Warnungen').count()).toBe(0);
    await page.getByText(de.topicMandatory).waitFor();
    await page.getByLabel(de.channelSms, { exact: true }).check();
    await page.getByLabel('Abfall').check();
    // a street typed with a slip: kept, but not silently taken for a street of the directory
    await page.getByLabel(de.streetLabel).fill('Hauptstrasse');
    await page.getByLabel(de.houseNumberLabel).fill('7');
    await page.getByLabel(de.consentAgree).check();
    await page.getByRole('button', { name: de.consentSubmit }).click();

    await h1(de.doneTitle).waitFor();
    await checkA11y(page, 'register: done');
    await page.getByRole('link', { name: de.settingsLink }).waitFor();
  });

  it('later signs in with a new code and changes channels', async () => {
    await context.clearCookies();
    await page.goto(url('/m/musterstadt/'));
    await page.getByRole('navigation', { name: de.navAccount }).getByRole('link', { name: de.loginLink, exact: true }).click();
    await h1(de.loginTitle).waitFor();
    await checkA11y(page, 'sign-in: phone');
    await page.getByLabel(de.phoneLabel).fill(PHONE_TYPED);
    const code = await staff.nextCode(PHONE);
    await page.getByRole('button', { name: de.sendCode }).click();
    await h1(de.codeTitle).waitFor();
    await page.getByLabel(de.codeLabel).fill(await code());
    await page.getByRole('button', { name: de.loginSubmit }).click();

    await h1(de.settingsTitle).waitFor();
    await checkA11y(page, 'settings');
    // signed in: the header says so and offers the settings and sign-out instead of register and sign-in
    const account = page.getByRole('navigation', { name: de.navAccount });
    await account.getByText(de.signedInAs, { exact: true }).waitFor();
    await account.getByRole('button', { name: de.logoutButton }).waitFor();
    expect(await account.getByRole('link', { name: de.registerLink, exact: true }).count()).toBe(0);
    expect(await page.getByLabel('Abfall').isChecked()).toBe(true);
    expect(await page.getByLabel(de.houseNumberLabel).inputValue()).toBe('7');
    // the street not in the directory is shown with a note, and the field offers the directory's streets
    await page.getByText(fill(de.streetUnconfirmed, { street: 'Hauptstrasse', name: 'Musterstadt' })).waitFor();
    expect(await page.locator('#street-choices option').evaluateAll((options) => options.map((o) => (o as HTMLOptionElement).value))).toEqual([
      'Hauptstraße',
      'Lindenweg',
    ]);
    await page.getByLabel(de.streetLabel).fill('Hauptstraße');
    await page.getByLabel(de.channelEmail, { exact: true }).check();
    await page.getByLabel(de.emailLabel).fill(EMAIL);
    await page.getByLabel(de.channelSms, { exact: true }).uncheck();
    await page.getByRole('button', { name: de.settingsSave }).click();
    await page.getByRole('status').getByText(de.settingsSaved).waitFor();
    expect(await page.getByText(fill(de.streetUnconfirmed, { street: 'Hauptstraße', name: 'Musterstadt' })).count()).toBe(0);
    expect(await page.getByLabel(de.channelEmail, { exact: true }).isChecked()).toBe(true);
    expect(await page.getByLabel(de.channelSms, { exact: true }).isChecked()).toBe(false);
  });

  it('confirms the new e-mail address with the link from the mail, and later signs in with an e-mail link', async () => {
    await page.getByText(fill(de.emailUnverified, { email: EMAIL })).waitFor();
    await page.getByRole('button', { name: de.emailResend }).waitFor();
    await checkA11y(page, 'settings: e-mail unverified');
    await page.goto(url(await linkFromOutbox('verify', 1)));
    await h1(de.verifyTitle).waitFor();
    await checkA11y(page, 'e-mail: confirm');
    await page.getByRole('button', { name: de.verifyButton }).click();
    await h1(de.verifyDoneTitle).waitFor();
    await page.getByRole('link', { name: de.settingsLink }).click();
    await page.getByText(fill(de.emailVerified, { email: EMAIL })).waitFor();

    await context.clearCookies();
    await page.goto(url('/m/musterstadt/login'));
    await h1(de.loginTitle).waitFor();
    await page.getByLabel(de.loginEmailLabel, { exact: true }).fill(EMAIL);
    await page.getByRole('button', { name: de.loginEmailSubmit }).click();
    await h1(de.loginEmailSentTitle).waitFor();
    await checkA11y(page, 'sign-in: e-mail sent');
    await page.goto(url(await linkFromOutbox('sign-in', 2)));
    await h1(de.emailSignInTitle).waitFor();
    await checkA11y(page, 'sign-in: e-mail link');
    await page.getByRole('button', { name: de.loginSubmit, exact: true }).click();
    await h1(de.settingsTitle).waitFor();
    await page.getByText(fill(de.emailVerified, { email: EMAIL })).waitFor();
  });

  it('sees the data held, withdraws consent and deletes the account', async () => {
    await page.getByRole('link', { name: de.dataTitle }).click();
    await h1(de.dataTitle).waitFor();
    await checkA11y(page, 'my data');
    await page.getByText(PHONE).waitFor();
    // the full address and every stored value in words; on a 390 px phone nothing sticks out to the side
    const data = page.locator('main');
    await data.getByRole('cell', { name: 'Hauptstraße 7, 12345', exact: true }).waitFor();
    await data.getByRole('cell', { name: de.consentGiven, exact: true }).first().waitFor();
    await data.getByRole('cell', { name: de.methodPortal, exact: true }).first().waitFor();
    await data.getByRole('cell', { name: de.languageDe, exact: true }).waitFor();
    for (const raw of ['given', 'portal', 'abfall', 'de']) expect(await data.getByRole('cell', { name: raw, exact: true }).count(), raw).toBe(0);
    const viewport = page.viewportSize();
    await page.setViewportSize({ width: 390, height: 844 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.screenshot({ path: `${process.env.E2E_SCREENSHOT_DIR ?? '/tmp'}/meine-daten-390.png`, fullPage: true });
    if (viewport) await page.setViewportSize(viewport);
    await page.getByRole('link', { name: de.backToSettings }).click();

    await page.getByRole('button', { name: de.withdrawButton }).click();
    // said once: the withdrawn state, announced; no second notice above it
    await page
      .getByRole('status')
      .getByText(fill(de.settingsWithdrawn, { name: 'Musterstadt' }))
      .waitFor();
    expect(await page.getByText(fill(de.withdrawDone, { name: 'Musterstadt' })).count()).toBe(0);
    await checkA11y(page, 'settings after withdrawal');

    await page.getByRole('link', { name: de.deleteTitle }).click();
    await h1(de.deleteTitle).waitFor();
    await checkA11y(page, 'delete account');
    await page.getByRole('button', { name: de.deleteButton }).click();
    await page.getByText(de.deleteDone).waitFor();
    await checkA11y(page, 'account deleted');

    await page.goto(url('/m/musterstadt/settings'));
    await h1(de.loginTitle).waitFor();
    expect(thirdParty).toEqual([]);
  });
});

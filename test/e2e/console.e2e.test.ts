// The staff console as its users see it: one Civicast, one browser, the tests below run in order as one story
// (the owner signs in, turns on two-factor sign-in, switches language, invites a colleague, rebrands Musterstadt).
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import de from '../../src/web/admin/i18n/de.json' with { type: 'json' };
import en from '../../src/web/admin/i18n/en.json' with { type: 'json' };
import mailDe from '../../src/server/i18n/de.json' with { type: 'json' };
import portalDe from '../../src/server/modules/portal/i18n/de.json' with { type: 'json' };
import { type Civicast, checkA11y, freshTotpCode, OWNER_EMAIL, OWNER_PASSWORD, browserSessionForFile } from './helpers.ts';
import { fill, staffOf, submitLogin } from './session.ts';

const COLLEAGUE_EMAIL = 'kollegin@musterstadt.example';
const COLLEAGUE_NAME = 'Erika Kollegin';
const COLLEAGUE_PASSWORD = 'kollegin-password-456';

let civicast: Civicast;
let page: Page;
let thirdParty: string[];
/** The owner's authenticator secret once two-factor sign-in is on. */
let ownerTotpSecret: string | null = null;

browserSessionForFile({}, (s) => {
  ({ civicast, page, thirdParty } = s);
});

const url = (path: string) => `${civicast.baseUrl}${path}`;
const heading = (name: string) => page.getByRole('heading', { level: 1, name, exact: true });

/** The login form as a person fills it in; asks for the authenticator code when the console does. */
async function signIn(email: string, password: string, totpSecret: string | null = null) {
  await heading(de['login.title']).waitFor();
  await submitLogin(page, email, password);
  if (totpSecret) {
    await page.getByTestId('login-totp').fill(await freshTotpCode(totpSecret));
    await page.getByTestId('login-submit').click();
  }
}

async function expectOverviewOf(tenantName: string) {
  await heading(de['overview.title']).waitFor();
  expect(new URL(page.url()).pathname).toBe('/admin/t/musterstadt/');
  await expect.poll(() => page.getByTestId('overview-tenant').textContent()).toBe(tenantName);
}

describe('staff console', () => {
  it('signs the seeded owner in and shows the overview of Musterstadt', async () => {
    await page.goto(url('/admin/'));
    await page.waitForURL(url('/admin/login'));
    await checkA11y(page, 'login page');

    await signIn(OWNER_EMAIL, OWNER_PASSWORD);
    await expectOverviewOf('Musterstadt');
    await page.getByRole('link', { name: de['nav.overview'], exact: true }).and(page.locator('[aria-current="page"]')).waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('de');
    await checkA11y(page, 'overview');
  });

  it('turns on two-factor sign-in and then asks for a code at sign-in', async () => {
    await page.getByTestId('account-link').click();
    await heading(de['account.title']).waitFor();
    await page.getByText(de['totp.statusOff']).waitFor();
    await checkA11y(page, 'account page');

    await page.getByTestId('totp-setup').click();
    const secret = (await page.getByTestId('totp-secret').textContent())?.trim() ?? '';
    expect(secret).toMatch(/^[A-Z2-7]+=*$/);
    await page.getByTestId('totp-code').fill(await freshTotpCode(secret));
    await page.getByTestId('totp-confirm').click();
    const codes = page.getByTestId('recovery-codes');
    await codes.waitFor();
    expect(await codes.getByRole('listitem').count()).toBe(10);
    await page.getByText(de['totp.statusOn']).waitFor();
    ownerTotpSecret = secret;
    await checkA11y(page, 'account page with recovery codes');

    await page.getByTestId('logout').click();
    await heading(de['login.title']).waitFor();
    expect(new URL(page.url()).pathname).toBe('/admin/login');

    await submitLogin(page, OWNER_EMAIL, OWNER_PASSWORD);
    const totpField = page.getByTestId('login-totp');
    await totpField.waitFor();
    await page.getByText(de['login.totpPrompt']).waitFor();
    expect(await totpField.evaluate((el) => el === document.activeElement)).toBe(true);
    await checkA11y(page, 'login page asking for the code');

    await totpField.fill(await freshTotpCode(secret));
    await page.getByTestId('login-submit').click();
    await expectOverviewOf('Musterstadt');
  });

  it('switches the console to English and back, and keeps the choice over a reload', async () => {
    const nav = (labels: typeof de) => page.getByRole('navigation', { name: labels['nav.label'], exact: true });
    const expectNavIn = async (labels: typeof de, lang: string) => {
      await nav(labels).getByRole('link', { name: labels['nav.messages'], exact: true }).waitFor();
      await nav(labels).getByRole('link', { name: labels['nav.settings'], exact: true }).waitFor();
      expect(await page.evaluate(() => document.documentElement.lang)).toBe(lang);
    };
    const switchLanguage = async (to: string) => {
      const saved = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/v1/me' && r.request().method() === 'PATCH');
      await page.getByTestId('lang-switch').click();
      expect((await saved).status()).toBe(200);
      expect(await page.getByTestId('lang-switch').getAttribute('lang')).toBe(to === 'en' ? 'de' : 'en');
    };

    await expectNavIn(de, 'de');
    expect(await page.getByTestId('lang-switch').textContent()).toBe('English');

    await switchLanguage('en');
    await expectNavIn(en, 'en');
    await heading(en['overview.title']).waitFor();
    expect(await page.getByTestId('lang-switch').textContent()).toBe('Deutsch');

    await page.reload();
    await expectNavIn(en, 'en');
    await heading(en['overview.title']).waitFor();

    await switchLanguage('de');
    await expectNavIn(de, 'de');
    await heading(de['overview.title']).waitFor();

    await page.reload();
    await expectNavIn(de, 'de');
  });

  it('invites a colleague by e-mail, who accepts and is signed in to Musterstadt', async () => {
    await page.getByTestId('nav-settings').click();
    await heading(de['settings.title']).waitFor();
    await page.getByTestId('settings-tab-staff').click();
    await page.getByRole('heading', { level: 2, name: de['settings.tab.staff'] }).waitFor();
    await page
      .getByRole('table', { name: fill(de['staff.caption'], { tenant: 'Musterstadt' }) })
      .getByText(OWNER_EMAIL)
      .waitFor();

    await page.getByTestId('invite-email').fill(COLLEAGUE_EMAIL);
    await page.getByTestId('invite-role').selectOption('editor');
    await page.getByTestId('invite-submit').click();
    await page
      .getByRole('status')
      .filter({ hasText: fill(de['invite.sent'], { email: COLLEAGUE_EMAIL }) })
      .waitFor();
    const pending = page.getByRole('table', { name: de['invite.pending'] }).getByRole('row').filter({ hasText: COLLEAGUE_EMAIL });
    await pending.getByRole('cell', { name: de['role.editor'], exact: true }).waitFor();
    await checkA11y(page, 'staff settings');

    await page.getByTestId('settings-tab-outbox').click();
    await page.getByRole('heading', { level: 2, name: de['settings.tab.outbox'] }).waitFor();
    const mail = page.getByTestId('outbox-item').filter({ hasText: COLLEAGUE_EMAIL });
    // the invitation leaves through the delivery engine in the background: refresh as a person would until it is there
    await expect
      .poll(
        async () => {
          if ((await mail.count()) > 0) return true;
          await page.getByRole('button', { name: de['outbox.refresh'] }).click();
          return (await mail.count()) > 0;
        },
        { timeout: 20_000, interval: 500 },
      )
      .toBe(true);
    const subject = mail.getByRole('button', { name: fill(mailDe['mail.invitation.subject'], { tenant: 'Musterstadt' }) });
    await subject.click();
    expect(await subject.getAttribute('aria-expanded')).toBe('true');
    const body = page.getByTestId('outbox-body');
    await body.waitFor();
    const text = (await body.textContent()) ?? '';
    // staff see the link with its token masked: an owner cannot accept in the colleague's name
    const masked = /https?:\/\/\S+\/admin\/accept-invitation\?token=\S+/.exec(text)?.[0];
    expect(masked, `no invitation link in the mail:\n${text}`).toMatch(/token=••••$/);
    await page.getByTestId('outbox-masked').waitFor();
    await checkA11y(page, 'dev outbox with the invitation open');
    // the colleague's mailbox has the real link
    const operator = await staffOf(page, civicast.baseUrl);
    const link = /https?:\/\/\S+\/admin\/accept-invitation\?token=[\w-]+/.exec((await operator.received(COLLEAGUE_EMAIL)).bodyText)?.[0];
    expect(link).toBeTruthy();

    await page.getByTestId('settings-tab-audit').click();
    await page.getByRole('heading', { level: 2, name: de['settings.tab.audit'] }).waitFor();
    const created = page.getByRole('row').filter({ hasText: de['audit.actions.invitation.created'] });
    await created.filter({ hasText: OWNER_EMAIL }).waitFor();
    await checkA11y(page, 'audit log');

    await page.getByTestId('logout').click();
    await heading(de['login.title']).waitFor();

    await page.goto(link!);
    await heading(de['accept.title']).waitFor();
    await page.getByText(fill(de['accept.intro'], { tenant: 'Musterstadt', role: de['role.editor'] })).waitFor();
    await checkA11y(page, 'accept invitation page');
    await page.getByTestId('accept-name').fill(COLLEAGUE_NAME);
    await page.getByTestId('accept-password').fill(COLLEAGUE_PASSWORD);
    await page.getByTestId('accept-submit').click();

    await expectOverviewOf('Musterstadt');
    await page.getByTestId('account-link').filter({ hasText: COLLEAGUE_NAME }).waitFor();
    await page.getByRole('definition').filter({ hasText: de['role.editor'] }).waitFor();

    // the owner sees the acceptance in the audit log
    await page.goto(url('/admin/t/musterstadt/settings/audit'));
    await page.waitForURL((u) => u.pathname === '/admin/login');
    await signIn(OWNER_EMAIL, OWNER_PASSWORD, ownerTotpSecret);
    await page.getByRole('heading', { level: 2, name: de['settings.tab.audit'] }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/admin/t/musterstadt/settings/audit');
    await page.getByRole('row').filter({ hasText: de['audit.actions.invitation.accepted'] }).filter({ hasText: COLLEAGUE_EMAIL }).waitFor();
  });

  it('renames Musterstadt and changes its colour, and the resident portal shows both', async () => {
    const newName = 'Musterstadt am See';
    const newColor = '#0b6e4f';

    await page.getByTestId('settings-tab-tenant').click();
    await page.getByRole('heading', { level: 2, name: de['settings.tab.tenant'] }).waitFor();
    const name = page.getByTestId('tenant-name');
    await expect.poll(() => name.inputValue()).toBe('Musterstadt');
    await checkA11y(page, 'municipality settings');

    // the server's field error arrives as a code and is shown in the console's language, next to the field
    await name.fill('M');
    await page.getByTestId('tenant-save').click();
    await page
      .locator('#tenant-name-error')
      .filter({ hasText: fill(de['fieldError.too_short'], { min: '2' }) })
      .waitFor();
    await checkA11y(page, 'municipality settings with a field error');

    await name.fill(newName);
    await page.locator('#tenant-brandColor').fill(newColor);
    expect(await page.getByTestId('tenant-brand-color').inputValue()).toBe(newColor);
    await page.getByTestId('tenant-save').click();
    await page.getByRole('status').filter({ hasText: de['tenantSettings.saved'] }).waitFor();
    await page.locator('.app-header .tenant-name').filter({ hasText: newName }).waitFor();
    await checkA11y(page, 'municipality settings after saving');

    // resident sign-up: a made-up country code is named in German next to its field; a valid list and limit are saved
    await page
      .getByTestId('code-budget-usage')
      .filter({ hasText: fill(de['registration.usage'], { sent: '0', budget: '200' }) })
      .waitFor();
    await page.getByTestId('registration-countries').fill('DE, XX');
    await page.getByTestId('registration-save').click();
    await page.locator('#registration-countries-error').filter({ hasText: de['fieldError.country_code'] }).waitFor();
    await page.getByTestId('registration-countries').fill('DE, AT, CH');
    await page.getByTestId('registration-budget').fill('50');
    await page.getByTestId('registration-save').click();
    await page
      .getByTestId('code-budget-usage')
      .filter({ hasText: fill(de['registration.usage'], { sent: '0', budget: '50' }) })
      .waitFor();
    await checkA11y(page, 'resident sign-up settings');

    await page.goto(url('/m/musterstadt/'));
    await page.getByRole('heading', { level: 1, name: newName }).waitFor();
    expect(await page.locator('.site-header .brand').textContent()).toContain(newName);
    const header = await page.locator('header.site-header').evaluate((el) => ({
      background: getComputedStyle(el).backgroundColor,
      brand: getComputedStyle(el).getPropertyValue('--brand').trim(),
    }));
    expect(header.brand).toBe(newColor);
    expect(header.background).toBe('rgb(11, 110, 79)');
    await checkA11y(page, 'resident portal after rebranding');
  });

  it('the overview lists what is missing before residents can register, and its link leads to the form', async () => {
    // an empty imprint, as a new municipality starts: the portal takes no registration until it is filled in
    await page.goto(url('/admin/t/musterstadt/settings/tenant'));
    await expect.poll(() => page.locator('#tenant-imprint').inputValue()).not.toBe('');
    await page.locator('#tenant-imprint').fill('');
    await page.getByTestId('tenant-save').click();
    await page.getByRole('status').filter({ hasText: de['tenantSettings.saved'] }).waitFor();
    await page.goto(url('/m/musterstadt/register'));
    await page.getByRole('heading', { level: 1, name: portalDe.regClosedTitle }).waitFor();

    await page.goto(url('/admin/t/musterstadt/'));
    const setup = page.getByTestId('overview-setup');
    await setup.getByRole('heading', { level: 2, name: de['overview.setup.title'] }).waitFor();
    await setup.getByTestId('setup-imprint').filter({ hasText: de['overview.setup.missing'] }).waitFor();
    await setup.getByTestId('setup-privacy').filter({ hasText: de['overview.setup.done'] }).waitFor();
    await checkA11y(page, 'overview with the set-up checklist');
    await setup.getByTestId('setup-imprint').getByRole('link', { name: de['overview.setup.fill'] }).click();
    await page.locator('#tenant-imprint').fill('Stadt Musterstadt\nRathausplatz 1\n99999 Musterstadt');
    await page.getByTestId('tenant-save').click();
    await page.getByRole('status').filter({ hasText: de['tenantSettings.saved'] }).waitFor();

    await page.goto(url('/admin/t/musterstadt/'));
    await page.getByTestId('overview-tenant').waitFor();
    await page.waitForLoadState('networkidle');
    expect(await page.getByTestId('overview-setup').count()).toBe(0);
    await page.goto(url('/m/musterstadt/register'));
    await page.getByLabel(portalDe.phoneLabel).waitFor();
  });

  it('issues a sign-up station whose link makes a device the station, and revokes it', async () => {
    await page.goto(url('/admin/t/musterstadt/residents/stations'));
    await page.getByRole('heading', { level: 2, name: de['residents.tab.stations'] }).waitFor();
    await page.getByLabel(de['stations.label']).fill('Bürgerbüro, Tisch 1');
    await page.getByRole('button', { name: de['stations.issue'] }).click();
    const link = (await page.getByTestId('stations-link').locator('code').textContent())!;
    expect(new URL(link).pathname).toBe('/m/musterstadt/station');
    await page.getByTestId('station-row').filter({ hasText: de['stations.state.waiting'] }).waitFor();
    await checkA11y(page, 'sign-up stations');

    const device = await page.context().browser()!.newPage({ locale: 'de-DE' }); // the tablet at the town hall: its own cookies
    try {
      const { pathname, search } = new URL(link); // the link names the public URL; this server listens on its own port
      await device.goto(url(`${pathname}${search}`));
      await device.getByRole('button', { name: portalDe.stationOpenButton }).click();
      await device.getByRole('link', { name: portalDe.stationStart }).waitFor();
    } finally {
      await device.close();
    }
    await page.reload();
    const row = page.getByTestId('station-row').filter({ hasText: de['stations.state.open'] });
    await row.getByRole('button', { name: de['stations.revoke'] }).click();
    await page.getByTestId('station-row').filter({ hasText: de['stations.state.revoked'] }).waitFor();
  });

  it('made no request to any third party from any page', () => {
    expect(thirdParty).toEqual([]);
  });
});

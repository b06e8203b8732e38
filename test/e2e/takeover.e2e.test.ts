// Account takeover across municipalities, tried as an attacker would: the installation operator creates a second
// municipality in the console while Civicast runs; someone asks for a reset link for Musterstadt's owner; the owner of
// the new municipality looks through the console's outbox for that link and finds nothing. The operator sees the
// reset mail among the installation's mails, with its link masked.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import de from '../../src/web/admin/i18n/de.json' with { type: 'json' };
import { checkA11y, OWNER_EMAIL, OWNER_PASSWORD, browserSessionForFile } from './helpers.ts';
import { acceptInvitation, cookieOf, fill, signInAt, staffOf } from './session.ts';

const NEIGHBOUR_EMAIL = 'owner@nachbarstadt.example';
const NEIGHBOUR_PASSWORD = 'nachbar-password-789';

let page: Page;
const session = browserSessionForFile({}, (s) => {
  page = s.page;
});

const url = (path: string) => `${session.civicast.baseUrl}${path}`;
const heading = (level: number, name: string) => page.getByRole('heading', { level, name, exact: true });

async function signIn(email: string, password: string) {
  await signInAt(page, url('/admin/login'), email, password);
  await page.getByTestId('logout').waitFor();
}

describe('a reset link of one municipality is out of reach of another', () => {
  it('the installation operator creates Nachbarstadt in the console while Civicast runs, inviting its owner', async () => {
    await signIn(OWNER_EMAIL, OWNER_PASSWORD); // the seeded owner is also the installation operator
    await page.getByTestId('installation-link').click();
    await heading(1, de['installation.title']).waitFor();
    await page.getByLabel(de['installation.name'], { exact: true }).fill('Nachbarstadt');
    await page.getByLabel(de['installation.slug'], { exact: true }).fill('nachbarstadt');
    await page.getByLabel(de['installation.ownerEmail'], { exact: true }).fill(NEIGHBOUR_EMAIL);
    await page.getByTestId('installation-create').click();
    await page
      .getByRole('status')
      .filter({ hasText: fill(de['installation.createdInvited'], { name: 'Nachbarstadt', email: NEIGHBOUR_EMAIL }) })
      .waitFor();
    await page.getByTestId('installation-tenants').getByRole('cell', { name: 'nachbarstadt', exact: true }).waitFor();
    await checkA11y(page, 'installation page');
    expect((await fetch(url('/m/nachbarstadt/'))).status).toBe(200);

    // the new owner accepts the invitation from their mailbox
    const operator = await staffOf(page, session.civicast.baseUrl);
    await acceptInvitation(operator, { email: NEIGHBOUR_EMAIL, name: 'Nachbarin', password: NEIGHBOUR_PASSWORD }, 'nachbarstadt');
  });

  it("a reset link for Musterstadt's owner is an installation mail: the operator sees it, masked", async () => {
    await page.goto(url('/admin/forgot-password'));
    await page.getByLabel(de['login.email'], { exact: true }).fill(OWNER_EMAIL);
    await page.getByRole('button', { name: de['forgot.submit'] }).click();
    await page.getByText(de['forgot.sent']).waitFor();
    // the operator's installation page lists it once the engine has handed it to the dev outbox
    await page.goto(url('/admin/installation'));
    await heading(2, de['installation.mails']).waitFor();
    const mail = page.getByTestId('outbox-item').filter({ hasText: OWNER_EMAIL });
    await expect
      .poll(
        async () => {
          if ((await mail.count()) === 0) await page.getByRole('button', { name: de['outbox.refresh'] }).click();
          return mail.count();
        },
        { timeout: 20_000 },
      )
      .toBe(1);
    await mail.getByRole('button').click();
    const body = (await page.getByTestId('outbox-body').textContent()) ?? '';
    expect(body).toContain('/admin/reset-password?token=••••');
    await page.getByTestId('outbox-masked').waitFor();
    await page.getByTestId('logout').click();
  });

  it("Nachbarstadt's owner looks through the console's outbox for it and finds nothing", async () => {
    await signIn(NEIGHBOUR_EMAIL, NEIGHBOUR_PASSWORD);
    expect(await page.getByTestId('installation-link').count()).toBe(0); // not an operator
    await page.goto(url('/admin/t/nachbarstadt/settings/outbox'));
    await heading(2, de['settings.tab.outbox']).waitFor();
    // their own invitation is there (so the list did load), nothing of Musterstadt or the installation
    await page.getByTestId('outbox-item').filter({ hasText: NEIGHBOUR_EMAIL }).waitFor();
    expect(await page.getByTestId('outbox-item').filter({ hasText: OWNER_EMAIL }).count()).toBe(0);
    expect(await page.getByText(de['outbox.installation'], { exact: true }).count()).toBe(0);
    expect(await page.locator('main').textContent()).not.toMatch(/reset-password|Passwort zurücksetzen/);
    await checkA11y(page, "the neighbour's outbox");

    // nor through the API, Musterstadt's outbox or the installation's
    const cookie = await cookieOf(page);
    for (const path of ['/api/v1/tenants/musterstadt/outbox', '/api/v1/installation/outbox', '/api/v1/installation/outbox?tenant=musterstadt']) {
      const res = await fetch(url(path), { headers: { cookie } });
      expect([403, 404], path).toContain(res.status);
    }
    await page.goto(url('/admin/installation'));
    await page.getByText(de['installation.operatorOnly']).waitFor();
    expect(session.thirdParty).toEqual([]);
  });
});

// Einstellungen → Kanäle as the owner uses it: a test SMS through the dev outbox ends in "zugestellt" and shows in
// the outbox with its part count; an SMTP provider with a wrong port is refused with the message next to the port.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import de from '../../src/web/admin/i18n/de.json' with { type: 'json' };
import { type Civicast, checkA11y, OWNER_EMAIL, browserSessionForFile } from './helpers.ts';
import { fill, signInAt } from './session.ts';

const TEST_NUMBER = '+49 170 1234567';

let civicast: Civicast;
let page: Page;
let thirdParty: string[];

browserSessionForFile({}, (s) => {
  ({ civicast, page, thirdParty } = s);
});

const url = (path: string) => `${civicast.baseUrl}${path}`;
const tabHeading = (name: string) => page.getByRole('heading', { level: 2, name, exact: true });

describe('settings → channels', () => {
  it('signs the owner in and opens Kanäle with the installation defaults of every channel', async () => {
    await signInAt(page, url('/admin/login'));
    await page.getByRole('heading', { level: 1, name: de['overview.title'], exact: true }).waitFor();

    await page.getByTestId('nav-settings').click();
    await page.getByTestId('settings-tab-channels').click();
    await tabHeading(de['settings.tab.channels']).waitFor();
    expect(new URL(page.url()).pathname).toBe('/admin/t/musterstadt/settings/channels');

    for (const channel of ['sms', 'email', 'push'] as const) {
      const section = page.getByTestId(`channel-${channel}`);
      const row = section.getByTestId('provider-row').filter({ hasText: de['providers.installation'] });
      await row.waitFor();
      await row.getByRole('cell', { name: de['providers.kind.dev-outbox'], exact: true }).waitFor();
    }
    // e-mail tests go to the signed-in person unless they type another address
    expect(await page.getByTestId('test-send-address-email').inputValue()).toBe(OWNER_EMAIL);
    await checkA11y(page, 'channels settings');
  });

  it('refuses a test SMS to a number that is not the owner’s own', async () => {
    await page.getByTestId('test-send-address-sms').fill(TEST_NUMBER);
    await page.getByTestId('test-send-submit-sms').click();
    await page.getByTestId('channel-sms').getByText(de['fieldError.not_own_number']).waitFor();
  });

  it('sends a test SMS to the owner’s own number through the dev outbox and follows it to "zugestellt"', async () => {
    // the owner registers as a resident with their sign-in address and number: that number is now their own
    const { csrfToken } = (await (await page.request.get(url('/api/v1/me'))).json()) as { csrfToken: string };
    const registered = await page.request.post(url('/api/v1/tenants/musterstadt/residents'), {
      headers: { 'x-csrf-token': csrfToken },
      data: { phone: TEST_NUMBER, email: OWNER_EMAIL, topics: ['rathaus'], channels: ['sms'], consentProof: 'Eigene Anmeldung für Testsendungen' },
    });
    expect(registered.status(), await registered.text()).toBe(201);
    await page.getByTestId('test-send-address-sms').fill(TEST_NUMBER);
    await page.getByTestId('test-send-submit-sms').click();
    const status = page.getByTestId('test-send-status-sms');
    await status.filter({ hasText: de['testSend.delivered'] }).waitFor({ timeout: 35_000 });
    expect(await status.getAttribute('role')).toBe('status');
    await checkA11y(page, 'channels settings after a test send');
  });

  it('shows the test SMS in the dev outbox with its part count', async () => {
    await page.getByTestId('settings-tab-outbox').click();
    await tabHeading(de['settings.tab.outbox']).waitFor();
    const sms = page.getByTestId('outbox-item').filter({ hasText: '+491701234567' }).filter({ hasText: de['channel.sms'] });
    await sms.getByRole('button').click();
    await page.getByTestId('outbox-body').filter({ hasText: 'Testnachricht für Musterstadt' }).waitFor();
    const meta = page.getByTestId('outbox-sms-meta');
    expect(await meta.textContent()).toContain(de['outbox.smsPartsOne']);
    expect(await meta.textContent()).toContain(de['outbox.encodingGsm7']);
    await checkA11y(page, 'dev outbox with the test SMS open');
  });

  it('refuses an SMTP provider with port 0 and names the problem next to the port field', async () => {
    await page.getByTestId('settings-tab-channels').click();
    await tabHeading(de['settings.tab.channels']).waitFor();
    await page.getByTestId('provider-add-email').click();
    const form = page.getByRole('form', { name: fill(de['providers.addFor'], { channel: de['channel.email'] }) });
    await form.waitFor();
    expect(await page.getByTestId('provider-kind').inputValue()).toBe('smtp');
    await page.getByTestId('provider-name').fill('Mailserver Rathaus');
    await page.getByTestId('provider-field-host').fill('mail.musterstadt.example');
    const port = page.getByTestId('provider-field-port');
    await port.fill('0');
    await page.getByTestId('provider-field-password').fill('geheim');

    const answer = page.waitForResponse((r) => new URL(r.url()).pathname.endsWith('/providers') && r.request().method() === 'POST');
    await page.getByTestId('provider-save').click();
    const response = await answer;
    expect(response.status()).toBe(400);
    const problem = (await response.json()) as { errors: { pointer: string; detail: string }[] };
    const portError = problem.errors.find((e) => e.pointer === '/body/config/port');
    expect(portError, JSON.stringify(problem.errors)).toBeTruthy();

    // the server's message sits in the port field's own block, announced and tied to the input
    const message = page.locator('.field', { has: port }).getByRole('alert');
    await message.filter({ hasText: portError!.detail }).waitFor();
    expect(await port.getAttribute('aria-invalid')).toBe('true');
    expect((await port.getAttribute('aria-describedby'))?.split(' ')).toContain(await message.getAttribute('id'));
    await expect.poll(() => port.evaluate((el) => el === document.activeElement)).toBe(true);
    await page.getByText(de['error.validation_failed']).waitFor();
    // nothing was stored
    expect(await page.getByTestId('channel-email').getByTestId('provider-row').filter({ hasText: 'Mailserver Rathaus' }).count()).toBe(0);
    await checkA11y(page, 'SMTP provider form with a field error');
  });

  it('without a device of their own, the push test says how to add one instead of asking for an id', async () => {
    await page.getByTestId('settings-tab-channels').click();
    await tabHeading(de['settings.tab.channels']).waitFor();
    const push = page.getByTestId('channel-push');
    await push.getByTestId('test-send-no-device').getByText(de['testSend.noDevice'], { exact: false }).waitFor();
    expect(await push.getByTestId('test-send-address-push').count()).toBe(0);
    expect(await push.getByTestId('test-send-submit-push').isDisabled()).toBe(true);
  });

  it('with an own HTTP SMS provider, the dev outbox for SMS shows as unused and the receipt URL is ready to copy', async () => {
    const { csrfToken } = (await (await page.request.get(url('/api/v1/me'))).json()) as { csrfToken: string };
    const created = await page.request.post(url('/api/v1/tenants/musterstadt/providers'), {
      headers: { 'x-csrf-token': csrfToken },
      data: {
        channel: 'sms',
        kind: 'sms-http',
        name: 'SMS-Dienst Rathaus',
        config: { mapping: 'twilio', baseUrl: 'https://sms.example.invalid', accountId: 'AC123', from: 'Musterstadt' },
        secrets: { authToken: 'geheim' },
      },
    });
    expect(created.status(), await created.text()).toBe(201);
    const { id } = (await created.json()) as { id: string };
    await page.reload();
    await tabHeading(de['settings.tab.channels']).waitFor();
    const sms = page.getByTestId('channel-sms');
    const outboxRow = sms.getByTestId('provider-row').filter({ hasText: de['providers.installation'] });
    await outboxRow.getByTestId('provider-unused').getByText(de['providers.unusedOwnFirst']).waitFor();
    await outboxRow.getByRole('cell', { name: de['providers.unused'], exact: true }).waitFor();
    // the other channels have no provider of their own: their dev outbox is still the one in use
    expect(await page.getByTestId('channel-email').getByTestId('provider-unused').count()).toBe(0);
    const receipt = sms.getByLabel(fill(de['providers.receiptUrl'], { name: 'SMS-Dienst Rathaus' }));
    // the installation's public address (CIVICAST_PUBLIC_URL; here the default http://localhost:<port>)
    const shown = new URL(await receipt.inputValue());
    expect([shown.pathname, shown.port]).toEqual([`/hooks/sms/${id}`, new URL(civicast.baseUrl).port]);
    expect(await receipt.getAttribute('readonly')).not.toBeNull();
    await sms.getByTestId('provider-receipt-url').getByRole('button', { name: de['providers.copy'], exact: false }).click();
    await expect
      .poll(() => sms.getByTestId('provider-receipt-url').getByRole('status').textContent())
      .toMatch(new RegExp(`${de['providers.copied']}|${de['providers.copyManually'].slice(0, 20)}`));
    await checkA11y(page, 'channels with an own SMS provider');
  });

  it('made no request to any third party', () => {
    expect(thirdParty).toEqual([]);
  });
});

// Inbox settings and figures in the staff console. The owner sets the municipality's opening hours (Monday with a
// lunch break), is told in German at the field when a span ends before it starts and when the retention is too
// short, adds routing rules (keyword MÜLL → Bauhof above a catch-all → Bürgerbüro) and a canned response whose preview fills in the placeholders.
// Then two residents write through the portal's contact form; the threader makes conversations of them, the rule
// routes one to the Bauhof and the other to the Bürgerbüro, and the Auswertung page shows exactly these numbers in its table (and the daily series as
// a chart with a table beside it). Every page passes axe-core and no request leaves for a third party.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import portalDe from '../../src/server/modules/portal/i18n/de.json' with { type: 'json' };
import de from '../../src/web/admin/i18n/de.json' with { type: 'json' };
import { type Civicast, checkA11y, browserSessionForFile } from './helpers.ts';
import { acceptInvitation, type Staff, signInAt, staffSignIn } from './session.ts';

let civicast: Civicast;
let page: Page;
let thirdParty: string[];
/** The seeded owner through the API (also the installation operator, who reads the dev outbox). */
let staff: Staff;

const url = (path: string) => `${civicast.baseUrl}${path}`;

const session = browserSessionForFile({}, async (s) => {
  ({ civicast, page, thirdParty } = s);
  staff = await staffSignIn(civicast.baseUrl);
  await signInAt(page, url('/admin/t/musterstadt/settings/inbox'));
  await page.getByTestId('inbox-settings-form').waitFor();
});

/** Writes to the municipality through the portal's contact form, as a visitor without JavaScript would. */
async function writeThroughContactForm(p: Page, input: { name: string; email: string; subject: string; text: string }): Promise<void> {
  await p.goto(url('/m/musterstadt/contact'));
  await p.getByLabel(portalDe['contact.name'], { exact: false }).first().fill(input.name);
  await p.getByLabel(portalDe['contact.email'], { exact: false }).first().fill(input.email);
  await p.getByLabel(portalDe['contact.subject'], { exact: false }).first().fill(input.subject);
  await p.getByLabel(portalDe['contact.text'], { exact: false }).first().fill(input.text);
  await p.getByLabel(portalDe['contact.consent'], { exact: false }).first().check();
  await p.getByRole('button', { name: portalDe['contact.submit'] }).click();
  await p.getByRole('heading', { level: 1, name: portalDe['contact.thanksTitle'] }).waitFor();
}

describe('inbox settings and figures in the console', { shuffle: false }, () => {
  it('sets opening hours with a lunch break; a span ending before it starts and a short retention are refused in German at the field', async () => {
    const hours = (day: string, i: number, end: 'from' | 'to') => page.getByTestId(`hours-tenant-hours-${day}-${i}-${end}`);
    // Monday: 07:30–12:00, then 13:00–17:00
    await hours('1', 0, 'from').fill('07:30');
    await hours('1', 0, 'to').fill('12:00');
    await page.getByTestId('hours-tenant-hours-1-add').click();
    await hours('1', 1, 'from').fill('13:00');
    await hours('1', 1, 'to').fill('11:00'); // ends before it starts
    await page.getByTestId('inbox-settings-save').click();
    await expect.poll(() => page.locator('#tenant-hours-1-1-1-error').textContent()).toBe(de['inboxSettings.hours.endBeforeStart']);
    expect(await hours('1', 1, 'to').getAttribute('aria-invalid')).toBe('true');

    await hours('1', 1, 'to').fill('17:00');
    await page.getByTestId('inbox-retentionDays').fill('10'); // the server allows 30 … 3650 days
    await page.getByTestId('inbox-settings-save').click();
    await expect.poll(() => page.locator('#inbox-retentionDays-error').textContent()).toBe(de['fieldError.too_small'].replace('{min}', '30'));
    expect(await page.getByTestId('inbox-retentionDays').getAttribute('aria-describedby')).toContain('inbox-retentionDays-error');
    await checkA11y(page, 'inbox settings with field errors');

    await page.getByTestId('inbox-retentionDays').fill('365');
    await page.getByTestId('inbox-settings-save').click();
    await page.getByText(de['inboxSettings.saved']).waitFor();
    const saved = await staff.getJson<{ openingHours: Record<string, string[][]>; retentionDays: number }>('/inbox/settings');
    expect(saved.openingHours['1']).toEqual([
      ['07:30', '12:00'],
      ['13:00', '17:00'],
    ]);
    expect(saved.retentionDays).toBe(365);
    // after a reload the form shows what was stored
    await page.reload();
    await expect.poll(() => hours('1', 1, 'to').inputValue()).toBe('17:00');
  });

  it('adds routing rules: everything to the Bürgerbüro, but the keyword MÜLL (moved up) to the Bauhof', async () => {
    const { items: departments } = await staff.getJson<{ items: { id: string; name: string }[] }>('/inbox/departments');
    const id = (name: string) => departments.find((d) => d.name === name)?.id ?? '';
    expect(id('Bauhof')).toBeTruthy();
    expect(id('Bürgerbüro')).toBeTruthy();
    // first a catch-all, then the keyword rule, which is then moved above it
    await page.getByTestId('inbox-rule-add').click();
    await page.getByTestId('inbox-rule-0-department').selectOption(id('Bürgerbüro'));
    await page.getByTestId('inbox-rule-add').click();
    await page.getByTestId('inbox-rule-1-keyword').fill('MÜLL');
    await page.getByTestId('inbox-rule-1-department').selectOption(id('Bauhof'));
    await page.getByTestId('inbox-rule-1-up').click();
    expect(await page.getByTestId('inbox-rule-0-keyword').inputValue()).toBe('MÜLL');
    await page.getByTestId('inbox-rules-save').click();
    await page.getByText(de['inboxSettings.rules.saved']).waitFor();
    const { items: rules } = await staff.getJson<{ items: { keyword: string | null; channel: string | null; departmentId: string; position: number }[] }>(
      '/inbox/rules',
    );
    expect(rules.map((r) => [r.keyword, r.channel, r.departmentId])).toEqual([
      ['MÜLL', null, id('Bauhof')],
      [null, null, id('Bürgerbüro')],
    ]);
  });

  it('creates a canned response and previews it with the placeholders filled in', async () => {
    await page.getByTestId('canned-add').click();
    await page.getByTestId('canned-title').fill('Eingangsbestätigung');
    await page.getByTestId('canned-body').fill('Guten Tag {{name}},\nvielen Dank für Ihre Nachricht an {{gemeinde}}. {{unbekannt}}');
    await expect
      .poll(() => page.getByTestId('canned-preview').textContent())
      .toBe(`Guten Tag ${de['inboxSettings.canned.sampleName']},\nvielen Dank für Ihre Nachricht an Musterstadt. {{unbekannt}}`);
    await expect.poll(() => page.getByTestId('canned-unknown').textContent()).toContain('{{unbekannt}}');
    await checkA11y(page, 'canned response form with preview');
    await page.getByTestId('canned-save').click();
    await page.getByText(de['inboxSettings.canned.created'].replace('{title}', 'Eingangsbestätigung')).waitFor();
    await expect.poll(() => page.getByTestId('canned-item').count()).toBe(1);
    const { items } = await staff.getJson<{ items: { title: string; body: string }[] }>('/inbox/canned-responses');
    expect(items.map((c) => c.title)).toEqual(['Eingangsbestätigung']);
  });

  it('shows the figures of the conversations made here: per department and in total, with the daily series as chart and table', async () => {
    const visitor = await session.context.newPage();
    await writeThroughContactForm(visitor, {
      name: 'Anna Beispiel',
      email: 'anna@example.org',
      subject: 'Tonne',
      text: 'MÜLL Die Biotonne wurde nicht geleert.',
    });
    await writeThroughContactForm(visitor, {
      name: 'Bernd Muster',
      email: 'bernd@example.org',
      subject: 'Ausweis',
      text: 'Wann kann ich meinen Ausweis abholen?',
    });
    await visitor.close();
    // the threader turns both into conversations; the rule sends the first one to the Bauhof
    await expect
      .poll(async () => (await staff.getJson<{ total: { conversations: number } }>('/inbox/figures')).total.conversations, { timeout: 30_000 })
      .toBe(2);

    await page.goto(url('/admin/t/musterstadt/analytics'));
    await page.getByTestId('figures-table').waitFor();
    const cells = async (testId: string) => (await page.getByTestId(testId).first().locator('th, td').allTextContents()).map((s) => s.trim());
    // total: 2 conversations, none answered yet, both open, none overdue (deadlines lie in the future)
    await expect.poll(() => cells('figures-total')).toEqual([de['analytics.total'], '2', '–', '–', '2', '0']);
    const rows = page.getByTestId('figures-row');
    await expect.poll(() => rows.filter({ hasText: 'Bauhof' }).locator('td').first().textContent()).toBe('1');
    await expect.poll(() => rows.filter({ hasText: 'Bürgerbüro' }).locator('td').first().textContent()).toBe('1');
    // the chart has a name and a summary, and the same series stands in the table beside it
    await expect.poll(() => page.getByTestId('figures-chart').locator('svg[role="img"] title').textContent()).toBe(de['analytics.chart.title']);
    const seriesRows = page.getByTestId('figures-series').locator('tbody tr');
    expect(await seriesRows.count()).toBe(30);
    expect((await seriesRows.last().locator('td').allTextContents()).map((s) => s.trim())).toEqual(['2', '0']);
    await checkA11y(page, 'figures page');

    // grouped by channel: both came through the contact form
    await page.getByTestId('figures-groupBy').selectOption('channel');
    const portalRow = page.getByTestId('figures-row').filter({ hasText: de['inboxSettings.channel.portal'] });
    await expect
      .poll(async () => (await portalRow.locator('th, td').allTextContents()).map((s) => s.trim()))
      .toEqual([de['inboxSettings.channel.portal'], '2', '–', '–', '2', '0']);
    expect(thirdParty).toEqual([]);
  });

  it('an agent reads the settings but gets no controls that change them, only the own availability', async () => {
    const email = 'agent@musterstadt.example';
    const password = 'agent-password-123';
    const invited = await staff.api('POST', '/invitations', { email, role: 'agent' });
    expect(invited.status).toBe(201);
    await acceptInvitation(staff, { email, name: 'Alex Agent', password });

    const agent = await session.newPage();
    await signInAt(agent, url('/admin/t/musterstadt/settings/inbox'), email, password);
    await agent.getByTestId('inbox-settings-form').waitFor();
    await agent.getByText(de['inboxSettings.readOnly']).waitFor();
    // every section is there before we look for what must be missing
    for (const section of ['inbox-rules-form', 'inbox-departments', 'inbox-available']) await agent.getByTestId(section).waitFor();
    await agent.getByTestId('canned-item').first().waitFor();
    for (const control of ['inbox-settings-save', 'inbox-rules-save', 'inbox-rule-add', 'canned-add'])
      expect(await agent.getByTestId(control).count(), control).toBe(0);
    expect(await agent.getByTestId('inbox-retentionDays').isDisabled()).toBe(true);
    await agent.context().close();
  });
});

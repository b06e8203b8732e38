// The Posteingang with two staff members at once, in two browsers. The town sends an SMS to its residents through the
// local SMSC peer (SMPP) and a resident answers it: the answer comes in through the real path and appears in both
// inbox lists without a reload; the owner claims it and the agent sees the new owner without a reload; the agent opens
// it and sees that the owner is looking at it (and then writing); the owner's reply reaches the SMSC addressed to the
// resident's number; the agent's note mentions the owner, whose bell shows it. Last, the demo's overdue
// conversation (an SMS nobody answered for eight days) counts on the agent's overview, and the count drops live when
// the owner resolves it.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import de from '../../src/web/admin/i18n/de.json' with { type: 'json' };
import { type Smsc, startSmsc } from '../peers/smsc.ts';
import { type Civicast, checkA11y, OWNER_EMAIL, OWNER_PASSWORD, browserSessionForFile } from './helpers.ts';
import { acceptInvitation, fill, type Staff, signInAt, staffOf } from './session.ts';

const AGENT_EMAIL = 'agent@musterstadt.example';
const AGENT_PASSWORD = 'agent-password-123';
const AGENT_NAME = 'Anna Schmidt';
const OWNER_NAME = 'Verwaltung Musterstadt';
/** Mehmet Yılmaz, a demo resident who takes SMS and has no conversation in the demo (src/server/demo-content.ts). */
const RESIDENT_PHONE = '+4915799900013';
const RESIDENT_NAME = 'Mehmet Yılmaz';
const TEXT = 'Die Straßenlaterne vor Hausnummer 12 ist seit drei Tagen dunkel.';
const REPLY = 'Danke, der Bauhof kümmert sich morgen darum.';

let civicast: Civicast;
let owner: Page;
let thirdParty: string[];
/** The owner's API session, taken from the owner's browser once signed in. */
let ownerApi: Staff;
let agent: Page;
let smsc: Smsc | undefined;
let conversationId = '';

const url = (path: string) => `${civicast.baseUrl}${path}`;
const rows = (p: Page) => p.getByTestId('conversation-row');
const row = (p: Page) => rows(p).filter({ hasText: RESIDENT_NAME });
/** The number a count badge or counter shows (the demo has conversations of its own, so counts are compared). */
const countOf = async (p: Page, testId: string) => Number(/(\d+)/.exec((await p.getByTestId(testId).first().textContent()) ?? '')?.[1] ?? Number.NaN);
let unansweredBefore = 0;
/** Unread notifications on a page's bell (the demo's own reminders and escalations may be among them). */
const unread = async (p: Page) => ((await p.getByTestId('bell-unread').count()) ? countOf(p, 'bell-unread') : 0);

/** A mark in the page's window: still there later means the page was never reloaded. */
const markPage = (p: Page) => p.evaluate(() => Object.assign(window, { __inboxMark: 'kept' }));
const stillSamePage = (p: Page) => p.evaluate(() => (window as unknown as { __inboxMark?: string }).__inboxMark);

beforeAll(async () => {
  smsc = await startSmsc({ systemId: 'civicast', password: 'secret' });
});
afterAll(async () => {
  await smsc?.close();
});
// (registered after the SMSC's hooks: opened after it, closed before it)
const session = browserSessionForFile({ demoContent: true }, (s) => {
  ({ civicast, page: owner, thirdParty } = s);
});

describe('the inbox with two staff members', { shuffle: false }, () => {
  it('the owner connects an SMSC and invites an agent; both open the Posteingang', async () => {
    await signInAt(owner, url('/admin/t/musterstadt/inbox'), OWNER_EMAIL, OWNER_PASSWORD);
    await owner.getByRole('heading', { level: 1, name: de['inbox.title'], exact: true }).waitFor();
    ownerApi = await staffOf(owner, civicast.baseUrl);
    const provider = await ownerApi.api('POST', '/api/v1/tenants/musterstadt/providers', {
      channel: 'sms',
      kind: 'smpp',
      name: 'SMSC',
      config: { host: '127.0.0.1', port: smsc!.port, systemId: 'civicast', windowSize: 20 },
      secrets: { password: 'secret' },
      centsPerMessage: 7,
    });
    expect(provider.status, JSON.stringify(provider.json)).toBe(201);

    const invited = await ownerApi.api('POST', '/api/v1/tenants/musterstadt/invitations', { email: AGENT_EMAIL, role: 'agent' });
    expect(invited.status, JSON.stringify(invited.json)).toBe(201);
    await acceptInvitation(ownerApi, { email: AGENT_EMAIL, name: AGENT_NAME, password: AGENT_PASSWORD });

    agent = await session.newPage();
    await signInAt(agent, url('/admin/t/musterstadt/inbox'), AGENT_EMAIL, AGENT_PASSWORD);
    for (const p of [owner, agent]) {
      await p.getByTestId('inbox-list').waitFor();
      await p.getByTestId('inbox-count-unanswered').waitFor();
      await markPage(p);
    }
    expect(await row(owner).count()).toBe(0);
    unansweredBefore = await countOf(owner, 'inbox-count-unanswered');
    await checkA11y(agent, 'inbox list');
  });

  it('a resident answers the town’s SMS: it appears in both lists without a reload, with the resident’s name and the counts', async () => {
    // the town writes to its residents by SMS (through the SMSC), and Anna Berger answers that SMS
    const created = await ownerApi.api('POST', '/api/v1/tenants/musterstadt/messages', {
      title: 'Straßenbeleuchtung',
      body: 'Melden Sie defekte Straßenlaternen einfach per Antwort auf diese SMS.',
      audience: {},
      channels: ['sms'],
    });
    expect(created.status, JSON.stringify(created.json)).toBe(201);
    const sent = await ownerApi.api('POST', `/api/v1/tenants/musterstadt/messages/${(created.json as { id: string }).id}/send`);
    expect(sent.status, JSON.stringify(sent.json)).toBeLessThan(300);
    await expect.poll(() => smsc!.messages.some((m) => m.destination === RESIDENT_PHONE.slice(1)), { timeout: 60_000 }).toBe(true);
    await smsc!.sendMo(RESIDENT_PHONE.slice(1), 'Musterstadt', TEXT);
    for (const p of [owner, agent]) {
      await row(p).waitFor({ timeout: 30_000 });
      await row(p).getByText(TEXT.slice(0, 30)).first().waitFor();
      await expect.poll(() => countOf(p, 'inbox-count-unanswered'), { timeout: 15_000 }).toBe(unansweredBefore + 1);
      expect(await stillSamePage(p)).toBe('kept');
    }
    conversationId = (await row(owner).getAttribute('data-id')) ?? '';
    expect(conversationId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('the owner claims it; the agent sees the new owner without a reload', async () => {
    await row(owner).getByTestId('conversation-link').click();
    await owner.getByTestId('conversation-view').waitFor();
    await owner.getByTestId('thread').getByText(TEXT).waitFor();
    await owner.getByTestId('claim').click();
    await expect.poll(() => owner.getByTestId('contact-card').getByTestId('conversation-owner').textContent()).toContain(OWNER_NAME);
    await expect.poll(() => row(agent).getByTestId('conversation-owner').textContent(), { timeout: 15_000 }).toContain(OWNER_NAME);
    expect(await stillSamePage(agent)).toBe('kept');
    await checkA11y(owner, 'conversation');
  });

  it('the agent opens it and sees that the owner is looking at it, then writing', async () => {
    await row(agent).getByTestId('conversation-link').click();
    await agent.getByTestId('conversation-view').waitFor();
    const presence = agent.getByTestId('presence');
    await presence.getByText(fill(de['inbox.presence.viewing'], { name: OWNER_NAME })).waitFor();
    await owner.getByTestId('reply-body').fill(REPLY);
    await presence.getByText(fill(de['inbox.presence.typing'], { name: OWNER_NAME })).waitFor();
    // the owner sees the agent too (from the answer to the next heartbeat or the stream)
    await owner
      .getByTestId('presence')
      .getByText(fill(de['inbox.presence.viewing'], { name: AGENT_NAME }))
      .waitFor();
    await checkA11y(agent, 'conversation with a colleague present');
  });

  it('the owner’s reply reaches the SMSC addressed to the resident’s number and shows in both threads', async () => {
    await owner.getByTestId('reply-send').click();
    await owner.getByTestId('reply-sent').getByText(de['inbox.reply.sent']).waitFor();
    await expect.poll(() => smsc!.messages.some((m) => m.destination === RESIDENT_PHONE.slice(1) && m.text === REPLY), { timeout: 30_000 }).toBe(true);
    for (const p of [owner, agent]) await p.getByTestId('thread').locator('[data-kind="reply"]').getByText(REPLY).waitFor({ timeout: 15_000 });
    await expect.poll(() => agent.getByTestId('contact-card').getByTestId('conversation-status').textContent()).toBe(de['inbox.status.waiting']);
    expect(await stillSamePage(agent)).toBe('kept');
  });

  it('the agent mentions the owner in a note (picked after "@"); the owner’s bell shows it until it is opened', async () => {
    // counted by kind: the demo's overdue conversation may escalate to the owner (its department's lead) meanwhile
    const unreadMentions = () => owner.locator('[data-testid="bell-panel"] li[data-kind="mention"][data-unread]').count();
    const note = agent.getByTestId('note-body');
    await note.pressSequentially('Bitte Rückmeldung an den Bauhof, @Verw');
    await agent.getByTestId('mention-option').filter({ hasText: OWNER_NAME }).waitFor();
    await note.press('Enter');
    expect(await note.inputValue()).toBe(`Bitte Rückmeldung an den Bauhof, @${OWNER_NAME} `);
    await agent.getByTestId('note-send').click();
    await agent.getByTestId('thread').locator('[data-kind="note"]').getByText('Bitte Rückmeldung an den Bauhof').waitFor();
    await expect.poll(() => unread(owner), { timeout: 15_000 }).toBeGreaterThanOrEqual(1);
    await expect.poll(unreadMentions, { timeout: 15_000 }).toBe(1);
    await owner.getByTestId('bell').click();
    await owner.locator('li[data-kind="mention"][data-unread]').getByTestId('bell-item').click();
    await expect.poll(unreadMentions).toBe(0);
    await owner.getByTestId('conversation-view').waitFor();
  });

  it("the demo's overdue conversation shows on the overview and the counter drops when it is resolved", async () => {
    // the demo seeds a resident's SMS from eight days ago that nobody answered: overdue on any day of the year
    await agent.getByTestId('nav-overview').click();
    const overdue = agent.getByTestId('overview-overdue');
    await overdue.waitFor();
    await expect.poll(() => countOf(agent, 'overview-overdue'), { timeout: 15_000 }).toBeGreaterThanOrEqual(1);
    const before = await countOf(agent, 'overview-overdue');
    await owner.goto(`${civicast.baseUrl}/admin/t/musterstadt/inbox/overdue`);
    const late = rows(owner).filter({ hasText: 'Straßenlaterne' });
    await late.first().waitFor();
    await late.first().getByTestId('conversation-link').click();
    await owner.getByTestId('conversation-view').waitFor();
    await owner.getByTestId('status-resolved').click();
    await expect.poll(() => countOf(agent, 'overview-overdue'), { timeout: 15_000 }).toBe(before - 1);
    expect(await stillSamePage(agent)).toBe('kept');
    await overdue.click();
    await agent.getByTestId('inbox-list').waitFor();
    await agent.getByTestId('conversation-table').or(agent.getByText(de['inbox.empty'])).first().waitFor();
    await expect.poll(() => rows(agent).filter({ hasText: 'Straßenlaterne' }).count()).toBe(0);
  });

  it('made no request to a third party', () => {
    expect(thirdParty).toEqual([]); // the agent's browser included
  });
});

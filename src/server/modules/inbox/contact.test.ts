// The portal's contact form as a browser without JavaScript uses it (form posts through app.inject), on a real
// database: the message becomes a conversation, bad input comes back at the fields with nothing lost, limits hold.
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/helpers/app.ts';
import { resident, residentSession } from '../../../../test/helpers/factories.ts';
import { esc, outboxFor, portalBrowser } from '../../../../test/helpers/portal.ts';
import { queryRows } from '../../platform/db/client.ts';
import { inboundMessages } from '../../platform/db/schema.ts';
import de from '../portal/i18n/de.json' with { type: 'json' };
import en from '../portal/i18n/en.json' with { type: 'json' };
import { CONTACT_LIMITS } from './contact.routes.ts';
import { threadAll } from '../../../../test/helpers/inbox.ts';

let t: TestApp;
const url = '/m/musterstadt/contact';

beforeAll(async () => {
  t = await createTestApp({ work: true });
});
afterAll(async () => {
  await t?.close();
});

const stored = (sender: string) =>
  queryRows<{ id: string; channel: string; subject: string | null; text: string; conversationId: string | null }>(
    t.deps.db.system,
    sql`select id, channel, subject, text, conversation_id as "conversationId" from inbound_messages where sender = ${sender} order by created_at`,
  );
const valid = (email: string, extra: Record<string, string> = {}) => ({
  name: 'Erna Beispiel',
  email,
  subject: 'Sperrmüll',
  text: 'Wann wird in der Lindenallee der Sperrmüll abgeholt?',
  consent: 'yes',
  ...extra,
});

describe('the contact form', () => {
  it('is linked from the start page and asks for name, address, message and consent', async () => {
    const start = await t.app.inject({ method: 'GET', url: '/m/musterstadt/' });
    expect(start.body).toContain(`href="/m/musterstadt/contact"`);
    const page = await t.app.inject({ method: 'GET', url });
    expect(page.statusCode).toBe(200);
    expect(page.headers['cache-control']).toBe('no-store');
    for (const key of ['contact.name', 'contact.email', 'contact.subject', 'contact.text', 'contact.consent', 'contact.submit'] as const)
      expect(page.body).toContain(esc(de[key]));
    expect(page.body).toContain('href="/m/musterstadt/datenschutz"');
    expect(page.body).toMatch(/<form method="post" action="\/m\/musterstadt\/contact"/);
  });

  it('a message posted without JavaScript is stored, becomes a conversation and the sender gets a confirmation', async () => {
    const browser = portalBrowser(t, '10.20.0.1');
    const res = await browser.post(url, valid('erna@example.org'));
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/m/musterstadt/contact/sent');
    const sent = await browser.get('/m/musterstadt/contact/sent');
    expect(sent.body).toContain(`<h1>${esc(de['contact.thanksTitle'])}</h1>`);
    const [msg] = await stored('erna@example.org');
    expect(msg).toMatchObject({ channel: 'portal', subject: 'Sperrmüll', text: 'Wann wird in der Lindenallee der Sperrmüll abgeholt?' });
    await threadAll(t.deps);
    const [c] = await queryRows<{ channel: string; contactKind: string; subject: string; status: string; nextDueAt: Date | null }>(
      t.deps.db.system,
      sql`select c.channel, c.contact_kind as "contactKind", c.subject, c.status, c.next_due_at as "nextDueAt"
          from conversations c join inbound_messages m on m.conversation_id = c.id where m.id = ${msg.id}`,
    );
    expect(c).toMatchObject({ channel: 'portal', contactKind: 'email', subject: 'Sperrmüll', status: 'open' });
    expect(c.nextDueAt).not.toBeNull();
    const [mail] = await outboxFor(t, 'erna@example.org');
    expect(mail.subject).toBe('Musterstadt: Ihre Nachricht ist angekommen');
    expect(mail.bodyText).toContain('Musterstadt');
    expect(mail.bodyText).toContain('antwortet Ihnen');
    // nothing the sender typed goes into a mail to an address nobody confirmed
    expect(mail.bodyText).not.toContain('Lindenallee');
  });

  it('bad input comes back with status 400, the errors at their fields and every value kept', async () => {
    const browser = portalBrowser(t, '10.20.0.2');
    const text = 'Die Laterne <b>vor Haus 3</b> ist aus & flackert.';
    const res = await browser.post(url, { name: 'Bert', email: 'bert@', subject: 'Laterne', text });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain(`<p class="field-error" id="email-error">${esc(de['contact.errEmail'])}</p>`);
    expect(res.body).toContain(`<p class="field-error" id="consent-error">${esc(de['contact.errConsent'])}</p>`);
    expect(res.body).toMatch(/id="email"[^>]*value="bert@"[^>]*aria-invalid="true" aria-describedby="email-hint email-error"/);
    expect(res.body).toContain(`>${esc(text)}</textarea>`);
    expect(res.body).toMatch(/id="name"[^>]*value="Bert"/);
    expect(res.body).toMatch(/id="subject"[^>]*value="Laterne"/);
    expect(res.body).toContain(esc(de.errorSummary));
    expect(await stored('bert@')).toEqual([]);
  });

  it('a message over 5,000 characters is refused at the text field, in English when asked', async () => {
    const browser = portalBrowser(t, '10.20.0.3');
    const text = 'x'.repeat(CONTACT_LIMITS.textMax + 1);
    const res = await browser.post(`${url}?lang=en`, valid('long@example.org', { text }));
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain(`id="text-error">${esc(en['contact.errTooLong'].replace('{max}', '5.000').replace('{count}', '5001'))}</p>`);
    expect(res.body).toContain(`>${text}</textarea>`);
    expect(res.body).toContain('action="/m/musterstadt/contact?lang=en"');
    expect(await stored('long@example.org')).toEqual([]);
    // an empty text is refused too
    const empty = await browser.post(url, valid('long@example.org', { text: '   ' }));
    expect(empty.body).toContain(`id="text-error">${esc(de['contact.errText'])}</p>`);
  });

  it('control characters are dropped from what is stored (NUL the platform refuses before)', async () => {
    const browser = portalBrowser(t, '10.20.0.9');
    const res = await browser.post(url, valid('nul@example.org', { subject: 'Be\u0007treff', text: 'Hallo\u001b Welt\u0007\nZweite Zeile' }));
    expect(res.statusCode).toBe(303);
    expect(await stored('nul@example.org')).toMatchObject([{ subject: 'Betreff', text: 'Hallo Welt\nZweite Zeile' }]);
  });

  it('a form from another site is refused and nothing is stored', async () => {
    const browser = portalBrowser(t, '10.20.0.4');
    const res = await browser.post(url, valid('csrf@example.org'), { origin: 'https://evil.example' });
    expect(res.statusCode).toBe(403);
    expect(await stored('csrf@example.org')).toEqual([]);
  });

  it('a filled honeypot sees the confirmation, but nothing is stored or sent', async () => {
    const browser = portalBrowser(t, '10.20.0.5');
    const res = await browser.post(url, valid('bot@example.org', { website: 'https://spam.example' }));
    expect(res.statusCode).toBe(303);
    expect(await stored('bot@example.org')).toEqual([]);
  });

  it('one sender is limited per hour; the refused text is still in the form', async () => {
    const browser = portalBrowser(t, '10.20.0.6');
    for (let i = 0; i < CONTACT_LIMITS.perSenderPerHour; i++)
      expect((await browser.post(url, valid('viel@example.org', { text: `Nachricht ${i}` }))).statusCode).toBe(303);
    const refused = await browser.post(url, valid('VIEL@example.org', { text: 'Noch eine Nachricht' }));
    expect(refused.statusCode).toBe(429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect(refused.body).toContain(esc(de['contact.errLimited']));
    expect(refused.body).toContain('>Noch eine Nachricht</textarea>');
    expect(await stored('viel@example.org')).toHaveLength(CONTACT_LIMITS.perSenderPerHour);
  });

  it('one address range is limited per hour across senders', async () => {
    const browser = portalBrowser(t, '10.30.0.7');
    for (let i = 0; i < CONTACT_LIMITS.perRangePerHour; i++) expect((await browser.post(url, valid(`nachbar${i}@example.org`))).statusCode).toBe(303);
    const other = portalBrowser(t, '10.30.0.200'); // same /24
    expect((await other.post(url, valid('noch-einer@example.org'))).statusCode).toBe(429);
    expect(await stored('noch-einer@example.org')).toEqual([]);
    expect((await portalBrowser(t, '10.31.0.7').post(url, valid('noch-einer@example.org'))).statusCode).toBe(303);
  });

  it('a signed-in resident writes without giving name or address; the conversation is theirs', async () => {
    const residentId = await resident(t.deps, t.tenant, { phone: '+491701112233', name: 'Rita Resident' });
    const browser = portalBrowser(t, '10.20.0.8');
    const [name, value] = (await residentSession(t.deps, t.tenant, residentId)).split('=');
    browser.jar.set(name, value);
    const page = await browser.get(url);
    expect(page.body).toContain(esc(de['contact.signedInIntro']));
    expect(page.body).not.toContain('id="email"');
    const res = await browser.post(url, { subject: 'Parkausweis', text: 'Wie verlängere ich meinen Parkausweis?', consent: 'yes' });
    expect(res.statusCode).toBe(303);
    const [msg] = await stored(`resident:${residentId}`);
    expect(msg.text).toBe('Wie verlängere ich meinen Parkausweis?');
    await threadAll(t.deps);
    const [c] = await queryRows<{ residentId: string | null; contactKind: string }>(
      t.deps.db.system,
      sql`select c.resident_id as "residentId", c.contact_kind as "contactKind" from conversations c
          join inbound_messages m on m.conversation_id = c.id where m.id = ${msg.id}`,
    );
    expect(c).toEqual({ residentId, contactKind: 'resident' });
    const rows = await t.deps.db.system.select().from(inboundMessages).where(eq(inboundMessages.id, msg.id));
    expect(rows).toHaveLength(1);
  });
});

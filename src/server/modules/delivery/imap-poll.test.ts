// A municipality's own mailbox as a receive-only provider (email-imap): set up through the API, read by the poll job
// against a local IMAP server (test/peers/imap-server.ts), filed as conversations in that municipality's inbox, and
// never chosen to send.
import { Writable } from 'node:stream';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Session, type TestApp } from '../../../../test/helpers/app.ts';
import { addProvider, deliveriesOf, messageCounts, sendToAddresses, waitFor } from '../../../../test/helpers/delivery.ts';
import { plainLetter } from '../../../../test/helpers/mail-fixtures.ts';
import { type ImapTestServer, startImapServer } from '../../../../test/peers/imap-server.ts';
import { allJobs } from '../../jobs.ts';
import { queryRows } from '../../platform/db/client.ts';
import { devOutbox } from '../../platform/db/schema.ts';
import { imapPollJob, pollImapMailboxes } from './index.ts';
import { threadAll } from '../../../../test/helpers/inbox.ts';

let t: TestApp;
let owner: Session;
let server: ImapTestServer;
let mailboxId: string;
const logLines: string[] = [];

const providersUrl = (tenant = 'musterstadt') => `/api/v1/tenants/${tenant}/providers`;
const mailbox = (extra: Record<string, unknown> = {}) => ({
  channel: 'email',
  kind: 'email-imap',
  name: 'Bürgerbüro-Postfach',
  config: { host: '127.0.0.1', port: server.port, secure: false, user: 'buergerbuero', folder: 'INBOX', pollSeconds: 30 },
  secrets: { password: 'geheim' },
  ...extra,
});

// each from another sender: the threader files a sender's next mail into their open conversation
const letter = (subject: string, body: string, from = 'Anna Beispiel <anna.beispiel@example.org>') => plainLetter(from, subject, body);

async function conversations(s: Session, tenant = 'musterstadt') {
  const res = await t.as(s, { method: 'GET', url: `/api/v1/tenants/${tenant}/inbox/conversations` });
  expect(res.statusCode, res.body).toBe(200);
  return res.json().items as Array<{ id: string; channel: string; subject: string; preview: string; status: string }>;
}

const storedFrom = async (providerId: string) =>
  Number((await queryRows<{ n: number }>(t.deps.db.system, sql`select count(*)::int as n from inbound_messages where provider_id = ${providerId}::uuid`))[0].n);

beforeAll(async () => {
  const stream = new Writable({
    write(chunk, _enc, done) {
      logLines.push(String(chunk));
      done();
    },
  });
  t = await createTestApp({ work: true, log: { level: 'debug', stream } });
  owner = await t.loginOwner();
  server = await startImapServer({ user: 'buergerbuero', password: 'geheim' });
});
afterAll(async () => {
  await t.close();
  await server.close();
});

describe('a mailbox read by IMAP (receive only)', () => {
  it('is set up through the API like any provider: settings checked, password kept secret', async () => {
    const onSms = await t.as(owner, { method: 'POST', url: providersUrl(), payload: mailbox({ channel: 'sms' }) });
    expect(onSms.statusCode).toBe(400);
    const noPassword = await t.as(owner, { method: 'POST', url: providersUrl(), payload: mailbox({ secrets: {} }) });
    expect(noPassword.statusCode).toBe(400);
    const tooOften = await t.as(owner, { method: 'POST', url: providersUrl(), payload: mailbox({ config: { ...mailbox().config, pollSeconds: 5 } }) });
    expect(tooOften.statusCode).toBe(400);
    mailboxId = await addProvider(t, owner, mailbox());
    const listed = (await t.as(owner, { method: 'GET', url: providersUrl() })).json().items as Array<Record<string, unknown>>;
    expect(listed.find((p) => p.id === mailboxId)).toMatchObject({ kind: 'email-imap', inUse: true, secretsSet: ['password'] });
    expect(JSON.stringify(listed)).not.toContain('geheim');
  });

  it("never carries a send: with only a mailbox of its own, the municipality's e-mail still goes to the installation's dev outbox", async () => {
    const listed = (await t.as(owner, { method: 'GET', url: providersUrl() })).json().items as Array<{
      id: string;
      kind: string;
      channel: string;
      installation: boolean;
      inUse: boolean;
    }>;
    const outbox = listed.find((p) => p.installation && p.kind === 'dev-outbox' && p.channel === 'email')!;
    expect(outbox.inUse).toBe(true);
    const id = await sendToAddresses(t, { subject: 'Sperrmüll', text: 'Die Abholung ist am Montag.', recipients: [{ email: 'clara@example.org' }] });
    const counts = await waitFor(
      () => messageCounts(t, owner, id),
      (c) => (c.email?.sent ?? 0) + (c.email?.delivered ?? 0) === 1,
    );
    expect(counts.email?.failed ?? 0).toBe(0);
    const [delivery] = await deliveriesOf(t, owner, id);
    expect(delivery.providerId).toBe(outbox.id);
    expect(await t.deps.db.system.select().from(devOutbox).where(eq(devOutbox.recipient, 'clara@example.org'))).toHaveLength(1);
  });

  it("mail in the mailbox becomes a conversation in that municipality's inbox, is marked seen, and a second run stores nothing twice", async () => {
    const uid = server.deliver(letter('Laterne defekt', 'Die Laterne in der Gartenstraße ist seit Tagen aus.'));
    const first = await pollImapMailboxes(t.deps, { force: true });
    expect(first).toMatchObject({ polled: 1, failed: 0, stored: 1 });
    expect(server.messages.find((m) => m.uid === uid)?.seen).toBe(true);
    await threadAll(t.deps);
    const items = await conversations(owner);
    expect(items.filter((c) => c.subject === 'Laterne defekt')).toMatchObject([{ channel: 'email', status: 'open' }]);
    expect(items.find((c) => c.subject === 'Laterne defekt')?.preview).toContain('Gartenstraße');

    const again = await pollImapMailboxes(t.deps, { force: true });
    expect(again).toMatchObject({ polled: 1, failed: 0, stored: 0 });
    await threadAll(t.deps);
    expect(await storedFrom(mailboxId)).toBe(1);
    expect((await conversations(owner)).filter((c) => c.subject === 'Laterne defekt')).toHaveLength(1);

    // another municipality's inbox does not see it
    await t.createTenant('beispieldorf', 'Beispieldorf');
    expect(await conversations(await t.login('owner@beispieldorf.test'), 'beispieldorf')).toEqual([]);
  });

  it('a mailbox is read again only when its pollSeconds have passed', async () => {
    const at = Date.now() + 3_600_000; // later than every run before
    expect((await pollImapMailboxes(t.deps, { now: at })).polled).toBe(1);
    expect(await pollImapMailboxes(t.deps, { now: at + 10_000 })).toMatchObject({ polled: 0, failed: 0 });
    expect((await pollImapMailboxes(t.deps, { now: at + 30_000 })).polled).toBe(1);
  });

  it('a switched-off mailbox is not read', async () => {
    const patch = (enabled: boolean) => t.as(owner, { method: 'PATCH', url: `${providersUrl()}/${mailboxId}`, payload: { enabled } });
    expect((await patch(false)).statusCode).toBe(200);
    const uid = server.deliver(letter('Parkplatz', 'Falschparker vor der Schule.', 'Bernd Muster <bernd.muster@example.org>'));
    expect(await pollImapMailboxes(t.deps, { force: true })).toMatchObject({ polled: 0, stored: 0 });
    expect(server.messages.find((m) => m.uid === uid)?.seen).toBe(false);
    expect((await patch(true)).statusCode).toBe(200);
    expect(await pollImapMailboxes(t.deps, { force: true })).toMatchObject({ polled: 1, stored: 1 });
    await threadAll(t.deps);
    expect((await conversations(owner)).map((c) => c.subject)).toContain('Parkplatz');
  });

  it("a mailbox that fails does not stop the others, and the log holds no resident's data or password", async () => {
    const other = await t.login('owner@beispieldorf.test');
    const broken = await addProvider(t, other, mailbox({ name: 'Falsches Passwort', secrets: { password: 'x9-falsch-Q' } }), 'beispieldorf');
    const uid = server.deliver(letter('Wasserrohrbruch', 'Wasser läuft in der Kirchgasse 7 über die Straße.', 'Carla Probe <carla.probe@example.org>'));
    const run = await pollImapMailboxes(t.deps, { force: true });
    expect(run).toMatchObject({ polled: 1, failed: 1, stored: 1 });
    expect(server.messages.find((m) => m.uid === uid)?.seen).toBe(true);
    expect(await storedFrom(broken)).toBe(0);
    await threadAll(t.deps);
    expect((await conversations(owner)).map((c) => c.subject)).toContain('Wasserrohrbruch');

    const log = logLines.join('');
    expect(log).toContain('imap mailbox poll failed');
    for (const secret of [
      'anna.beispiel@example.org',
      'Anna Beispiel',
      'carla.probe@example.org',
      'Carla Probe',
      'Wasserrohrbruch',
      'Kirchgasse',
      'Gartenstraße',
      'geheim',
      'x9-falsch-Q',
    ]) {
      expect(log, secret).not.toContain(secret);
    }
  });

  it('runs every minute as the job inbox.imap-poll', () => {
    expect(allJobs).toContain(imapPollJob);
    expect(imapPollJob).toMatchObject({ name: 'inbox.imap-poll', cron: '* * * * *' });
  });
});

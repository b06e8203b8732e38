// The IMAP poller against a local IMAP4rev1 server (test/peers/imap-server.ts): unseen mail is read like mail over
// SMTP, marked seen only after the engine stored it, and nothing is lost when storing or flagging fails.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mailWithParts, plainLetter, sampleFiles } from '../../../../test/helpers/mail-fixtures.ts';
import { type ImapTestServer, startImapServer } from '../../../../test/peers/imap-server.ts';
import { createLogger } from '../../platform/logger.ts';
import type { ChannelEvents, InboundMessage } from '../types.ts';
import { type ImapMailboxOptions, pollImapMailbox } from './imap.poller.ts';

const log = createLogger('silent');
const PROVIDER = '7d3f0f9e-1111-4000-8000-000000000001';
let server: ImapTestServer;

function recorder() {
  const stored: InboundMessage[] = [];
  let failing = false;
  const events: ChannelEvents = {
    receipt: async () => {},
    bounce: async () => {},
    inbound: async (m) => {
      if (failing) throw new Error('database unavailable');
      stored.push(m);
    },
  };
  return { stored, events, fail: (f: boolean) => void (failing = f) };
}

const poll = (events: ChannelEvents, extra: Partial<ImapMailboxOptions> = {}) =>
  pollImapMailbox({
    providerId: PROVIDER,
    host: '127.0.0.1',
    port: server.port,
    secure: false,
    user: 'buergerbuero',
    password: 'geheim',
    events,
    log,
    ...extra,
  });

const letter = (subject: string, body: string) => plainLetter('Anna Beispiel <anna@example.org>', subject, body);

beforeAll(async () => {
  server = await startImapServer({ user: 'buergerbuero', password: 'geheim' });
});
afterAll(() => server.close());

describe('IMAP polling', () => {
  it('unseen mail arrives for the mailbox provider, read like mail over SMTP, and is marked seen afterwards', async () => {
    const files = await sampleFiles();
    const seenBefore = server.deliver(letter('Schon gelesen', 'alt'));
    server.messages.find((m) => m.uid === seenBefore)!.seen = true;
    const first = server.deliver(letter('Laterne', 'Die Laterne in der Gartenstraße ist aus.'));
    const second = server.deliver(
      mailWithParts({
        subject: 'Antrag',
        text: 'Anbei.',
        html: '<p>Anbei.</p><img src="https://track.example/p.gif"><script>x()</script>',
        parts: [
          { type: 'application/pdf', fileName: 'antrag.pdf', content: files.pdf },
          { type: 'application/pdf', fileName: 'rechnung.pdf', content: files.exe },
        ],
      }),
    );
    const rec = recorder();
    expect(await poll(rec.events)).toEqual({ stored: 2, skipped: 0, remaining: 0 });
    expect(rec.stored.map((m) => [m.subject, m.raw?.providerMessageId])).toEqual([
      ['Laterne', `imap:${server.uidValidity}:${first}`],
      ['Antrag', `imap:${server.uidValidity}:${second}`],
    ]);
    expect(rec.stored[0]).toMatchObject({
      providerId: PROVIDER,
      channel: 'email',
      from: 'anna@example.org',
      to: 'buergerbuero@musterstadt.example',
      text: 'Die Laterne in der Gartenstraße ist aus.',
      messageId: 'Laterne@example.org',
    });
    expect(rec.stored[1].html).toBe('<p>Anbei.</p>');
    expect(rec.stored[1].attachments?.map((a) => a.fileName)).toEqual(['antrag.pdf']);
    expect(rec.stored[1].raw?.refused).toMatchObject([{ reason: 'attachment_type', fileName: 'rechnung.pdf' }]);
    expect(server.messages.every((m) => m.seen)).toBe(true);
    // the poller peeks (BODY.PEEK[]), so only its own STORE marks a message seen
    expect(server.commands.some((c) => /UID FETCH .*BODY\.PEEK\[\]/i.test(c))).toBe(true);
    expect(await poll(rec.events)).toEqual({ stored: 0, skipped: 0, remaining: 0 });
    expect(rec.stored).toHaveLength(2);
  });

  it('when the engine cannot store, the message stays unseen and arrives with the next poll', async () => {
    const uid = server.deliver(letter('Wasserrohrbruch', 'Wasser in der Kirchgasse.'));
    const rec = recorder();
    rec.fail(true);
    await expect(poll(rec.events)).rejects.toThrow('database unavailable');
    expect(server.messages.find((m) => m.uid === uid)?.seen).toBe(false);
    rec.fail(false);
    expect(await poll(rec.events)).toMatchObject({ stored: 1 });
    expect(rec.stored.map((m) => m.subject)).toEqual(['Wasserrohrbruch']);
    expect(server.messages.find((m) => m.uid === uid)?.seen).toBe(true);
  });

  it('when marking seen fails after storing, the next poll hands the same message id again (stored once by the index)', async () => {
    const uid = server.deliver(letter('Baustelle', 'Lärm ab 6 Uhr.'));
    const rec = recorder();
    server.setRefuseStore(true);
    await expect(poll(rec.events)).rejects.toThrow();
    server.setRefuseStore(false);
    await poll(rec.events);
    expect(rec.stored.map((m) => m.raw?.providerMessageId)).toEqual([`imap:${server.uidValidity}:${uid}`, `imap:${server.uidValidity}:${uid}`]);
    expect(server.messages.find((m) => m.uid === uid)?.seen).toBe(true);
  });

  it('a large backlog is worked off in batches, oldest first', async () => {
    const uids = Array.from({ length: 5 }, (_, i) => server.deliver(letter(`Rückstand ${i + 1}`, `Nachricht ${i + 1}`)));
    const rec = recorder();
    expect(await poll(rec.events, { batchSize: 2 })).toEqual({ stored: 2, skipped: 0, remaining: 3 });
    expect(await poll(rec.events, { batchSize: 2 })).toEqual({ stored: 2, skipped: 0, remaining: 1 });
    expect(await poll(rec.events, { batchSize: 2 })).toEqual({ stored: 1, skipped: 0, remaining: 0 });
    expect(rec.stored.map((m) => m.raw?.providerMessageId)).toEqual(uids.map((u) => `imap:${server.uidValidity}:${u}`));
  });

  it('mail without a sender is left in the mailbox, marked seen and counted, not stored', async () => {
    server.deliver(['To: buergerbuero@musterstadt.example', 'Subject: Anonym', '', 'ohne Absender', ''].join('\r\n'));
    const rec = recorder();
    expect(await poll(rec.events)).toEqual({ stored: 0, skipped: 1, remaining: 0 });
    expect(rec.stored).toEqual([]);
  });

  it('wrong credentials fail the poll and change nothing', async () => {
    const uid = server.deliver(letter('Unberührt', 'x'));
    const rec = recorder();
    await expect(poll(rec.events, { password: 'falsch' })).rejects.toThrow();
    expect(server.messages.find((m) => m.uid === uid)?.seen).toBe(false);
    expect(rec.stored).toEqual([]);
    await poll(rec.events); // leaves the mailbox clean for whatever runs next
  });
});

// STOP, START and HILFE by SMS from the local SMSC: handled before the inbox, logged in the conversation as events,
// and never an open task.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOwnerApp, type TestApp } from '../../../../test/helpers/app.ts';
import { addProvider, sendToAddresses, smppProvider, waitFor } from '../../../../test/helpers/delivery.ts';
import { resident } from '../../../../test/helpers/factories.ts';
import { type Smsc, startSmsc } from '../../../../test/peers/smsc.ts';
import { queryRows } from '../../platform/db/client.ts';
import { withdrawConsent } from '../residents/index.ts';
import { keywordOf } from './keywords.ts';

let t: TestApp;
let smsc: Smsc;
const PHONE = '+491701239001';
const OTHER = '+491701239002';

const system = () => t.deps.db.system;
const one = async <T>(q: ReturnType<typeof sql>) => (await queryRows<T>(system(), q))[0];

const followStatus = (residentId: string) =>
  one<{ status: string }>(sql`select status from follows where resident_id = ${residentId} and tenant_id = ${t.tenant.id}`).then((r) => r.status);

/** The keyword events logged for this number, oldest first, and the conversations they are in. */
async function keywordEvents(phone: string) {
  return queryRows<{ keyword: string; result: string; status: string; assignee_id: string | null; conversation_id: string }>(
    system(),
    sql`select i.event->>'keyword' as keyword, i.event->>'result' as result, c.status, c.assignee_id, c.id as conversation_id
          from conversation_items i join inbound_messages m on m.id = i.inbound_message_id join conversations c on c.id = i.conversation_id
         where m.sender = ${phone} and i.kind = 'event' order by i.created_at`,
  );
}

async function mo(phone: string, text: string, expectedEvents: number) {
  await smsc.sendMo(phone.slice(1), 'Musterstadt', text);
  return waitFor(
    () => keywordEvents(phone),
    (rows) => rows.length >= expectedEvents,
  );
}

let residentId: string;
beforeAll(async () => {
  const app = await createOwnerApp({ work: true });
  t = app.t;
  smsc = await startSmsc({ systemId: 'civicast', password: 'secret' });
  await addProvider(t, app.owner, smppProvider(smsc));
  residentId = await resident(t.deps, t.tenant, { phone: PHONE });
  // one message out binds the SMSC session the answers come back on
  const sent = await sendToAddresses(t, { text: 'Die Abfuhr verschiebt sich.', recipients: [{ sms: PHONE }] });
  await waitFor(
    () => one<{ status: string }>(sql`select status from deliveries where message_id = ${sent}`),
    (r) => r?.status === 'delivered',
  );
});
afterAll(async () => {
  await t.close();
  await smsc.close();
});

describe('SMS keywords', () => {
  it('STOP withdraws consent and is logged in a resolved conversation nobody has to work', async () => {
    const events = await mo(PHONE, 'Stopp', 1);
    expect(events).toEqual([expect.objectContaining({ keyword: 'stop', status: 'resolved', assignee_id: null })]);
    await waitFor(
      () => followStatus(residentId),
      (s) => s === 'withdrawn',
    );
  });

  it('START gives back the consent STOP withdrew, recorded as sms-start, in the same conversation', async () => {
    const events = await mo(PHONE, ' START ', 2);
    expect(events[1]).toMatchObject({ keyword: 'start', result: 'consent-restored', status: 'resolved', conversation_id: events[0].conversation_id });
    expect(await followStatus(residentId)).toBe('active');
    // exactly what STOP withdrew comes back (channels and topics, the mandatory warnings included)
    const changed = (method: string, action: string) =>
      queryRows<{ channel: string | null; topic: string | null }>(
        system(),
        sql`select channel, topic from consents where resident_id = ${residentId} and method = ${method} and action = ${action} order by channel nulls last, topic`,
      );
    const given = await changed('sms-start', 'given');
    expect(given).toContainEqual({ channel: 'sms', topic: null });
    expect(given).toContainEqual({ channel: null, topic: 'abfall' });
    expect(given).toEqual(await changed('sms-stop', 'withdrawn'));
  });

  it('HILFE answers with the help text by SMS to the number', async () => {
    const before = smsc.byDestination.get(PHONE.slice(1)) ?? 0;
    const events = await mo(PHONE, 'HILFE', 3);
    expect(events[2]).toMatchObject({ keyword: 'help', result: 'help-sent', status: 'resolved' });
    await waitFor(
      async () => smsc.byDestination.get(PHONE.slice(1)) ?? 0,
      (n) => n === before + 1,
    );
    const help = smsc.messages.filter((m) => m.destination === PHONE.slice(1)).at(-1);
    expect(help?.text).toContain('STOP beendet die Nachrichten');
    expect(help?.text).toContain('/m/musterstadt/');
  });

  it('START does not undo a withdrawal the resident made in the portal', async () => {
    const other = await resident(t.deps, t.tenant, { phone: OTHER });
    await withdrawConsent(t.deps, t.tenant, other, { method: 'portal', ipPrefix: null });
    const events = await mo(OTHER, 'START', 1);
    expect(events[0]).toMatchObject({ keyword: 'start', result: 'nothing-to-restore' });
    expect(await followStatus(other)).toBe('withdrawn');
  });

  it('a keyword after a question joins its open conversation without closing or reopening it', async () => {
    await smsc.sendMo(OTHER.slice(1), 'Musterstadt', 'Wann ist die nächste Sperrmüllabfuhr?');
    await waitFor(
      () =>
        one<{ n: number }>(
          sql`select count(*)::int as n from conversations c join inbound_messages m on m.conversation_id = c.id where m.sender = ${OTHER} and c.status = 'open'`,
        ),
      (r) => r.n === 1,
    );
    const events = await mo(OTHER, 'info', 2);
    expect(events[1]).toMatchObject({ keyword: 'help', status: 'open' });
  });
});

describe('keywordOf', () => {
  it('only a whole SMS is a keyword; an e-mail saying "Hilfe" is a question', () => {
    expect(keywordOf('sms', '  stop ')).toBe('stop');
    expect(keywordOf('sms', 'ABMELDEN')).toBe('stop');
    expect(keywordOf('sms', 'Help')).toBe('help');
    expect(keywordOf('sms', 'Stop the noise please')).toBeNull();
    expect(keywordOf('email', 'Hilfe')).toBeNull();
    expect(keywordOf('portal', 'START')).toBeNull();
  });
});

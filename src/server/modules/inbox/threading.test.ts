// Every inbound message becomes part of a conversation: SMS from the local SMSC, e-mail replies by their headers and
// reply tokens, the contact form, rows stored before the inbox existed, retries, floods.
import { sql } from 'drizzle-orm';
import type { Counter } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOwnerApp, type Session, type TestApp } from '../../../../test/helpers/app.ts';
import { addProvider, sendToAddresses, smppProvider, waitFor } from '../../../../test/helpers/delivery.ts';
import { type Smsc, startSmsc } from '../../../../test/peers/smsc.ts';
import { queryRows } from '../../platform/db/client.ts';
import { deliveryToken } from '../delivery/tokens.ts';
import { recordInbound } from './inbound.ts';
import { threadPending } from './threading.ts';

let t: TestApp;
let owner: Session;
let smsc: Smsc;
let zentrale: string;
let ordnung: string;
let abfall: string;
let anna: string;
let ben: string;
let smsDelivery: string;

interface Conv {
  id: string;
  status: string;
  department_id: string | null;
  assignee_id: string | null;
  inbound_count: number;
  contact_kind: string;
  contact_hash: string | null;
  topic: string | null;
  answers_message_id: string | null;
  next_due_at: string | null;
  contact_name_enc: string | null;
}

const system = () => t.deps.db.system;
const one = async <T>(q: ReturnType<typeof sql>) => (await queryRows<T>(system(), q))[0];

/** The conversations the messages of this sender were threaded into. */
async function conversationsOf(sender: string): Promise<Conv[]> {
  return queryRows<Conv>(
    system(),
    sql`select distinct c.* from conversations c join inbound_messages m on m.conversation_id = c.id where m.sender = ${sender}`,
  );
}

async function threaded(sender: string, n: number) {
  await waitFor(
    () => one<{ n: number }>(sql`select count(*)::int as n from inbound_messages where sender = ${sender} and conversation_id is not null`),
    (r) => r.n >= n,
  );
}

type Inbound = Parameters<TestApp['deps']['delivery']['events']['inbound']>[0];
/** An e-mail answering the delivery with this reply token, as the SMTP inbound path hands it to the delivery engine. */
const replyMail = (token: string, mail: Pick<Inbound, 'from' | 'subject' | 'text'> & Partial<Inbound>) =>
  t.deps.delivery.events.inbound({ providerId: 'smtp', channel: 'email', to: `reply+${token}@civicast.localhost`, replyToken: token, at: new Date(), ...mail });
const itemsOf = (conversationId: string) =>
  queryRows<{ kind: string; event: Record<string, unknown> | null; body: string; inbound_message_id: string | null }>(
    system(),
    sql`select kind, event, body, inbound_message_id from conversation_items where conversation_id = ${conversationId} order by created_at, id`,
  );

beforeAll(async () => {
  ({ t, owner } = await createOwnerApp({ work: true }));
  smsc = await startSmsc({ systemId: 'civicast', password: 'secret' });
  const tid = t.tenant.id;
  const dept = async (name: string) =>
    (await one<{ id: string }>(sql`insert into departments (tenant_id, name, created_at) values (${tid}, ${name}, now()) returning id`)).id;
  zentrale = await dept('Zentrale');
  ordnung = await dept('Ordnungsamt');
  abfall = await dept('Abfallwirtschaft');
  anna = await t.createStaff(t.tenant, 'anna@musterstadt.test', 'agent');
  ben = await t.createStaff(t.tenant, 'ben@musterstadt.test', 'agent');
  await system().execute(sql`update memberships set department_id = ${ordnung} where user_id in (${anna}, ${ben})`);
  await system().execute(
    sql`insert into inbox_rules (tenant_id, position, channel, topic, department_id) values
          (${tid}, 0, 'sms', null, ${ordnung}), (${tid}, 1, null, 'abfall', ${abfall})`,
  );
  await addProvider(t, owner, smppProvider(smsc));
  // one message out binds the SMSC session the replies come back on
  const sent = await sendToAddresses(t, { text: 'Straßensperrung ab Montag.', recipients: [{ sms: '+491701230001' }] });
  const d = await waitFor(
    () => one<{ id: string; status: string }>(sql`select id, status from deliveries where message_id = ${sent}`),
    (r) => r?.status === 'delivered',
  );
  smsDelivery = d.id;
});
afterAll(async () => {
  await t.close();
  await smsc.close();
});

describe('SMS', () => {
  it('an SMS opens a conversation, routed by the rules and given to the next member in turn', async () => {
    await smsc.sendMo('491701230001', 'Musterstadt', 'Die Laterne in der Hauptstraße ist seit Tagen kaputt.');
    await threaded('+491701230001', 1);
    const [c] = await conversationsOf('+491701230001');
    expect(c).toMatchObject({ status: 'open', department_id: ordnung, assignee_id: anna, inbound_count: 1, contact_kind: 'phone' });
    expect(c.contact_hash).toBeTruthy();
    expect(c.next_due_at).toBeTruthy();
    const items = await itemsOf(c.id);
    expect(items.map((i) => i.event?.type ?? i.kind)).toEqual(['inbound', 'routed', 'assigned']);
    const notices = await queryRows<{ kind: string }>(
      system(),
      sql`select kind from staff_notifications where user_id = ${anna} and conversation_id = ${c.id}`,
    );
    expect(notices).toEqual([{ kind: 'assigned' }]);
  });

  it('a second SMS from the number joins its open conversation; another number goes to the next member', async () => {
    await smsc.sendMo('491701230001', 'Musterstadt', 'Nachtrag: auch die Laterne am Markt.');
    await threaded('+491701230001', 2);
    const convs = await conversationsOf('+491701230001');
    expect(convs).toHaveLength(1);
    expect(convs[0].inbound_count).toBe(2);

    await smsc.sendMo('491701230002', 'Musterstadt', 'Wo kann ich Sperrmüll anmelden?');
    await threaded('+491701230002', 1);
    const [other] = await conversationsOf('+491701230002');
    expect(other).toMatchObject({ department_id: ordnung, assignee_id: ben });
  });

  it('an answer to a reply sent by SMS opens its resolved conversation again, with a new first-response deadline', async () => {
    const [c] = await conversationsOf('+491701230002');
    // staff answered by SMS and resolved it: the reply is the last SMS to the number, so the answer belongs to it
    const tid = t.tenant.id;
    const reply = await one<{ id: string }>(
      sql`insert into messages (tenant_id, kind, text) values (${tid}, 'transactional', 'Bitte online anmelden.') returning id`,
    );
    await system().execute(
      sql`insert into deliveries (tenant_id, message_id, channel, recipient, batch, status, expires_at)
          values (${tid}, ${reply.id}, 'sms', '+491701230002', 0, 'delivered', now() + interval '1 day')`,
    );
    await system().execute(
      sql`insert into conversation_items (tenant_id, conversation_id, kind, channel, body, sent_message_id) values (${tid}, ${c.id}, 'reply', 'sms', 'Bitte online anmelden.', ${reply.id})`,
    );
    await system().execute(sql`update conversations set status = 'resolved', next_due_at = null, resolved_at = now() where id = ${c.id}`);
    await smsc.sendMo('491701230002', 'Musterstadt', 'Und wann wird er abgeholt?');
    await threaded('+491701230002', 2);
    const [again] = await conversationsOf('+491701230002');
    expect(again).toMatchObject({ id: c.id, status: 'open', inbound_count: 2 });
    expect(again.next_due_at).toBeTruthy();
  });
});

describe('e-mail', () => {
  it('a reply naming a sent reply in In-Reply-To or References joins that conversation', async () => {
    const [first] = await conversationsOf('+491701230001');
    const [second] = await conversationsOf('+491701230002');
    // the replies staff sent by e-mail, with their Message-IDs
    for (const [c, mid] of [
      [first.id, 'reply-1@civicast.test'],
      [second.id, 'reply-2@civicast.test'],
    ])
      await system().execute(
        sql`insert into conversation_items (tenant_id, conversation_id, kind, channel, body, email_message_id) values (${t.tenant.id}, ${c}, 'reply', 'email', 'Wir kümmern uns.', ${mid})`,
      );
    const token = deliveryToken(t.deps.config.secretKey, smsDelivery);
    const mail = (from: string, messageId: string, inReplyTo: string | undefined, references: string[]) =>
      replyMail(token, { from, subject: 'Re: Ihre Nachricht', text: 'Danke! Noch eine Frage dazu.', messageId, inReplyTo, references });
    await mail('laterne@example.org', 'a1@example.org', 'reply-2@civicast.test', ['reply-1@civicast.test', 'reply-2@civicast.test']);
    await mail('laterne@example.org', 'a2@example.org', undefined, ['unknown@elsewhere', 'reply-1@civicast.test']);
    await threaded('laterne@example.org', 2);
    const rows = await queryRows<{ conversation_id: string; mid: string }>(
      system(),
      sql`select conversation_id, raw->>'messageId' as mid from inbound_messages where sender = 'laterne@example.org' order by mid`,
    );
    expect(rows).toEqual([
      { conversation_id: second.id, mid: 'a1@example.org' },
      { conversation_id: first.id, mid: 'a2@example.org' },
    ]);
    const items = await itemsOf(second.id);
    expect(items.filter((i) => i.kind === 'inbound')).toHaveLength(3);
  });

  it('a reply to a campaign opens a conversation about it, with its topic (and routes by it)', async () => {
    const tid = t.tenant.id;
    const campaign = await one<{ id: string }>(
      sql`insert into campaigns (tenant_id, title, body, topic) values (${tid}, 'Neue Abfuhrtermine', 'Ab Januar …', 'abfall') returning id`,
    );
    const message = await one<{ id: string }>(
      sql`insert into messages (tenant_id, kind, subject, text, campaign_id) values (${tid}, 'message', 'Neue Abfuhrtermine', 'Ab Januar …', ${campaign.id}) returning id`,
    );
    const delivery = await one<{ id: string }>(
      sql`insert into deliveries (tenant_id, message_id, channel, recipient, batch, status, expires_at)
          values (${tid}, ${message.id}, 'email', 'eva@example.org', 0, 'delivered', now() + interval '1 day') returning id`,
    );
    const token = deliveryToken(t.deps.config.secretKey, delivery.id);
    await replyMail(token, {
      from: 'Eva@Example.org',
      subject: 'Re: Neue Abfuhrtermine',
      text: 'Gilt das auch für die Biotonne?',
      messageId: 'eva-1@example.org',
    });
    await threaded('Eva@Example.org', 1);
    const [c] = await conversationsOf('Eva@Example.org');
    expect(c).toMatchObject({ topic: 'abfall', answers_message_id: message.id, department_id: abfall, contact_kind: 'email', status: 'open' });

    // an out-of-office answer to the same campaign is kept, but asks nobody to do anything
    await replyMail(token, { from: 'urlaub@example.org', subject: 'Abwesenheitsnotiz', text: 'Ich bin bis Montag nicht im Büro.', raw: { autoReply: true } });
    await threaded('urlaub@example.org', 1);
    const [away] = await conversationsOf('urlaub@example.org');
    expect(away).toMatchObject({ status: 'resolved', assignee_id: null, next_due_at: null, inbound_count: 1 });
  });
});

describe('the contact form', () => {
  it('a message from the portal becomes a conversation with the given name and its attachment', async () => {
    const { id } = await recordInbound(t.deps, {
      tenantId: t.tenant.id,
      channel: 'portal',
      sender: 'kontakt@example.org',
      name: 'Karla Kontakt',
      subject: 'Baustelle',
      text: 'Die Baustelle blockiert den Gehweg.',
      attachments: [{ fileName: 'foto.png', contentType: 'image/png', content: Buffer.from([0x89, 0x50, 0x4e, 0x47]) }],
    });
    await threaded('kontakt@example.org', 1);
    const [c] = await conversationsOf('kontakt@example.org');
    expect(c).toMatchObject({ status: 'open', department_id: zentrale, contact_kind: 'email' });
    expect(c.contact_name_enc).toBeTruthy();
    expect(c.contact_name_enc).not.toContain('Karla');
    const att = await one<{ conversation_id: string; item_ok: boolean; size: number }>(
      sql`select a.conversation_id, i.inbound_message_id = ${id} as item_ok, a.size from conversation_attachments a join conversation_items i on i.id = a.item_id where a.inbound_message_id = ${id}`,
    );
    expect(att).toEqual({ conversation_id: c.id, item_ok: true, size: 4 });
  });
});

describe('the queue', () => {
  const old = (sender: string, text: string, minutesAgo: number, channel = 'sms') =>
    system().execute(
      sql`insert into inbound_messages (tenant_id, channel, sender, recipient, text, raw, received_at, created_at)
          values (${t.tenant.id}, ${channel}, ${sender}, 'Musterstadt', ${text}, '{}'::jsonb, now() - make_interval(secs => ${minutesAgo * 60}), now() - make_interval(secs => ${minutesAgo * 60}))`,
    );

  it('messages stored before the inbox existed are threaded too, and an old HILFE is only recorded', async () => {
    await old('+491709000001', 'Ist das Rathaus morgen offen?', 60 * 24 * 30);
    await old('+491709000001', 'Hallo?', 60 * 24 * 29);
    await old('alt@example.org', 'Eine alte Frage per E-Mail', 60 * 24 * 28, 'email');
    await old('+491709000002', 'HILFE', 60 * 24 * 27);
    await threadPending(t.deps);
    const sms = await conversationsOf('+491709000001');
    expect(sms).toHaveLength(1);
    expect(sms[0].inbound_count).toBe(2);
    expect(await conversationsOf('alt@example.org')).toHaveLength(1);
    const [help] = await conversationsOf('+491709000002');
    expect(help.status).toBe('resolved');
    expect((await itemsOf(help.id)).find((i) => i.kind === 'event' && i.event?.type === 'keyword')?.event).toMatchObject({
      keyword: 'help',
      result: 'too-old',
    });
    expect(smsc.byDestination.get('491709000002')).toBeUndefined();
  });

  it('a retried batch creates nothing twice', async () => {
    await old('+491709000003', 'Erste', 5);
    await old('+491709000003', 'Zweite', 4);
    // two workers at once: each message is taken by one of them
    await Promise.all([threadPending(t.deps), threadPending(t.deps), threadPending(t.deps)]);
    const count = () =>
      one<{ convs: number; items: number; inbound: number }>(
        sql`select count(distinct c.id)::int as convs, count(i.id)::int as items, max(c.inbound_count)::int as inbound
              from conversations c join conversation_items i on i.conversation_id = c.id
             where c.id in (select conversation_id from inbound_messages where sender = '+491709000003')`,
      );
    const before = await count();
    expect(before.convs).toBe(1);
    expect(before.inbound).toBe(2);
    // the batch runs again after its link was lost (a crash between the steps, a restored backup)
    await system().execute(sql`update inbound_messages set conversation_id = null where sender = '+491709000003'`);
    await threadPending(t.deps);
    expect(await count()).toEqual(before);
    expect(await conversationsOf('+491709000003')).toHaveLength(1);
  });

  it('an SMS flood joins one conversation and past 20 messages in 10 minutes stops reassigning and notifying', async () => {
    for (let i = 0; i < 25; i++) await old('+491709000004', `Nachricht ${i}`, 9 - i * 0.1);
    await threadPending(t.deps);
    const convs = await conversationsOf('+491709000004');
    expect(convs).toHaveLength(1);
    expect(convs[0].inbound_count).toBe(25);
    const counter = t.deps.registry.getSingleMetric('civicast_inbox_flood_throttled_total') as Counter;
    const value = (await counter.get()).values.find((v) => v.labels.channel === 'sms')?.value;
    expect(value).toBe(5);
  });
});

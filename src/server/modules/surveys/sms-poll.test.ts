// SMS replies to a one-question poll through the real inbox threader: "Ja" or "2" from a resident who got the poll's
// announcement by SMS is counted and confirmed by SMS (dev outbox), logged in the conversation without a task;
// a second vote, a closed poll and an answer that does not exist are explained; anything else stays an inbox message.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/helpers/app.ts';
import { resident } from '../../../../test/helpers/factories.ts';
import { threadAll } from '../../../../test/helpers/inbox.ts';
import { outboxFor } from '../../../../test/helpers/portal.ts';
import { testSurvey } from '../../../../test/helpers/survey-factory.ts';
import { queryRows } from '../../platform/db/client.ts';
import { pollReplyOf } from './sms-poll.ts';

let t: TestApp;
let seq = 10;

beforeAll(async () => {
  t = await createTestApp({ work: true });
});
afterAll(async () => t?.close());

const rows = <T>(q: ReturnType<typeof sql>) => queryRows<T>(t.deps.db.system, q);

/** A resident with their number, and a campaign whose SMS reached them (what "announced to them by SMS" means). */
async function announcedTo(): Promise<{ residentId: string; phone: string; campaignId: string }> {
  const phone = `+4917012300${seq++}`;
  const residentId = await resident(t.deps, t.tenant, { phone });
  const [c] = await rows<{ id: string }>(
    sql`insert into campaigns (tenant_id, title, body, status) values (${t.tenant.id}, 'Umfrage', 'Antworten Sie mit 1 oder 2', 'sent') returning id`,
  );
  const [m] = await rows<{ id: string }>(
    sql`insert into messages (tenant_id, text, campaign_id) values (${t.tenant.id}, 'Antworten Sie mit 1 oder 2', ${c.id}) returning id`,
  );
  await rows(
    sql`insert into deliveries (tenant_id, message_id, channel, recipient, batch, status, expires_at, resident_id)
        values (${t.tenant.id}, ${m.id}, 'sms', ${phone}, 0, 'delivered', now() + interval '1 day', ${residentId})`,
  );
  return { residentId, phone, campaignId: c.id };
}

async function sms(phone: string, text: string) {
  await rows(
    sql`insert into inbound_messages (tenant_id, channel, sender, recipient, text, received_at)
        values (${t.tenant.id}, 'sms', ${phone}, 'Musterstadt', ${text}, now())`,
  );
  await threadAll(t.deps);
}

/** What the conversation shows for this number's messages, oldest first. */
const itemsOf = (phone: string) =>
  rows<{ kind: string; result: string | null; status: string; assigneeId: string | null }>(
    sql`select i.kind, i.event->>'result' as result, c.status, c.assignee_id as "assigneeId"
          from conversation_items i join inbound_messages m on m.id = i.inbound_message_id join conversations c on c.id = i.conversation_id
         where m.sender = ${phone} order by i.created_at`,
  );

const participants = (surveyId: string) =>
  rows<{ residentId: string; channel: string }>(sql`select resident_id as "residentId", channel from survey_participants where survey_id = ${surveyId}`);

describe('answering a poll by SMS', () => {
  it('recognises digits and ja/nein/yes/no, and nothing else', () => {
    expect(['1', ' 2 ', '9.', 'Ja', 'NEIN!', 'yes', 'no'].map(pollReplyOf)).toEqual([
      { digit: 1 },
      { digit: 2 },
      { digit: 9 },
      { word: 'yes' },
      { word: 'no' },
      { word: 'yes' },
      { word: 'no' },
    ]);
    expect(['0', '10', 'ja gerne', 'Hallo', ''].map(pollReplyOf)).toEqual([null, null, null, null, null]);
  });

  it('"Ja" to a yes/no poll is counted, confirmed by SMS, and logged without a task; a second vote is explained', async () => {
    const a = await announcedTo();
    const s = await testSurvey(t.deps, t.tenant.id, { smsReplies: true, announcementId: a.campaignId, questions: [{ kind: 'yes_no', required: true }] });
    await sms(a.phone, 'Ja');
    expect(await participants(s.id)).toEqual([{ residentId: a.residentId, channel: 'sms' }]);
    const [answer] = await rows<{ choices: string[] }>(sql`select choices from survey_answers where survey_id = ${s.id}`);
    expect(answer.choices).toEqual(['yes']);
    const [confirmation] = await outboxFor(t, a.phone, 1);
    expect(confirmation.bodyText).toBe('Danke, Ihre Antwort „Ja“ wurde gezählt.');
    expect(await itemsOf(a.phone)).toEqual([{ kind: 'event', result: 'counted', status: 'resolved', assigneeId: null }]);

    await sms(a.phone, '2');
    const second = await outboxFor(t, a.phone, 2);
    expect(second[1].bodyText).toContain('bereits abgestimmt');
    expect((await itemsOf(a.phone)).map((i) => i.result)).toEqual(['counted', 'already-participated']);
    const [count] = await rows<{ n: number }>(sql`select response_count as n from surveys where id = ${s.id}`);
    expect(count.n).toBe(1);
  });

  it('a digit names the option of a choice poll; one that does not exist gets the valid range', async () => {
    const a = await announcedTo();
    const s = await testSurvey(t.deps, t.tenant.id, {
      smsReplies: true,
      announcementId: a.campaignId,
      questions: [{ kind: 'single', options: ['Montag', 'Mittwoch', 'Freitag'] }],
    });
    await sms(a.phone, '7');
    expect((await outboxFor(t, a.phone, 1))[0].bodyText).toContain('von 1 bis 3');
    expect(await participants(s.id)).toEqual([]);
    await sms(a.phone, '3');
    expect((await outboxFor(t, a.phone, 2))[1].bodyText).toBe('Danke, Ihre Antwort „Freitag“ wurde gezählt.');
    const [answer] = await rows<{ choices: string[] }>(sql`select choices from survey_answers where survey_id = ${s.id}`);
    expect(answer.choices).toEqual(['o3']);
  });

  it('a reply to a poll that has ended is not counted and the resident is told so', async () => {
    const a = await announcedTo();
    const s = await testSurvey(t.deps, t.tenant.id, { smsReplies: true, status: 'closed', announcementId: a.campaignId, questions: [{ kind: 'yes_no' }] });
    await sms(a.phone, 'nein');
    expect((await outboxFor(t, a.phone, 1))[0].bodyText).toContain('schon beendet');
    expect(await participants(s.id)).toEqual([]);
    expect((await itemsOf(a.phone)).map((i) => i.result)).toEqual(['ended']);
  });

  it('a "1" from a resident the poll never reached, and words that are no answer, go to the inbox as messages', async () => {
    const a = await announcedTo();
    await testSurvey(t.deps, t.tenant.id, { smsReplies: true, announcementId: a.campaignId, questions: [{ kind: 'yes_no' }] });
    const strangerPhone = `+4917012300${seq++}`;
    await resident(t.deps, t.tenant, { phone: strangerPhone });
    await sms(strangerPhone, '1');
    expect(await itemsOf(strangerPhone)).toEqual([expect.objectContaining({ kind: 'inbound', result: null })]);
    await sms(a.phone, 'Ja, aber wann ist die nächste Sitzung?');
    expect(await itemsOf(a.phone)).toEqual([expect.objectContaining({ kind: 'inbound', status: 'open' })]);
  });
});

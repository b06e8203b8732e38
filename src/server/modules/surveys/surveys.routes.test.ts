// The staff API of surveys through HTTP on a real database: drafts, what may change when, publishing rules (422 naming
// the field), closing, strict input (unknown fields named), who may write, the announcement as a draft message with
// the link, and questions locked once anyone answered.
import { eq } from 'drizzle-orm';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOwnerApp, type Session, type TestApp } from '../../../../test/helpers/app.ts';
import { resident } from '../../../../test/helpers/factories.ts';
import { auditLog, campaigns, campaignVersions } from '../../platform/db/schema.ts';
import { answerSurvey } from '../../../../test/helpers/surveys.ts';

let t: TestApp;
let owner: Session;
let viewer: Session;
const api = '/api/v1/tenants/musterstadt';
const UNKNOWN = '00000000-0000-4000-8000-00000000beef';
const inDays = (d: number) => new Date(Date.now() + d * 86_400_000).toISOString();

const problem = (res: LightMyRequestResponse) => res.json() as { code: string; detail: string; errors?: Array<{ pointer: string; detail: string }> };
const pointers = (res: LightMyRequestResponse) => (problem(res).errors ?? []).map((e) => e.pointer);

const DRAFT = {
  title: 'Wie zufrieden sind Sie mit dem Wertstoffhof?',
  intro: 'Ihre Meinung zählt.',
  endsAt: inDays(14),
  questions: [
    { kind: 'single', title: 'Wie oft kommen Sie?', options: [{ label: 'Wöchentlich' }, { label: 'Monatlich' }, { label: 'Selten' }] },
    { kind: 'rating', title: 'Wie zufrieden sind Sie?', required: true },
    { kind: 'text', title: 'Was sollen wir besser machen?' },
  ],
};

async function create(body: Record<string, unknown> = DRAFT) {
  const res = await t.as(owner, { method: 'POST', url: `${api}/surveys`, payload: body });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; questions: Array<{ id: string; kind: string; options: Array<{ key: string; label: string }> }> };
}
async function publish(id: string) {
  const res = await t.as(owner, { method: 'POST', url: `${api}/surveys/${id}/publish` });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

beforeAll(async () => {
  ({ t, owner } = await createOwnerApp());
  viewer = await t.staffSession('viewer');
});
afterAll(async () => {
  await t.close();
});

describe('drafts', () => {
  it('staff create a draft with questions: option keys are made, a rating gets the 1–5 scale, text a length limit', async () => {
    const s = await create();
    const res = await t.as(viewer, { method: 'GET', url: `${api}/surveys/${s.id}` });
    expect(res.statusCode).toBe(200);
    const d = res.json();
    expect(d).toMatchObject({
      status: 'draft',
      state: 'draft',
      responseCount: 0,
      questionsLocked: false,
      portalUrl: expect.stringContaining(`/m/musterstadt/surveys/${s.id}`),
    });
    expect(d.questions.map((q: { kind: string }) => q.kind)).toEqual(['single', 'rating', 'text']);
    expect(d.questions[0].options).toEqual([
      { key: 'o1', label: 'Wöchentlich' },
      { key: 'o2', label: 'Monatlich' },
      { key: 'o3', label: 'Selten' },
    ]);
    expect(d.questions[1]).toMatchObject({ scaleMin: 1, scaleMax: 5, required: true });
    expect(d.questions[2]).toMatchObject({ maxLength: 2000 });
  });

  it('editing a draft keeps question ids and option keys, and a new option gets a key never used before', async () => {
    const s = await create();
    const [single] = s.questions;
    const res = await t.as(owner, {
      method: 'PATCH',
      url: `${api}/surveys/${s.id}`,
      payload: {
        questions: [
          { id: single.id, kind: 'single', title: 'Wie oft?', options: [{ key: 'o1', label: 'Jede Woche' }, { key: 'o3', label: 'Selten' }, { label: 'Nie' }] },
        ],
      },
    });
    expect(res.statusCode, res.body).toBe(200);
    const [q] = res.json().questions;
    expect(q.id).toBe(single.id);
    expect(q.options).toEqual([
      { key: 'o1', label: 'Jede Woche' },
      { key: 'o3', label: 'Selten' },
      { key: 'o4', label: 'Nie' },
    ]);
  });

  it('an unknown field is refused with a 400 naming it', async () => {
    const res = await t.as(owner, { method: 'POST', url: `${api}/surveys`, payload: { ...DRAFT, colour: 'blue' } });
    expect(res.statusCode).toBe(400);
    expect(JSON.stringify(problem(res))).toContain('colour');
  });

  it('bad questions are refused naming the field: one option, a scale that ends below its start, a foreign question id', async () => {
    const one = await t.as(owner, {
      method: 'POST',
      url: `${api}/surveys`,
      payload: { title: 'X', questions: [{ kind: 'single', title: 'A?', options: [{ label: 'Ja' }] }] },
    });
    expect(one.statusCode).toBe(400);
    expect(pointers(one)).toContain('/body/questions/0/options');
    const scale = await t.as(owner, {
      method: 'POST',
      url: `${api}/surveys`,
      payload: { title: 'X', questions: [{ kind: 'rating', title: 'A?', scaleMin: 5, scaleMax: 2 }] },
    });
    expect(scale.statusCode).toBe(400);
    expect(pointers(scale)).toContain('/body/questions/0/scaleMax');
    const s = await create();
    const foreign = await t.as(owner, { method: 'PATCH', url: `${api}/surveys/${s.id}`, payload: { questions: [{ id: UNKNOWN, kind: 'text', title: 'A?' }] } });
    expect(foreign.statusCode).toBe(400);
    expect(pointers(foreign)).toEqual(['/body/questions/0/id']);
  });

  it('an end before the start is refused naming endsAt', async () => {
    const res = await t.as(owner, { method: 'POST', url: `${api}/surveys`, payload: { ...DRAFT, startsAt: inDays(5), endsAt: inDays(4) } });
    const s = await create();
    const patch = await t.as(owner, { method: 'PATCH', url: `${api}/surveys/${s.id}`, payload: { startsAt: inDays(5), endsAt: inDays(4) } });
    expect([res.statusCode, patch.statusCode]).toEqual([400, 400]);
    expect([pointers(res), pointers(patch)]).toEqual([['/body/endsAt'], ['/body/endsAt']]);
  });

  it('a viewer reads but cannot create; a draft is deleted, a published survey is not', async () => {
    expect((await t.as(viewer, { method: 'POST', url: `${api}/surveys`, payload: DRAFT })).statusCode).toBe(403);
    const draft = await create();
    expect((await t.as(owner, { method: 'DELETE', url: `${api}/surveys/${draft.id}` })).statusCode).toBe(204);
    expect((await t.as(owner, { method: 'GET', url: `${api}/surveys/${draft.id}` })).statusCode).toBe(404);
    const live = await create();
    await publish(live.id);
    const del = await t.as(owner, { method: 'DELETE', url: `${api}/surveys/${live.id}` });
    expect(del.statusCode).toBe(409);
  });
});

describe('publishing', () => {
  it('a survey without questions is not published: 422 naming questions', async () => {
    const s = await create({ title: 'Leer' });
    const res = await t.as(owner, { method: 'POST', url: `${api}/surveys/${s.id}/publish` });
    expect(res.statusCode).toBe(422);
    expect(pointers(res)).toEqual(['/body/questions']);
  });

  it('an SMS poll needs exactly one single or yes/no question with at most 9 options: 422 naming smsReplies', async () => {
    const two = await create({ ...DRAFT, smsReplies: true });
    const res = await t.as(owner, { method: 'POST', url: `${api}/surveys/${two.id}/publish` });
    expect(res.statusCode).toBe(422);
    expect(pointers(res)).toEqual(['/body/smsReplies']);
    const ten = Array.from({ length: 10 }, (_, i) => ({ label: `Antwort ${i + 1}` }));
    const tooMany = await create({ title: 'Zehn', smsReplies: true, questions: [{ kind: 'single', title: 'Welche?', options: ten }] });
    expect((await t.as(owner, { method: 'POST', url: `${api}/surveys/${tooMany.id}/publish` })).statusCode).toBe(422);
    const yesNo = await create({ title: 'Neue Bank am Markt?', smsReplies: true, questions: [{ kind: 'yes_no', title: 'Neue Bank am Markt?' }] });
    expect((await publish(yesNo.id)).questions[0].options).toEqual([
      { key: 'yes', label: 'Ja' },
      { key: 'no', label: 'Nein' },
    ]);
  });

  it('an anonymous survey cannot take SMS replies (the reply would show who voted what): 422 naming smsReplies', async () => {
    const poll = await create({ title: 'Neue Bank?', anonymous: true, smsReplies: true, questions: [{ kind: 'yes_no', title: 'Neue Bank?' }] });
    const res = await t.as(owner, { method: 'POST', url: `${api}/surveys/${poll.id}/publish` });
    expect(res.statusCode).toBe(422);
    expect(pointers(res)).toEqual(['/body/smsReplies']);
  });

  it('a survey whose end has passed reads as ended at once, before any job closed it', async () => {
    const s = await create({ ...DRAFT, startsAt: inDays(-3), endsAt: inDays(1) });
    await publish(s.id);
    await t.deps.db.withTenant(t.tenant.id, (tx) => tx.execute(`update surveys set ends_at = now() - interval '1 minute' where id = '${s.id}'`));
    const res = await t.as(owner, { method: 'GET', url: `${api}/surveys/${s.id}` });
    expect(res.json()).toMatchObject({ status: 'published', state: 'ended' });
    const list = await t.as(owner, { method: 'GET', url: `${api}/surveys?state=ended` });
    expect(list.json().items.map((i: { id: string }) => i.id)).toContain(s.id);
  });

  it('a published survey takes a new title and end, but not other fields (409 naming them); close now ends it', async () => {
    const s = await create();
    await publish(s.id);
    const ok = await t.as(owner, { method: 'PATCH', url: `${api}/surveys/${s.id}`, payload: { title: 'Wertstoffhof: Ihre Meinung', endsAt: inDays(20) } });
    expect(ok.statusCode, ok.body).toBe(200);
    const refused = await t.as(owner, { method: 'PATCH', url: `${api}/surveys/${s.id}`, payload: { anonymous: true, title: 'Neu' } });
    expect(refused.statusCode).toBe(409);
    expect(pointers(refused)).toEqual(['/body/anonymous']);
    const closed = await t.as(owner, { method: 'POST', url: `${api}/surveys/${s.id}/close` });
    expect(closed.json()).toMatchObject({ status: 'closed', state: 'ended' });
    const audit = await t.deps.db.withTenant(t.tenant.id, (tx) => tx.select().from(auditLog).where(eq(auditLog.objectId, s.id)));
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['survey.create', 'survey.publish', 'survey.update', 'survey.close']));
  });

  it('questions are locked once anyone answered: 409 with the reason', async () => {
    const s = await create();
    const live = await publish(s.id);
    const residentId = await resident(t.deps, t.tenant, { phone: '0170 5552001' });
    await answerSurvey(t, s.id, residentId, { [live.questions[1].id]: { number: 4 } });
    const res = await t.as(owner, { method: 'PATCH', url: `${api}/surveys/${s.id}`, payload: { questions: [{ kind: 'text', title: 'Neu?' }] } });
    expect(res.statusCode).toBe(409);
    expect(problem(res).detail).toMatch(/locked/);
    expect((await t.as(owner, { method: 'GET', url: `${api}/surveys/${s.id}` })).json().questionsLocked).toBe(true);
  });
});

describe('the list', () => {
  it('pages newest first and searches titles', async () => {
    await create({ title: 'Spielplatz Lindenweg' });
    await create({ title: 'Spielplatz Ahornallee' });
    const first = await t.as(owner, { method: 'GET', url: `${api}/surveys?q=spielplatz&limit=1` });
    expect(first.json().items.map((i: { title: string }) => i.title)).toEqual(['Spielplatz Ahornallee']);
    const next = await t.as(owner, { method: 'GET', url: `${api}/surveys?q=spielplatz&limit=1&cursor=${first.json().next}` });
    expect(next.json()).toMatchObject({ items: [{ title: 'Spielplatz Lindenweg' }], next: null });
    const bad = await t.as(owner, { method: 'GET', url: `${api}/surveys?cursor=kaputt` });
    expect(bad.statusCode).toBe(400);
  });
});

describe('announcing', () => {
  it('creates a draft message to the survey’s audience whose body links the survey; an SMS poll lists the answers', async () => {
    const s = await create({
      title: 'Neue Bank am Markt?',
      smsReplies: true,
      audience: { topics: ['abfall'] },
      questions: [{ kind: 'yes_no', title: 'Neue Bank am Markt?' }],
    });
    const draft = await t.as(owner, { method: 'POST', url: `${api}/surveys/${s.id}/announce`, payload: { channels: ['sms'] } });
    expect(draft.statusCode).toBe(409);
    await publish(s.id);
    const res = await t.as(owner, { method: 'POST', url: `${api}/surveys/${s.id}/announce`, payload: { channels: ['sms', 'email'] } });
    expect(res.statusCode, res.body).toBe(201);
    const { messageId } = res.json();
    const [message] = await t.deps.db.withTenant(t.tenant.id, (tx) => tx.select().from(campaigns).where(eq(campaigns.id, messageId)));
    expect(message).toMatchObject({ status: 'draft', audience: { topics: ['abfall'] } });
    expect(message.body).toContain(`/m/musterstadt/surveys/${s.id}`);
    const versions = await t.deps.db.withTenant(t.tenant.id, (tx) => tx.select().from(campaignVersions).where(eq(campaignVersions.campaignId, messageId)));
    const sms = versions.find((v) => v.channel === 'sms');
    expect(sms?.text).toContain('Antworten Sie mit 1 für Ja, 2 für Nein');
    expect((await t.as(owner, { method: 'GET', url: `${api}/surveys/${s.id}` })).json().announcementId).toBe(messageId);
    const again = await t.as(owner, { method: 'POST', url: `${api}/surveys/${s.id}/announce`, payload: { channels: ['sms'] } });
    expect(again.statusCode).toBe(409);
    expect(again.json().messageId).toBe(messageId);
  });
});

describe('not found and ids', () => {
  it('an unknown or malformed survey id is a 404 or 400, never a 500', async () => {
    expect((await t.as(owner, { method: 'GET', url: `${api}/surveys/${UNKNOWN}` })).statusCode).toBe(404);
    expect((await t.as(owner, { method: 'GET', url: `${api}/surveys/nope` })).statusCode).toBe(400);
    expect((await t.as(owner, { method: 'GET', url: `${api}/surveys/${UNKNOWN}/results` })).statusCode).toBe(404);
    expect((await t.as(owner, { method: 'GET', url: `${api}/surveys/${UNKNOWN}/questions/${UNKNOWN}/answers` })).statusCode).toBe(404);
  });
});

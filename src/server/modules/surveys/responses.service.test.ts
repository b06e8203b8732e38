// Answering a survey on a real database: one voice per person, every refusal with its reason, anonymous storage that
// cannot be tied back to the participant, link polls by browser token, and the erasure of a resident's answers.
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/helpers/app.ts';
import { rejectionOf } from '../../../../test/helpers/rejection.ts';
import { resident } from '../../../../test/helpers/factories.ts';
import { testSurvey } from '../../../../test/helpers/survey-factory.ts';
import { on } from '../../platform/events.ts';
import { queryRows } from '../../platform/db/client.ts';
import { surveyAnswers, surveyParticipants, surveyResponses, surveys } from '../../platform/db/schema.ts';
import { AppError } from '../../platform/errors.ts';
import { eraseResident } from '../residents/index.ts';
import { submitResponse, type Voter } from './responses.service.ts';

let t: TestApp;
let anna: string;
let ben: string;
let phoneSeq = 100;
const newResident = async () => resident(t.deps, t.tenant, { phone: `+4915100000${phoneSeq++}` });

beforeAll(async () => {
  t = await createTestApp();
  anna = await newResident();
  ben = await newResident();
});
afterAll(async () => t?.close());

const asResident = (residentId: string): Voter => ({ kind: 'resident', residentId });
const linkVoter = (n: number): Voter => ({ kind: 'link', token: `browser-token-${n}`.padEnd(43, 'x') });

const refusedWith = (p: Promise<unknown>) => rejectionOf(p, AppError);

const rows = <T>(q: ReturnType<typeof sql>) => queryRows<T>(t.deps.db.system, q);

const fullSurvey = () =>
  testSurvey(t.deps, t.tenant.id, {
    questions: [
      { kind: 'single', required: true, options: ['Gut', 'Schlecht'] },
      { kind: 'multiple', options: ['Papier', 'Glas', 'Metall'] },
      { kind: 'yes_no' },
      { kind: 'rating', scaleMin: 1, scaleMax: 5 },
      { kind: 'ranking', options: ['A', 'B', 'C'] },
      { kind: 'text', maxLength: 10 },
    ],
  });

describe('answering a survey', () => {
  it('a resident answers every kind of question and the count goes up', async () => {
    const s = await fullSurvey();
    const [q1, q2, q3, q4, q5, q6] = s.questionIds;
    const changed: string[] = [];
    const off = on('surveys.changed', (e) => changed.push(e.surveyId));
    const portal: string[] = [];
    const offPortal = on('portal.content', (e) => portal.push(e.tenantId));
    const answers = {
      [q1]: { choices: ['o1'] },
      [q2]: { choices: ['o1', 'o3'] },
      [q3]: { choices: ['yes'] },
      [q4]: { number: 4 },
      [q5]: { choices: ['o3', 'o1', 'o2'] },
      [q6]: { text: '  Prima!  ' },
    };
    const { responseId } = await submitResponse(t.deps, t.tenant, s.id, asResident(anna), answers, 'portal');
    off();
    offPortal();
    expect(changed).toContain(s.id);
    expect(portal).toContain(t.tenant.id);
    const [resp] = await t.deps.db.system.select().from(surveyResponses).where(eq(surveyResponses.id, responseId));
    expect(resp.residentId).toBe(anna);
    const stored = await t.deps.db.system.select().from(surveyAnswers).where(eq(surveyAnswers.responseId, responseId));
    expect(stored).toHaveLength(6);
    expect(stored.find((a) => a.questionId === q5)?.choices).toEqual(['o3', 'o1', 'o2']);
    expect(stored.find((a) => a.questionId === q4)?.number).toBe(4);
    expect(stored.find((a) => a.questionId === q6)?.text).toBe('Prima!');
    const [sv] = await t.deps.db.system.select().from(surveys).where(eq(surveys.id, s.id));
    expect(sv.responseCount).toBe(1);
  });

  it('a second answer from the same resident is refused: "already taken part"', async () => {
    const s = await testSurvey(t.deps, t.tenant.id, { questions: [{ kind: 'yes_no', required: true }] });
    const q = s.questionIds[0];
    await submitResponse(t.deps, t.tenant, s.id, asResident(anna), { [q]: { choices: ['yes'] } }, 'portal');
    const err = await refusedWith(submitResponse(t.deps, t.tenant, s.id, asResident(anna), { [q]: { choices: ['no'] } }, 'portal'));
    expect(err.status).toBe(409);
    expect(err.extra.reason).toBe('already_participated');
    const [sv] = await t.deps.db.system.select().from(surveys).where(eq(surveys.id, s.id));
    expect(sv.responseCount).toBe(1);
  });

  it('a draft, a survey not yet started, one past its end and a closed one take no answers, each with its reason', async () => {
    const q = [{ kind: 'yes_no' as const }];
    const cases = [
      [{ status: 'draft' as const, questions: q }, 'not_published'],
      [{ startsAt: new Date(Date.now() + 3600_000), questions: q }, 'not_started'],
      [{ endsAt: new Date(Date.now() - 1000), questions: q }, 'ended'],
      [{ status: 'closed' as const, questions: q }, 'ended'],
    ] as const;
    for (const [input, reason] of cases) {
      const s = await testSurvey(t.deps, t.tenant.id, input);
      const err = await refusedWith(submitResponse(t.deps, t.tenant, s.id, asResident(ben), { [s.questionIds[0]]: { choices: ['yes'] } }, 'portal'));
      expect([err.status, err.extra.reason]).toEqual([409, reason]);
    }
  });

  it('an unknown survey is not found', async () => {
    const err = await refusedWith(submitResponse(t.deps, t.tenant, '00000000-0000-4000-8000-000000000000', asResident(ben), {}, 'portal'));
    expect(err.status).toBe(404);
  });

  it('wrong answers are refused naming the question and what is wrong; nothing is stored', async () => {
    const s = await fullSurvey();
    const [q1, q2, q3, q4, q5, q6] = s.questionIds;
    const cases: Array<[Record<string, unknown>, string, string]> = [
      [{ [q1]: { choices: ['o1'] }, '00000000-0000-4000-8000-000000000001': { choices: ['x'] } }, '00000000-0000-4000-8000-000000000001', 'unknown_question'],
      [{ [q1]: { choices: ['o9'] } }, q1, 'unknown_option'],
      [{ [q2]: { choices: ['o1'] } }, q1, 'required'],
      [{ [q1]: { choices: ['o1'] }, [q6]: { text: 'viel zu lange Antwort' } }, q6, 'too_long'],
      [{ [q1]: { choices: ['o1'] }, [q4]: { number: 6 } }, q4, 'out_of_range'],
      [{ [q1]: { choices: ['o1'] }, [q4]: { number: 2.5 } }, q4, 'out_of_range'],
      [{ [q1]: { choices: ['o1'] }, [q5]: { choices: ['o1', 'o2'] } }, q5, 'not_a_permutation'],
      [{ [q1]: { choices: ['o1'] }, [q5]: { choices: ['o1', 'o1', 'o2'] } }, q5, 'not_a_permutation'],
      [{ [q1]: { choices: ['o1', 'o2'] } }, q1, 'too_many'],
      [{ [q1]: { choices: ['o1'] }, [q3]: { choices: ['yes', 'no'] } }, q3, 'too_many'],
    ];
    for (const [answers, id, code] of cases) {
      const err = await refusedWith(submitResponse(t.deps, t.tenant, s.id, asResident(ben), answers as never, 'portal'));
      expect(err.status).toBe(400);
      expect(err.errors).toContainEqual(expect.objectContaining({ pointer: `/answers/${id}`, code }));
    }
    const [n] = await rows<{ n: number }>(sql`select count(*)::int as n from survey_participants where survey_id = ${s.id}`);
    expect(n.n).toBe(0);
  });

  it('an anonymous survey stores the answers without the resident and only the day, yet counts the person once', async () => {
    const s = await testSurvey(t.deps, t.tenant.id, { anonymous: true, questions: [{ kind: 'single', options: ['A', 'B'] }] });
    const q = s.questionIds[0];
    const { responseId } = await submitResponse(t.deps, t.tenant, s.id, asResident(ben), { [q]: { choices: ['o2'] } }, 'portal');
    const [resp] = await t.deps.db.system.select().from(surveyResponses).where(eq(surveyResponses.id, responseId));
    expect(resp.residentId).toBeNull();
    expect(resp.submittedAt.getUTCHours() * 60 + resp.submittedAt.getUTCMinutes() + resp.submittedAt.getUTCSeconds()).toBe(0);
    const parts = await t.deps.db.system.select().from(surveyParticipants).where(eq(surveyParticipants.surveyId, s.id));
    expect(parts).toEqual([expect.objectContaining({ voterKey: `resident:${ben}`, residentId: ben })]);
    const err = await refusedWith(submitResponse(t.deps, t.tenant, s.id, asResident(ben), { [q]: { choices: ['o1'] } }, 'portal'));
    expect(err.extra.reason).toBe('already_participated');
  });

  it('a link poll takes one answer per browser token and stores neither the token nor a resident', async () => {
    const s = await testSurvey(t.deps, t.tenant.id, { access: 'link', questions: [{ kind: 'yes_no', required: true }] });
    const q = s.questionIds[0];
    await submitResponse(t.deps, t.tenant, s.id, linkVoter(1), { [q]: { choices: ['yes'] } }, 'portal');
    await submitResponse(t.deps, t.tenant, s.id, linkVoter(2), { [q]: { choices: ['no'] } }, 'portal');
    const err = await refusedWith(submitResponse(t.deps, t.tenant, s.id, linkVoter(1), { [q]: { choices: ['no'] } }, 'portal'));
    expect(err.extra.reason).toBe('already_participated');
    const parts = await t.deps.db.system.select().from(surveyParticipants).where(eq(surveyParticipants.surveyId, s.id));
    expect(parts.map((p) => p.voterKey).every((k) => /^link:[0-9a-f]{64}$/.test(k))).toBe(true);
    expect(parts.every((p) => p.residentId === null)).toBe(true);
    const resp = await t.deps.db.system.select().from(surveyResponses).where(eq(surveyResponses.surveyId, s.id));
    expect(resp.map((r) => r.residentId)).toEqual([null, null]);
  });

  it('a residents-only survey refuses a browser token and a resident who does not follow the municipality', async () => {
    const s = await testSurvey(t.deps, t.tenant.id, { questions: [{ kind: 'yes_no' }] });
    const a = { [s.questionIds[0]]: { choices: ['yes'] } };
    expect((await refusedWith(submitResponse(t.deps, t.tenant, s.id, linkVoter(3), a, 'portal'))).extra.reason).toBe('residents_only');
    const other = await t.createTenant('nachbarort', 'Nachbarort');
    const stranger = await resident(t.deps, other, { phone: '+4915100000999' });
    const err = await refusedWith(submitResponse(t.deps, t.tenant, s.id, asResident(stranger), a, 'portal'));
    expect([err.status, err.extra.reason]).toEqual([403, 'residents_only']);
  });

  it('erasing a resident removes their named answers and that they took part; anonymous answers stay', async () => {
    const named = await testSurvey(t.deps, t.tenant.id, { questions: [{ kind: 'text' }] });
    const anon = await testSurvey(t.deps, t.tenant.id, { anonymous: true, questions: [{ kind: 'text' }] });
    const carl = await newResident();
    await submitResponse(t.deps, t.tenant, named.id, asResident(carl), { [named.questionIds[0]]: { text: 'Meine Meinung' } }, 'portal');
    await submitResponse(t.deps, t.tenant, anon.id, asResident(carl), { [anon.questionIds[0]]: { text: 'Anonym gesagt' } }, 'portal');
    await eraseResident(t.deps, carl);
    const [left] = await rows<{ responses: number; participants: number; answers: number }>(
      sql`select (select count(*)::int from survey_responses where resident_id = ${carl}) as responses,
                 (select count(*)::int from survey_participants where resident_id = ${carl} or voter_key = ${`resident:${carl}`}) as participants,
                 (select count(*)::int from survey_answers where text = 'Meine Meinung') as answers`,
    );
    expect(left).toEqual({ responses: 0, participants: 0, answers: 0 });
    const counts = await rows<{ id: string; responseCount: number }>(
      sql`select id, response_count as "responseCount" from surveys where id in (${named.id}, ${anon.id})`,
    );
    expect(Object.fromEntries(counts.map((c) => [c.id, c.responseCount]))).toEqual({ [named.id]: 0, [anon.id]: 1 });
    const [kept] = await rows<{ n: number }>(sql`select count(*)::int as n from survey_answers where text = 'Anonym gesagt'`);
    expect(kept.n).toBe(1);
  });
});

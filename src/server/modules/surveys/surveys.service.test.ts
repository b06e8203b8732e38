// The surveys' staff side on a real database with the real job queue: the results' math (shares, mean, ranking),
// free-text answers with search, the CSV export (no resident in anonymous surveys; audited), the closing job, and the
// outcome note published to the residents who took part (through the delivery engine to the dev outbox).
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOwnerApp, type Session, type TestApp } from '../../../../test/helpers/app.ts';
import { waitFor } from '../../../../test/helpers/delivery.ts';
import { resident } from '../../../../test/helpers/factories.ts';
import { answerSurvey } from '../../../../test/helpers/surveys.ts';
import type { SurveyDetail } from '../../../common/contracts/surveys.ts';
import { auditLog, devOutbox, surveys } from '../../platform/db/schema.ts';
import { closeDue } from './surveys.jobs.ts';

let t: TestApp;
let owner: Session;
const api = '/api/v1/tenants/musterstadt';
const inDays = (d: number) => new Date(Date.now() + d * 86_400_000).toISOString();

async function live(body: Record<string, unknown>): Promise<SurveyDetail> {
  const created = await t.as(owner, { method: 'POST', url: `${api}/surveys`, payload: { endsAt: inDays(7), ...body } });
  expect(created.statusCode, created.body).toBe(201);
  const res = await t.as(owner, { method: 'POST', url: `${api}/surveys/${created.json().id}/publish` });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}
const endNow = (id: string) => t.as(owner, { method: 'POST', url: `${api}/surveys/${id}/close` });

let phone = 5553000;
const someone = (name?: string) => resident(t.deps, t.tenant, { phone: `0170 ${phone++}`, name });

beforeAll(async () => {
  ({ t, owner } = await createOwnerApp({ work: true }));
});
afterAll(async () => {
  await t.close();
});

describe('results', () => {
  it('counts choices with their shares, the rating’s distribution and mean, the ranking’s average place, and who skipped', async () => {
    const s = await live({
      title: 'Marktplatz',
      questions: [
        { kind: 'single', title: 'Wie kommen Sie?', options: [{ label: 'Zu Fuß' }, { label: 'Rad' }, { label: 'Auto' }] },
        { kind: 'multiple', title: 'Was fehlt?', options: [{ label: 'Bänke' }, { label: 'Bäume' }] },
        { kind: 'rating', title: 'Wie gefällt er Ihnen?' },
        { kind: 'ranking', title: 'Was zuerst?', options: [{ label: 'Brunnen' }, { label: 'Spielplatz' }, { label: 'Toilette' }] },
        { kind: 'text', title: 'Sonst noch?' },
      ],
    });
    const [single, multiple, rating, ranking, text] = s.questions.map((q) => q.id);
    await answerSurvey(t, s.id, await someone(), {
      [single]: { choices: ['o1'] },
      [multiple]: { choices: ['o1', 'o2'] },
      [rating]: { number: 5 },
      [ranking]: { choices: ['o2', 'o1', 'o3'] },
      [text]: { text: 'Mehr Schatten' },
    });
    await answerSurvey(t, s.id, await someone(), {
      [single]: { choices: ['o1'] },
      [multiple]: { choices: ['o2'] },
      [rating]: { number: 2 },
      [ranking]: { choices: ['o2', 'o3', 'o1'] },
    });
    await answerSurvey(t, s.id, await someone(), { [single]: { choices: ['o3'] }, [rating]: { number: 4 }, [ranking]: { choices: ['o1', 'o2', 'o3'] } });
    await answerSurvey(t, s.id, await someone(), { [rating]: { number: 4 } });

    const res = await t.as(owner, { method: 'GET', url: `${api}/surveys/${s.id}/results` });
    expect(res.statusCode, res.body).toBe(200);
    const r = res.json();
    expect(r).toMatchObject({ responseCount: 4, state: 'open' });
    const [q1, q2, q3, q4, q5] = r.questions;
    expect(q1).toMatchObject({ answered: 3, skipped: 1 });
    expect(q1.options).toEqual([
      { key: 'o1', label: 'Zu Fuß', count: 2, share: 0.6667 },
      { key: 'o2', label: 'Rad', count: 0, share: 0 },
      { key: 'o3', label: 'Auto', count: 1, share: 0.3333 },
    ]);
    // multiple choice: shares of those who answered, adding up past 1
    expect(q2.options.map((o: { count: number; share: number }) => [o.count, o.share])).toEqual([
      [1, 0.5],
      [2, 1],
    ]);
    expect(q3.rating).toMatchObject({ min: 1, max: 5, mean: 3.75 });
    expect(q3.rating.distribution).toEqual([
      { value: 1, count: 0, share: 0 },
      { value: 2, count: 1, share: 0.25 },
      { value: 3, count: 0, share: 0 },
      { value: 4, count: 2, share: 0.5 },
      { value: 5, count: 1, share: 0.25 },
    ]);
    // Spielplatz: places 1, 1, 2 → 1.33; Brunnen: 2, 3, 1 → 2; Toilette: 3, 2, 3 → 2.67
    expect(q4.ranking).toEqual([
      { key: 'o2', label: 'Spielplatz', averagePosition: 1.33, firstPlaces: 2 },
      { key: 'o1', label: 'Brunnen', averagePosition: 2, firstPlaces: 1 },
      { key: 'o3', label: 'Toilette', averagePosition: 2.67, firstPlaces: 0 },
    ]);
    expect(q5).toMatchObject({ answered: 1, skipped: 3, text: { count: 1 }, rating: null, ranking: null, options: [] });
  });

  it('a survey nobody answered has no mean and no average place', async () => {
    const s = await live({
      title: 'Leer',
      questions: [
        { kind: 'rating', title: 'Wie?' },
        { kind: 'ranking', title: 'Was?', options: [{ label: 'A' }, { label: 'B' }] },
      ],
    });
    const r = (await t.as(owner, { method: 'GET', url: `${api}/surveys/${s.id}/results` })).json();
    expect(r.questions[0].rating.mean).toBeNull();
    expect(r.questions[1].ranking.map((x: { averagePosition: number | null }) => x.averagePosition)).toEqual([null, null]);
  });
});

describe('free-text answers', () => {
  it('are searched case-insensitively, with % taken literally, and paged newest first', async () => {
    const s = await live({ title: 'Ideen', questions: [{ kind: 'text', title: 'Ihre Idee?' }] });
    const q = s.questions[0].id;
    for (const text of ['Mehr BÄUME am Markt', 'Bäume gießen', 'Radweg', '100% Ökostrom']) await answerSurvey(t, s.id, await someone(), { [q]: { text } });
    const url = (query: string) => `${api}/surveys/${s.id}/questions/${q}/answers?${query}`;
    const found = (await t.as(owner, { method: 'GET', url: url('q=bäume') })).json();
    expect(found.items.map((i: { text: string }) => i.text)).toEqual(['Bäume gießen', 'Mehr BÄUME am Markt']);
    expect(found.items[0].submittedOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const percent = (await t.as(owner, { method: 'GET', url: url(`q=${encodeURIComponent('0%')}`) })).json();
    expect(percent.items.map((i: { text: string }) => i.text)).toEqual(['100% Ökostrom']);
    const first = (await t.as(owner, { method: 'GET', url: url('limit=3') })).json();
    expect(first.items).toHaveLength(3);
    const rest = (await t.as(owner, { method: 'GET', url: url(`limit=3&cursor=${first.nextCursor}`) })).json();
    expect(rest).toEqual({ items: [{ text: 'Mehr BÄUME am Markt', submittedOn: expect.any(String) }], nextCursor: null });
  });
});

describe('CSV export', () => {
  const questions = [
    { kind: 'multiple', title: 'Was fehlt?', options: [{ label: 'Bänke' }, { label: 'Bäume' }] },
    { kind: 'text', title: 'Sonst; noch?' },
  ];

  it('has one row per response and one column per question, with the resident where answers are not anonymous', async () => {
    const s = await live({ title: 'Park', questions });
    const erika = await someone('Erika Muster');
    await answerSurvey(t, s.id, erika, { [s.questions[0].id]: { choices: ['o1', 'o2'] }, [s.questions[1].id]: { text: '=SUMME(A1)' } });
    const res = await t.as(owner, { method: 'GET', url: `${api}/surveys/${s.id}/export.csv` });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/csv');
    expect(res.body.startsWith('\ufeff')).toBe(true);
    const lines = res.body.slice(1).trim().split('\r\n');
    expect(lines[0]).toBe('response;submitted;channel;resident_id;resident_name;Was fehlt?;"Sonst; noch?"');
    expect(lines[1]).toContain(`;portal;${erika};Erika Muster;Bänke, Bäume;'=SUMME(A1)`);
    const [audit] = await t.deps.db.withTenant(t.tenant.id, (tx) =>
      tx
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.objectId, s.id), eq(auditLog.action, 'survey.export'))),
    );
    expect(audit.details).toMatchObject({ rows: 1, personalData: true });
  });

  it('an anonymous survey’s export has no resident column and only the day of each answer', async () => {
    const s = await live({ title: 'Anonym', anonymous: true, questions });
    await answerSurvey(t, s.id, await someone('Max Muster'), { [s.questions[0].id]: { choices: ['o2'] } });
    const body = (await t.as(owner, { method: 'GET', url: `${api}/surveys/${s.id}/export.csv` })).body;
    const [head, row] = body.slice(1).trim().split('\r\n');
    expect(head).toBe('response;submitted;channel;Was fehlt?;"Sonst; noch?"');
    expect(row).toMatch(/^1;\d{4}-\d{2}-\d{2};portal;Bäume;$/);
    expect(body).not.toContain('Max Muster');
  });
});

describe('closing and the outcome', () => {
  it('the job closes published surveys past their end, at their end, and leaves running ones', async () => {
    const due = await live({ title: 'Fällig', questions: [{ kind: 'text', title: 'Was?' }] });
    const running = await live({ title: 'Läuft', questions: [{ kind: 'text', title: 'Was?' }] });
    const end = new Date(Date.now() - 60_000);
    await t.deps.db.withTenant(t.tenant.id, (tx) => tx.update(surveys).set({ endsAt: end }).where(eq(surveys.id, due.id)));
    expect(await closeDue(t.deps)).toBeGreaterThanOrEqual(1);
    const rows = await t.deps.db.withTenant(t.tenant.id, (tx) => tx.select().from(surveys));
    const byId = new Map(rows.map((r) => [r.id, r]));
    expect(byId.get(due.id)).toMatchObject({ status: 'closed', closedAt: end });
    expect(byId.get(running.id)?.status).toBe('published');
  });

  it('the outcome note is published after the end and every resident who took part gets a message with the link', async () => {
    const s = await live({ title: 'Spielplatz', anonymous: true, questions: [{ kind: 'text', title: 'Was?' }] });
    const taker = await resident(t.deps, t.tenant, { phone: '0170 5559001' });
    await answerSurvey(t, s.id, taker, { [s.questions[0].id]: { text: 'Schaukel' } });
    const put = (text: string) => t.as(owner, { method: 'PUT', url: `${api}/surveys/${s.id}/outcome`, payload: { text } });
    const publishOutcome = () => t.as(owner, { method: 'POST', url: `${api}/surveys/${s.id}/outcome/publish` });
    expect((await put('Wir bauen eine Schaukel.')).statusCode).toBe(200);
    expect((await publishOutcome()).statusCode).toBe(409);
    await endNow(s.id);
    const published = await publishOutcome();
    expect(published.statusCode, published.body).toBe(200);
    expect(published.json()).toMatchObject({ outcomeNote: 'Wir bauen eine Schaukel.', outcomePublishedAt: expect.any(String) });
    const sent = await waitFor(
      () => t.deps.db.system.select().from(devOutbox).where(eq(devOutbox.recipient, '+491705559001')),
      (rows) => rows.length >= 1,
    );
    expect(sent[0].bodyText).toContain(`/m/musterstadt/surveys/${s.id}/results`);
    expect((await publishOutcome()).statusCode).toBe(409);
  });
});

// The portal's survey pages as a browser without JavaScript sees them: the list, what a survey says about storage,
// the sign-in request, the form with its errors next to the fields, the thank-you page, "already taken part", link
// polls by browser cookie, forms from elsewhere, and the results (hidden until allowed, then bars and a table) with
// the outcome note.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/helpers/app.ts';
import { resident, residentSession } from '../../../../test/helpers/factories.ts';
import { esc, type PortalBrowser, portalBrowser } from '../../../../test/helpers/portal.ts';
import { testSurvey } from '../../../../test/helpers/survey-factory.ts';
import { surveys } from '../../platform/db/schema.ts';

let t: TestApp;
let phoneSeq = 200;
let ipSeq = 10;

beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t?.close());

/** A browser of a signed-in resident who follows Musterstadt. */
async function residentBrowser(): Promise<PortalBrowser> {
  const id = await resident(t.deps, t.tenant, { phone: `+4915100001${phoneSeq++}` });
  const b = portalBrowser(t, `198.51.${ipSeq++}.7`);
  const [name, value] = (await residentSession(t.deps, t.tenant, id)).split('=');
  b.jar.set(name, value);
  return b;
}
const anonymousBrowser = () => portalBrowser(t, `203.0.${ipSeq++}.9`);

describe('survey pages on the portal', () => {
  it('the list shows open surveys and ended ones with public results, never drafts', async () => {
    await testSurvey(t.deps, t.tenant.id, { title: 'Offene Umfrage Spielplatz', questions: [{ kind: 'yes_no' }] });
    await testSurvey(t.deps, t.tenant.id, { title: 'Entwurf Geheim', status: 'draft', questions: [{ kind: 'yes_no' }] });
    await testSurvey(t.deps, t.tenant.id, { title: 'Beendet Öffentlich', status: 'closed', resultsVisibility: 'after_end', questions: [{ kind: 'yes_no' }] });
    await testSurvey(t.deps, t.tenant.id, { title: 'Beendet Intern', status: 'closed', resultsVisibility: 'staff', questions: [{ kind: 'yes_no' }] });
    const res = await anonymousBrowser().get('/m/musterstadt/surveys');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('Offene Umfrage Spielplatz');
    expect(res.body).toContain(esc('Beendet Öffentlich'));
    expect(res.body).not.toContain('Entwurf Geheim');
    expect(res.body).not.toContain('Beendet Intern');
    const start = await anonymousBrowser().get('/m/musterstadt/');
    expect(start.body).toContain('Offene Umfrage Spielplatz');
  });

  it('a draft or an unknown survey is a 404 page', async () => {
    const draft = await testSurvey(t.deps, t.tenant.id, { status: 'draft', questions: [{ kind: 'yes_no' }] });
    expect((await anonymousBrowser().get(`/m/musterstadt/surveys/${draft.id}`)).statusCode).toBe(404);
    expect((await anonymousBrowser().get('/m/musterstadt/surveys/not-an-id')).statusCode).toBe(404);
  });

  it('a residents-only survey asks a visitor to sign in, with the way back to the survey', async () => {
    const s = await testSurvey(t.deps, t.tenant.id, { anonymous: true, questions: [{ kind: 'yes_no' }] });
    const res = await anonymousBrowser().get(`/m/musterstadt/surveys/${s.id}`);
    expect(res.body).toContain('Bitte melden Sie sich an');
    expect(res.body).toContain(esc(`/m/musterstadt/login?next=${encodeURIComponent(`/m/musterstadt/surveys/${s.id}`)}`));
    expect(res.body).toContain('anonym gespeichert');
    expect(res.body).not.toContain('id="survey-form"');
  });

  it('a resident answers, sees the thank-you page with the closing text, and on a second visit "bereits teilgenommen"', async () => {
    const s = await testSurvey(t.deps, t.tenant.id, {
      closingText: 'Die Ergebnisse stellen wir im Gemeinderat vor.',
      questions: [
        { kind: 'single', title: 'Wie oft?', required: true, options: ['Oft', 'Selten'] },
        { kind: 'rating', minLabel: 'schlecht', maxLabel: 'sehr gut' },
        { kind: 'ranking', options: ['Bank', 'Baum', 'Brunnen'] },
      ],
    });
    const [q1, q2, q3] = s.questionIds;
    const b = await residentBrowser();
    const form = await b.get(`/m/musterstadt/surveys/${s.id}`);
    expect(form.body).toContain('id="survey-form"');
    expect(form.body).toContain('mit Ihrem Konto gespeichert');
    expect(form.body).toContain('5 – sehr gut');
    expect(form.body).toContain(`name="q.${q3}.3"`);
    const sent = await b.post(`/m/musterstadt/surveys/${s.id}`, {
      [`q.${q1}`]: 'o2',
      [`q.${q2}`]: '5',
      [`q.${q3}.1`]: 'o3',
      [`q.${q3}.2`]: 'o1',
      [`q.${q3}.3`]: 'o2',
    });
    expect(sent.statusCode).toBe(303);
    expect(sent.headers.location).toBe(`/m/musterstadt/surveys/${s.id}/thanks`);
    const thanks = await b.get(sent.headers.location as string);
    expect(thanks.body).toContain('Die Ergebnisse stellen wir im Gemeinderat vor.');
    expect(thanks.body).toContain(`/m/musterstadt/surveys/${s.id}/results`);
    const again = await b.get(`/m/musterstadt/surveys/${s.id}`);
    expect(again.body).toContain('Sie haben bereits teilgenommen');
    expect(again.body).not.toContain('id="survey-form"');
    const twice = await b.post(`/m/musterstadt/surveys/${s.id}`, { [`q.${q1}`]: 'o1' });
    expect(twice.statusCode).toBe(409);
    expect(twice.body).toContain('Sie haben bereits teilgenommen');
  });

  it('wrong answers come back next to their fields with the other values kept', async () => {
    const s = await testSurvey(t.deps, t.tenant.id, {
      questions: [
        { kind: 'single', title: 'Pflicht', required: true, options: ['A', 'B'] },
        { kind: 'text', title: 'Anmerkung', maxLength: 5 },
        { kind: 'ranking', title: 'Reihenfolge', options: ['X', 'Y'] },
      ],
    });
    const [q1, q2, q3] = s.questionIds;
    const b = await residentBrowser();
    const res = await b.post(`/m/musterstadt/surveys/${s.id}`, { [`q.${q2}`]: 'zu <lang>', [`q.${q3}.1`]: 'o1', [`q.${q3}.2`]: 'o1' });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain(`id="q-${q1}-error"`);
    expect(res.body).toContain('Bitte beantworten Sie diese Frage.');
    expect(res.body).toContain(`id="q-${q2}-error"`);
    expect(res.body).toContain('höchstens 5 Zeichen');
    expect(res.body).toContain('zu &lt;lang&gt;</textarea>');
    expect(res.body).toContain(`id="q-${q3}-error"`);
    expect(res.body).toContain('error-summary');
  });

  it('a form sent from another site is refused and nothing is stored', async () => {
    const s = await testSurvey(t.deps, t.tenant.id, { questions: [{ kind: 'yes_no', required: true }] });
    const b = await residentBrowser();
    const res = await b.post(`/m/musterstadt/surveys/${s.id}`, { [`q.${s.questionIds[0]}`]: 'yes' }, { origin: 'https://evil.example' });
    expect(res.statusCode).toBe(403);
    expect((await b.get(`/m/musterstadt/surveys/${s.id}`)).body).toContain('id="survey-form"');
  });

  it('a link poll says it is not representative and takes one answer per browser', async () => {
    const s = await testSurvey(t.deps, t.tenant.id, { access: 'link', questions: [{ kind: 'yes_no', required: true }] });
    const q = s.questionIds[0];
    const one = anonymousBrowser();
    const page = await one.get(`/m/musterstadt/surveys/${s.id}`);
    expect(page.body).toContain('Nicht repräsentativ');
    expect(page.body).toContain('id="survey-form"');
    const sent = await one.post(`/m/musterstadt/surveys/${s.id}`, { [`q.${q}`]: 'yes' });
    expect(sent.statusCode).toBe(303);
    const cookie = sent.cookies.find((c) => c.name === 'civicast_poll');
    expect(cookie?.httpOnly).toBe(true);
    expect((await one.get(`/m/musterstadt/surveys/${s.id}`)).body).toContain('Sie haben bereits teilgenommen');
    expect((await one.post(`/m/musterstadt/surveys/${s.id}`, { [`q.${q}`]: 'no' })).statusCode).toBe(409);
    expect((await anonymousBrowser().post(`/m/musterstadt/surveys/${s.id}`, { [`q.${q}`]: 'no' })).statusCode).toBe(303);
  });

  it('results shown only after the end are a 404 page saying when; live results show bars and a table with the numbers', async () => {
    const later = await testSurvey(t.deps, t.tenant.id, { resultsVisibility: 'after_end', questions: [{ kind: 'yes_no' }] });
    const hidden = await anonymousBrowser().get(`/m/musterstadt/surveys/${later.id}/results`);
    expect(hidden.statusCode).toBe(404);
    expect(hidden.body).toContain('nach dem Ende der Umfrage');

    const live = await testSurvey(t.deps, t.tenant.id, { title: 'Live-Umfrage', questions: [{ kind: 'single', title: 'Farbe?', options: ['Rot', 'Grün'] }] });
    const q = live.questionIds[0];
    for (const choice of ['o1', 'o2', 'o2']) {
      const b = await residentBrowser();
      expect((await b.post(`/m/musterstadt/surveys/${live.id}`, { [`q.${q}`]: choice })).statusCode).toBe(303);
    }
    const res = await anonymousBrowser().get(`/m/musterstadt/surveys/${live.id}/results`);
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('3 Teilnahmen');
    expect(res.body).toMatch(/<tr><th scope="row">Grün<\/th><td>2<\/td><td>67\s?%<\/td><\/tr>/);
    expect(res.body).toContain('<meter min="0" max="100" value="33">');
    expect(res.body).not.toMatch(/<script|chart/i);
  });

  it('results kept for staff still show the published outcome note, which the participants’ message links', async () => {
    const s = await testSurvey(t.deps, t.tenant.id, {
      title: 'Beendet mit Ergebnis',
      status: 'closed',
      resultsVisibility: 'staff',
      questions: [{ kind: 'yes_no' }],
    });
    const results = `/m/musterstadt/surveys/${s.id}/results`;
    expect((await anonymousBrowser().get(results)).statusCode).toBe(404);
    expect((await anonymousBrowser().get('/m/musterstadt/surveys')).body).not.toContain(s.id);
    await t.deps.db.withTenant(t.tenant.id, (tx) =>
      tx.update(surveys).set({ outcomeNote: 'Die Bank kommt im Mai.', outcomePublishedAt: new Date() }).where(eq(surveys.id, s.id)),
    );
    const res = await anonymousBrowser().get(results);
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('Was wir daraus gemacht haben');
    expect(res.body).toContain('Die Bank kommt im Mai.');
    expect(res.body).not.toContain('<table');
    expect((await anonymousBrowser().get('/m/musterstadt/surveys')).body).toContain(`href="${results}"`);
  });
});

// The survey editor's request body and where the server's field errors land: what the editor sends is what the
// server's strict schema takes, a changed question kind keeps what was typed, and errors reach the question's field.
import { describe, expect, it } from 'vitest';
import { surveyCreateInput } from '../../../../common/contracts/surveys.ts';
import { ApiError } from '../../api.ts';
import { inputOfInstant as localOf, instantOfInput as instantOf } from '../../components/zoned-input.ts';
import { emptyQuestion, emptySurvey, formErrors, moved, surveyInput, withKind } from './draft.ts';
import { parseSurveysView } from './view.ts';

const filled = () => {
  const questions = (['single', 'multiple', 'yes_no', 'rating', 'ranking', 'text'] as const).map((kind) => ({
    ...emptyQuestion(kind),
    title: `Frage ${kind}`,
  }));
  for (const q of questions) q.options = q.options.map((o, i) => ({ ...o, label: `Antwort ${i + 1}` }));
  return { ...emptySurvey(), title: 'Wertstoffhof', endsAt: '2026-12-24T18:00', tagsText: 'Verein, , Verein, Jugend', questions };
};

describe('survey editor', () => {
  it('a survey with every kind of question is a request the server accepts', () => {
    const input = surveyInput(filled(), 'Europe/Berlin');
    const parsed = surveyCreateInput.safeParse(input);
    expect(parsed.error?.issues ?? []).toEqual([]);
    expect(input.audience?.tags).toEqual(['Verein', 'Jugend']);
    expect(input.questions?.map((q) => q.options?.length)).toEqual([2, 2, 0, 0, 2, 0]);
    expect(input.questions?.[3]).toMatchObject({ kind: 'rating', scaleMin: 1, scaleMax: 5 });
    expect(input.questions?.[5]).toMatchObject({ kind: 'text', maxLength: 2000 });
  });

  it('changing a question kind keeps its title and typed options, and fills in the scale for a rating', () => {
    const single = { ...emptyQuestion('single'), id: '6f7c0a55-51f4-4d2b-9f79-3a2f1f3d1b11', title: 'Wie oft?' };
    single.options = single.options.map((o) => ({ ...o, label: 'oft' }));
    const ranking = withKind(single, 'ranking');
    expect(ranking).toMatchObject({ id: single.id, uid: single.uid, title: 'Wie oft?', kind: 'ranking' });
    expect(ranking.options.map((o) => o.label)).toEqual(['oft', 'oft']);
    const rating = withKind(ranking, 'rating');
    expect(rating).toMatchObject({ options: [], scaleMin: '1', scaleMax: '5', title: 'Wie oft?' });
  });

  it('a published survey keeps its question ids and option keys in the request', () => {
    const d = filled();
    d.questions[0] = { ...d.questions[0]!, id: '6f7c0a55-51f4-4d2b-9f79-3a2f1f3d1b11' };
    d.questions[0].options[0] = { ...d.questions[0].options[0]!, key: 'a' };
    const q = surveyInput(d, 'Europe/Berlin').questions?.[0];
    expect(q).toMatchObject({ id: '6f7c0a55-51f4-4d2b-9f79-3a2f1f3d1b11', options: [{ key: 'a', label: 'Antwort 1' }, { label: 'Antwort 2' }] });
  });

  it('the server’s error at a question’s option lands at that option’s field', () => {
    const error = new ApiError(400, 'validation_failed', 'invalid', [
      { pointer: '/body/questions/1/options/0/label', detail: 'is required', code: 'too_short', params: { minimum: 1 } },
      { pointer: '/body/title', detail: 'is required' },
    ]);
    expect(Object.keys(formErrors(error))).toEqual(['questions.1.options.0.label', 'title']);
  });

  it('moving a question up or down swaps it with its neighbour, never past the ends', () => {
    expect(moved(['a', 'b', 'c'], 1, -1)).toEqual(['b', 'a', 'c']);
    expect(moved(['a', 'b', 'c'], 1, 1)).toEqual(['a', 'c', 'b']);
    expect(moved(['a', 'b', 'c'], 0, -1)).toEqual(['a', 'b', 'c']);
    expect(moved(['a', 'b', 'c'], 2, 1)).toEqual(['a', 'b', 'c']);
  });

  it("start and end are the municipality's wall time: they go to the server as instants and come back the same", () => {
    const berlin = 'Europe/Berlin';
    expect(instantOf('', berlin)).toBeNull();
    expect(instantOf('nicht lesbar', berlin)).toBe('nicht lesbar');
    // whatever zone the browser (here: the test process) is set to
    expect(instantOf('2026-12-24T18:00', berlin)).toBe('2026-12-24T17:00:00.000Z');
    expect(localOf('2026-12-24T17:00:00.000Z', berlin)).toBe('2026-12-24T18:00');
    expect(localOf(instantOf('2026-07-01T09:30', berlin), berlin)).toBe('2026-07-01T09:30');
    expect(localOf('kein Datum', berlin)).toBe('');
  });

  it('the surveys section knows its pages and no others', () => {
    expect(parseSurveysView(null)).toEqual({ view: 'list' });
    expect(parseSurveysView('new')).toEqual({ view: 'new' });
    expect(parseSurveysView('abc')).toEqual({ view: 'detail', id: 'abc' });
    expect(parseSurveysView('abc/edit')).toEqual({ view: 'edit', id: 'abc' });
    expect(parseSurveysView('abc/results')).toEqual({ view: 'results', id: 'abc' });
    expect(parseSurveysView('abc/other')).toBeNull();
    expect(parseSurveysView('new/edit')).toBeNull();
  });
});

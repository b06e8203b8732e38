// A survey's results, counted in SQL (no answer rows travel): per question how many answered and skipped, the
// options' counts and shares, the rating's distribution and mean, the ranking's average place and first places,
// and the free-text answers in pages with a search. Shared by the console and the portal's results page.
import { sql } from 'drizzle-orm';
import type { SurveyQuestionResult, SurveyResults, SurveyTextAnswers } from '../../../common/contracts/surveys.ts';
import type { SurveyQuestionKind } from '../../../common/states.ts';
import type { AppDeps } from '../../platform/context.ts';
import { queryRows, type Tx } from '../../platform/db/client.ts';
import { invalid, notFound } from '../../platform/errors.ts';
import { surveyState } from './surveys.present.ts';
import * as repo from './surveys.repository.ts';

interface Counts {
  answered: Map<string, number>;
  /** question → key → place (1-based) → count */
  choices: Map<string, Map<string, Map<number, number>>>;
  numbers: Map<string, Map<number, number>>;
}

const share = (count: number, of: number) => (of ? Math.round((count / of) * 10_000) / 10_000 : 0);
const round2 = (n: number) => Math.round(n * 100) / 100;

async function countAnswers(tx: Tx, surveyId: string): Promise<Counts> {
  const answered = await queryRows<{ q: string; n: number }>(
    tx,
    sql`select question_id as q, count(*)::int as n from survey_answers
         where survey_id = ${surveyId} and (jsonb_array_length(coalesce(choices, '[]'::jsonb)) > 0 or number is not null or coalesce(text, '') <> '')
         group by question_id`,
  );
  const choices = await queryRows<{ q: string; key: string; place: number; n: number }>(
    tx,
    sql`select a.question_id as q, c.key, c.place::int as place, count(*)::int as n
          from survey_answers a, jsonb_array_elements_text(a.choices) with ordinality as c(key, place)
         where a.survey_id = ${surveyId} and jsonb_typeof(a.choices) = 'array'
         group by 1, 2, 3`,
  );
  const numbers = await queryRows<{ q: string; v: number; n: number }>(
    tx,
    sql`select question_id as q, number as v, count(*)::int as n from survey_answers
         where survey_id = ${surveyId} and number is not null group by 1, 2`,
  );
  const counts: Counts = { answered: new Map(answered.map((r) => [r.q, Number(r.n)])), choices: new Map(), numbers: new Map() };
  for (const r of choices) {
    const byKey = counts.choices.get(r.q) ?? new Map<string, Map<number, number>>();
    const byPlace = byKey.get(r.key) ?? new Map<number, number>();
    byPlace.set(Number(r.place), Number(r.n));
    byKey.set(r.key, byPlace);
    counts.choices.set(r.q, byKey);
  }
  for (const r of numbers) {
    const byValue = counts.numbers.get(r.q) ?? new Map<number, number>();
    byValue.set(Number(r.v), Number(r.n));
    counts.numbers.set(r.q, byValue);
  }
  return counts;
}

const sum = (m: Map<number, number> | undefined) => [...(m?.values() ?? [])].reduce((a, b) => a + b, 0);

function ratingOf(q: repo.QuestionRow, values: Map<number, number> | undefined, answered: number): SurveyQuestionResult['rating'] {
  const min = q.scaleMin ?? 1;
  const max = q.scaleMax ?? 5;
  const distribution = [];
  let total = 0;
  for (let v = min; v <= max; v++) {
    const count = values?.get(v) ?? 0;
    total += v * count;
    distribution.push({ value: v, count, share: share(count, answered) });
  }
  return { min, max, distribution, mean: answered ? round2(total / answered) : null };
}

function rankingOf(q: repo.QuestionRow, byKey: Map<string, Map<number, number>> | undefined): SurveyQuestionResult['ranking'] {
  const rows = q.options.map((o) => {
    const places = byKey?.get(o.key);
    const n = sum(places);
    const weighted = [...(places?.entries() ?? [])].reduce((a, [place, count]) => a + place * count, 0);
    return { key: o.key, label: o.label, averagePosition: n ? round2(weighted / n) : null, firstPlaces: places?.get(1) ?? 0 };
  });
  // best (lowest) average place first; options nobody placed go last
  return rows.sort((a, b) => (a.averagePosition ?? Number.POSITIVE_INFINITY) - (b.averagePosition ?? Number.POSITIVE_INFINITY));
}

function questionResult(q: repo.QuestionRow, counts: Counts, responses: number): SurveyQuestionResult {
  const kind = q.kind as SurveyQuestionKind;
  const answered = counts.answered.get(q.id) ?? 0;
  const byKey = counts.choices.get(q.id);
  // ranking: the options' counts are their first places; the others count every time a key was chosen
  const countOf = (key: string) => (kind === 'ranking' ? (byKey?.get(key)?.get(1) ?? 0) : sum(byKey?.get(key)));
  const hasOptions = kind === 'single' || kind === 'multiple' || kind === 'yes_no' || kind === 'ranking';
  return {
    questionId: q.id,
    position: q.position,
    kind,
    title: q.title,
    answered,
    skipped: Math.max(responses - answered, 0),
    options: hasOptions ? q.options.map((o) => ({ key: o.key, label: o.label, count: countOf(o.key), share: share(countOf(o.key), answered) })) : [],
    rating: kind === 'rating' ? ratingOf(q, counts.numbers.get(q.id), answered) : null,
    ranking: kind === 'ranking' ? rankingOf(q, byKey) : null,
    text: kind === 'text' ? { count: answered } : null,
  };
}

/** The results of one survey (any state; who may see them is the caller's rule). */
export async function surveyResults(deps: AppDeps, tenantId: string, surveyId: string, now = new Date()): Promise<SurveyResults> {
  return deps.db.withTenant(tenantId, async (tx) => {
    const row = await repo.findSurvey(tx, surveyId);
    if (!row) throw notFound('The survey');
    const questions = await repo.listQuestions(tx, surveyId);
    const [r] = await queryRows<{ n: number }>(tx, sql`select count(*)::int as n from survey_responses where survey_id = ${surveyId}`);
    const responses = Number(r?.n ?? 0);
    const counts = await countAnswers(tx, surveyId);
    return {
      surveyId,
      title: row.title,
      state: surveyState(row, now),
      responseCount: responses,
      questions: questions.map((q) => questionResult(q, counts, responses)),
    };
  });
}

const encode = (at: string, id: string) => Buffer.from(`${at}|${id}`).toString('base64url');
function decode(cursor: string | undefined) {
  if (!cursor) return null;
  const [at, id] = Buffer.from(cursor, 'base64url').toString().split('|');
  if (!at || !repo.isCursorTime(at) || !id || !repo.isUuid(id)) throw invalid('/querystring/cursor', 'is not a cursor of this list');
  return { at, id };
}

/** Free-text answers to one question, newest first, searched with ILIKE; only the day they came in. */
export async function textAnswers(
  deps: AppDeps,
  tenantId: string,
  surveyId: string,
  questionId: string,
  q: { q?: string; cursor?: string; limit: number },
): Promise<SurveyTextAnswers> {
  const cursor = decode(q.cursor);
  return deps.db.withTenant(tenantId, async (tx) => {
    const question = repo.isUuid(questionId) ? (await repo.listQuestions(tx, surveyId)).find((x) => x.id === questionId) : undefined;
    if (!question) throw notFound('The question');
    const conds = [sql`a.survey_id = ${surveyId}`, sql`a.question_id = ${questionId}`, sql`coalesce(a.text, '') <> ''`];
    if (q.q) conds.push(sql`a.text ilike ${`%${repo.escapeLike(q.q)}%`}`);
    if (cursor) conds.push(sql`(r.submitted_at, r.id) < (${cursor.at}::timestamptz, ${cursor.id}::uuid)`);
    const rows = await queryRows<{ text: string; at: string | Date; exact: string; id: string }>(
      tx,
      sql`select a.text, r.submitted_at as at, r.submitted_at::text as exact, r.id from survey_answers a
            join survey_responses r on r.tenant_id = a.tenant_id and r.id = a.response_id
           where ${sql.join(conds, sql` and `)}
           order by r.submitted_at desc, r.id desc limit ${q.limit + 1}`,
    );
    const page = rows.slice(0, q.limit).map((r) => ({ ...r, at: new Date(r.at).toISOString() }));
    const last = page[page.length - 1];
    return {
      items: page.map((r) => ({ text: r.text, submittedOn: r.at.slice(0, 10) })),
      nextCursor: rows.length > q.limit && last ? encode(last.exact, last.id) : null,
    };
  });
}

// The survey form as posted (plain urlencoded HTML form): fields `q.<questionId>` (radios, checkboxes, textareas) and
// `q.<questionId>.<place>` (one select per place of a ranking). Turned into the service's answers, and the service's
// refusals back into errors next to the fields, with the values kept.
import type { FieldError } from '../../platform/errors.ts';
import type { TextKey } from '../portal/index.ts';
import type { AnswerValue, SurveyAnswersMap } from './responses.rules.ts';
import type { QuestionRow } from './responses.service.ts';

/** What a field held, as the form shows it again: option keys (also ranking places in order), or the text. */
export type FormValues = Record<string, string[]>;
export type FormErrors = Record<string, { key: TextKey; vars?: Record<string, string> }>;

const FIELD_MAX = 20_000;
const strings = (v: unknown): string[] => (Array.isArray(v) ? v : [v]).filter((x): x is string => typeof x === 'string').slice(0, 50);

/** The posted body → the values per question (unknown fields are ignored: the form names only its questions). */
export function readSurveyForm(body: Record<string, unknown>, questions: readonly QuestionRow[]): FormValues | null {
  const values: FormValues = {};
  for (const v of Object.values(body)) if (strings(v).some((s) => s.length > FIELD_MAX)) return null;
  for (const q of questions) {
    if (q.kind === 'ranking') values[q.id] = q.options.map((_, i) => strings(body[`q.${q.id}.${i + 1}`])[0] ?? '');
    else values[q.id] = strings(body[`q.${q.id}`]);
  }
  return values;
}

/** Values → the answers submitResponse checks (an empty field is no answer; a half-filled ranking stays half). */
export function answersOf(values: FormValues, questions: readonly QuestionRow[]): SurveyAnswersMap {
  const out: SurveyAnswersMap = {};
  for (const q of questions) {
    const v = (values[q.id] ?? []).map((s) => s.trim());
    let a: AnswerValue | undefined;
    if (q.kind === 'text') a = v[0] ? { text: v[0] } : undefined;
    else if (q.kind === 'rating') a = v[0] ? { number: /^-?\d{1,3}$/.test(v[0]) ? Number(v[0]) : Number.NaN } : undefined;
    else if (q.kind === 'ranking') a = v.some(Boolean) ? { choices: v } : undefined;
    else a = v.filter(Boolean).length ? { choices: v.filter(Boolean) } : undefined;
    if (a) out[q.id] = a;
  }
  return out;
}

const KEYS: Record<string, TextKey> = {
  required: 'surveys.errRequired',
  too_long: 'surveys.errTooLong',
  out_of_range: 'surveys.errRange',
  not_a_permutation: 'surveys.errRanking',
  too_many: 'surveys.errTooMany',
  unknown_option: 'surveys.errInvalid',
  unknown_question: 'surveys.errInvalid',
  invalid: 'surveys.errInvalid',
};

/** The service's field errors at the questions' fields. */
export function errorsOf(errors: readonly FieldError[]): FormErrors {
  const out: FormErrors = {};
  for (const e of errors) {
    const id = e.pointer.split('/')[2] ?? '';
    const p = e.params ?? {};
    const vars: Record<string, string> = {};
    for (const k of ['minimum', 'maximum'] as const) if (typeof p[k] === 'number') vars[k] = (p[k] as number).toLocaleString('de-DE');
    out[id] = { key: KEYS[e.code ?? 'invalid'] ?? 'surveys.errInvalid', vars };
  }
  return out;
}

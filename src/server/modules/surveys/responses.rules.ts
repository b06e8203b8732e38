// What a filled-in survey must look like before anything is stored: every answer checked against its question (known
// question and options, required ones present, text within its length, rating on the scale, ranking a full order).
// Pure functions, shared by the portal form (errors next to the fields) and the service (problem+json).
import type { SurveyQuestionKind } from '../../../common/states.ts';
import type { FieldError } from '../../platform/errors.ts';

/** One answer as submitted: option keys, a number (rating), or a text. */
export interface AnswerValue {
  choices?: string[];
  number?: number;
  text?: string;
}
export type SurveyAnswersMap = Record<string, AnswerValue>;

/** What the rules need of a question (the survey_questions row). */
export interface QuestionRule {
  id: string;
  kind: SurveyQuestionKind | string;
  required: boolean;
  options: ReadonlyArray<{ key: string }>;
  scaleMin: number | null;
  scaleMax: number | null;
  maxLength: number | null;
}

/** An answer ready to store; questions left out (optional, unanswered) have none. */
export interface CheckedAnswer {
  questionId: string;
  choices: string[] | null;
  number: number | null;
  text: string | null;
}

/** Why an answer was refused, as the code in the field error (the portal says it in the resident's language). */
export type AnswerProblem = 'unknown_question' | 'unknown_option' | 'required' | 'too_long' | 'out_of_range' | 'not_a_permutation' | 'too_many' | 'invalid';

/** The longest free-text answer when a question names none (the contract's default). */
export const TEXT_ANSWER_MAX = 2000;
export const YES_NO_KEYS = ['yes', 'no'] as const;

const length = (s: string) => Array.from(s).length;
// control characters never belong in an answer (tabs and newlines do)
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what this removes
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g;

/** The option keys a question accepts: yes/no has its two fixed ones. */
export const optionKeysOf = (q: QuestionRule): string[] => (q.kind === 'yes_no' ? [...YES_NO_KEYS] : q.options.map((o) => o.key));

type One = { answer?: CheckedAnswer; problem?: AnswerProblem; params?: Record<string, unknown> };

function checkChoices(q: QuestionRule, choices: string[]): One {
  const keys = optionKeysOf(q);
  if (choices.some((c) => typeof c !== 'string' || !keys.includes(c))) return { problem: 'unknown_option' };
  if (new Set(choices).size !== choices.length) return { problem: q.kind === 'ranking' ? 'not_a_permutation' : 'invalid' };
  if ((q.kind === 'single' || q.kind === 'yes_no') && choices.length > 1) return { problem: 'too_many', params: { maximum: 1 } };
  if (q.kind === 'ranking' && choices.length !== keys.length) return { problem: 'not_a_permutation', params: { keys } };
  return { answer: { questionId: q.id, choices, number: null, text: null } };
}

function checkOne(q: QuestionRule, a: AnswerValue | undefined): One {
  const choices = Array.isArray(a?.choices) ? a.choices.filter((c) => c !== '') : undefined;
  const text = typeof a?.text === 'string' ? a.text.replace(CONTROL, '').replace(/\r\n?/g, '\n').trim() : undefined;
  const given = q.kind === 'rating' ? a?.number !== undefined && a?.number !== null : q.kind === 'text' ? Boolean(text) : Boolean(choices?.length);
  if (!given) return q.required ? { problem: 'required' } : {};
  switch (q.kind) {
    case 'rating': {
      const n = a?.number;
      const min = q.scaleMin ?? 1;
      const max = q.scaleMax ?? 5;
      if (typeof n !== 'number' || !Number.isInteger(n) || n < min || n > max) return { problem: 'out_of_range', params: { minimum: min, maximum: max } };
      return { answer: { questionId: q.id, choices: null, number: n, text: null } };
    }
    case 'text': {
      const max = q.maxLength ?? TEXT_ANSWER_MAX;
      if (length(text ?? '') > max) return { problem: 'too_long', params: { maximum: max } };
      return { answer: { questionId: q.id, choices: null, number: null, text: text ?? '' } };
    }
    default:
      return checkChoices(q, choices ?? []);
  }
}

const DETAILS: Record<AnswerProblem, string> = {
  unknown_question: 'is not a question of this survey',
  unknown_option: 'names an option this question does not have',
  required: 'must be answered',
  too_long: 'is longer than this question allows',
  out_of_range: 'is outside the rating scale',
  not_a_permutation: 'must order every option of the question exactly once',
  too_many: 'allows only one answer',
  invalid: 'is not an answer this question accepts',
};

/** Checks every answer; the errors point at `/answers/<questionId>` with a code from AnswerProblem. */
export function checkAnswers(questions: readonly QuestionRule[], answers: SurveyAnswersMap): { answers: CheckedAnswer[]; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const out: CheckedAnswer[] = [];
  const known = new Set(questions.map((q) => q.id));
  for (const id of Object.keys(answers)) {
    if (!known.has(id)) errors.push({ pointer: `/answers/${id}`, detail: DETAILS.unknown_question, code: 'unknown_question' });
  }
  for (const q of questions) {
    const r = checkOne(q, Object.hasOwn(answers, q.id) ? answers[q.id] : undefined);
    if (r.problem) errors.push({ pointer: `/answers/${q.id}`, detail: DETAILS[r.problem], code: r.problem, ...(r.params ? { params: r.params } : {}) });
    else if (r.answer) out.push(r.answer);
  }
  return { answers: out, errors };
}

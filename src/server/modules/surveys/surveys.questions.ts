// From the questions staff wrote to the rows stored: positions, stable option keys (kept when given, made when
// missing), yes/no options, the rating scale and text length defaults, and fields a kind does not use cleared.
import type { z } from 'zod';
import type { surveyQuestionInput } from '../../../common/contracts/surveys.ts';
import type { SurveyOption } from '../../platform/db/schema/surveys.ts';
import { invalid } from '../../platform/errors.ts';
import type { NewQuestion, QuestionRow } from './surveys.repository.ts';

type QuestionInput = z.output<typeof surveyQuestionInput>;

export const RATING_DEFAULT = { min: 1, max: 5 } as const;
export const TEXT_DEFAULT_MAX_LENGTH = 2000;
const YES_NO: SurveyOption[] = [
  { key: 'yes', label: 'Ja' },
  { key: 'no', label: 'Nein' },
];

/** Keys given are kept; a missing key becomes `o<n>` with n past every key the question ever had, so none is reused. */
function withKeys(options: QuestionInput['options'], previous: SurveyOption[]): SurveyOption[] {
  const taken = new Set([...previous.map((o) => o.key), ...options.flatMap((o) => (o.key ? [o.key] : []))]);
  let n = 1;
  return options.map((o) => {
    if (o.key) return { key: o.key, label: o.label };
    while (taken.has(`o${n}`)) n++;
    taken.add(`o${n}`);
    return { key: `o${n}`, label: o.label };
  });
}

function optionsOf(q: QuestionInput, previous: SurveyOption[]): SurveyOption[] {
  if (q.kind === 'yes_no') return q.options.length === 2 ? YES_NO.map((o, i) => ({ key: o.key, label: q.options[i].label })) : YES_NO;
  if (q.kind === 'single' || q.kind === 'multiple' || q.kind === 'ranking') return withKeys(q.options, previous);
  return [];
}

/**
 * The rows for a survey's new question list. A question id must be one of the survey's own questions (an id from
 * elsewhere is refused, naming the field, rather than silently made a new question).
 */
export function questionRows(input: QuestionInput[], existing: QuestionRow[], pointer = '/questions'): NewQuestion[] {
  const byId = new Map(existing.map((q) => [q.id, q]));
  return input.map((q, i) => {
    const old = q.id ? byId.get(q.id) : undefined;
    if (q.id && !old) throw invalid(`${pointer}/${i}/id`, 'is not a question of this survey', 'not_found');
    const rating = q.kind === 'rating';
    return {
      ...(q.id ? { id: q.id } : {}),
      position: i + 1,
      kind: q.kind,
      title: q.title,
      help: q.help,
      required: q.required,
      options: optionsOf(q, old?.options ?? []),
      scaleMin: rating ? (q.scaleMin ?? RATING_DEFAULT.min) : null,
      scaleMax: rating ? (q.scaleMax ?? RATING_DEFAULT.max) : null,
      minLabel: rating ? q.minLabel || null : null,
      maxLabel: rating ? q.maxLabel || null : null,
      maxLength: q.kind === 'text' ? (q.maxLength ?? TEXT_DEFAULT_MAX_LENGTH) : null,
    };
  });
}

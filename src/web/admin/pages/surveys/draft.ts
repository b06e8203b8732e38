// The survey editor's state and its conversion to and from the API: questions with a client key (React's key and the
// address of a question's errors while it has no server id yet), options as typed, start and end as the browser's
// local time. Server field errors (`/body/questions/2/options/1/label`) are keyed for the form (`questions.2.options.1.label`).
import { fieldErrorMap } from '../../api.ts';
import { tagsOf } from '../../components/tags.ts';
import type { SurveyAccess, SurveyQuestionKind, SurveyResultsVisibility } from '../../../../common/states.ts';
import type { SurveyDetail, SurveyInput, SurveyQuestionInput } from './types.ts';
import { inputOfInstant, instantOfInput } from '../../components/zoned-input.ts';

export interface OptionDraft {
  key?: string;
  label: string;
  /** Stable React key, also for options the server has not keyed yet. */
  uid: string;
}

export interface QuestionDraft {
  id?: string;
  uid: string;
  kind: SurveyQuestionKind;
  title: string;
  help: string;
  required: boolean;
  options: OptionDraft[];
  scaleMin: string;
  scaleMax: string;
  minLabel: string;
  maxLabel: string;
  maxLength: string;
}

export interface SurveyDraft {
  title: string;
  intro: string;
  closingText: string;
  access: SurveyAccess;
  resultsVisibility: SurveyResultsVisibility;
  anonymous: boolean;
  smsReplies: boolean;
  topic: string;
  startsAt: string;
  endsAt: string;
  audience: { topics: string[]; areaIds: string[]; streetIds: string[] };
  tagsText: string;
  questions: QuestionDraft[];
}

let counter = 0;
export const newUid = () => `u${++counter}`;

/** Kinds whose answers are picked from the question's own options. */
export const KINDS_WITH_OPTIONS: readonly SurveyQuestionKind[] = ['single', 'multiple', 'ranking'];

export function emptyQuestion(kind: SurveyQuestionKind = 'single'): QuestionDraft {
  const options = KINDS_WITH_OPTIONS.includes(kind)
    ? [
        { label: '', uid: newUid() },
        { label: '', uid: newUid() },
      ]
    : [];
  return {
    uid: newUid(),
    kind,
    title: '',
    help: '',
    required: false,
    options,
    scaleMin: kind === 'rating' ? '1' : '',
    scaleMax: kind === 'rating' ? '5' : '',
    minLabel: '',
    maxLabel: '',
    maxLength: kind === 'text' ? '2000' : '',
  };
}

/** A kind change keeps title, help and options already typed, and fills in what the new kind needs. */
export function withKind(q: QuestionDraft, kind: SurveyQuestionKind): QuestionDraft {
  const fresh = emptyQuestion(kind);
  return {
    ...fresh,
    id: q.id,
    uid: q.uid,
    title: q.title,
    help: q.help,
    required: q.required,
    options: KINDS_WITH_OPTIONS.includes(kind) ? (q.options.length ? q.options : fresh.options) : [],
    scaleMin: kind === 'rating' ? q.scaleMin || fresh.scaleMin : '',
    scaleMax: kind === 'rating' ? q.scaleMax || fresh.scaleMax : '',
    minLabel: kind === 'rating' ? q.minLabel : '',
    maxLabel: kind === 'rating' ? q.maxLabel : '',
    maxLength: kind === 'text' ? q.maxLength || fresh.maxLength : '',
  };
}

export const emptySurvey = (): SurveyDraft => ({
  title: '',
  intro: '',
  closingText: '',
  access: 'residents',
  resultsVisibility: 'after_end',
  anonymous: false,
  smsReplies: false,
  topic: '',
  startsAt: '',
  endsAt: '',
  audience: { topics: [], areaIds: [], streetIds: [] },
  tagsText: '',
  questions: [emptyQuestion('single')],
});

const numberOf = (text: string) => (text.trim() === '' ? undefined : Number(text));

export function draftFromDetail(s: SurveyDetail, zone: string): SurveyDraft {
  return {
    title: s.title,
    intro: s.intro,
    closingText: s.closingText,
    access: s.access,
    resultsVisibility: s.resultsVisibility,
    anonymous: s.anonymous,
    smsReplies: s.smsReplies,
    topic: s.topic ?? '',
    startsAt: inputOfInstant(s.startsAt, zone),
    endsAt: inputOfInstant(s.endsAt, zone),
    audience: { topics: [...(s.audience.topics ?? [])], areaIds: [...(s.audience.areaIds ?? [])], streetIds: [...(s.audience.streetIds ?? [])] },
    tagsText: (s.audience.tags ?? []).join(', '),
    questions: s.questions.map((q) => ({
      id: q.id,
      uid: newUid(),
      kind: q.kind,
      title: q.title,
      help: q.help,
      required: q.required,
      options: q.options.map((o) => ({ key: o.key, label: o.label, uid: newUid() })),
      scaleMin: q.scaleMin === null || q.scaleMin === undefined ? '' : String(q.scaleMin),
      scaleMax: q.scaleMax === null || q.scaleMax === undefined ? '' : String(q.scaleMax),
      minLabel: q.minLabel ?? '',
      maxLabel: q.maxLabel ?? '',
      maxLength: q.maxLength === null || q.maxLength === undefined ? '' : String(q.maxLength),
    })),
  };
}

function questionInput(q: QuestionDraft): SurveyQuestionInput {
  const input: SurveyQuestionInput = { kind: q.kind, title: q.title, help: q.help, required: q.required, options: [] };
  if (q.id) input.id = q.id;
  if (KINDS_WITH_OPTIONS.includes(q.kind)) input.options = q.options.map((o) => (o.key ? { key: o.key, label: o.label } : { label: o.label }));
  if (q.kind === 'rating') {
    input.scaleMin = numberOf(q.scaleMin);
    input.scaleMax = numberOf(q.scaleMax);
    if (q.minLabel.trim()) input.minLabel = q.minLabel;
    if (q.maxLabel.trim()) input.maxLabel = q.maxLabel;
  }
  if (q.kind === 'text') input.maxLength = numberOf(q.maxLength);
  return input;
}

/** The request body of create and (draft) update. */
export function surveyInput(d: SurveyDraft, zone: string): SurveyInput {
  return {
    title: d.title,
    intro: d.intro,
    closingText: d.closingText,
    access: d.access,
    resultsVisibility: d.resultsVisibility,
    anonymous: d.anonymous,
    smsReplies: d.smsReplies,
    topic: d.topic || null,
    startsAt: instantOfInput(d.startsAt, zone),
    endsAt: instantOfInput(d.endsAt, zone),
    audience: { ...d.audience, tags: tagsOf(d.tagsText) },
    questions: d.questions.map(questionInput),
  };
}

/** Server field errors keyed for the form: `title`, `questions.0.title`, `questions.1.options.0.label`, `audience.areaIds`. */
export const formErrors = (error: unknown): Record<string, string> => fieldErrorMap(error);

/** Moves one item of a list one place up (-1) or down (+1); out of range leaves the list as it is. */
export function moved<T>(list: readonly T[], index: number, step: -1 | 1): T[] {
  const target = index + step;
  if (index < 0 || target < 0 || index >= list.length || target >= list.length) return [...list];
  const next = [...list];
  [next[index], next[target]] = [next[target] as T, next[index] as T];
  return next;
}

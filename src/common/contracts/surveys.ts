// Surveys and polls (Umfragen) as the staff API takes and answers them, the answer shape the portal and SMS replies
// submit, and the results. Shared by server (route schemas) and console (types, form validation).
import { z } from 'zod';
import { SURVEY_ACCESS, SURVEY_QUESTION_KINDS, SURVEY_RESULTS_VISIBILITY, SURVEY_STATUSES } from '../states.ts';
import { cursorPageOf, cursorQuery, nonEmptyPatch, requiredText, searchText, timestamp, timestamps } from './common.ts';
import { campaignChannels, messageAudienceInput } from './messages.ts';

export { SURVEY_ACCESS, SURVEY_QUESTION_KINDS, SURVEY_RESULTS_VISIBILITY, SURVEY_STATUSES } from '../states.ts';
export type { SurveyAccess, SurveyQuestionKind, SurveyResultsVisibility, SurveyStatus } from '../states.ts';

/**
 * What a survey is now, read from status and dates (so nothing waits for the closing job): a draft; published but
 * not yet started (`upcoming`); `open`; `ended` (closed, or published with its end in the past).
 */
export const SURVEY_STATES = ['draft', 'upcoming', 'open', 'ended'] as const;
export type SurveyState = (typeof SURVEY_STATES)[number];

export const SURVEY_LIMITS = {
  title: 200,
  text: 4000,
  questions: 50,
  options: 20,
  questionTitle: 500,
  help: 1000,
  optionLabel: 200,
  scaleLabel: 60,
  /** An SMS poll is answered with one digit: 1–9. */
  smsOptions: 9,
} as const;

// ---------------------------------------------------------------------------------------------------------------
// Requests

const isoDateTime = z.iso.datetime({ offset: true });

/** Option keys are made by the server when missing and kept on update (answers refer to them). */
export const surveyOptionKey = z
  .string()
  .trim()
  .regex(/^[a-z0-9][a-z0-9_-]{0,39}$/, 'lower-case letters, digits, "_" and "-"');

export const surveyOptionInput = z.strictObject({
  key: surveyOptionKey.optional(),
  label: requiredText(SURVEY_LIMITS.optionLabel),
});
export type SurveyOptionInput = z.infer<typeof surveyOptionInput>;

const CHOICE_KINDS: readonly string[] = ['single', 'multiple', 'ranking'];

/**
 * One question. `id`: keep it on update (answers refer to it); new questions have none. Choice kinds (single,
 * multiple, ranking) need 2–20 options; yes_no gets its options `yes`/`no` from the server; rating a scale within
 * 0–10 (default 1–5); text an optional maxLength (default 2000).
 */
export const surveyQuestionInput = z
  .strictObject({
    id: z.uuid().optional(),
    kind: z.enum(SURVEY_QUESTION_KINDS),
    title: requiredText(SURVEY_LIMITS.questionTitle),
    help: z.string().trim().max(SURVEY_LIMITS.help).default(''),
    required: z.boolean().default(false),
    options: z.array(surveyOptionInput).max(SURVEY_LIMITS.options).default([]),
    scaleMin: z.number().int().min(0).max(10).optional(),
    scaleMax: z.number().int().min(0).max(10).optional(),
    minLabel: z.string().trim().max(SURVEY_LIMITS.scaleLabel).optional(),
    maxLabel: z.string().trim().max(SURVEY_LIMITS.scaleLabel).optional(),
    maxLength: z.number().int().min(1).max(SURVEY_LIMITS.text).optional(),
  })
  .superRefine((q, ctx) => {
    if (CHOICE_KINDS.includes(q.kind) && q.options.length < 2) ctx.addIssue({ code: 'custom', path: ['options'], message: 'give at least two options' });
    const keys = q.options.flatMap((o) => (o.key ? [o.key] : []));
    if (new Set(keys).size !== keys.length) ctx.addIssue({ code: 'custom', path: ['options'], message: 'option keys must be unique' });
    if (q.kind === 'rating' && (q.scaleMin ?? 1) >= (q.scaleMax ?? 5))
      ctx.addIssue({ code: 'custom', path: ['scaleMax'], message: 'the scale must end above its start' });
  });
export type SurveyQuestionInput = z.input<typeof surveyQuestionInput>;

const questionsInput = z
  .array(surveyQuestionInput)
  .max(SURVEY_LIMITS.questions)
  .refine((qs) => {
    const ids = qs.flatMap((q) => (q.id ? [q.id] : []));
    return new Set(ids).size === ids.length;
  }, 'question ids must be unique');

const surveyFields = {
  title: requiredText(SURVEY_LIMITS.title),
  intro: z.string().trim().max(SURVEY_LIMITS.text),
  closingText: z.string().trim().max(SURVEY_LIMITS.text),
  /** Verified residents (one voice per person) or anyone with the link (non-binding, one answer per browser). */
  access: z.enum(SURVEY_ACCESS),
  resultsVisibility: z.enum(SURVEY_RESULTS_VISIBILITY),
  /** Answers stored without the resident; still one voice per person. */
  anonymous: z.boolean(),
  /** A one-question poll (single or yes/no, at most 9 options) residents answer by SMS reply "1", "2", … */
  smsReplies: z.boolean(),
  audience: messageAudienceInput,
  topic: z.string().trim().min(1).max(64).nullable(),
  startsAt: isoDateTime.nullable(),
  endsAt: isoDateTime.nullable(),
  questions: questionsInput,
};

/** POST /surveys: a new draft. */
export const surveyCreateInput = z.strictObject({
  title: surveyFields.title,
  intro: surveyFields.intro.default(''),
  closingText: surveyFields.closingText.default(''),
  access: surveyFields.access.default('residents'),
  resultsVisibility: surveyFields.resultsVisibility.default('after_end'),
  anonymous: surveyFields.anonymous.default(false),
  smsReplies: surveyFields.smsReplies.default(false),
  audience: surveyFields.audience.default({}),
  topic: surveyFields.topic.default(null),
  startsAt: surveyFields.startsAt.default(null),
  endsAt: surveyFields.endsAt.default(null),
  questions: surveyFields.questions.default([]),
});
export type SurveyCreateInput = z.input<typeof surveyCreateInput>;

/**
 * PATCH /surveys/:id: any subset. A draft takes everything; a published survey only title, intro, closingText and
 * endsAt; questions are locked once anyone answered (409). `questions` replaces the whole list (ids keep questions).
 */
export const surveyUpdateInput = nonEmptyPatch(z.strictObject(surveyFields).partial());
export type SurveyUpdateInput = z.input<typeof surveyUpdateInput>;

/** PUT /surveys/:id/outcome: "Was wir daraus gemacht haben" (saved; published with POST …/outcome/publish). */
export const surveyOutcomeInput = z.strictObject({
  text: requiredText(SURVEY_LIMITS.text),
});
export type SurveyOutcomeInput = z.infer<typeof surveyOutcomeInput>;

/** POST /surveys/:id/announce: a draft message to the survey's audience on these channels. */
export const surveyAnnounceInput = z.strictObject({
  channels: campaignChannels,
});
export type SurveyAnnounceInput = z.infer<typeof surveyAnnounceInput>;
export const surveyAnnounced = z.object({ messageId: z.uuid() });

export const surveyListQuery = z.strictObject({
  /** The stored status. */
  status: z.enum(SURVEY_STATUSES).optional(),
  /** What it is now (draft, upcoming, open, ended). */
  state: z.enum(SURVEY_STATES).optional(),
  /** Search in the title. */
  q: searchText.optional(),
  ...cursorQuery,
});
export type SurveyListQuery = z.input<typeof surveyListQuery>;

export const surveyTextAnswersQuery = z.strictObject({
  /** Search in the answers (case-insensitive, part of a word is enough). */
  q: searchText.optional(),
  ...cursorQuery,
});
export type SurveyTextAnswersQuery = z.input<typeof surveyTextAnswersQuery>;

/**
 * What a resident submits (portal form or SMS reply): per question id one answer. `choices`: option keys (single,
 * multiple, yes_no as `yes`/`no`, ranking all keys in order); `number`: the rating; `text`: free text. The rules
 * (required, options exist, lengths, scale) are checked by the answering service.
 */
export const surveyAnswerInput = z.strictObject({
  choices: z.array(z.string().max(40)).max(SURVEY_LIMITS.options).optional(),
  number: z.number().int().optional(),
  text: z.string().max(SURVEY_LIMITS.text).optional(),
});
export type SurveyAnswerInput = z.infer<typeof surveyAnswerInput>;
export const surveyAnswersInput = z.strictObject({
  answers: z.record(z.uuid(), surveyAnswerInput),
});
export type SurveyAnswersInput = z.infer<typeof surveyAnswersInput>;

// ---------------------------------------------------------------------------------------------------------------
// Responses

export const surveyOption = z.object({ key: z.string(), label: z.string() });
export type SurveyOptionView = z.infer<typeof surveyOption>;

/** Which question it is: a question and its results both begin with these. */
const questionHeading = { position: z.number().int(), kind: z.enum(SURVEY_QUESTION_KINDS), title: z.string() };

export const surveyQuestion = z.object({
  id: z.uuid(),
  ...questionHeading,
  help: z.string(),
  required: z.boolean(),
  options: z.array(surveyOption),
  scaleMin: z.number().int().nullable(),
  scaleMax: z.number().int().nullable(),
  minLabel: z.string().nullable(),
  maxLabel: z.string().nullable(),
  maxLength: z.number().int().nullable(),
});
export type SurveyQuestion = z.infer<typeof surveyQuestion>;

export const surveySummary = z.object({
  id: z.uuid(),
  title: z.string(),
  status: z.enum(SURVEY_STATUSES),
  state: z.enum(SURVEY_STATES),
  access: z.enum(SURVEY_ACCESS),
  resultsVisibility: z.enum(SURVEY_RESULTS_VISIBILITY),
  anonymous: z.boolean(),
  smsReplies: z.boolean(),
  responseCount: z.number().int(),
  startsAt: timestamp.nullable(),
  endsAt: timestamp.nullable(),
  publishedAt: timestamp.nullable(),
  closedAt: timestamp.nullable(),
  ...timestamps,
});
export type SurveySummary = z.infer<typeof surveySummary>;

export const surveyList = cursorPageOf(surveySummary);
export type SurveyList = z.infer<typeof surveyList>;

export const surveyDetail = surveySummary.extend({
  intro: z.string(),
  closingText: z.string(),
  audience: messageAudienceInput,
  topic: z.string().nullable(),
  questions: z.array(surveyQuestion),
  /** True once anyone answered: questions can no longer change. */
  questionsLocked: z.boolean(),
  announcementId: z.uuid().nullable(),
  outcomeNote: z.string(),
  outcomePublishedAt: timestamp.nullable(),
  /** The resident page: `${publicUrl}/m/{slug}/surveys/{id}`. */
  portalUrl: z.string(),
});
export type SurveyDetail = z.infer<typeof surveyDetail>;

/** `share`: count divided by those who answered the question (0–1; a multiple choice's shares can add up past 1). */
export const surveyOptionResult = z.object({ key: z.string(), label: z.string(), count: z.number().int(), share: z.number() });
export type SurveyOptionResult = z.infer<typeof surveyOptionResult>;

export const surveyQuestionResult = z.object({
  questionId: z.uuid(),
  ...questionHeading,
  answered: z.number().int(),
  /** Responses that left this question out. */
  skipped: z.number().int(),
  /** single, multiple, yes_no: one row per option in the question's order (ranking: also filled, by first places). */
  options: z.array(surveyOptionResult),
  rating: z
    .object({
      min: z.number().int(),
      max: z.number().int(),
      distribution: z.array(z.object({ value: z.number().int(), count: z.number().int(), share: z.number() })),
      /** null when nobody answered. */
      mean: z.number().nullable(),
    })
    .nullable(),
  /** Best average place first (1 = first place). */
  ranking: z.array(z.object({ key: z.string(), label: z.string(), averagePosition: z.number().nullable(), firstPlaces: z.number().int() })).nullable(),
  text: z.object({ count: z.number().int() }).nullable(),
});
export type SurveyQuestionResult = z.infer<typeof surveyQuestionResult>;

export const surveyResults = z.object({
  surveyId: z.uuid(),
  title: z.string(),
  state: z.enum(SURVEY_STATES),
  responseCount: z.number().int(),
  questions: z.array(surveyQuestionResult),
});
export type SurveyResults = z.infer<typeof surveyResults>;

export const surveyTextAnswers = z.object({
  items: z.array(z.object({ text: z.string(), /** The day only (YYYY-MM-DD). */ submittedOn: z.string() })),
  nextCursor: z.string().nullable(),
});
export type SurveyTextAnswers = z.infer<typeof surveyTextAnswers>;

// Surveys and polls (issue 12): questions to residents with one voice per person. Anonymous surveys keep who took part
// (`survey_participants`, so nobody answers twice) apart from what was answered (`survey_responses` without a resident
// id and with no link to the participant row). Migration 0022.
import { sql } from 'drizzle-orm';
import { boolean, index, integer, jsonb, pgTable, primaryKey, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { SURVEY_ACCESS, SURVEY_QUESTION_KINDS, SURVEY_RESPONSE_CHANNELS, SURVEY_RESULTS_VISIBILITY, SURVEY_STATUSES } from '../../../../common/states.ts';
import { at, jsonList, oneOf, timestamps } from './columns.ts';
import { tenantId, tenantTable } from './tenant-table.ts';

/** Who a survey is for and announced to: the messages' audience (topics, streets, areas, tags; empty: all followers). */
export interface SurveyAudience {
  topics?: string[];
  areaIds?: string[];
  streetIds?: string[];
  tags?: string[];
}

export const surveys = tenantTable(
  'surveys',
  {
    title: text('title').notNull(),
    intro: text('intro').notNull().default(''),
    closingText: text('closing_text').notNull().default(''),
    status: text('status').notNull().default('draft'),
    access: text('access').notNull().default('residents'),
    resultsVisibility: text('results_visibility').notNull().default('after_end'),
    /** Answers stored without the resident id (still one per person through survey_participants). */
    anonymous: boolean('anonymous').notNull().default(false),
    /** A one-question poll residents may answer by SMS reply ("1", "2", …) to its announcement. */
    smsReplies: boolean('sms_replies').notNull().default(false),
    audience: jsonb('audience').$type<SurveyAudience>().notNull().default({}),
    topic: text('topic'),
    startsAt: at('starts_at'),
    endsAt: at('ends_at'),
    /** The message (campaign) that announced it: SMS replies are matched to its deliveries. */
    announcementId: uuid('announcement_id'),
    /** "Was wir daraus gemacht haben": published to participants and on the portal after the end. */
    outcomeNote: text('outcome_note').notNull().default(''),
    outcomePublishedAt: at('outcome_published_at'),
    responseCount: integer('response_count').notNull().default(0),
    createdBy: uuid('created_by'),
    ...timestamps(),
    publishedAt: at('published_at'),
    closedAt: at('closed_at'),
  },
  (t) => [
    index('surveys_status_idx').on(t.tenantId, t.status, t.endsAt),
    index('surveys_announcement_idx').on(t.tenantId, t.announcementId).where(sql`announcement_id is not null`),
    oneOf('surveys', t.status, SURVEY_STATUSES),
    oneOf('surveys', t.access, SURVEY_ACCESS),
    oneOf('surveys', t.resultsVisibility, SURVEY_RESULTS_VISIBILITY),
  ],
);

/** A choice of a single, multiple or ranking question: `key` is stable (answers refer to it), `label` what residents read. */
export interface SurveyOption {
  key: string;
  label: string;
}

export const surveyQuestions = tenantTable(
  'survey_questions',
  {
    surveyId: uuid('survey_id').notNull(),
    position: integer('position').notNull(),
    kind: text('kind').notNull(),
    title: text('title').notNull(),
    help: text('help').notNull().default(''),
    required: boolean('required').notNull().default(false),
    options: jsonList<SurveyOption>('options'),
    /** rating: the scale (e.g. 1–5) and its end labels. */
    scaleMin: integer('scale_min'),
    scaleMax: integer('scale_max'),
    minLabel: text('min_label'),
    maxLabel: text('max_label'),
    /** text: the longest answer accepted. */
    maxLength: integer('max_length'),
  },
  (t) => [index('survey_questions_survey_idx').on(t.tenantId, t.surveyId, t.position), oneOf('survey_questions', t.kind, SURVEY_QUESTION_KINDS)],
);

/**
 * Who took part: `voter_key` is `resident:<id>` for a resident (also in anonymous surveys: this row says that, never
 * what), `link:<sha256 of the browser's token>` for link polls. Unique per survey: the one voice per person.
 */
export const surveyParticipants = pgTable(
  'survey_participants',
  {
    tenantId: tenantId(),
    surveyId: uuid('survey_id').notNull(),
    voterKey: text('voter_key').notNull(),
    residentId: uuid('resident_id'),
    channel: text('channel').notNull(),
    participatedAt: at('participated_at').notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.surveyId, t.voterKey] }),
    index('survey_participants_resident_idx').on(t.tenantId, t.residentId).where(sql`resident_id is not null`),
    oneOf('survey_participants', t.channel, SURVEY_RESPONSE_CHANNELS),
  ],
);

/** One filled-in survey. `resident_id` is null in anonymous surveys and link polls; `submitted_on` is only the day there. */
export const surveyResponses = tenantTable(
  'survey_responses',
  {
    surveyId: uuid('survey_id').notNull(),
    residentId: uuid('resident_id'),
    channel: text('channel').notNull(),
    language: text('language').notNull().default('de'),
    submittedAt: at('submitted_at').notNull().defaultNow(),
  },
  (t) => [
    index('survey_responses_survey_idx').on(t.tenantId, t.surveyId, t.submittedAt),
    uniqueIndex('survey_responses_resident_uq').on(t.tenantId, t.surveyId, t.residentId).where(sql`resident_id is not null`),
    oneOf('survey_responses', t.channel, SURVEY_RESPONSE_CHANNELS),
  ],
);

/**
 * One answer to one question: `choices` holds option keys (single, multiple, yes_no as 'yes'/'no', ranking in the
 * order given), `number` the rating, `text` a free-text answer.
 */
export const surveyAnswers = pgTable(
  'survey_answers',
  {
    tenantId: tenantId(),
    responseId: uuid('response_id').notNull(),
    surveyId: uuid('survey_id').notNull(),
    questionId: uuid('question_id').notNull(),
    choices: jsonb('choices').$type<string[]>(),
    number: integer('number'),
    text: text('text'),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.responseId, t.questionId] }), index('survey_answers_question_idx').on(t.tenantId, t.surveyId, t.questionId)],
);

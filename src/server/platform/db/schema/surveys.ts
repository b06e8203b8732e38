// Surveys and polls (issue 12): questions to residents with one voice per person. Anonymous surveys keep who took part
// (`survey_participants`, so nobody answers twice) apart from what was answered (`survey_responses` without a resident
// id and with no link to the participant row). Migration 0022.
import { sql } from 'drizzle-orm';
import { boolean, index, integer, jsonb, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { SURVEY_ACCESS, SURVEY_QUESTION_KINDS, SURVEY_RESPONSE_CHANNELS, SURVEY_RESULTS_VISIBILITY, SURVEY_STATUSES } from '../../../../common/states.ts';
import { at, enumChecks, jsonList, timestamps } from './columns.ts';
import type { CampaignAudience } from './messages.ts';
import { tenantKeyedTable, tenantTable } from './tenant-table.ts';

export const surveys = tenantTable(
  'surveys',
  {
    title: text('title').notNull(),
    intro: text('intro').notNull().default(''),
    closingText: text('closing_text').notNull().default(''),
    status: text('status', { enum: SURVEY_STATUSES }).notNull().default('draft'),
    access: text('access', { enum: SURVEY_ACCESS }).notNull().default('residents'),
    resultsVisibility: text('results_visibility', { enum: SURVEY_RESULTS_VISIBILITY }).notNull().default('after_end'),
    /** Answers stored without the resident id (still one per person through survey_participants). */
    anonymous: boolean('anonymous').notNull().default(false),
    /** A one-question poll residents may answer by SMS reply ("1", "2", …) to its announcement. */
    smsReplies: boolean('sms_replies').notNull().default(false),
    /** Who a survey is for and announced to: a message's audience (empty: all followers). */
    audience: jsonb('audience').$type<CampaignAudience>().notNull().default({}),
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
    ...enumChecks('surveys', t.status, t.access, t.resultsVisibility),
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
    kind: text('kind', { enum: SURVEY_QUESTION_KINDS }).notNull(),
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
  (t) => [index('survey_questions_survey_idx').on(t.tenantId, t.surveyId, t.position), ...enumChecks('survey_questions', t.kind)],
);

/**
 * Who took part: `voter_key` is `resident:<id>` for a resident (also in anonymous surveys: this row says that, never
 * what), `link:<sha256 of the browser's token>` for link polls. Unique per survey: the one voice per person.
 */
export const surveyParticipants = tenantKeyedTable(
  'survey_participants',
  {
    surveyId: uuid('survey_id').notNull(),
    voterKey: text('voter_key').notNull(),
    residentId: uuid('resident_id'),
    channel: text('channel', { enum: SURVEY_RESPONSE_CHANNELS }).notNull(),
    participatedAt: at('participated_at').notNull().defaultNow(),
  },
  (t) => [t.surveyId, t.voterKey],
  (t) => [
    index('survey_participants_resident_idx').on(t.tenantId, t.residentId).where(sql`resident_id is not null`),
    ...enumChecks('survey_participants', t.channel),
  ],
);

/** One filled-in survey. `resident_id` is null in anonymous surveys and link polls; `submitted_on` is only the day there. */
export const surveyResponses = tenantTable(
  'survey_responses',
  {
    surveyId: uuid('survey_id').notNull(),
    residentId: uuid('resident_id'),
    channel: text('channel', { enum: SURVEY_RESPONSE_CHANNELS }).notNull(),
    language: text('language').notNull().default('de'),
    submittedAt: at('submitted_at').notNull().defaultNow(),
  },
  (t) => [
    index('survey_responses_survey_idx').on(t.tenantId, t.surveyId, t.submittedAt),
    uniqueIndex('survey_responses_resident_uq').on(t.tenantId, t.surveyId, t.residentId).where(sql`resident_id is not null`),
    ...enumChecks('survey_responses', t.channel),
  ],
);

/**
 * One answer to one question: `choices` holds option keys (single, multiple, yes_no as 'yes'/'no', ranking in the
 * order given), `number` the rating, `text` a free-text answer.
 */
export const surveyAnswers = tenantKeyedTable(
  'survey_answers',
  {
    responseId: uuid('response_id').notNull(),
    surveyId: uuid('survey_id').notNull(),
    questionId: uuid('question_id').notNull(),
    choices: jsonb('choices').$type<string[]>(),
    number: integer('number'),
    text: text('text'),
  },
  (t) => [t.responseId, t.questionId],
  (t) => [index('survey_answers_question_idx').on(t.tenantId, t.surveyId, t.questionId)],
);

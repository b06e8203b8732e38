// Staff API of surveys (inside the tenant scope): the list, one survey, writing and deleting drafts, publishing and
// closing, results, free-text answers with search, the CSV export, the outcome note and the announcement message.
import { create as attachment } from 'content-disposition';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { noContent } from '../../../common/contracts/common.ts';
import * as c from '../../../common/contracts/surveys.ts';
import { actorOf, type AppDeps } from '../../platform/context.ts';
import { asBody, declareTenantRoutes, route } from '../../platform/tenant-routes.ts';
import { announceSurvey } from './surveys.announce.ts';
import { surveyCsv } from './surveys.csv.ts';
import { publishOutcome, saveOutcome } from './surveys.outcome.ts';
import { surveyResults, textAnswers } from './surveys.results.ts';
import * as service from './surveys.service.ts';

const params = z.object({ tenant: z.string().max(64) });
const id = params.extend({ id: z.uuid('must be a survey id') });
const questionParams = id.extend({ questionId: z.uuid('must be a question id') });
const csv = {
  description: 'Responses as CSV (semicolon-separated, UTF-8 with BOM; one row per response; no resident in anonymous surveys)',
  content: { 'text/csv': { schema: z.string() } },
};

/** A file name from the title: letters, digits and dashes. */
const fileName = (title: string) =>
  title
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 60) || 'umfrage';

export async function surveyRoutes(app: FastifyInstance, deps: AppDeps) {
  const [read, write] = ['surveys.read', 'surveys.write'] as const;
  const rows = [
    route(
      'GET /surveys',
      read,
      { summary: 'Surveys, newest first, in pages; filter by status, state or title', params, querystring: c.surveyListQuery, response: { 200: c.surveyList } },
      async (req) => service.listSurveys(deps, req.tenant, req.query),
    ),
    route('POST /surveys', write, { summary: 'A new survey (a draft)', params, body: c.surveyCreateInput, response: { 201: c.surveyDetail } }, async (req) =>
      asBody(() => service.createSurvey(deps, req.tenant, actorOf(req), req.body)),
    ),
    route('GET /surveys/:id', read, { summary: 'One survey with its questions', params: id, response: { 200: c.surveyDetail } }, async (req) =>
      service.getSurvey(deps, req.tenant, req.params.id),
    ),
    route(
      'PATCH /surveys/:id',
      write,
      {
        summary: 'Change a survey: a draft entirely; a published one only title, intro, closing text and end; questions are locked once anyone answered',
        params: id,
        body: c.surveyUpdateInput,
        response: { 200: c.surveyDetail },
      },
      async (req) => asBody(() => service.updateSurvey(deps, req.tenant, actorOf(req), req.params.id, req.body)),
    ),
    route('DELETE /surveys/:id', write, { summary: 'Delete a draft', params: id, response: { 204: noContent } }, async (req) =>
      service.deleteSurvey(deps, req.tenant, actorOf(req), req.params.id),
    ),
    route(
      'POST /surveys/:id/publish',
      write,
      { summary: 'Publish a draft (at least one question; an SMS poll has one short question)', params: id, response: { 200: c.surveyDetail } },
      async (req) => asBody(() => service.publishSurvey(deps, req.tenant, actorOf(req), req.params.id)),
    ),
    route('POST /surveys/:id/close', write, { summary: 'End a published survey now', params: id, response: { 200: c.surveyDetail } }, async (req) =>
      service.closeSurvey(deps, req.tenant, actorOf(req), req.params.id),
    ),
    route('GET /surveys/:id/results', read, { summary: 'Results per question', params: id, response: { 200: c.surveyResults } }, async (req) =>
      surveyResults(deps, req.tenant.id, req.params.id),
    ),
    route(
      'GET /surveys/:id/questions/:questionId/answers',
      read,
      {
        summary: 'Free-text answers to a question, newest first, with search',
        params: questionParams,
        querystring: c.surveyTextAnswersQuery,
        response: { 200: c.surveyTextAnswers },
      },
      async (req) => textAnswers(deps, req.tenant.id, req.params.id, req.params.questionId, req.query),
    ),
    route(
      'GET /surveys/:id/export.csv',
      write,
      { summary: 'CSV export of the responses (audited)', params: id, response: { 200: csv } },
      async (req, reply) => {
        const { csv: body, title } = await surveyCsv(deps, req.tenant, actorOf(req), req.params.id);
        return reply
          .type('text/csv; charset=utf-8')
          .header('content-disposition', attachment(`umfrage-${fileName(title)}-${new Date().toISOString().slice(0, 10)}.csv`))
          .header('cache-control', 'private, no-store')
          .send(body);
      },
    ),
    route(
      'PUT /surveys/:id/outcome',
      write,
      { summary: 'Save the outcome note ("Was wir daraus gemacht haben")', params: id, body: c.surveyOutcomeInput, response: { 200: c.surveyDetail } },
      async (req) => saveOutcome(deps, req.tenant, actorOf(req), req.params.id, req.body.text),
    ),
    route(
      'POST /surveys/:id/outcome/publish',
      write,
      { summary: 'Publish the outcome note after the end; residents who took part get a message', params: id, response: { 200: c.surveyDetail } },
      async (req) => asBody(() => publishOutcome(deps, req.tenant, actorOf(req), req.params.id)),
    ),
    route(
      'POST /surveys/:id/announce',
      write,
      {
        summary: 'A draft message to the survey’s audience that links it (approve and send it as any message)',
        params: id,
        body: c.surveyAnnounceInput,
        response: { 201: c.surveyAnnounced },
      },
      async (req) => asBody(() => announceSurvey(deps, req.tenant, { ...actorOf(req), name: req.staff?.user.name ?? null }, req.params.id, req.body)),
    ),
  ];
  declareTenantRoutes(app, ['surveys'], rows);
}

// The resident portal's survey pages under /m/{tenant}/surveys: the list, a survey with its form (a plain form post,
// same-origin only, limited per address range like the report form), the thank-you page and the public results.
// Residents-only surveys take signed-in followers; link polls a random token in an httpOnly cookie. Nothing a
// resident sends ends in a 500: refusals are pages that say why.
import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { randomToken } from '../../platform/auth/crypto.ts';
import type { AppDeps } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { keyedLimit } from '../../platform/rate-limit.ts';
import { sendPortalNotFound, sendUncachedPage as page, type TextKey } from '../portal/index.ts';
import { isSameOrigin, withinPortalLimits } from '../residents/index.ts';
import { pollToken, type SurveyPageCtx, type SurveyReq, setPollToken, surveyContextOf, surveysHref } from './portal.context.ts';
import { endedPublicSurveys, openSurveys, resultsVisible } from './portal.data.ts';
import { answersOf, errorsOf, type FormErrors, type FormValues, readSurveyForm } from './portal.form.ts';
import { type DetailState, surveyDetailPage, surveyListPage, thanksPage } from './portal.render.ts';
import { resultsHiddenPage, resultsPage } from './portal.results.render.ts';
import {
  hasParticipated,
  loadQuestions,
  loadSurvey,
  type QuestionRow,
  refusalOf,
  type SurveyRow,
  submitResponse,
  surveyPhase,
  type Voter,
} from './responses.service.ts';
import { surveyResults } from './surveys.results.ts';

export { openSurveys };

/** Survey answers per hour from one address range (/24, /48): a household or an office shares one. */
export const SURVEY_FORM_LIMITS = { perRangePerHour: 30 } as const;

const query = z.looseObject({ lang: z.unknown().optional() });

export async function surveyPortalRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  const perRange = keyedLimit(app, { name: 'survey-form:range', max: SURVEY_FORM_LIMITS.perRangePerHour, timeWindow: 3600_000 });
  const schema = { hide: true, querystring: query };

  /** The survey residents may see (published or closed), with its context; null: a 404. */
  async function surveyOf(req: SurveyReq): Promise<{ c: SurveyPageCtx; s: SurveyRow; questions: QuestionRow[] } | null> {
    const c = await surveyContextOf(deps, req);
    if (!c) return null;
    const found = await deps.db.withTenant(c.tenant.id, async (tx) => {
      const s = await loadSurvey(tx, req.params.id ?? '');
      return s && s.status !== 'draft' ? { s, questions: await loadQuestions(tx, s.id) } : null;
    });
    return found ? { c, ...found } : null;
  }

  /** Who would answer from this request: the follower, or the browser's token on a link poll; null: nobody yet. */
  const voterOf = (c: SurveyPageCtx, s: SurveyRow, req: SurveyReq): Voter | null => {
    if (s.access === 'link') {
      const token = pollToken(req);
      return token ? { kind: 'link', token } : null;
    }
    return c.residentId ? { kind: 'resident', residentId: c.residentId } : null;
  };

  async function stateOf(c: SurveyPageCtx, s: SurveyRow, voter: Voter | null): Promise<DetailState> {
    const phase = surveyPhase(s);
    if (phase === 'upcoming') return { kind: 'upcoming' };
    if (phase === 'ended') return { kind: 'ended' };
    if (voter && (await deps.db.withTenant(c.tenant.id, (tx) => hasParticipated(tx, s.id, voter)))) return { kind: 'participated' };
    if (s.access === 'residents' && !c.residentId) return { kind: c.signedIn ? 'follow' : 'sign-in' };
    return { kind: 'form', values: {}, errors: {} };
  }

  app.get('/m/:tenant/surveys', { schema }, async (request, reply) => {
    const c = await surveyContextOf(deps, request as SurveyReq);
    if (!c) return sendPortalNotFound(request, reply);
    const [open, ended] = await Promise.all([openSurveys(deps, c.tenant.id, 50), endedPublicSurveys(deps, c.tenant.id, 20)]);
    return page(reply, 200, surveyListPage(c, open, ended));
  });

  app.get('/m/:tenant/surveys/:id', { schema }, async (request, reply) => {
    const req = request as SurveyReq;
    const found = await surveyOf(req);
    if (!found) return sendPortalNotFound(req, reply);
    const { c, s, questions } = found;
    return page(reply, 200, surveyDetailPage(c, s, questions, await stateOf(c, s, voterOf(c, s, req))));
  });

  app.post('/m/:tenant/surveys/:id', { schema }, async (request, reply) => {
    const req = request as SurveyReq;
    const found = await surveyOf(req);
    if (!found) return sendPortalNotFound(req, reply);
    const { c, s, questions } = found;
    const show = (code: number, state: DetailState) => page(reply, code, surveyDetailPage(c, s, questions, state));
    const form = (code: number, values: FormValues, errors: FormErrors = {}, notice?: TextKey) => show(code, { kind: 'form', values, errors, notice });
    if (!isSameOrigin(deps, req)) return form(403, {}, {}, 'surveys.errForbidden');
    const values = readSurveyForm((req.body ?? {}) as Record<string, unknown>, questions);
    if (!values) return form(400, {}, {}, 'surveys.errInvalidForm');
    let voter = voterOf(c, s, req);
    if (!voter && s.access === 'link') {
      const token = randomToken();
      setPollToken(deps, reply, c.tenant.slug, token);
      voter = { kind: 'link', token };
    }
    if (!voter) return show(403, await stateOf(c, s, null));
    if (!(await withinPortalLimits(req, reply, perRange))) return form(429, values, {}, 'surveys.errLimited');
    try {
      await submitResponse(deps, c.tenant, s.id, voter, answersOf(values, questions), 'portal', { language: c.lang });
    } catch (err) {
      return refused(err, reply, c, s, values, show, form);
    }
    return reply.redirect(surveysHref(c, `surveys/${s.id}/thanks`), 303);
  });

  async function refused(
    err: unknown,
    reply: FastifyReply,
    c: SurveyPageCtx,
    s: SurveyRow,
    values: FormValues,
    show: (code: number, state: DetailState) => unknown,
    form: (code: number, values: FormValues, errors?: FormErrors) => unknown,
  ) {
    if (err instanceof AppError && err.code === 'validation_failed') return form(400, values, errorsOf(err.errors));
    const reason = refusalOf(err);
    if (reason === 'already_participated') return show(409, { kind: 'participated' });
    if (reason === 'ended' || reason === 'not_published') return show(409, { kind: 'ended' });
    if (reason === 'not_started') return show(409, { kind: 'upcoming' });
    if (reason === 'residents_only') return show(403, { kind: c.signedIn ? 'follow' : 'sign-in' });
    if (err instanceof AppError && err.status < 500) return page(reply, err.status, surveyDetailPage(c, s, [], { kind: 'ended' }));
    throw err;
  }

  app.get('/m/:tenant/surveys/:id/thanks', { schema }, async (request, reply) => {
    const found = await surveyOf(request as SurveyReq);
    if (!found) return sendPortalNotFound(request, reply);
    return page(reply, 200, thanksPage(found.c, found.s));
  });

  app.get('/m/:tenant/surveys/:id/results', { schema }, async (request, reply) => {
    const found = await surveyOf(request as SurveyReq);
    if (!found) return sendPortalNotFound(request, reply);
    const { c, s } = found;
    // hidden results are a 404, unless the page carries the published outcome note
    if (!resultsVisible(s)) return page(reply, s.outcomePublishedAt ? 200 : 404, resultsHiddenPage(c, s));
    return page(reply, 200, resultsPage(c, s, await surveyResults(deps, c.tenant.id, s.id)));
  });
}

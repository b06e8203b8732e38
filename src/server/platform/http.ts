// Fastify platform pieces: request ids, one error handler (RFC 9457 problem+json), not-found, HTTP metrics.
import { randomUUID } from 'node:crypto';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { Histogram, type Registry } from 'prom-client';
import { fieldErrorOfIssue } from '../../common/field-errors.ts';
import { AppError, type FieldError } from './errors.ts';

export const genReqId = (req: { headers: Record<string, string | string[] | undefined> }) => {
  const given = req.headers['x-request-id'];
  return typeof given === 'string' && /^[\w.-]{8,64}$/.test(given) ? given : randomUUID();
};

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  instance?: string;
  requestId: string;
  errors?: FieldError[];
  [k: string]: unknown;
}

const titles: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  423: 'Locked',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

/** The value a JSON pointer path (`/a/0/b`) names inside a request part; undefined when any step is missing. */
function valueAt(root: unknown, path: string): unknown {
  let node = root;
  for (const step of path.split('/').slice(1)) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[step.replaceAll('~1', '/').replaceAll('~0', '~')];
  }
  return node;
}

export function toProblem(err: unknown, req: FastifyRequest): Problem {
  const base = (status: number, code: string, detail: string, errors?: FieldError[], extra: Record<string, unknown> = {}): Problem => ({
    type: `https://civicast.org/problems/${code}`,
    title: titles[status] ?? 'Error',
    status,
    detail,
    code,
    instance: req.url.split('?')[0],
    requestId: String(req.id),
    ...(errors && errors.length ? { errors } : {}),
    ...extra,
  });
  if (err instanceof AppError) return base(err.status, err.code, err.detail, err.errors.map((e) => ({ ...e, code: e.code ?? 'invalid' })), err.extra);
  if (hasZodFastifySchemaValidationErrors(err)) {
    const where = (err as unknown as { validationContext?: string }).validationContext ?? 'body';
    const input = (req as unknown as Record<string, unknown>)[where];
    const errors = err.validation.map((v): FieldError => {
      const path = v.instancePath === '/' ? '' : v.instancePath;
      const { code, params } = fieldErrorOfIssue(v.keyword, v.params as Record<string, unknown>, valueAt(input, path) !== undefined);
      return { pointer: `/${where}${path}`, detail: v.message ?? 'is invalid', code, params: { ...params } };
    });
    return base(400, 'validation_failed', `The request has ${errors.length} invalid field(s); see errors.`, errors);
  }
  if (isResponseSerializationError(err)) return base(500, 'internal', 'The server could not complete the request.');
  const fe = err as FastifyError;
  switch (fe.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return base(400, 'invalid_json', 'The request body is not valid JSON. Send a JSON object with Content-Type: application/json.');
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return base(413, 'payload_too_large', 'The request body is too large.');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return base(415, 'unsupported_media_type', 'This content type is not accepted here; send application/json.');
  }
  if (fe.statusCode && fe.statusCode >= 400 && fe.statusCode < 500) {
    if (err instanceof SyntaxError) return base(400, 'invalid_json', 'The request body is not valid JSON.');
    return base(fe.statusCode, fe.statusCode === 404 ? 'not_found' : 'bad_request', fe.message);
  }
  return base(500, 'internal', 'The server could not complete the request. The request id helps the operator find out why.');
}

export function sendProblem(reply: FastifyReply, problem: Problem) {
  return reply.status(problem.status).type('application/problem+json; charset=utf-8').send(problem);
}

export function registerHttpPlatform(app: FastifyInstance, registry: Registry) {
  const duration = new Histogram({
    name: 'civicast_http_request_duration_seconds',
    help: 'HTTP request duration by route and status',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });
  app.addHook('onRequest', async (req, reply) => {
    reply.header('x-request-id', req.id);
  });
  app.addHook('onResponse', async (req, reply) => {
    duration.observe({ method: req.method, route: req.routeOptions.url ?? 'unknown', status: String(reply.statusCode) }, reply.elapsedTime / 1000);
  });
  app.setErrorHandler((err, req, reply) => {
    const problem = toProblem(err, req);
    if (problem.status >= 500) req.log.error({ err }, 'request failed');
    else req.log.info({ code: problem.code, status: problem.status }, 'request refused');
    return sendProblem(reply, problem);
  });
}

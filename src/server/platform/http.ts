// Fastify platform pieces: request ids, one error handler (RFC 9457 problem+json), not-found, HTTP metrics, and the
// rules every request passes before any route sees it (no NUL characters, bad URLs and oversized headers answered).
import { randomUUID } from 'node:crypto';
import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import { type FastifyError, type FastifyInstance, type FastifyReply, type FastifyRequest, LogController } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { Histogram, type Registry } from 'prom-client';
import { fieldErrorOfIssue } from '../../common/field-errors.ts';
import { AppError, type FieldError, invalid } from './errors.ts';

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
  408: 'Request Timeout',
  409: 'Conflict',
  413: 'Payload Too Large',
  414: 'URI Too Long',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  423: 'Locked',
  429: 'Too Many Requests',
  431: 'Request Header Fields Too Large',
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
    ...(errors?.length ? { errors } : {}),
    ...extra,
  });
  if (err instanceof AppError)
    return base(
      err.status,
      err.code,
      err.detail,
      err.errors.map((e) => ({ ...e, code: e.code ?? 'invalid' })),
      err.extra,
    );
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
    case 'FST_ERR_BAD_URL':
      return base(400, 'bad_request', 'The address is not valid: a % sign must start an encoded byte such as %20.');
    case 'FST_ERR_MAX_PARAM_LENGTH':
      return base(414, 'uri_too_long', 'A part of the address is too long.');
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

/** Answers a problem as a page instead (resident pages in a browser); returns undefined when JSON is right. */
export type ProblemPage = (req: FastifyRequest, reply: FastifyReply, problem: Problem) => FastifyReply | undefined;

/** Whether a request comes from a browser that navigates (HTML first), not from a script or an API client. */
export const acceptsHtml = (req: FastifyRequest) => /\btext\/html\b/i.test(String(req.headers.accept ?? ''));

const NUL = '\u0000';
// a lone UTF-16 surrogate cannot be written as UTF-8, so PostgreSQL refuses the whole statement
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const unstorable = (text: string) => text.includes(NUL) || LONE_SURROGATE.test(text);
const pointerStep = (key: string) => key.replaceAll('~', '~0').replaceAll('/', '~1');

/** JSON pointers of every string (value or key) under `value` that holds U+0000 or a lone surrogate; PostgreSQL text cannot store either. */
export function nulPointers(value: unknown, pointer: string, found: string[] = [], depth = 0): string[] {
  if (found.length >= 20 || depth > 64) return found;
  if (typeof value === 'string') {
    if (unstorable(value)) found.push(pointer);
  } else if (Array.isArray(value)) {
    for (const [i, v] of value.entries()) nulPointers(v, `${pointer}/${i}`, found, depth + 1);
  } else if (value !== null && typeof value === 'object' && !Buffer.isBuffer(value)) {
    for (const [k, v] of Object.entries(value)) {
      if (unstorable(k)) found.push(`${pointer}/${pointerStep(k)}`);
      else nulPointers(v, `${pointer}/${pointerStep(k)}`, found, depth + 1);
    }
  }
  return found;
}

function refuseNul(parts: [string, unknown][]) {
  const pointers = parts.flatMap(([name, value]) => nulPointers(value, `/${name}`));
  if (!pointers.length) return;
  throw new AppError(
    'validation_failed',
    'The request has invalid fields.',
    pointers.map((pointer) => ({ pointer, detail: 'must not contain the NUL character (U+0000) or a lone surrogate (broken Unicode)', code: 'nul_character' })),
  );
}

/** Fastify's `frameworkErrors`: a malformed percent-encoding or an overlong path part, answered like every error. */
export function frameworkErrorsHandler(page?: ProblemPage) {
  return (err: FastifyError, req: FastifyRequest, reply: FastifyReply) => {
    const problem = toProblem(err, req);
    req.log.info({ req, code: problem.code, status: problem.status }, 'request refused');
    return page?.(req, reply, problem) ?? sendProblem(reply, problem);
  };
}

/** Fastify's `clientErrorHandler`: the request never became one (headers too large, broken HTTP), so write to the socket. */
export function clientErrorHandler(this: { log: { debug: (o: object, m: string) => void } }, err: NodeJS.ErrnoException, socket: Socket) {
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  const [status, code, detail] =
    err.code === 'HPE_HEADER_OVERFLOW'
      ? [431, 'headers_too_large', 'The request headers are too large; send fewer or shorter cookies and headers.']
      : err.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? [408, 'request_timeout', 'The request took too long to arrive.']
        : [400, 'bad_request', 'The request is not valid HTTP.'];
  this.log.debug({ code: err.code }, 'client error');
  if (socket.writable) {
    const body = JSON.stringify({ type: `https://civicast.org/problems/${code}`, title: titles[status], status, detail, code, requestId: randomUUID() });
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/problem+json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy();
}

/** A request slower than this is logged at info, whatever its status. */
const SLOW_REQUEST_MS = 1000;

/**
 * Fastify's own request lines (two per request at info) cost a cheap request about half its CPU. One line per request
 * instead, at debug; at info only when slow (refusals and failures have lines of their own in the error handler).
 */
export class RequestLogController extends LogController {
  override incomingRequest(): void {}

  override requestCompleted(error: Error | null | undefined, req: FastifyRequest, reply: FastifyReply): void {
    const ms = reply.elapsedTime;
    if (error) req.log.error({ req, status: reply.statusCode, ms: Math.round(ms), err: error }, 'request errored');
    else if (ms >= SLOW_REQUEST_MS) req.log.info({ req, status: reply.statusCode, ms: Math.round(ms) }, 'slow request');
    else req.log.debug({ req, status: reply.statusCode, ms: Math.round(ms * 10) / 10 }, 'request completed');
  }
}

export function registerHttpPlatform(app: FastifyInstance, registry: Registry, page?: ProblemPage) {
  const duration = new Histogram({
    name: 'civicast_http_request_duration_seconds',
    help: 'HTTP request duration by route and status',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });
  app.addHook('onRequest', async (req, reply) => {
    reply.header('x-request-id', req.id);
    // before any route's own onRequest (sign-in, tenant look-up) hands a path or query value to the database
    refuseNul([
      ['params', req.params],
      ['query', req.query],
    ]);
  });
  app.addHook('preValidation', async (req) => {
    // JSON strings, form fields and CSV text alike; binary bodies (Buffer) are not text
    refuseNul([['body', req.body]]);
    // an empty PATCH would reach the database as an UPDATE without columns
    const body = req.body;
    if (
      req.method === 'PATCH' &&
      (body === undefined || body === null || (typeof body === 'object' && !Array.isArray(body) && !Buffer.isBuffer(body) && !Object.keys(body).length))
    ) {
      throw invalid('/body', 'names nothing to change: send at least one field', 'nothing_to_change');
    }
  });
  app.addHook('onResponse', async (req, reply) => {
    duration.observe({ method: req.method, route: req.routeOptions.url ?? 'unknown', status: String(reply.statusCode) }, reply.elapsedTime / 1000);
  });
  app.setErrorHandler((err, req, reply) => {
    const problem = toProblem(err, req);
    if (problem.status >= 500) req.log.error({ req, err }, 'request failed');
    else req.log.info({ req, code: problem.code, status: problem.status }, 'request refused');
    return page?.(req, reply, problem) ?? sendProblem(reply, problem);
  });
}

// One pino logger for the process; JSON lines on stdout, request ids added by Fastify. Logs hold no personal data:
// a request is logged by its route, never by the URL as sent, and errors lose the values a failed query carried.
import pino, { type DestinationStream } from 'pino';

interface LoggedRequest {
  method?: string;
  url?: string;
  host?: string;
  ip?: string;
  routeOptions?: { url?: string };
}

/**
 * What a log line may say about a request's address: the route's template (`/api/v1/tenants/:tenant/residents`), so
 * neither a query string (`?q=` with a phone number or an e-mail address) nor a path value (an invitation token) is
 * written. Redacting by route needs no list of dangerous parameter names that a new route could miss.
 */
export function loggedRoute(req: LoggedRequest): string {
  const template = req.routeOptions?.url;
  if (template) return template;
  // no route matched (404, a bad URL): only the first segment, which names the area (/api, /m, /admin)
  const first = /^\/[^/?#]*/.exec(req.url ?? '')?.[0] ?? '';
  return `${first}/… (no route)`;
}

// fields of database errors that carry the values of a failed statement (phone numbers, addresses, names)
const VALUE_FIELDS = new Set(['params', 'parameters', 'detail', 'where', 'internalQuery', 'values']);
const withoutParams = (text: unknown) => (typeof text === 'string' ? text.replace(/\nparams: [\s\S]*?(?=\n {4}at |$)/, '\nparams: [not logged]') : text);

/** pino's error serializer, minus the values a query carried (Drizzle puts them into the message, pg into `detail`). */
function serializeError(err: unknown, depth = 0): unknown {
  if (!(err instanceof Error)) return err;
  const out = pino.stdSerializers.err(err) as unknown as Record<string, unknown>;
  for (const key of Object.keys(out)) if (VALUE_FIELDS.has(key)) delete out[key];
  out.message = withoutParams(out.message);
  out.stack = withoutParams(out.stack);
  if (depth < 3 && err.cause instanceof Error) out.cause = serializeError(err.cause, depth + 1);
  return out;
}

export function createLogger(level: string, destination?: DestinationStream) {
  const options: pino.LoggerOptions = {
    level,
    base: { service: 'civicast' },
    // Explicit paths: a wildcard (`*.password`) makes pino walk every object of every line. Nothing logs these fields
    // today (requests go through the serializer below, which writes no header and no body); the paths guard a mistake.
    redact: { paths: ['password', 'token', 'secret', 'body.password', 'body.token', 'req.headers.cookie', 'req.headers.authorization'], remove: true },
    // Fastify takes these over its own: the route instead of the URL
    serializers: {
      req: (req: LoggedRequest) => ({ method: req.method, route: loggedRoute(req), host: req.host, remoteAddress: req.ip }),
      err: serializeError,
    },
  };
  return destination ? pino(options, destination) : pino(options);
}
export type Logger = ReturnType<typeof createLogger>;

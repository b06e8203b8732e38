// One pino logger for the process; JSON lines on stdout, request ids added by Fastify.
import pino, { type DestinationStream } from 'pino';

/** Link tokens travel in query strings (e-mail links, unsubscribe, invitations); logs keep the parameter, not its value. */
export const redactQuery = (url: string) => url.replace(/([?&](?:token|t)=)[^&#]*/g, '$1[redacted]');

interface LoggedRequest {
  method?: string;
  url?: string;
  host?: string;
  ip?: string;
  socket?: { remotePort?: number };
}

export function createLogger(level: string, destination?: DestinationStream) {
  const options: pino.LoggerOptions = {
    level,
    base: { service: 'civicast' },
    redact: { paths: ['req.headers.cookie', 'req.headers.authorization', '*.password', '*.token'], remove: true },
    // Fastify takes these over its own; same fields, with tokens in the URL redacted
    serializers: {
      req: (req: LoggedRequest) => ({ method: req.method, url: req.url && redactQuery(req.url), host: req.host, remoteAddress: req.ip, remotePort: req.socket?.remotePort }),
    },
  };
  return destination ? pino(options, destination) : pino(options);
}
export type Logger = ReturnType<typeof createLogger>;

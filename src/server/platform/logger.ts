// One pino logger for the process; JSON lines on stdout, request ids added by Fastify.
import pino from 'pino';

export function createLogger(level: string) {
  return pino({
    level,
    base: { service: 'civicast' },
    redact: { paths: ['req.headers.cookie', 'req.headers.authorization', '*.password', '*.token'], remove: true },
  });
}
export type Logger = ReturnType<typeof createLogger>;

// Who may read /metrics: with CIVICAST_METRICS_TOKEN, whoever sends it as a bearer token; without it, only a scraper on
// this machine. Metrics name routes, tenants' traffic and queue sizes: not for the public internet.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../platform/errors.ts';

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);
const digest = (value: string) => createHash('sha256').update(value).digest();

/** Compares digests, so neither the time taken nor an early length check tells how much of the token was right. */
export const tokenMatches = (given: string, expected: string) => timingSafeEqual(digest(given), digest(expected));

export function metricsAccess(token: string | undefined) {
  return async (req: FastifyRequest, reply: FastifyReply) => {
    if (token) {
      const m = /^Bearer\s+(\S+)\s*$/i.exec(String(req.headers.authorization ?? ''));
      if (m && tokenMatches(m[1], token)) return;
      reply.header('www-authenticate', 'Bearer realm="metrics"');
      throw new AppError('unauthenticated', 'Send the metrics token as Authorization: Bearer <CIVICAST_METRICS_TOKEN>.');
    }
    // a reverse proxy on this machine connects from loopback too; what it forwards carries one of these headers
    const forwarded = req.headers['x-forwarded-for'] !== undefined || req.headers.forwarded !== undefined;
    if (LOOPBACK.has(req.socket.remoteAddress ?? '') && !forwarded) return;
    throw new AppError('forbidden', 'Metrics are served to this machine only. Set CIVICAST_METRICS_TOKEN to scrape them from elsewhere.');
  };
}

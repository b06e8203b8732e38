// Limits on what the portal sends on request (SMS codes, sign-in links), counted by @fastify/rate-limit in the store all
// processes share (platform/rate-limit.ts): per address range and per number or e-mail address, before anything is
// looked up or sent. Every request counts, known or not, so a refusal tells nothing about who is registered.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppDeps } from '../../../platform/context.ts';
import { AppError } from '../../../platform/errors.ts';
import { acceptsHtml } from '../../../platform/http.ts';
import { keyedLimit, type LimitCheck, limitRefusal } from '../../../platform/rate-limit.ts';
import { ADDRESS_LIMIT_NAME, addressLimitKey, LINK_LIMITS } from '../email-link.service.ts';
import { ipPrefix, lookupHash } from '../residents.crypto.ts';
import { ipLimit, LIMITS, NUMBER_LIMIT_NAME, numberLimitKey, verifiedNumbersFrom } from '../verification.service.ts';

const HOUR = 3600_000;
const OK: LimitCheck = { allowed: true };

export function portalSendLimits(app: FastifyInstance, deps: AppDeps) {
  const perNumber = keyedLimit(app, { name: NUMBER_LIMIT_NAME, max: LIMITS.perNumberPerHour, timeWindow: HOUR });
  // the range earns one more an hour for every number verified from there (a sign-up table, not a script)
  const perRange = keyedLimit(app, {
    name: 'resident-code:range',
    max: async (prefix) => ipLimit(await verifiedNumbersFrom(deps, prefix)),
    timeWindow: HOUR,
  });
  const perEmail = keyedLimit(app, { name: ADDRESS_LIMIT_NAME, max: LINK_LIMITS.perAddressPerHour, timeWindow: HOUR });
  const perEmailRange = keyedLimit(app, { name: 'resident-link:range', max: LINK_LIMITS.perIpPerHour, timeWindow: HOUR });

  return {
    /**
     * A code SMS to this (valid, E.164) number. An open sign-up station lifts the limit per range, not per number; its
     * codes still count for the range, so another device there does not get the station's room.
     */
    async code(req: FastifyRequest, e164: string, opts: { station: boolean }): Promise<LimitCheck> {
      const prefix = ipPrefix(req.ip);
      const range = prefix ? await perRange(req, prefix) : OK;
      if (!range.allowed && !opts.station) return range;
      return perNumber(req, numberLimitKey(lookupHash(deps.config.secretKey, 'phone', e164)));
    },
    /** A sign-in link to this address. */
    async link(req: FastifyRequest, email: string): Promise<LimitCheck> {
      const prefix = ipPrefix(req.ip);
      const range = prefix ? await perEmailRange(req, prefix) : OK;
      if (!range.allowed) return range;
      return perEmail(req, addressLimitKey(lookupHash(deps.config.secretKey, 'email', email)));
    },
  };
}

/**
 * A refused request, with Retry-After when the limit knows when: a form page with the error for a browser (or any
 * client that does not ask for JSON), problem+json `rate_limited` for a client that asks for JSON.
 */
export function sendLimited(req: FastifyRequest, reply: FastifyReply, page: string, retryAfterSeconds?: number) {
  if (retryAfterSeconds) reply.header('retry-after', String(retryAfterSeconds));
  const accept = String(req.headers.accept ?? '');
  if (/\bjson\b/i.test(accept) && !acceptsHtml(req)) {
    const detail = 'Too many requests from this address or for this number. Try again later.';
    throw retryAfterSeconds ? limitRefusal(retryAfterSeconds, detail) : new AppError('rate_limited', detail);
  }
  return reply.code(429).send(page);
}

// What the Open311 routes share: the path prefix, flood limits, the helpers every handler gets (municipality by
// jurisdiction_id, format, answer), the refusal helper and the declared responses.
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import type { TenantRow } from '../../platform/tenancy.ts';
import { AppError } from '../../platform/errors.ts';
import { type Open311Format, open311ErrorsSchema } from './open311.format.ts';

export const OPEN311_PREFIX = '/open311/v2';

/**
 * Floods: posts per address and per API key in the shared store (an integrator posts for many people from one server);
 * reads per address are counted in each process, as many as CIVICAST_OPEN311_READS_PER_MINUTE (default 1,200).
 */
export const OPEN311_LIMITS = {
  postsPerHourPerAddress: 300,
  postsPerHourPerKey: 1_000,
} as const;

/** What every Open311 handler shares: the municipality by slug (cached briefly), the format, the answer. */
export interface Open311Kit {
  /** The municipality `jurisdiction_id` names; 400 when missing, 404 when unknown. */
  tenantOf(jurisdiction: string | undefined): Promise<TenantRow>;
  formatOf(raw: string): Open311Format;
  send(reply: FastifyReply, format: Open311Format, root: string, value: unknown, status?: number): FastifyReply;
}

/** An Open311 refusal: the HTTP status and the error descriptions (each naming the field). */
export const open311Error = (status: 400 | 403 | 404, description: string) =>
  new AppError(status === 403 ? 'forbidden' : status === 404 ? 'not_found' : 'bad_request', description);

/** The response schemas of an Open311 route: JSON by its shape, XML as text, and the error document for refusals. */
export function open311Responses(json: z.ZodType) {
  const errors = { content: { 'application/json': { schema: open311ErrorsSchema }, 'text/xml': { schema: z.string() } } };
  return {
    200: {
      description: 'The document, in the format the extension names',
      content: { 'application/json': { schema: json }, 'text/xml': { schema: z.string() } },
    },
    400: { description: 'Invalid request (Open311 error document)', ...errors },
    403: { description: 'Missing or invalid api_key', ...errors },
    404: { description: 'Unknown jurisdiction, service, request or format', ...errors },
    429: { description: 'Too many requests', ...errors },
  };
}

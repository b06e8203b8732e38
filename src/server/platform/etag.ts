// Bodies served with a strong ETag (a hash of their bytes), answered with 304 when the client's copy is still good:
// the portal's pages and assets, the calendar files and the CAP documents.
import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';

/** A rendered response body with its strong ETag. */
export interface CachedBody {
  body: Buffer;
  etag: string;
}

export function toCachedBody(content: string | Buffer): CachedBody {
  const body = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
  return { body, etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 32)}"` };
}

/** True when an If-None-Match header is `*` or names this ETag (weak comparison, as RFC 9110 asks for GET). */
export function etagMatches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  for (const part of ifNoneMatch.split(',')) {
    const tag = part.trim();
    if (tag === '*' || tag === etag || (tag.startsWith('W/') && tag.slice(2) === etag)) return true;
  }
  return false;
}

/** Sends the body as `type` with its ETag and the given headers (cache-control among them), or 304 when it matches. */
export function sendWithEtag(req: FastifyRequest, reply: FastifyReply, body: CachedBody, type: string, headers: Record<string, string>) {
  reply.headers(headers).header('etag', body.etag);
  if (etagMatches(req.headers['if-none-match'], body.etag)) return reply.code(304).send();
  return reply.type(type).send(body.body);
}

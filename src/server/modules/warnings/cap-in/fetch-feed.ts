// Fetches a feed URL defensively: http(s) only, no redirect to another scheme, private and loopback addresses refused
// unless the operator allows them (checked on every resolved address, so DNS cannot point around it), a deadline for
// the whole exchange, and a size cap enforced while the body streams in. Conditional GET with ETag/Last-Modified.
import http from 'node:http';
import https from 'node:https';
import { guardedLookup, isPrivateLiteral } from '../../../platform/outbound.ts';
import { FeedError } from './cap-parse.ts';

export interface FetchLimits {
  timeoutMs: number;
  maxBytes: number;
  allowPrivate: boolean;
}

export const DEFAULT_FETCH_LIMITS: Omit<FetchLimits, 'allowPrivate'> = { timeoutMs: 10_000, maxBytes: 1024 * 1024 };

export type FetchResult = { status: 304 } | { status: 200; body: string; etag: string | null; lastModified: string | null };

/** A URL a feed may have: absolute http(s), no credentials. Returns a reason when it may not. */
export function feedUrlProblem(value: string): string | null {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'must be an absolute URL';
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return 'must be an http or https URL';
  if (url.username || url.password) return 'must not carry a user name or password';
  return null;
}

function once(url: URL, headers: Record<string, string>, limits: FetchLimits, deadline: number): Promise<http.IncomingMessage & { body?: Buffer }> {
  return new Promise((resolve, reject) => {
    if (isPrivateLiteral(url, limits.allowPrivate)) return reject(new FeedError('private_address', 'the feed points at a private or loopback address'));
    const client = url.protocol === 'https:' ? https : http;
    const req = client.request(url, { method: 'GET', headers, lookup: guardedLookup(limits.allowPrivate) as never });
    const timer = setTimeout(
      () => req.destroy(new FeedError('timeout', `no complete answer within ${limits.timeoutMs / 1000} s`)),
      Math.max(0, deadline - Date.now()),
    );
    const fail = (err: Error) => {
      clearTimeout(timer);
      if (err instanceof FeedError) return reject(err);
      if ((err as NodeJS.ErrnoException).code === 'EPRIVATE')
        return reject(new FeedError('private_address', 'the feed resolves to a private or loopback address'));
      reject(new FeedError('unreachable', `the feed could not be reached (${(err as NodeJS.ErrnoException).code ?? 'network error'})`));
    };
    req.on('error', fail);
    req.on('response', (res) => {
      const status = res.statusCode ?? 0;
      if (status !== 200) {
        res.resume();
        clearTimeout(timer);
        return resolve(res);
      }
      const declared = Number(res.headers['content-length'] ?? 0);
      if (declared > limits.maxBytes) return req.destroy(new FeedError('too_large', `the feed is larger than ${limits.maxBytes} bytes`));
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > limits.maxBytes) return req.destroy(new FeedError('too_large', `the feed is larger than ${limits.maxBytes} bytes`));
        chunks.push(chunk);
      });
      res.on('error', fail);
      res.on('end', () => {
        clearTimeout(timer);
        resolve(Object.assign(res, { body: Buffer.concat(chunks) }));
      });
    });
    req.end();
  });
}

/** GET with conditional headers; follows at most 3 redirects, each to http(s) again and checked like the first. */
export async function fetchFeed(
  rawUrl: string,
  conditional: { etag?: string | null; lastModified?: string | null },
  limits: FetchLimits,
): Promise<FetchResult> {
  const deadline = Date.now() + limits.timeoutMs;
  let url = new URL(rawUrl);
  const headers: Record<string, string> = {
    accept: 'application/cap+xml, application/atom+xml, application/rss+xml, application/xml;q=0.9, */*;q=0.1',
    'user-agent': 'Civicast CAP reader',
  };
  if (conditional.etag) headers['if-none-match'] = conditional.etag;
  if (conditional.lastModified) headers['if-modified-since'] = conditional.lastModified;
  for (let hop = 0; hop <= 3; hop++) {
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new FeedError('bad_redirect', 'the feed redirects to a URL that is not http or https');
    const res = await once(url, headers, limits, deadline);
    const status = res.statusCode ?? 0;
    if (status === 304) return { status: 304 };
    if (status === 200) {
      const header = (name: string) => (typeof res.headers[name] === 'string' ? (res.headers[name] as string).slice(0, 200) : null);
      return { status: 200, body: (res.body ?? Buffer.alloc(0)).toString('utf8'), etag: header('etag'), lastModified: header('last-modified') };
    }
    if (status >= 300 && status < 400 && res.headers.location) {
      url = new URL(res.headers.location, url);
      continue;
    }
    throw new FeedError('http_status', `the feed answered HTTP ${status}`);
  }
  throw new FeedError('bad_redirect', 'the feed redirects more than 3 times');
}

// An Open311 GeoReport v2 client for forwarding reports to a back office: POST requests, GET requests by id, GET
// tokens/{token}. JSON first, XML when the endpoint only speaks XML (remembered per endpoint); every exchange has one
// deadline (AbortSignal), a size cap, no redirects, and the SSRF guard of the CAP reader (private and loopback
// addresses refused on every resolved address unless the operator allows them). The back office never gets the
// reporter's contact data: only category (service code), place, description and the category's extra fields.
import http from 'node:http';
import https from 'node:https';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { guardedLookup, isPrivateLiteral } from '../../platform/outbound.ts';

export interface ForwardEndpoint {
  /** Base URL of the back office's GeoReport v2 API, e.g. https://example.org/open311/v2/ */
  url: string;
  jurisdictionId: string | null;
  apiKey: string | null;
}

export interface ForwardLimits {
  timeoutMs: number;
  allowPrivate: boolean;
  maxBytes: number;
}

export const DEFAULT_FORWARD_LIMITS: ForwardLimits = { timeoutMs: 10_000, allowPrivate: false, maxBytes: 2 * 1024 * 1024 };

/** What the back office gets: no name, e-mail or phone of the reporter. */
export interface ForwardRequest {
  serviceCode: string;
  lat: number;
  lng: number;
  address: string;
  description: string;
  attributes: Record<string, string | number | string[]>;
}

/** The back office's answer to POST requests: its id, or a token whose id it tells later (tokens/{token}). */
export type ForwardReceipt = { serviceRequestId: string; token: string | null } | { serviceRequestId: null; token: string };

export interface RemoteRequest {
  serviceRequestId: string;
  status: 'open' | 'closed';
  statusNotes: string | null;
}

/**
 * Why an exchange failed. `retryable`: a network error, a timeout, 408, 429 or 5xx (the same request may work later);
 * otherwise permanent: another 4xx, a redirect, a refused address, an answer that is not Open311.
 */
export class ForwardError extends Error {
  constructor(
    readonly kind: 'network' | 'timeout' | 'http' | 'redirect' | 'private_address' | 'bad_url' | 'bad_response' | 'too_large' | 'internal',
    message: string,
    readonly retryable: boolean,
    readonly status: number | null = null,
  ) {
    super(message);
  }
}

type Format = 'json' | 'xml';

/** Endpoints that answered the JSON variant with "not here": asked in XML from then on (per process). */
const xmlOnly = new Set<string>();

/** POST requests: files the report at the back office. */
export async function postRequest(endpoint: ForwardEndpoint, req: ForwardRequest, limits: ForwardLimits = DEFAULT_FORWARD_LIMITS): Promise<ForwardReceipt> {
  const form = new URLSearchParams();
  if (endpoint.jurisdictionId) form.append('jurisdiction_id', endpoint.jurisdictionId);
  if (endpoint.apiKey) form.append('api_key', endpoint.apiKey);
  form.append('service_code', req.serviceCode);
  form.append('lat', String(req.lat));
  form.append('long', String(req.lng));
  if (req.address) form.append('address_string', req.address);
  form.append('description', req.description);
  for (const [code, value] of Object.entries(req.attributes)) {
    if (Array.isArray(value)) for (const v of value) form.append(`attribute[${code}][]`, v);
    else form.append(`attribute[${code}]`, String(value));
  }
  const body = await exchange(endpoint, 'POST', 'requests', null, form.toString(), limits);
  const first = records(body)[0];
  const id = text(first?.service_request_id);
  const token = text(first?.token);
  if (id) return { serviceRequestId: id, token };
  if (token) return { serviceRequestId: null, token };
  throw new ForwardError('bad_response', 'the back office accepted the request but named neither service_request_id nor token', false);
}

/** GET requests?service_request_id=a,b,c: the status of up to 50 requests in one call (unknown ids are left out). */
export async function getRequests(endpoint: ForwardEndpoint, ids: string[], limits: ForwardLimits = DEFAULT_FORWARD_LIMITS): Promise<RemoteRequest[]> {
  if (!ids.length) return [];
  if (ids.length > 50) throw new RangeError('at most 50 ids per call');
  const query = new URLSearchParams();
  if (endpoint.jurisdictionId) query.append('jurisdiction_id', endpoint.jurisdictionId);
  query.append('service_request_id', ids.join(','));
  const body = await exchange(endpoint, 'GET', 'requests', query, null, limits);
  const out: RemoteRequest[] = [];
  for (const r of records(body)) {
    const id = text(r.service_request_id);
    const status = text(r.status)?.toLowerCase();
    if (!id || (status !== 'open' && status !== 'closed')) continue;
    out.push({ serviceRequestId: id, status, statusNotes: text(r.status_notes) });
  }
  return out;
}

/** GET tokens/{token}: the id the back office gave a request it first answered with a token; null while it has none. */
export async function getTokenRequestId(endpoint: ForwardEndpoint, token: string, limits: ForwardLimits = DEFAULT_FORWARD_LIMITS): Promise<string | null> {
  const query = new URLSearchParams();
  if (endpoint.jurisdictionId) query.append('jurisdiction_id', endpoint.jurisdictionId);
  try {
    const body = await exchange(endpoint, 'GET', `tokens/${encodeURIComponent(token)}`, query, null, limits);
    return text(records(body)[0]?.service_request_id);
  } catch (err) {
    // some back offices answer 404 until the request has an id
    if (err instanceof ForwardError && err.status === 404) return null;
    throw err;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// One exchange in JSON, falling back to XML

async function exchange(
  endpoint: ForwardEndpoint,
  method: 'GET' | 'POST',
  path: string,
  query: URLSearchParams | null,
  body: string | null,
  limits: ForwardLimits,
) {
  const base = baseUrl(endpoint.url);
  const key = base.href;
  const formats: Format[] = xmlOnly.has(key) ? ['xml'] : ['json', 'xml'];
  let last: ForwardError | null = null;
  for (const format of formats) {
    const url = new URL(`${path}.${format}`, base);
    if (query) url.search = query.toString();
    const res = await send(url, method, body, format, limits);
    const parsed = parseBody(res.body, res.contentType);
    if (res.status >= 200 && res.status < 300) {
      if (parsed === undefined)
        throw new ForwardError('bad_response', `the back office answered HTTP ${res.status} with something that is not Open311 JSON or XML`, false);
      if (format === 'xml') xmlOnly.add(key);
      return parsed;
    }
    last = statusError(res.status, parsed);
    // "not here" without an Open311 error document: this endpoint does not serve the JSON variant
    const formatMissing = [404, 406, 415, 501].includes(res.status) && (parsed === undefined || res.contentType.includes('xml'));
    if (!(format === 'json' && formatMissing && formats.length > 1)) break;
  }
  throw last ?? new ForwardError('bad_response', 'no answer', true);
}

function baseUrl(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ForwardError('bad_url', 'the forward URL is not an absolute URL', false);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new ForwardError('bad_url', 'the forward URL must be http or https', false);
  if (url.username || url.password) throw new ForwardError('bad_url', 'the forward URL must not carry a user name or password', false);
  url.search = '';
  url.hash = '';
  if (!url.pathname.endsWith('/')) url.pathname += '/';
  return url;
}

function statusError(status: number, parsed: unknown): ForwardError {
  const description = errorDescription(parsed);
  const message = `the back office answered HTTP ${status}${description ? `: ${description}` : ''}`.slice(0, 500);
  if (status >= 300 && status < 400) return new ForwardError('redirect', `${message} (a redirect: set the forward URL to the final address)`, false, status);
  const retryable = status === 408 || status === 429 || status >= 500;
  return new ForwardError('http', message, retryable, status);
}

function errorDescription(parsed: unknown): string | null {
  const errs = records(parsed);
  const texts = errs.map((e) => text(e.description)).filter((d): d is string => !!d);
  return texts.length ? texts.join('; ') : null;
}

// ---------------------------------------------------------------------------------------------------------------
// Parsing: Open311 answers are lists of records, in JSON (`[{…}]`) or XML (`<service_requests><request>…`)

type Rec = Record<string, unknown>;

const xml = new XMLParser({
  ignoreAttributes: true,
  processEntities: false,
  htmlEntities: false,
  parseTagValue: false,
  trimValues: true,
  isArray: (name) => name === 'request' || name === 'error',
});

const ENTITY = /&(lt|gt|amp|quot|apos|#\d{1,7}|#x[0-9a-f]{1,6});/gi;
const decode = (s: string) =>
  s.replace(ENTITY, (_, e: string) => {
    const k = e.toLowerCase();
    const named: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
    if (named[k]) return named[k];
    const code = k.startsWith('#x') ? Number.parseInt(k.slice(2), 16) : Number.parseInt(k.slice(1), 10);
    return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : '';
  });

/** The body as JSON or XML (by its first character, whatever the content type says); undefined when it is neither. */
export function parseBody(body: string, contentType = ''): unknown {
  const trimmed = body.replace(/^\uFEFF/, '').trim();
  if (!trimmed) return undefined;
  if (trimmed.startsWith('<')) return parseXmlBody(trimmed);
  if (trimmed.startsWith('[') || trimmed.startsWith('{')) return parseJsonBody(trimmed);
  return contentType.includes('json') ? parseJsonBody(trimmed) : undefined;
}

function parseJsonBody(s: string): unknown {
  // ids as strings, so a long number keeps its digits
  const quoted = s.replace(/"(service_request_id|token)"\s*:\s*(-?\d+(?:\.\d+)?)/g, '"$1":"$2"');
  try {
    return JSON.parse(quoted);
  } catch {
    // the spec's own examples have numbers with leading zeros ("service_code":006): read them as strings
    try {
      return JSON.parse(quoted.replace(/:\s*(0\d+)(?=\s*[,}\]])/g, ':"$1"'));
    } catch {
      return undefined;
    }
  }
}

function parseXmlBody(s: string): unknown {
  if (/<!DOCTYPE/i.test(s) || /<!ENTITY/i.test(s)) return undefined;
  if (XMLValidator.validate(s) !== true) return undefined;
  const doc = xml.parse(s) as Rec;
  // any other document (an HTML error page that happens to be well-formed) is not an Open311 answer
  if (!('service_requests' in doc) && !('errors' in doc)) return undefined;
  const list = (doc.service_requests as Rec | undefined)?.request ?? (doc.errors as Rec | undefined)?.error;
  if (!Array.isArray(list)) return [];
  // entities are decoded here, by hand, so none can expand into more than one character
  return list.map((r) =>
    r && typeof r === 'object' ? Object.fromEntries(Object.entries(r as Rec).map(([k, v]) => [k, typeof v === 'string' ? decode(v) : v])) : {},
  );
}

function records(parsed: unknown): Rec[] {
  const list = Array.isArray(parsed) ? parsed : parsed && typeof parsed === 'object' ? [parsed] : [];
  return list.filter((r): r is Rec => !!r && typeof r === 'object');
}

function text(v: unknown): string | null {
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  if (typeof v !== 'string') return null;
  const s = v.trim();
  return s ? s : null;
}

// ---------------------------------------------------------------------------------------------------------------
// HTTP with one deadline, a size cap and the address guard

interface RawResponse {
  status: number;
  contentType: string;
  body: string;
}

function send(url: URL, method: 'GET' | 'POST', body: string | null, format: Format, limits: ForwardLimits): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    if (isPrivateLiteral(url, limits.allowPrivate))
      return reject(new ForwardError('private_address', 'the forward URL points at a private or loopback address', false));
    const signal = AbortSignal.timeout(limits.timeoutMs);
    const headers: Record<string, string> = {
      accept: format === 'json' ? 'application/json, text/xml;q=0.5' : 'text/xml, application/xml',
      'user-agent': 'Civicast Open311 forwarder',
    };
    if (body !== null) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      headers['content-length'] = String(Buffer.byteLength(body));
    }
    const client = url.protocol === 'https:' ? https : http;
    const req = client.request(url, { method, headers, signal, lookup: guardedLookup(limits.allowPrivate) as never });
    let settled = false;
    const fail = (err: Error) => {
      if (settled) return;
      settled = true;
      if (err instanceof ForwardError) return reject(err);
      if (signal.aborted) return reject(new ForwardError('timeout', `no complete answer within ${limits.timeoutMs / 1000} s`, true));
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'EPRIVATE') return reject(new ForwardError('private_address', 'the forward URL resolves to a private or loopback address', false));
      reject(new ForwardError('network', `the back office could not be reached (${code ?? 'network error'})`, true));
    };
    req.on('error', fail);
    req.on('response', (res) => {
      const declared = Number(res.headers['content-length'] ?? 0);
      if (declared > limits.maxBytes) {
        fail(new ForwardError('too_large', `the answer is larger than ${limits.maxBytes} bytes`, false));
        return req.destroy();
      }
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > limits.maxBytes) {
          fail(new ForwardError('too_large', `the answer is larger than ${limits.maxBytes} bytes`, false));
          return req.destroy();
        }
        chunks.push(chunk);
      });
      res.on('error', fail);
      res.on('aborted', () => fail(new Error('aborted')));
      res.on('end', () => {
        if (settled) return;
        settled = true;
        const type = res.headers['content-type'];
        resolve({ status: res.statusCode ?? 0, contentType: typeof type === 'string' ? type.toLowerCase() : '', body: Buffer.concat(chunks).toString('utf8') });
      });
    });
    req.end(body ?? undefined);
  });
}

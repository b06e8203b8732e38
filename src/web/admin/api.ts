// Fetch wrapper for /api/v1: same-origin cookies, CSRF header on writes, problem+json as ApiError.
import { translateFieldError } from './i18n.tsx';

export interface FieldError {
  pointer: string;
  detail: string;
  code?: string;
  params?: Record<string, unknown>;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly detail: string | undefined,
    readonly fieldErrors: FieldError[] = [],
  ) {
    super(detail ?? code);
  }
}

interface Handlers {
  unauthenticated?: () => void;
  mfaRequired?: () => void;
}

let csrfToken: string | null = null;
const handlers: Handlers = {};

export const setCsrfToken = (token: string | null) => {
  csrfToken = token;
};

/** App-wide reactions to a signed-out session or a tenant that demands two-factor sign-in. */
export const setApiHandlers = (next: Handlers) => {
  Object.assign(handlers, next);
};

export interface RequestOptions {
  body?: unknown;
  raw?: { data: Blob; contentType: string };
  signal?: AbortSignal;
  /** Do not run the app-wide handlers (used by the start-up session check). */
  quiet?: boolean;
}

async function readProblem(res: Response): Promise<ApiError> {
  try {
    const p = (await res.json()) as { code?: string; detail?: string; errors?: FieldError[] };
    return new ApiError(res.status, p.code ?? `http_${res.status}`, p.detail, Array.isArray(p.errors) ? p.errors : []);
  } catch {
    return new ApiError(res.status, `http_${res.status}`, undefined);
  }
}

export async function request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  let body: BodyInit | undefined;
  if (options.raw) {
    headers['content-type'] = options.raw.contentType;
    body = options.raw.data;
  } else if (options.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(options.body);
  }
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;

  let res: Response;
  try {
    res = await fetch(path, { method, headers, body, credentials: 'same-origin', signal: options.signal });
  } catch (error) {
    if (options.signal?.aborted) throw error;
    throw new ApiError(0, 'network_error', undefined);
  }
  if (res.ok) {
    const text = res.status === 204 ? '' : await res.text();
    return (text ? JSON.parse(text) : undefined) as T;
  }
  const problem = await readProblem(res);
  if (!options.quiet) {
    if (problem.code === 'unauthenticated') handlers.unauthenticated?.();
    if (problem.code === 'mfa_enrolment_required') handlers.mfaRequired?.();
  }
  throw problem;
}

export const api = {
  get: <T>(path: string, options?: RequestOptions) => request<T>('GET', path, options),
  post: <T>(path: string, body?: unknown) => request<T>('POST', path, { body }),
  patch: <T>(path: string, body: unknown) => request<T>('PATCH', path, { body }),
  put: <T>(path: string, options: RequestOptions) => request<T>('PUT', path, options),
  del: <T = void>(path: string) => request<T>('DELETE', path),
};

/** `/body/contact/email` → `contact.email`, the key forms use for their fields. */
export function fieldErrorMap(error: unknown): Record<string, string> {
  const map: Record<string, string> = {};
  if (!(error instanceof ApiError)) return map;
  for (const e of error.fieldErrors) {
    const key = e.pointer.replace(/^\/body\/?/, '').replaceAll('/', '.');
    if (key && !map[key]) map[key] = translateFieldError(e);
  }
  return map;
}

/** The error of a field that holds a list or an object: its own, else the first of its items or members (`tags.2`). */
export const errorUnder = (errors: Record<string, string>, key: string): string | undefined =>
  errors[key] ?? Object.entries(errors).find(([k]) => k.startsWith(`${key}.`))?.[1];

export const tenantPath = (slug: string, rest = '') => `/api/v1/tenants/${encodeURIComponent(slug)}${rest}`;

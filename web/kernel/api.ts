/**
 * The API client: `fetch` with the session cookie (`credentials: 'include'`) and the interface
 * language in `X-Lang`, so the server answers errors in the user's language. A non-2xx answer
 * becomes an `ApiError` carrying the server's `{ code, message, details }`; field errors
 * (`details.fields[].path/message`) are in `err.fields`, ready for `applyFieldErrors` (./forms).
 *
 *   const unit = await api.get<UnitDetail>(`/units/${id}`);
 *   await api.patch(`/units/${id}`, { version, name });
 *   api.url('/jobs/3/file')                       // for <a href> downloads
 */
import { getLang, t } from './i18n';

export type FieldError = { path: string; message: string; code?: string };
export type ErrorBody = { code: string; message: string; details?: Record<string, unknown> };

export class ApiError extends Error {
  constructor(
    public readonly status: number,
    public readonly code: string,
    message: string,
    public readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }
  /** Field-level messages of a 400 (`VALIDATION_FAILED`), paths like `grants.0.unitId`. */
  get fields(): FieldError[] {
    const f = (this.details as { fields?: unknown }).fields;
    return Array.isArray(f) ? (f as FieldError[]).filter((x) => x && typeof x.path === 'string') : [];
  }
  get isConflict(): boolean { return this.status === 409 && this.code === 'CONFLICT'; }
  get isNotFound(): boolean { return this.status === 404; }
  get isForbidden(): boolean { return this.status === 403; }
  get isUnauthenticated(): boolean { return this.status === 401; }
}

export function isApiError(e: unknown): e is ApiError {
  return e instanceof ApiError;
}

/** The message to show for any error thrown by the client (or anything else). */
export function errorMessage(e: unknown): string {
  if (isApiError(e)) {
    if (e.isConflict) return t('error.conflict');
    return e.message || t('error.unexpected');
  }
  return t('error.unexpected');
}

export type Query = Record<string, string | number | boolean | null | undefined>;

const BASE = '/api';

export function queryString(q?: Query): string {
  if (!q) return '';
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(q)) if (v !== undefined && v !== null && v !== '') p.set(k, String(v));
  const s = p.toString();
  return s ? `?${s}` : '';
}

let onUnauthenticated: (() => void) | null = null;
/** Called on a 401 from any request but the login itself (the session expired): the auth layer logs out. */
export function setUnauthenticatedHandler(fn: (() => void) | null): void {
  onUnauthenticated = fn;
}

export type RequestOptions = { query?: Query; body?: unknown; signal?: AbortSignal; headers?: Record<string, string> };

export async function request<T>(method: string, path: string, opts: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json', 'X-Lang': getLang(), ...opts.headers };
  let body: BodyInit | undefined;
  if (opts.body instanceof FormData || opts.body instanceof Blob) body = opts.body;
  else if (opts.body !== undefined) {
    body = JSON.stringify(opts.body);
    headers['Content-Type'] = 'application/json';
  }
  let res: Response;
  try {
    res = await fetch(BASE + path + queryString(opts.query), { method, headers, body, credentials: 'include', signal: opts.signal });
  } catch (e) {
    if ((e as Error)?.name === 'AbortError') throw e;
    throw new ApiError(0, 'NETWORK', t('error.network'));
  }
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  let data: unknown = undefined;
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      data = text;
    }
  }
  if (!res.ok) {
    const b = (data && typeof data === 'object' ? data : {}) as Partial<ErrorBody>;
    const err = new ApiError(res.status, b.code ?? `HTTP_${res.status}`, b.message ?? t('error.unexpected'), (b.details ?? {}) as Record<string, unknown>);
    if (res.status === 401 && !path.startsWith('/auth/login') && onUnauthenticated) onUnauthenticated();
    throw err;
  }
  return data as T;
}

export const api = {
  get: <T>(path: string, query?: Query, opts: Omit<RequestOptions, 'query'> = {}) => request<T>('GET', path, { ...opts, query }),
  post: <T>(path: string, body?: unknown, opts: RequestOptions = {}) => request<T>('POST', path, { ...opts, body }),
  patch: <T>(path: string, body?: unknown, opts: RequestOptions = {}) => request<T>('PATCH', path, { ...opts, body }),
  put: <T>(path: string, body?: unknown, opts: RequestOptions = {}) => request<T>('PUT', path, { ...opts, body }),
  del: <T>(path: string, opts: RequestOptions = {}) => request<T>('DELETE', path, opts),
  /** Absolute path of an API resource, for links (downloads). */
  url: (path: string, query?: Query) => BASE + path + queryString(query),
};

// The API client: JSON over fetch with the session as Bearer token; problem documents become ApiError.
import { setNotice } from './notice.js';
import { clearSession, loadSession } from './session.js';

/** A request that failed: an HTTP problem document (RFC 9457), or no answer at all (status 0). */
export class ApiError extends Error {
  override name = 'ApiError';
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail: string,
    /** For validation problems: the field the API names, e.g. "records[0]" or "changes[1].ttl". */
    readonly field: string | undefined,
  ) {
    super(detail === '' ? title : detail);
  }
}

async function problemOf(res: Response): Promise<ApiError> {
  let body: unknown;
  try {
    body = await res.json();
  } catch {
    body = undefined;
  }
  const o = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
  const text = (k: string): string | undefined => (typeof o[k] === 'string' ? (o[k] as string) : undefined);
  return new ApiError(res.status, text('title') ?? res.statusText, text('detail') ?? '', text('field'));
}

/** Called on a 401 for a signed-in user: forget the session and go to the login page with a message. */
function sessionEnded(): void {
  clearSession();
  setNotice('Your session has ended. Sign in again to continue.');
  location.hash = '#/login';
}

/**
 * Sends one request to the API and resolves with the raw answer. Throws ApiError for any
 * non-2xx answer and for network failures (status 0). A 401 while signed in means the
 * session expired or was revoked: it is cleared and the login page shown.
 */
export async function send(method: string, path: string, body?: unknown): Promise<Response> {
  const session = loadSession();
  const headers: Record<string, string> = { accept: 'application/json, application/problem+json' };
  if (session !== undefined) headers['authorization'] = `Bearer ${session.token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  let res: Response;
  try {
    res = await fetch(path, { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  } catch (err) {
    throw new ApiError(0, 'No answer', `The control plane could not be reached (${err instanceof Error ? err.message : String(err)}).`, undefined);
  }
  if (res.ok) return res;
  const problem = await problemOf(res);
  if (res.status === 401 && session !== undefined) sessionEnded();
  throw problem;
}

/** Like send(), resolving with the parsed JSON body (undefined for 204). */
export async function request(method: string, path: string, body?: unknown): Promise<unknown> {
  const res = await send(method, path, body);
  if (res.status === 204) return undefined;
  return (await res.json()) as unknown;
}

/** The error's text for a person: the API's detail, or what went wrong otherwise. */
export function errorText(err: unknown): string {
  if (err instanceof ApiError) return err.status === 0 ? err.detail : `${err.title}: ${err.message}`;
  if (err instanceof Error) return `Unexpected answer: ${err.message}`;
  return String(err);
}

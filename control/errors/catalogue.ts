// The catalogue of control-plane errors: one class per HTTP outcome, each with a fixed type and title.
import { ProblemError } from './problem-error.js';

/** 400: a request field is invalid. Names the field (a JSON pointer or a name) and its value. */
export class ValidationError extends ProblemError {
  override name = 'ValidationError';
  readonly field: string;
  constructor(field: string, value: unknown, detail: string) {
    super({ status: 400, slug: 'validation', title: 'Invalid request', detail, extra: { field, value } });
    this.field = field;
  }
}

/** 400: the request cannot be processed as sent (not tied to one field). */
export class BadRequestError extends ProblemError {
  override name = 'BadRequestError';
  constructor(detail: string) {
    super({ status: 400, slug: 'bad-request', title: 'Bad request', detail });
  }
}

/** 401: no credentials, or unknown, expired or revoked ones (RFC 6750 §3: WWW-Authenticate). */
export class UnauthorizedError extends ProblemError {
  override name = 'UnauthorizedError';
  constructor(detail = 'A valid Bearer session or token is required.') {
    super({
      status: 401,
      slug: 'unauthorized',
      title: 'Unauthorized',
      detail,
      headers: { 'WWW-Authenticate': 'Bearer realm="dnscove"' },
    });
  }
}

/** 403: valid credentials whose scope does not allow this endpoint or zone. */
export class ForbiddenError extends ProblemError {
  override name = 'ForbiddenError';
  constructor(detail = 'These credentials do not allow this action.') {
    super({ status: 403, slug: 'forbidden', title: 'Forbidden', detail });
  }
}

/** 404: `what` does not exist, or belongs to another tenant (never revealed). */
export class NotFoundError extends ProblemError {
  override name = 'NotFoundError';
  constructor(what: string) {
    super({ status: 404, slug: 'not-found', title: 'Not found', detail: `${what} not found.` });
  }
}

/** 409: the request conflicts with existing state (e.g. an origin another tenant owns). */
export class ConflictError extends ProblemError {
  override name = 'ConflictError';
  constructor(detail: string) {
    super({ status: 409, slug: 'conflict', title: 'Conflict', detail });
  }
}

/** 413: the request body exceeds the limit. */
export class PayloadTooLargeError extends ProblemError {
  override name = 'PayloadTooLargeError';
  constructor(limitBytes?: number) {
    const detail = limitBytes === undefined ? 'The request body is too large.' : `The request body exceeds ${limitBytes} bytes.`;
    super({ status: 413, slug: 'payload-too-large', title: 'Payload too large', detail });
  }
}

/**
 * 504: a change is committed but none of the zone's known nameservers serves it within
 * DNSCOVE_SYNC_TIMEOUT_MS; `edges` says which were waited for. A retry is idempotent.
 */
export class NotServedError extends ProblemError {
  override name = 'NotServedError';
  constructor(lagging: readonly string[], edges: unknown) {
    super({
      status: 504,
      slug: 'not-served',
      title: 'Not served by any nameserver yet',
      detail: `The change is committed, but none of the zone's nameservers served it in time (lagging: ${lagging.join(', ')}); retry, the request is idempotent.`,
      expose: true,
      extra: { edges },
    });
  }
}

/** 503: the control plane is still starting and its routes are not attached yet; retry shortly. */
export class StartingError extends ProblemError {
  override name = 'StartingError';
  constructor() {
    super({
      status: 503,
      slug: 'starting',
      title: 'Starting',
      detail: 'The control plane is starting; retry after 1 s.',
      expose: true,
      headers: { 'Retry-After': '1' },
    });
  }
}

/** 503: the bodies being read already take the memory set aside for them; retry shortly. */
export class BodiesBusyError extends ProblemError {
  override name = 'BodiesBusyError';
  constructor(budgetBytes: number) {
    super({
      status: 503,
      slug: 'bodies-busy',
      title: 'Busy reading other request bodies',
      detail: `The request bodies being read already take the ${budgetBytes} bytes set aside for them (DNSCOVE_BODY_MEMORY); retry after 1 s.`,
      // Nothing internal: the client should know why, and when to come back.
      expose: true,
      headers: { 'Retry-After': '1' },
    });
  }
}

/** 415: a request body that is not `application/json`. */
export class UnsupportedMediaTypeError extends ProblemError {
  override name = 'UnsupportedMediaTypeError';
  constructor() {
    super({
      status: 415,
      slug: 'unsupported-media-type',
      title: 'Unsupported media type',
      detail: 'Request bodies must be application/json (a zone file to POST /api/import/zonefile may also be text/dns or text/plain).',
    });
  }
}

/** 429: too many requests; the client may retry after `retryAfterSeconds` (RFC 9110 §10.2.3). */
export class RateLimitedError extends ProblemError {
  override name = 'RateLimitedError';
  readonly retryAfterSeconds: number;
  constructor(retryAfterSeconds: number) {
    const seconds = Math.max(1, Math.ceil(retryAfterSeconds));
    super({
      status: 429,
      slug: 'rate-limited',
      title: 'Too many requests',
      detail: `Too many requests; retry after ${seconds} s.`,
      headers: { 'Retry-After': String(seconds) },
    });
    this.retryAfterSeconds = seconds;
  }
}

/** 404 for a path no route matches. */
export class RouteNotFoundError extends ProblemError {
  override name = 'RouteNotFoundError';
  constructor(method: string, path: string) {
    super({ status: 404, slug: 'not-found', title: 'Not found', detail: `No route for ${method} ${path}.` });
  }
}

/** 405 for a path that exists with other methods. */
export class MethodNotAllowedError extends ProblemError {
  override name = 'MethodNotAllowedError';
  constructor(allowed: readonly string[]) {
    super({
      status: 405,
      slug: 'method-not-allowed',
      title: 'Method not allowed',
      detail: `Allowed methods: ${allowed.join(', ')}.`,
      headers: { Allow: allowed.join(', ') },
    });
  }
}

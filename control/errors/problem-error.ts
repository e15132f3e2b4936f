// The base of every typed error the control plane turns into an RFC 9457 problem document.

/** The URI namespace of our problem types; `problemType('validation')` is one of them. */
export const PROBLEM_BASE = 'https://dnscove.dev/problems/';

/** The full problem type URI for a short slug. */
export function problemType(slug: string): string {
  return PROBLEM_BASE + slug;
}

export interface ProblemInit {
  readonly status: number;
  /** Short slug, made absolute with problemType(). */
  readonly slug: string;
  readonly title: string;
  readonly detail: string;
  /** Whether `detail` may be shown to the client; false only for server faults. */
  readonly expose?: boolean;
  /** Extension members added to the problem document (RFC 9457 §3.2), e.g. `field`. */
  readonly extra?: Record<string, unknown>;
  /** Response headers the error implies (WWW-Authenticate, Retry-After). */
  readonly headers?: Record<string, string>;
  readonly cause?: unknown;
}

/**
 * A failure with an HTTP meaning. Domain code throws these (or a subclass from catalogue.ts);
 * only the error boundary turns them into a response, as `application/problem+json`
 * `{type, title, status, detail, instance?, ...extra}` (RFC 9457 §3.1).
 */
export class ProblemError extends Error {
  override name = 'ProblemError';
  readonly status: number;
  readonly type: string;
  readonly title: string;
  readonly detail: string;
  readonly expose: boolean;
  readonly extra?: Record<string, unknown>;
  readonly headers: Record<string, string>;

  constructor(init: ProblemInit) {
    super(init.detail, init.cause === undefined ? undefined : { cause: init.cause });
    this.status = init.status;
    this.type = problemType(init.slug);
    this.title = init.title;
    this.detail = init.detail;
    this.expose = init.expose ?? init.status < 500;
    if (init.extra !== undefined) this.extra = init.extra;
    this.headers = init.headers ?? {};
  }
}

/** Type guard for errors that carry their own HTTP meaning. */
export function isProblemError(err: unknown): err is ProblemError {
  return err instanceof ProblemError;
}

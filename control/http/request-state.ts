// What the middleware stages leave on each request (Koa's ctx.state), typed.
import type { Logger } from '../../shared/log.js';
import type { AuthOutcome } from '../auth/auth-outcome.js';

export interface RequestState {
  /** Set by the request-id stage: the client's X-Request-Id if sane, else a fresh one. */
  requestId: string;
  /** Set by the request-id stage: the server's logger with this request's id on every line. */
  log: Logger;
  /** Set by the body stage: the parsed JSON body, or undefined when the request had none. */
  body: unknown;
  /** Set by the authentication stage. */
  auth: AuthOutcome;
}

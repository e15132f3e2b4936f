// The result of reading a request's credentials, before any route decides what it needs.
import type { Principal } from './principal.js';

/**
 * `none`: no Authorization header; `invalid`: a header that names no valid credential
 * (malformed, unknown, expired, revoked — `reason` is for the log, never the client);
 * `ok`: a principal.
 */
export type AuthOutcome =
  | { readonly kind: 'none' }
  | { readonly kind: 'invalid'; readonly reason: string }
  | { readonly kind: 'ok'; readonly principal: Principal };

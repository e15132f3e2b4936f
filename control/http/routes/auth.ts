// Routes of the magic-link login: request a link, exchange it, and the link's landing page.
import { definePublicRoute, defineRoute } from '../route.js';
import type { RouteDef } from '../route.js';
import { exchangeMagicLink, requestMagicLink } from '../../auth/magic-link.js';
import { endAllSessions, endSession } from '../../store/ended-sessions.js';
import {
  exchangeRequestSchema,
  exchangeResponseSchema,
  magicLinkRequestSchema,
  magicLinkResponseSchema,
} from '../../../shared/schemas/auth.js';
import type { ExchangeRequest, ExchangeResponse, MagicLinkRequest, MagicLinkResponse } from '../../../shared/schemas/auth.js';
import { callbackPage } from './callback-page.js';

// Answers carrying credentials must not be cached (as RFC 6749 §5.1 asks of token responses).
const NO_STORE = { 'Cache-Control': 'no-store' };

export const routes: RouteDef[] = [
  definePublicRoute<MagicLinkRequest>({
    method: 'POST',
    path: '/api/auth/magic-link',
    accepts: 'public',
    summary: 'Mail a single-use sign-in link',
    description:
      'Same answer for known and unknown addresses, and for addresses the signup policy (DNSCOVE_SIGNUP) does not admit, which get no mail. ' +
      'In dev mode the answer also carries dev_token and dev_link (for an admitted address).',
    tags: ['auth'],
    body: magicLinkRequestSchema,
    responses: {
      200: { description: 'Link sent (or would have been)', schema: magicLinkResponseSchema },
      429: { description: 'Too many links for this address or client (Retry-After)' },
    },
    async handler({ services, body, ip }) {
      const issued = await requestMagicLink(services, body.email, ip);
      const answer: MagicLinkResponse = { sent: true };
      if (services.config.devMode && issued !== undefined) {
        answer.dev_token = issued.token;
        answer.dev_link = issued.link;
      }
      return { body: answer, headers: NO_STORE };
    },
  }),
  definePublicRoute<ExchangeRequest>({
    method: 'POST',
    path: '/api/auth/exchange',
    accepts: 'public',
    summary: 'Exchange a sign-in link token for a session',
    tags: ['auth'],
    body: exchangeRequestSchema,
    responses: {
      200: { description: 'A session (Bearer credential)', schema: exchangeResponseSchema },
      401: { description: 'Unknown, used or expired link' },
    },
    handler({ services, body }) {
      const s = exchangeMagicLink(services, body.token);
      const answer: ExchangeResponse = { session: s.session, expires_at: s.expiresAt.toISOString(), tenant_id: s.tenantId, email: s.email };
      return { body: answer, headers: NO_STORE };
    },
  }),
  defineRoute({
    method: 'POST',
    path: '/api/auth/sign-out',
    accepts: ['session'],
    summary: 'Sign out: this session stops working at once',
    tags: ['auth'],
    responses: { 204: { description: 'Signed out.' } },
    handler({ services, principal }) {
      if (principal.kind === 'session') endSession(services.db, principal.sessionId, principal.sessionExpiresAt, Math.floor(services.now().getTime() / 1000));
      return { status: 204 };
    },
  }),
  defineRoute({
    method: 'POST',
    path: '/api/auth/sign-out-everywhere',
    accepts: ['session'],
    summary: "Sign out everywhere: every session of this address stops working at once (a lost laptop's too)",
    tags: ['auth'],
    responses: { 204: { description: 'Every session ended.' } },
    handler({ services, principal }) {
      if (principal.kind === 'session') endAllSessions(services.db, principal.email);
      return { status: 204 };
    },
  }),
  definePublicRoute({
    method: 'GET',
    path: '/auth/callback',
    accepts: 'public',
    summary: 'Landing page of sign-in links: exchanges the token and keeps the session',
    tags: ['auth'],
    responses: { 200: { description: 'An HTML page', contentType: 'text/html' } },
    handler() {
      return {
        body: callbackPage(),
        contentType: 'text/html; charset=utf-8',
        headers: {
          // The token is in the URL: keep it out of Referer headers and caches.
          'Referrer-Policy': 'no-referrer',
          'Cache-Control': 'no-store',
          'Content-Security-Policy': "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; connect-src 'self'",
        },
      };
    },
  }),
];

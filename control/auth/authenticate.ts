// Turns an Authorization header into an AuthOutcome: a session, a machine token, or nothing.
import type { Services } from '../services.js';
import { verifyToken } from '../tokens/token-service.js';
import type { AuthOutcome } from './auth-outcome.js';
import { looksLikeSession, verifySession } from './session.js';

const BEARER = /^Bearer[ \t]+([\x21-\x7e]+)[ \t]*$/i;

/**
 * RFC 6750 §2.1 Bearer credentials. Absent header → none; any other scheme, a session with
 * a bad signature or past its expiry, or a malformed, unknown, revoked or expired token →
 * invalid. Never throws for client input.
 */
export function authenticate(services: Services, header: string | undefined): AuthOutcome {
  if (header === undefined || header === '') return { kind: 'none' };
  const m = BEARER.exec(header);
  if (m === null) return { kind: 'invalid', reason: 'not a Bearer credential' };
  const credential = m[1]!;
  if (looksLikeSession(credential)) {
    const secret = services.config.sessionSecret;
    if (secret === undefined) return { kind: 'invalid', reason: 'sessions are not configured' };
    const result = verifySession(secret, credential, Math.floor(services.now().getTime() / 1000));
    if (!result.ok) return { kind: 'invalid', reason: result.reason };
    return { kind: 'ok', principal: { kind: 'session', tenantId: result.claims.tenantId, email: result.claims.email } };
  }
  return verifyToken(services, credential);
}

// Turns an Authorization header into an AuthOutcome: a session, a machine token, or nothing.
import type { Services } from '../services.js';
import { isSessionEnded } from '../store/ended-sessions.js';
import { isSuspended } from '../store/tenants.js';
import { findUser } from '../store/users.js';
import { verifyToken } from '../tokens/token-service.js';
import type { AuthOutcome } from './auth-outcome.js';
import { looksLikeSession, verifySession } from './session.js';

const BEARER = /^Bearer[ \t]+([\x21-\x7e]+)[ \t]*$/i;

/**
 * RFC 6750 §2.1 Bearer credentials. Absent header → none; any other scheme, a session with
 * a bad signature or past its expiry or of an address no longer in that account, a malformed,
 * unknown, revoked or expired token, or any credential of a suspended account → invalid.
 * Never throws for client input.
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
    // Read on every request, so a removed member's sessions end at once and a role change applies at once.
    const user = findUser(services.db, result.claims.email);
    if (user === undefined || user.tenantId !== result.claims.tenantId) return { kind: 'invalid', reason: 'no longer a member of this account' };
    if (result.claims.epoch !== user.sessionEpoch || isSessionEnded(services.db, result.claims.id)) return { kind: 'invalid', reason: 'signed out' };
    if (isSuspended(services.db, user.tenantId)) return { kind: 'invalid', reason: 'account suspended' };
    return { kind: 'ok', principal: { kind: 'session', tenantId: user.tenantId, email: user.email, role: user.role, sessionId: result.claims.id, sessionExpiresAt: result.claims.expiresAt } };
  }
  const outcome = verifyToken(services, credential);
  if (outcome.kind === 'ok' && isSuspended(services.db, outcome.principal.tenantId)) return { kind: 'invalid', reason: 'account suspended' };
  return outcome;
}

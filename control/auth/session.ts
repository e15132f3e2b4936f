// Console sessions: HMAC-SHA256-signed, expiring bearer strings `v1.<payload>.<signature>`.
import { createHmac, timingSafeEqual } from 'node:crypto';

export interface SessionClaims {
  readonly tenantId: string;
  readonly email: string;
  /** Expiry, seconds since the epoch. */
  readonly expiresAt: number;
  /** This session's id, so it alone can be signed out ('' in sessions from before sign-out existed). */
  readonly id: string;
  /** The user's session epoch when it was issued: signing out everywhere moves the epoch on. */
  readonly epoch: number;
}

const PREFIX = 'v1.';

function sign(secret: string, signed: string): Buffer {
  return createHmac('sha256', secret).update(signed, 'utf8').digest();
}

/** Signs the claims: `v1.` + base64url(JSON {t, e, x, i, n}) + `.` + base64url(HMAC-SHA256(secret, "v1.<payload>")). */
export function signSession(secret: string, claims: SessionClaims): string {
  const payload = Buffer.from(JSON.stringify({ t: claims.tenantId, e: claims.email, x: claims.expiresAt, i: claims.id, n: claims.epoch }), 'utf8').toString('base64url');
  const signed = PREFIX + payload;
  return `${signed}.${sign(secret, signed).toString('base64url')}`;
}

/** True when the text has the shape of a session (so the caller knows which verifier applies). */
export function looksLikeSession(text: string): boolean {
  return text.startsWith(PREFIX);
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Verifies a session string: the signature in constant time (crypto.timingSafeEqual), then
 * the expiry against `nowSeconds`. Returns the claims, or a reason it is not valid.
 */
export function verifySession(
  secret: string,
  text: string,
  nowSeconds: number,
): { ok: true; claims: SessionClaims } | { ok: false; reason: string } {
  if (!text.startsWith(PREFIX)) return { ok: false, reason: 'not a session' };
  const dot = text.lastIndexOf('.');
  if (dot <= PREFIX.length) return { ok: false, reason: 'malformed session' };
  const signed = text.slice(0, dot);
  const given = Buffer.from(text.slice(dot + 1), 'base64url');
  const expected = sign(secret, signed);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'bad session signature' };
  let payload: unknown;
  try {
    payload = JSON.parse(Buffer.from(signed.slice(PREFIX.length), 'base64url').toString('utf8'));
  } catch {
    return { ok: false, reason: 'malformed session payload' };
  }
  if (!isRecord(payload)) return { ok: false, reason: 'malformed session payload' };
  const { t, e, x, i, n } = payload;
  if (typeof t !== 'string' || typeof e !== 'string' || typeof x !== 'number') return { ok: false, reason: 'malformed session payload' };
  if ((i !== undefined && typeof i !== 'string') || (n !== undefined && typeof n !== 'number')) return { ok: false, reason: 'malformed session payload' };
  if (x <= nowSeconds) return { ok: false, reason: 'session expired' };
  return { ok: true, claims: { tenantId: t, email: e, expiresAt: x, id: i ?? '', epoch: n ?? 0 } };
}

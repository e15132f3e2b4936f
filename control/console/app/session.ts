// The signed-in session, kept in localStorage so it survives reloads and is shared by tabs.

const KEY = 'dnscove.session';

/** What POST /api/auth/exchange answered; `token` is the Bearer credential. */
export interface Session {
  token: string;
  expiresAt: string;
  email: string;
}

/** The stored session, or undefined when there is none, it is unreadable, or it has expired. */
export function loadSession(): Session | undefined {
  const text = localStorage.getItem(KEY);
  if (text === null) return undefined;
  try {
    const data: unknown = JSON.parse(text);
    if (typeof data !== 'object' || data === null) return undefined;
    const o = data as Record<string, unknown>;
    const { session, expires_at: expiresAt, email } = o;
    if (typeof session !== 'string' || typeof expiresAt !== 'string' || typeof email !== 'string') return undefined;
    if (Date.parse(expiresAt) <= Date.now()) return undefined;
    return { token: session, expiresAt, email };
  } catch {
    return undefined;
  }
}

/** Stores an exchange answer as-is (the same shape the API returns). */
export function saveSession(session: Session): void {
  localStorage.setItem(KEY, JSON.stringify({ session: session.token, expires_at: session.expiresAt, email: session.email }));
}

/** True when a session is stored but can no longer be used (expired or unreadable). */
export function staleSession(): boolean {
  return localStorage.getItem(KEY) !== null && loadSession() === undefined;
}

export function clearSession(): void {
  localStorage.removeItem(KEY);
}

// Which header carries a request's credentials: Authorization everywhere, but X-API-Key on the
// PowerDNS-compatible API, where its clients send a dnsc_ token as PowerDNS's API key.
import type { AuthOutcome } from '../auth/auth-outcome.js';
import { authenticate } from '../auth/authenticate.js';
import { isPowerDnsPath } from '../pdns-api/pdns-error.js';
import type { Services } from '../services.js';

/** The request's credentials as an AuthOutcome; on PowerDNS paths only an X-API-Key token counts (never a session). */
export function authenticateRequest(services: Services, path: string, header: (name: string) => string | undefined): AuthOutcome {
  if (!isPowerDnsPath(path)) return authenticate(services, header('authorization'));
  const key = header('x-api-key');
  if (key === undefined || key === '') return { kind: 'none' };
  const outcome = authenticate(services, `Bearer ${key}`);
  if (outcome.kind === 'ok' && outcome.principal.kind !== 'token') return { kind: 'invalid', reason: 'a session is not an API key' };
  return outcome;
}

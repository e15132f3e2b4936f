// The lego httpreq adapter: `{fqdn, value}` with a dnsc_ token as Basic password, onto applyChallenge.
import { NameError, parseName } from '../../../shared/dns/name.js';
import type { ChallengeAction } from '../../../shared/schemas/acme.js';
import { firstFailedPolicy } from '../../auth/policies.js';
import { actorOf } from '../../auth/principal.js';
import type { Principal } from '../../auth/principal.js';
import { ForbiddenError, NotFoundError, UnauthorizedError, ValidationError } from '../../errors/catalogue.js';
import type { Credential } from '../../http/route.js';
import type { Services } from '../../services.js';
import { verifyToken } from '../../tokens/token-service.js';
import { applyChallenge } from '../apply-challenge.js';
import type { ChallengeResult } from '../apply-challenge.js';
import { challengeOwner } from '../challenge-owner.js';
import { zoneForName } from '../zone-for-name.js';
import { parseBasicCredentials } from './basic-credentials.js';

/** Who may do ACME through httpreq: everyone the acme-challenge route accepts (API.md scope table). */
export const HTTPREQ_CREDENTIALS: readonly Credential[] = ['session', 'tenant-admin', 'zone-admin', 'acme-dns01'];

/**
 * The principal of an httpreq call: the `dnsc_` token given as the Basic password (lego's
 * HTTPREQ_PASSWORD; the user name is ignored), or else the request's valid Bearer principal.
 * UnauthorizedError (401) when neither is there or the token is unknown, expired or revoked.
 */
export function httpreqPrincipal(services: Services, authorization: string | undefined, bearer: Principal | undefined): Principal {
  const basic = parseBasicCredentials(authorization);
  if (basic !== undefined) {
    const outcome = verifyToken(services, basic.password);
    if (outcome.kind === 'ok') return outcome.principal;
    throw new UnauthorizedError('httpreq: the Basic password must be a valid dnsc_ token.');
  }
  if (bearer !== undefined) return bearer;
  throw new UnauthorizedError('httpreq: send a dnsc_ token as the Basic password (HTTPREQ_PASSWORD).');
}

/**
 * lego's `present`/`cleanup` for `fqdn` ("_acme-challenge.example.com.", dot optional): the
 * zone is the hosted zone holding the name; another tenant's zone or none is 404, a token
 * bound to another zone 403 (API.md order); then applyChallenge with its semantics.
 */
export async function httpreqChallenge(services: Services, principal: Principal, action: ChallengeAction, fqdn: string, value: string): Promise<ChallengeResult> {
  let name;
  try {
    name = parseName(fqdn.endsWith('.') ? fqdn : `${fqdn}.`);
  } catch (err) {
    if (err instanceof NameError) throw new ValidationError('/fqdn', fqdn, `httpreq: ${err.message}`);
    throw err;
  }
  const zone = zoneForName(services.db, name);
  if (zone === undefined) throw new NotFoundError(`httpreq: a zone holding ${name}`);
  const failed = firstFailedPolicy(principal, HTTPREQ_CREDENTIALS, zone, 'POST');
  if (failed?.status === 404) throw new NotFoundError(`httpreq: a zone holding ${name}`);
  if (failed !== undefined) throw new ForbiddenError(`httpreq: ${failed.message}`);
  const owner = challengeOwner(fqdn, zone.origin, '/fqdn');
  return applyChallenge(services, { zone, actor: actorOf(principal), action, owner, value, via: 'httpreq' });
}

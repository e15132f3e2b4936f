// lego's httpreq protocol (also Traefik's and Caddy's through lego), mounted at /acme/httpreq.
import { problem } from '../problem-response.js';
import { httpreqRequestSchema, httpreqResponseSchema } from '../../../shared/schemas/acme.js';
import type { ChallengeAction, HttpreqRequest, HttpreqResponse } from '../../../shared/schemas/acme.js';
import { httpreqChallenge, httpreqPrincipal } from '../../acme/httpreq/httpreq-challenge.js';
import { definePublicRoute } from '../route.js';
import type { RouteDef } from '../route.js';
import { compileBodyValidator } from '../validator.js';

/** The base path users give lego as HTTPREQ_ENDPOINT (with the server's URL in front). */
export const HTTPREQ_BASE = '/acme/httpreq';

// Validated in the handler, after the credentials: a caller without access learns nothing from validation errors.
const validate = compileBodyValidator<HttpreqRequest>(httpreqRequestSchema);

function route(action: ChallengeAction, verb: string): RouteDef {
  return definePublicRoute({
    method: 'POST',
    accepts: 'public',
    path: `${HTTPREQ_BASE}/${verb}`,
    summary: `lego httpreq ${verb}: ${action} {fqdn, value} (HTTPREQ_ENDPOINT=<server>${HTTPREQ_BASE})`,
    description:
      `Body ${JSON.stringify(httpreqRequestSchema.required)} as lego sends it. Credentials: HTTP Basic with a dnsc_ token allowed to ` +
      'do ACME on the zone holding fqdn as the password (HTTPREQ_PASSWORD; any HTTPREQ_USERNAME), or a Bearer session or token. ' +
      'Same semantics as POST /api/zones/{id}/acme-challenge.',
    tags: ['acme'],
    responses: {
      200: { description: 'Done and served by the edge.', schema: httpreqResponseSchema },
      401: problem('No valid dnsc_ token.'),
      403: problem('The token is bound to another zone.'),
      404: problem('No zone of this tenant holds fqdn.'),
      504: problem('A PRESENT: the value is committed but no nameserver (edge or secondary) of the zone served it within DNSCOVE_SYNC_TIMEOUT_MS; `edges` names them. Retrying is safe.'),
    },
    handler: async ({ services, headers, principal, body }) => {
      const caller = httpreqPrincipal(services, headers['authorization'], principal);
      const request = validate(body);
      const result = await httpreqChallenge(services, caller, action, request.fqdn, request.value);
      const answer: HttpreqResponse = { status: 'ok', action, changed: result.changed, published: result.published, serial: result.serial };
      return { body: answer };
    },
  });
}

export const routes: RouteDef[] = [route('PRESENT', 'present'), route('CLEANUP', 'cleanup')];

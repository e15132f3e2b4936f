// The ACME DNS-01 route of our own API: PRESENT or CLEANUP one challenge value in a zone.
import { RRType } from '../../../shared/dns/rr-type.js';
import { storedRRsets } from '../../records/change-records.js';
import { problem } from '../problem-response.js';
import { acmeChallengeRequestSchema, acmeChallengeResponseSchema } from '../../../shared/schemas/acme.js';
import type { AcmeChallengeRequest, AcmeChallengeResponse } from '../../../shared/schemas/acme.js';
import { applyChallenge } from '../../acme/apply-challenge.js';
import { challengeOwner } from '../../acme/challenge-owner.js';
import { actorOf } from '../../auth/principal.js';
import { loadedZone } from '../../zones/loaded-zone.js';
import { defineRoute } from '../route.js';
import type { RouteDef } from '../route.js';


export const routes: RouteDef[] = [
  defineRoute<AcmeChallengeRequest>({
    method: 'POST',
    path: '/api/zones/:id/acme-challenge',
    zoneParam: 'id',
    accepts: ['session', 'tenant-admin', 'zone-admin', 'acme-dns01'],
    body: acmeChallengeRequestSchema,
    summary: 'PRESENT or CLEANUP one DNS-01 challenge value (served before the response returns)',
    description:
      'PRESENT adds the value to the TXT RRset at _acme-challenge.<name> (TTL 60), CLEANUP removes that one value; values merge, ' +
      'so SAN and wildcard challenges coexist; repeats are idempotent (changed: false). On a zone with staged changes ' +
      '(auto_publish off) the value is added to the last published content and the staged changes stay staged.',
    tags: ['acme'],
    responses: {
      200: { description: 'Done and served by the edge.', schema: acmeChallengeResponseSchema },
      400: problem('The name is not inside the zone, or the value is not a DNS-01 value.'),
      404: problem('No such zone in this tenant.'),
      504: problem('A PRESENT: the value is committed but no nameserver (edge or secondary) of the zone served it within DNSCOVE_SYNC_TIMEOUT_MS; `edges` names them. Retrying is safe.'),
    },
    handler: async ({ zone, principal, services, body }) => {
      const loaded = loadedZone(zone);
      const owner = challengeOwner(body.name, loaded.origin, '/name');
      const result = await applyChallenge(services, { zone: loaded, actor: actorOf(principal), action: body.action, owner, value: body.value, via: 'api' });
      const [rrset] = storedRRsets(services.db, loaded.id, [{ name: owner, type: RRType.TXT }]);
      const response: AcmeChallengeResponse = { status: 'ok', action: body.action, changed: result.changed, published: result.published, serial: result.serial, edges: result.edges, rrset: rrset! };
      return { body: response };
    },
  }),
];

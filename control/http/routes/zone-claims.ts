// Routes of zone claims: take over a zone another account holds unproved, by proving control in DNS.
import { problem } from '../problem-response.js';
import { zoneClaimRequestSchema, zoneClaimSchema } from '../../../shared/schemas/zones.js';
import type { ZoneClaimRequest } from '../../../shared/schemas/zones.js';
import { actorOf } from '../../auth/principal.js';
import { claimView, startClaim, verifyClaim } from '../../zones/claim-zone.js';
import { defineRoute } from '../route.js';
import type { RouteDef } from '../route.js';


export const routes: RouteDef[] = [
  defineRoute<ZoneClaimRequest>({
    method: 'POST',
    path: '/api/zones/claim',
    accepts: ['session', 'tenant-admin'],
    body: zoneClaimRequestSchema,
    summary: 'Claim a zone another account holds without having proved it (PENDING_VERIFICATION)',
    description:
      'Answers the TXT record to publish at the name’s current DNS provider; then POST /api/zones/claim/{id}/verify. ' +
      'The same open claim is answered again for the same origin.',
    tags: ['zones'],
    responses: {
      201: { description: 'The claim: what to publish where.', schema: zoneClaimSchema },
      400: problem('Invalid origin, or a public suffix.'),
      409: problem('Nobody else holds the origin, or the holder has proved control (ACTIVE).'),
    },
    handler: ({ principal, services, body }) => ({ status: 201, body: claimView(startClaim(services, principal.tenantId, actorOf(principal), body.origin)) }),
  }),
  defineRoute({
    method: 'POST',
    path: '/api/zones/claim/:claim/verify',
    accepts: ['session', 'tenant-admin'],
    summary: 'Look for the claim’s TXT proof; when found, the zone moves to this account',
    description:
      'Resolves _dnscove-claim.<origin> TXT from the root. Found: the holder’s zone is deleted (its tokens revoked) and this account ' +
      'gets the zone afresh, PENDING_VERIFICATION until delegated; status "claimed" with zone_id. Not found: status "pending" with detail.',
    tags: ['zones'],
    responses: {
      200: { description: 'The claim after the check.', schema: zoneClaimSchema },
      404: problem('No such claim in this account.'),
      409: problem('The holder has proved control meanwhile (ACTIVE).'),
    },
    handler: async ({ principal, services, params }) => ({ body: await verifyClaim(services, principal.tenantId, actorOf(principal), params['claim'] ?? '') }),
  }),
];

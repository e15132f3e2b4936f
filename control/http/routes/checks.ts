// Routes of the migration checks: delegation at the parent, and parity with the current servers.
import { problem } from '../problem-response.js';
import { delegationResponseSchema, parityRequestSchema, parityResponseSchema } from '../../../shared/schemas/checks.js';
import type { ParityRequest } from '../../../shared/schemas/checks.js';
import { actorOf } from '../../auth/principal.js';
import { lastParityReport, runDelegationCheck, runParityCheck } from '../../checks/run-checks.js';
import { loadedZone } from '../../zones/loaded-zone.js';
import { defineRoute } from '../route.js';
import type { RouteDef } from '../route.js';

const ZONE_CREDENTIALS = ['session', 'tenant-admin', 'zone-admin'] as const;

export const routes: RouteDef[] = [
  defineRoute({
    method: 'POST',
    path: '/api/zones/:id/delegation',
    zoneParam: 'id',
    accepts: ZONE_CREDENTIALS,
    summary: "Check the parent zone's delegation to our name servers",
    description:
      'Resolves iteratively from the root hints (DNSCOVE_ROOT_HINTS) to the parent zone and compares its NS for the origin with ours. ' +
      'When every expected NS is found the zone becomes ACTIVE. Timeouts, lame servers, SERVFAIL and NXDOMAIN at the parent are ' +
      'reported in `outcome` and `detail`, with 200.',
    tags: ['checks'],
    responses: { 200: { description: 'The check result and the zone status.', schema: delegationResponseSchema }, 404: problem('No such zone in this tenant.') },
    handler: async ({ zone, principal, services }) => ({
      body: await runDelegationCheck(services, loadedZone(zone), actorOf(principal), services.config.checks),
    }),
  }),
  defineRoute<ParityRequest>({
    method: 'POST',
    path: '/api/zones/:id/parity',
    zoneParam: 'id',
    accepts: ZONE_CREDENTIALS,
    summary: "Compare the zone's current authoritative answers with ours, RRset by RRset",
    description:
      'Asks the servers the parent delegates to (the old provider before the move) for every RRset we hold except the apex SOA and NS; ' +
      'values compare as sets, TTLs are reported (counted only with compare_ttl). `truncated` when more RRsets exist than `limit`. ' +
      'The body is optional: {limit?, compare_ttl?}.',
    tags: ['checks'],
    responses: { 200: { description: 'The parity result.', schema: parityResponseSchema }, 404: problem('No such zone in this tenant.') },
    body: parityRequestSchema,
    handler: async ({ zone, services, body }) => ({
      body: await runParityCheck(services, loadedZone(zone), services.config.checks, { limit: body.limit, compareTtl: body.compare_ttl }),
    }),
  }),
  defineRoute({
    method: 'GET',
    path: '/api/zones/:id/parity',
    zoneParam: 'id',
    accepts: ZONE_CREDENTIALS,
    summary: 'The last parity result, with its mismatches',
    tags: ['checks'],
    responses: {
      200: { description: 'The last parity result.', schema: parityResponseSchema },
      404: problem('No such zone in this tenant, or no parity check has run yet.'),
    },
    handler: ({ zone, services }) => ({ body: lastParityReport(services, loadedZone(zone)) }),
  }),
];

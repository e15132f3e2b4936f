// Routes of secondaries: per zone (/api/zones/{id}/secondaries) and for every zone of the tenant (/api/secondaries).
import { defineRoute } from '../route.js';
import type { RouteDef } from '../route.js';
import { problem } from '../problem-response.js';
import { addSecondary, listTenantSecondaries, removeSecondary, zoneSecondariesStatus } from '../../secondaries/secondary-service.js';
import { loadedZone } from '../../zones/loaded-zone.js';
import { secondaryListSchema, secondaryRequestSchema, secondarySchema, zoneSecondariesSchema } from '../../../shared/schemas/secondaries.js';
import type { SecondaryRequest } from '../../../shared/schemas/secondaries.js';

const ADMINS = ['session', 'tenant-admin'] as const;
const ADDED = 'Added; NOTIFY is on its way.';
const BAD_REQUEST = problem('The address is not IP[:port], or the key does not cover what the secondary carries.');

export const routes: RouteDef[] = [
  defineRoute({
    method: 'GET',
    path: '/api/zones/:id/secondaries',
    zoneParam: 'id',
    accepts: ['session', 'tenant-admin', 'zone-admin'],
    summary: 'The secondaries of a zone, each with the serial it serves now',
    description: "Each is asked for the zone's SOA when this is requested (1.5 s at most).",
    tags: ['secondaries'],
    responses: { 200: { description: "The zone's own secondaries, then the tenant's for every zone.", schema: zoneSecondariesSchema }, 404: problem('No such zone in this tenant.') },
    handler: async ({ zone, services }) => ({ body: await zoneSecondariesStatus(services, loadedZone(zone)) }),
  }),
  defineRoute<SecondaryRequest>({
    method: 'POST',
    path: '/api/zones/:id/secondaries',
    zoneParam: 'id',
    accepts: ADMINS,
    summary: 'Add a secondary of the zone: NOTIFY on every publish, transfers with the TSIG key',
    tags: ['secondaries'],
    body: secondaryRequestSchema,
    responses: { 201: { description: ADDED, schema: secondarySchema }, 400: BAD_REQUEST, 404: problem('No such zone, or no such key in the tenant.'), 409: problem('That address is a secondary of the zone already.') },
    handler: ({ zone, services, principal, body }) => ({ status: 201, body: addSecondary(services, principal, loadedZone(zone), { address: body.address, tsigKeyId: body.tsig_key_id }) }),
  }),
  defineRoute({
    method: 'DELETE',
    path: '/api/zones/:id/secondaries/:secondary',
    zoneParam: 'id',
    accepts: ADMINS,
    summary: 'Remove a secondary of the zone (it gets no more NOTIFY; its key still transfers until deleted)',
    tags: ['secondaries'],
    responses: { 204: { description: 'Removed' }, 404: problem('No such secondary of this zone.') },
    handler: ({ zone, services, principal, params }) => {
      removeSecondary(services, principal, loadedZone(zone), params['secondary'] ?? '');
      return { status: 204 };
    },
  }),
  defineRoute({
    method: 'GET',
    path: '/api/secondaries',
    accepts: ADMINS,
    summary: "The tenant's secondaries of every zone",
    tags: ['secondaries'],
    responses: { 200: { description: 'Oldest first; per-zone status is under /api/zones/{id}/secondaries.', schema: secondaryListSchema } },
    handler: ({ services, principal }) => ({ body: listTenantSecondaries(services, principal.tenantId) }),
  }),
  defineRoute<SecondaryRequest>({
    method: 'POST',
    path: '/api/secondaries',
    accepts: ADMINS,
    summary: 'Add a secondary of every zone of the tenant (a tenant-wide transfer key)',
    tags: ['secondaries'],
    body: secondaryRequestSchema,
    responses: { 201: { description: ADDED, schema: secondarySchema }, 400: BAD_REQUEST, 404: problem('No such key in the tenant.'), 409: problem('That address is a secondary of every zone already.') },
    handler: ({ services, principal, body }) => ({ status: 201, body: addSecondary(services, principal, null, { address: body.address, tsigKeyId: body.tsig_key_id }) }),
  }),
  defineRoute({
    method: 'DELETE',
    path: '/api/secondaries/:secondary',
    accepts: ADMINS,
    summary: 'Remove a secondary of every zone',
    tags: ['secondaries'],
    responses: { 204: { description: 'Removed' }, 404: problem('No such secondary of the tenant.') },
    handler: ({ services, principal, params }) => {
      removeSecondary(services, principal, null, params['secondary'] ?? '');
      return { status: 204 };
    },
  }),
];

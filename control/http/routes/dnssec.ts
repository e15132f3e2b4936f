// Routes of a zone's DNSSEC: what to give the registrar.
import { defineRoute } from '../route.js';
import type { RouteDef } from '../route.js';
import { problem } from '../problem-response.js';
import { zoneDnssec } from '../../dnssec/zone-dnssec.js';
import { loadedZone } from '../../zones/loaded-zone.js';
import { zoneDnssecSchema } from '../../../shared/schemas/dnssec.js';

export const routes: RouteDef[] = [
  defineRoute({
    method: 'GET',
    path: '/api/zones/:id/dnssec',
    zoneParam: 'id',
    accepts: ['session', 'tenant-admin', 'zone-admin'],
    summary: "The zone's DNSSEC key: the DS records for the registrar, the DNSKEY, CDS and CDNSKEY",
    description: 'Every zone is signed by default with one combined key (ECDSA P-256) and NSEC3 as RFC 9276 asks; the private key never leaves the control plane.',
    tags: ['dnssec'],
    responses: { 200: { description: 'The key and what the parent zone needs of it.', schema: zoneDnssecSchema }, 404: problem('No such zone in this tenant.') },
    handler: ({ zone, services }) => ({ body: zoneDnssec(services, loadedZone(zone)) }),
  }),
];

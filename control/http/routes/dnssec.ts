// Routes of a zone's DNSSEC: what to give the registrar.
import { defineRoute } from '../route.js';
import type { RouteDef } from '../route.js';
import { problem } from '../problem-response.js';
import { zoneDnssec } from '../../dnssec/zone-dnssec.js';
import { loadedZone } from '../../zones/loaded-zone.js';
import { rolloverRequestSchema, zoneDnssecRequestSchema, zoneDnssecSchema } from '../../../shared/schemas/dnssec.js';
import type { RolloverRequest, ZoneDnssecRequest } from '../../../shared/schemas/dnssec.js';
import { startRollover } from '../../dnssec/key-rollover.js';
import { setZoneDnssec } from '../../dnssec/set-zone-dnssec.js';

export const routes: RouteDef[] = [
  defineRoute({
    method: 'GET',
    path: '/api/zones/:id/dnssec',
    zoneParam: 'id',
    accepts: ['session', 'tenant-admin', 'zone-admin'],
    summary: "The zone's DNSSEC key: the DS records for the registrar, the DNSKEY, CDS and CDNSKEY",
    description: 'Every zone is signed by default with one combined key (ECDSA P-256) and NSEC3 as RFC 9276 asks (or NSEC, when asked); the private key never leaves the control plane.',
    tags: ['dnssec'],
    responses: { 200: { description: 'The key and what the parent zone needs of it.', schema: zoneDnssecSchema }, 404: problem('No such zone in this tenant.') },
    handler: ({ zone, services }) => ({ body: zoneDnssec(services, loadedZone(zone)) }),
  }),
  defineRoute<ZoneDnssecRequest>({
    method: 'PUT',
    path: '/api/zones/:id/dnssec',
    zoneParam: 'id',
    accepts: ['session', 'tenant-admin'],
    summary: 'Sign the zone, or take it unsigned without breaking it',
    description:
      'enabled: false publishes CDS/CDNSKEY "delete" (RFC 8078) while the zone stays signed (state "removing"); asked again after the registrar removed the DS, it checks the parent zone and publishes the zone unsigned. enabled: true signs it again; with denial "NSEC" or "NSEC3", with that chain of denial. Answers once the change is published.',
    tags: ['dnssec'],
    body: zoneDnssecRequestSchema,
    responses: {
      200: { description: 'The zone\'s DNSSEC now.', schema: zoneDnssecSchema },
      404: problem('No such zone in this tenant.'),
      409: problem('The parent zone still holds the DS, or could not be asked: the zone stays signed.'),
    },
    handler: async ({ zone, services, principal, body }) => ({ body: await setZoneDnssec(services, principal, loadedZone(zone), body.enabled, body.denial) }),
  }),
  defineRoute<RolloverRequest>({
    method: 'POST',
    path: '/api/zones/:id/dnssec/rollover',
    zoneParam: 'id',
    accepts: ['session', 'tenant-admin'],
    summary: "Roll the zone's key over to a new one (optionally of another algorithm)",
    description:
      'Double signature (RFC 6781 §4.1.2): the new key signs beside the old and is published; after the DNSKEY TTL, CDS/CDNSKEY and `ds` name the new key, for the registrar; once the parent zone\'s servers hold no DS of the old key (asked every hour) and its TTL has passed, the old key goes. A new algorithm signs before its key is published and its signatures go after the old key (RFC 6781 §4.1.4). `rollover` in the answer says where it stands. Answers once the first phase is published.',
    tags: ['dnssec'],
    body: rolloverRequestSchema,
    responses: {
      202: { description: 'Started: the zone\'s DNSSEC now, with `rollover`.', schema: zoneDnssecSchema },
      404: problem('No such zone in this tenant.'),
      409: problem('A rollover is under way already, or the zone is not signed.'),
    },
    handler: async ({ zone, services, principal, body }) => {
      const loaded = loadedZone(zone);
      await startRollover(services, principal, loaded, body.algorithm);
      return { status: 202, body: zoneDnssec(services, loaded) };
    },
  }),
];

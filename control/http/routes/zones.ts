// Routes of the zone lifecycle: list, create, get, update (auto_publish) and delete.
import { problem } from '../problem-response.js';
import {
  createZoneRequestSchema,
  updateZoneRequestSchema,
  zoneSchema,
  zonesListSchema,
} from '../../../shared/schemas/zones.js';
import type { CreateZoneRequest, UpdateZoneRequest } from '../../../shared/schemas/zones.js';
import { actorOf } from '../../auth/principal.js';
import { listZones } from '../../store/zones.js';
import { createZone } from '../../zones/create-zone.js';
import { deleteZone } from '../../zones/delete-zone.js';
import { loadedZone } from '../../zones/loaded-zone.js';
import { parseNameservers } from '../../zones/parse-nameservers.js';
import { setAutoPublish } from '../../zones/set-auto-publish.js';
import { setNameservers } from '../../zones/set-nameservers.js';
import { zoneView } from '../../zones/zone-view.js';
import { defineRoute } from '../route.js';
import type { RouteDef } from '../route.js';


export const routes: RouteDef[] = [
  defineRoute({
    method: 'GET',
    path: '/api/zones',
    accepts: ['session', 'tenant-admin'],
    summary: "List the tenant's zones",
    tags: ['zones'],
    responses: { 200: { description: 'The zones, by origin.', schema: zonesListSchema } },
    handler: ({ principal, services }) => ({
      body: { zones: listZones(services.db, principal.tenantId).map((z) => zoneView(z, services)) },
    }),
  }),
  defineRoute<CreateZoneRequest>({
    method: 'POST',
    path: '/api/zones',
    accepts: ['session', 'tenant-admin'],
    body: createZoneRequestSchema,
    summary: 'Create a zone with the system SOA and NS, published at once',
    tags: ['zones'],
    responses: {
      201: { description: 'The new zone.', schema: zoneSchema },
      400: problem('Invalid origin.'),
      409: problem('The origin is already hosted, or overlaps another account’s zone.'),
    },
    handler: async ({ principal, services, body }) => {
      const zone = await createZone(services, { tenantId: principal.tenantId, actor: actorOf(principal), origin: body.origin, ns: body.ns, dnssec: body.dnssec });
      return { status: 201, body: zoneView(zone, services) };
    },
  }),
  defineRoute({
    method: 'GET',
    path: '/api/zones/:id',
    zoneParam: 'id',
    accepts: ['session', 'tenant-admin', 'zone-admin'],
    summary: 'Get a zone',
    tags: ['zones'],
    responses: { 200: { description: 'The zone.', schema: zoneSchema }, 404: problem('No such zone in this tenant.') },
    handler: ({ zone, services }) => ({ body: zoneView(loadedZone(zone), services) }),
  }),
  defineRoute<UpdateZoneRequest>({
    method: 'PATCH',
    path: '/api/zones/:id',
    zoneParam: 'id',
    accepts: ['session', 'tenant-admin'],
    body: updateZoneRequestSchema,
    summary: "Turn auto-publish on or off; set the zone's own nameservers",
    description:
      'With auto_publish false, record changes are staged until POST /api/zones/{id}/publish; turning it back on publishes staged changes. ' +
      'ns replaces the apex NS RRset and the SOA MNAME (a change like any other, published with the zone); null goes back to DNSCOVE_NS.',
    tags: ['zones'],
    responses: { 200: { description: 'The updated zone.', schema: zoneSchema }, 400: problem('A bad nameserver name.'), 404: problem('No such zone in this tenant.') },
    handler: ({ zone, principal, services, body }) => {
      const actor = actorOf(principal);
      let updated = loadedZone(zone);
      // Parsed before anything is written, so a bad name changes nothing.
      const ns = body.ns === undefined || body.ns === null ? body.ns : parseNameservers(body.ns);
      if (ns !== undefined) updated = setNameservers(services, updated, actor, ns);
      if (body.auto_publish !== undefined) updated = setAutoPublish(services, updated, actor, body.auto_publish);
      return { body: zoneView(updated, services) };
    },
  }),
  defineRoute({
    method: 'DELETE',
    path: '/api/zones/:id',
    zoneParam: 'id',
    accepts: ['session', 'tenant-admin'],
    summary: 'Delete a zone; the edge stops answering for it (REFUSED)',
    tags: ['zones'],
    responses: { 204: { description: 'Deleted and removed from the edge.' }, 404: problem('No such zone in this tenant.') },
    handler: async ({ zone, principal, services }) => {
      await deleteZone(services, loadedZone(zone), actorOf(principal));
      return { status: 204 };
    },
  }),
];

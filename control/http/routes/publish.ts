// The explicit publish route: write the zone's snapshot now and wait until the edge serves it.
import { problemSchema } from '../../../shared/schemas/common.js';
import { publishResponseSchema } from '../../../shared/schemas/zones.js';
import type { PublishResponse } from '../../../shared/schemas/zones.js';
import { actorOf } from '../../auth/principal.js';
import { publishZone } from '../../publish/publish-zone.js';
import { loadedZone } from '../../zones/loaded-zone.js';
import { defineRoute } from '../route.js';
import type { RouteDef } from '../route.js';

export const routes: RouteDef[] = [
  defineRoute({
    method: 'POST',
    path: '/api/zones/:id/publish',
    zoneParam: 'id',
    accepts: ['session', 'tenant-admin'],
    summary: "Publish the zone's committed records to the edge now",
    tags: ['zones'],
    responses: {
      200: { description: 'Written, loaded by the in-process edge, and served by every connected remote edge unless edges.lagging names it.', schema: publishResponseSchema },
      404: { description: 'No such zone in this tenant.', schema: problemSchema, contentType: 'application/problem+json' },
    },
    handler: async ({ zone, principal, services }) => {
      const { publishedSerial, edges } = await publishZone(services, loadedZone(zone), actorOf(principal));
      const body: PublishResponse = { published_serial: publishedSerial, published: true, edges };
      return { body };
    },
  }),
];

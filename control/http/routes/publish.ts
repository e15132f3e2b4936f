// The explicit publish route: write the zone's snapshot now and wait until the edge serves it.
import { problemSchema } from '../../../shared/schemas/common.js';
import { publishPreviewSchema, publishRequestSchema, publishResponseSchema } from '../../../shared/schemas/zones.js';
import type { PublishRequest, PublishResponse } from '../../../shared/schemas/zones.js';
import { previewPublish } from '../../publish/preview-publish.js';
import { actorOf } from '../../auth/principal.js';
import { publishZone } from '../../publish/publish-zone.js';
import { loadedZone } from '../../zones/loaded-zone.js';
import { defineRoute } from '../route.js';
import type { RouteDef } from '../route.js';

export const routes: RouteDef[] = [
  defineRoute<PublishRequest>({
    method: 'POST',
    path: '/api/zones/:id/publish',
    zoneParam: 'id',
    accepts: ['session', 'tenant-admin'],
    summary: "Publish the zone's committed records to the edge now",
    description: 'No body (or `{}`) publishes; `{"dry_run": true}` publishes nothing and answers with the RRsets a publish would change.',
    tags: ['zones'],
    body: publishRequestSchema,
    responses: {
      200: {
        description: 'Written, loaded by the embedded edge (`dnscove start`), and served by every connected remote edge unless edges.lagging names it; with dry_run, the diff.',
        schema: { oneOf: [publishResponseSchema, publishPreviewSchema] },
      },
      400: { description: 'A body that is not `{}` or `{"dry_run": boolean}`.', schema: problemSchema, contentType: 'application/problem+json' },
      404: { description: 'No such zone in this tenant.', schema: problemSchema, contentType: 'application/problem+json' },
    },
    handler: async ({ zone, principal, services, body: request }) => {
      if (request?.dry_run === true) return { body: await previewPublish(services, loadedZone(zone)) };
      const { publishedSerial, edges } = await publishZone(services, loadedZone(zone), actorOf(principal));
      const body: PublishResponse = { published_serial: publishedSerial, published: true, edges };
      return { body };
    },
  }),
];

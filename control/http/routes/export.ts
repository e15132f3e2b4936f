// Route of the zone export: the zone as an RFC 1035 master file.
import { nameToApiText } from '../../../shared/dns/name.js';
import { problem } from '../problem-response.js';
import { exportCommittedZone } from '../../export/export-zone-file.js';
import { loadedZone } from '../../zones/loaded-zone.js';
import { defineRoute } from '../route.js';
import type { RouteDef } from '../route.js';


export const routes: RouteDef[] = [
  defineRoute({
    method: 'GET',
    path: '/api/zones/:id/export',
    zoneParam: 'id',
    accepts: ['session', 'tenant-admin', 'zone-admin'],
    summary: 'Export the zone as an RFC 1035 master file',
    description:
      "The zone's committed RRsets (published or not), one RR per line with absolute names, the SOA with the serial the edges serve once they are published; NSD loads it and the zone-file import reads it back.",
    tags: ['import'],
    responses: {
      200: { description: 'The master file.', schema: { type: 'string' }, contentType: 'text/plain' },
      404: problem('No such zone in this tenant.'),
    },
    handler: ({ zone, services }) => {
      const z = loadedZone(zone);
      return {
        body: exportCommittedZone(services.db, z),
        contentType: 'text/plain; charset=utf-8',
        headers: { 'Content-Disposition': `attachment; filename="${nameToApiText(z.origin).replace(/[^A-Za-z0-9._-]/g, '_')}.zone"` },
      };
    },
  }),
];

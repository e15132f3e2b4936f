// The remote edges as the operator sees them (GET /api/edges).
import { edgeListSchema } from '../../../shared/schemas/edges.js';
import { defineRoute } from '../route.js';
import type { RouteDef } from '../route.js';
import { withheldReason } from '../../zones/withheld.js';

export const routes: RouteDef[] = [
  defineRoute({
    method: 'GET',
    path: '/api/edges',
    accepts: ['session', 'tenant-admin'],
    summary: 'List the remote edges (nameservers), what they serve and whether they are connected',
    description:
      'Edges are shared by every tenant (they serve every zone); keys are managed with `dnscove edge-key`. Revoked edges are not listed; `embedded` says whether the control plane answers DNS itself too. `lagging_zones` names the zones whose last publish an edge process does not serve, by the SOA serial it reported for each (a zone withheld from the nameservers is not one).',
    tags: ['edges'],
    responses: { 200: { description: 'Every edge process that has reported, by key name and instance.', schema: edgeListSchema } },
    handler: ({ services }) => ({ body: { edges: services.edges.list((zone) => withheldReason(services.db, zone, services.config.pendingDays, services.now()) === null), embedded: services.edges.embedded } }),
  }),
];

// Routes of a zone's RRsets: list them, and UPSERT/DELETE one or a batch.
import { problem } from '../problem-response.js';
import { changeResponseSchema, isChangesBatch, recordsListSchema, recordsRequestSchema } from '../../../shared/schemas/records.js';
import type { ChangeResponse, RecordsRequest } from '../../../shared/schemas/records.js';
import { actorOf } from '../../auth/principal.js';
import { resolveAliasTargets } from '../../aliases/resolve-alias-targets.js';
import { changeRecords } from '../../records/change-records.js';
import { listRecords } from '../../records/list-records.js';
import { loadedZone } from '../../zones/loaded-zone.js';
import { defineRoute } from '../route.js';
import type { RouteDef } from '../route.js';


export const routes: RouteDef[] = [
  defineRoute({
    method: 'GET',
    path: '/api/zones/:id/records',
    zoneParam: 'id',
    accepts: ['session', 'tenant-admin', 'zone-admin'],
    summary: "List the zone's RRsets (committed, published or staged)",
    tags: ['records'],
    responses: { 200: { description: 'RRsets in canonical order.', schema: recordsListSchema }, 404: problem('No such zone in this tenant.') },
    handler: ({ zone, services }) => ({ body: listRecords(services.db, loadedZone(zone)) }),
  }),
  defineRoute<RecordsRequest>({
    method: 'POST',
    path: '/api/zones/:id/records',
    zoneParam: 'id',
    accepts: ['session', 'tenant-admin', 'zone-admin'],
    body: recordsRequestSchema,
    summary: 'UPSERT or DELETE RRsets: one change, or {changes: [...]} all-or-nothing',
    description:
      'Each value is validated per type and stored in canonical form; duplicates collapse. A CNAME must be alone at its name; ' +
      'an ALIAS (one target) is resolved before it is written and its owner served with the target\'s A and AAAA, kept current; ' +
      'the apex SOA and NS stay; below a delegation only glue A/AAAA. UPSERT of identical content and DELETE of something ' +
      'absent change nothing (serial unchanged). With auto_publish the change reaches the edge within a second.',
    tags: ['records'],
    responses: {
      200: { description: 'Committed; `serial` is the zone serial after the change.', schema: changeResponseSchema },
      400: problem('A change is invalid; `field` names it, e.g. changes[3].records[0]. Nothing was changed.'),
      404: problem('No such zone in this tenant.'),
    },
    handler: async ({ zone, principal, services, body }) => {
      const batch = isChangesBatch(body);
      const changes = batch ? body.changes : [body];
      const loaded = loadedZone(zone);
      const aliasTargets = await resolveAliasTargets(services, loaded, changes, batch);
      const result = changeRecords(services, { zone: loaded, actor: actorOf(principal), changes, batch, aliasTargets });
      const response: ChangeResponse = { status: 'PENDING', serial: result.serial, rrsets: [...result.rrsets] };
      return { body: response };
    },
  }),
];

// Routes of the importers: Route 53 record-set JSON and RFC 1035 master files.
import { nameToApiText } from '../../../shared/dns/name.js';
import type { Name } from '../../../shared/dns/name.js';
import { problemSchema } from '../../../shared/schemas/common.js';
import { importResponseSchema, route53ImportRequestSchema, zoneFileImportRequestSchema } from '../../../shared/schemas/import.js';
import type { ImportResponse, Route53ImportRequest, ZoneFileImportRequest } from '../../../shared/schemas/import.js';
import { actorOf } from '../../auth/principal.js';
import type { Principal } from '../../auth/principal.js';
import { BadRequestError, ValidationError } from '../../errors/catalogue.js';
import { applyImport } from '../../import/apply-import.js';
import type { ImportResult } from '../../import/import-result.js';
import { importRoute53 } from '../../import/route53/import-route53.js';
import { Route53ImportError } from '../../import/route53/route53-import-error.js';
import { importZoneFile } from '../../import/zonefile/import-zone-file.js';
import { ZoneFileImportError } from '../../import/zonefile/zone-file-import-error.js';
import type { Services } from '../../services.js';
import { parseOrigin } from '../../zones/parse-origin.js';
import { zoneView } from '../../zones/zone-view.js';
import { defineRoute } from '../route.js';
import type { RouteDef } from '../route.js';

const problem = (description: string) => ({ description, schema: problemSchema, contentType: 'application/problem+json' });

const responses = {
  200: { description: 'Imported and published (see `published`, `publish_error`).', schema: importResponseSchema },
  400: problem('The input cannot be read as a whole (not Route 53 JSON, no origin, a zone-file syntax error with its line).'),
  403: problem('Only sessions and tenant-admin tokens may import.'),
  409: problem('The zone exists (send replace: true) or another account hosts the origin.'),
};

async function store(services: Services, principal: Principal, result: ImportResult, replace: boolean, source: string): Promise<ImportResponse> {
  const outcome = await applyImport(services, { tenantId: principal.tenantId, actor: actorOf(principal), result, replace, source });
  const notes = result.notes.map((n) => ({ name: n.name, type: n.type, reason: n.note }));
  return {
    zone: zoneView(outcome.zone, services.config.nameservers, services.edges.zoneEdges(outcome.zone.origin)),
    imported: outcome.imported,
    skipped: outcome.skipped.map((s) => ({ name: s.name, type: s.type, reason: s.reason })),
    notes,
    published: outcome.published,
    publish_error: outcome.publishError,
    ns: services.config.nameservers.map(nameToApiText),
  };
}

/** An importer's refusal of the whole input as a problem document; anything else unchanged. */
function asProblem(err: unknown): unknown {
  if (err instanceof Route53ImportError) return new BadRequestError(err.message);
  if (err instanceof ZoneFileImportError) return new ValidationError('zonefile', err.line === undefined ? null : `line ${err.line}`, err.message);
  return err;
}

/** Runs `read` with the request's origin (if any), then stores and publishes what it read. */
async function importInput(
  services: Services,
  principal: Principal,
  request: { origin?: string | undefined; replace?: boolean | undefined },
  source: string,
  read: (options: { origin?: Name }) => ImportResult,
): Promise<ImportResponse> {
  let result: ImportResult;
  try {
    const origin = request.origin === undefined ? undefined : parseOrigin(request.origin);
    result = read(origin === undefined ? {} : { origin });
  } catch (err) {
    throw asProblem(err);
  }
  return store(services, principal, result, request.replace ?? false, source);
}

export const routes: RouteDef[] = [
  defineRoute<Route53ImportRequest>({
    method: 'POST',
    path: '/api/import/route53',
    accepts: ['session', 'tenant-admin'],
    body: route53ImportRequestSchema,
    summary: 'Import a Route 53 hosted zone (list-resource-record-sets output)',
    description:
      'Creates the zone (origin from the apex SOA), imports every record set plain DNS can express and publishes. Apex SOA and NS ' +
      'are replaced by ours; alias, routing-policy (weighted, latency, geolocation, geoproximity, failover, multivalue, CIDR) and ' +
      'health-checked sets are skipped with a reason; SPF becomes TXT.',
    tags: ['import'],
    responses,
    handler: async ({ body, principal, services }) => ({
      body: await importInput(services, principal, body, 'route53', (options) => importRoute53(body.json, options)),
    }),
  }),
  defineRoute<ZoneFileImportRequest>({
    method: 'POST',
    path: '/api/import/zonefile',
    accepts: ['session', 'tenant-admin'],
    body: zoneFileImportRequestSchema,
    summary: 'Import an RFC 1035 master file',
    description: 'Like the Route 53 import, for a zone file; reasons name their line.',
    tags: ['import'],
    responses,
    handler: async ({ body, principal, services }) => ({
      body: await importInput(services, principal, body, 'zonefile', (options) => importZoneFile(body.zonefile, options)),
    }),
  }),
];

// Routes of the importers: Route 53 record-set JSON, RFC 1035 master files, and zone transfers from an old primary.
import { nameToApiText } from '../../../shared/dns/name.js';
import { problem } from '../problem-response.js';
import { axfrImportRequestSchema, importProgressResponseSchema, importResponseSchema, route53ImportRequestSchema, zoneFileImportRequestSchema } from '../../../shared/schemas/import.js';
import { ValidationError } from '../../errors/catalogue.js';
import type { AxfrImportRequest, ImportProgressResponse, ImportResponse, Route53ImportRequest, ZoneFileImportRequest } from '../../../shared/schemas/import.js';
import { transferForImport } from '../../import/axfr/transfer-for-import.js';
import { actorOf } from '../../auth/principal.js';
import type { Principal } from '../../auth/principal.js';
import { applyImport } from '../../import/apply-import.js';
import { importProgressOf } from '../../import/import-progress.js';
import type { ImportInput } from '../../import/import-worker-protocol.js';
import { readInWorker } from '../../import/worker-planner.js';
import type { Services } from '../../services.js';
import { parseOrigin } from '../../zones/parse-origin.js';
import { zoneNameservers } from '../../zones/zone-nameservers.js';
import { zoneView } from '../../zones/zone-view.js';
import { defineRoute } from '../route.js';
import type { RouteDef } from '../route.js';


const responses = {
  200: { description: 'Imported and published (see `published`, `publish_error`).', schema: importResponseSchema },
  400: problem('The input cannot be read as a whole (not Route 53 JSON, no origin, a zone-file syntax error with its line).'),
  403: problem('Only sessions and tenant-admin tokens may import.'),
  409: problem('The zone exists (send replace: true) or another account hosts the origin.'),
};

/**
 * Reads `input` in a worker thread, then stores and publishes it (applyImport), listed in the
 * tenant's imports under way until it is done.
 */
async function importInput(services: Services, principal: Principal, request: { origin?: string | undefined; replace?: boolean | undefined }, input: ImportInput, bytes: number): Promise<ImportResponse> {
  const progress = importProgressOf(services).start(principal.tenantId, input.source, bytes, services.now());
  try {
    const origin = request.origin === undefined ? undefined : parseOrigin(request.origin);
    const planner = await readInWorker(origin === undefined ? input : { ...input, origin });
    try {
      progress.update({ origin: planner.origin, rrsets: planner.rrsets });
      const outcome = await applyImport(services, {
        tenantId: principal.tenantId,
        actor: actorOf(principal),
        planner,
        replace: request.replace ?? false,
        source: input.source,
        onPhase: (phase) => progress.update({ phase }),
      });
      return {
        zone: zoneView(outcome.zone, services),
        imported: outcome.imported,
        skipped: outcome.skipped.map((s) => ({ name: s.name, type: s.type, reason: s.reason })),
        notes: outcome.notes.map((n) => ({ name: n.name, type: n.type, reason: n.note })),
        published: outcome.published,
        publish_error: outcome.publishError,
        ns: zoneNameservers(outcome.zone, services.config).map(nameToApiText),
      };
    } finally {
      await planner.close();
    }
  } finally {
    progress.end();
  }
}

/** The zone-file import's request from either form: the JSON object, or the file as the body with its options in the query. */
function zoneFileRequest(body: ZoneFileImportRequest, query: URLSearchParams): { zonefile: string; origin?: string | undefined; replace?: boolean | undefined } {
  if (typeof body !== 'string') return body;
  const replace = query.get('replace');
  if (replace !== null && replace !== 'true' && replace !== 'false') throw new ValidationError('replace', replace, 'replace must be true or false');
  return { zonefile: body, origin: query.get('origin') ?? undefined, replace: replace === null ? undefined : replace === 'true' };
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
      body: await importInput(services, principal, body, { source: 'route53', json: body.json }, Buffer.byteLength(typeof body.json === 'string' ? body.json : JSON.stringify(body.json))),
    }),
  }),
  defineRoute<ZoneFileImportRequest>({
    method: 'POST',
    path: '/api/import/zonefile',
    accepts: ['session', 'tenant-admin'],
    body: zoneFileImportRequestSchema,
    summary: 'Import an RFC 1035 master file',
    description:
      'Like the Route 53 import, for a zone file; reasons name their line. The file comes as {zonefile, origin?, replace?} in JSON, or ' +
      'as the body itself with Content-Type text/dns or text/plain and ?origin=…&replace=true|false in the query (no JSON to escape or parse).',
    tags: ['import'],
    responses,
    handler: async ({ body, query, principal, services }) => {
      const request = zoneFileRequest(body, query);
      return { body: await importInput(services, principal, request, { source: 'zonefile', text: request.zonefile }, Buffer.byteLength(request.zonefile)) };
    },
  }),
  defineRoute<AxfrImportRequest>({
    method: 'POST',
    path: '/api/import/axfr',
    accepts: ['session', 'tenant-admin'],
    body: axfrImportRequestSchema,
    summary: 'Import a zone by transfer (AXFR) from its old primary',
    description:
      'Transfers the zone from `server` (signed with `tsig` when given), then imports it like a zone file: apex SOA and NS are ' +
      "replaced by ours, the previous signer's DNSSEC records are skipped, each with a reason.",
    tags: ['import'],
    responses: { ...responses, 502: problem('The old primary refused the transfer, could not be reached, or sent an answer that does not verify; nothing was imported.') },
    handler: async ({ body, principal, services }) => {
      const origin = parseOrigin(body.origin);
      const records = await transferForImport(origin, { server: body.server, tsig: body.tsig });
      const bytes = records.reduce((sum, r) => sum + r.name.length + 10 + r.rdata.length, 0);
      return { body: await importInput(services, principal, body, { source: 'axfr', records, origin }, bytes) };
    },
  }),
  defineRoute({
    method: 'GET',
    path: '/api/import/progress',
    accepts: ['session', 'tenant-admin'],
    summary: "The tenant's imports under way",
    description: 'What each import still running has reached: reading the input, checking its RRsets, writing, publishing. A zone of a million records takes a minute or two; the console shows this while it waits.',
    tags: ['import'],
    responses: { 200: { description: 'The imports under way (none: an empty list).', schema: importProgressResponseSchema }, 403: responses[403] },
    handler: ({ principal, services }) => ({
      body: {
        imports: importProgressOf(services)
          .list(principal.tenantId)
          .map((p) => ({ id: p.id, source: p.source as 'zonefile' | 'route53' | 'axfr', phase: p.phase, origin: p.origin === null ? null : nameToApiText(p.origin), rrsets: p.rrsets, bytes: p.bytes, started_at: p.startedAt.toISOString() })),
      } satisfies ImportProgressResponse,
    }),
  }),
];

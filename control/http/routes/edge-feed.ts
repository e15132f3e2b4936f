// The feed remote edges replicate the snapshot directory from (/api/edge/v1/...), authenticated by edge keys.
import { SIGNATURE_HEADER, signFile } from '../../../shared/feed/file-signature.js';
import { problem } from '../problem-response.js';
import { edgeChangesSchema, edgeStatusRequestSchema } from '../../../shared/schemas/edges.js';
import type { EdgeStatusRequest } from '../../../shared/schemas/edges.js';
import { authenticateEdge } from '../../edges/edge-keys.js';
import { parseFileRequest, readSignedFile } from '../../edges/feed-file.js';
import { ValidationError } from '../../errors/catalogue.js';
import { definePublicRoute } from '../route.js';
import type { RouteDef } from '../route.js';
import { compileBodyValidator } from '../validator.js';

export const EDGE_FEED_BASE = '/api/edge/v1';
/** The name the changes response is signed under (a file name cannot contain it: stems have a suffix). */
export const CHANGES_SIGNED_NAME = 'changes';

const unauthorized = problem('No edge key, or an unknown or revoked one.');
const CREDENTIALS = 'Credentials: Authorization: Bearer dnsce_... (an edge key from `dnscove edge-key create`); session and dnsc_ tokens are refused (401).';
// Validated after the edge key, so a caller without one learns nothing from validation errors.
const validateStatus = compileBodyValidator<EdgeStatusRequest>(edgeStatusRequestSchema);

function integerParam(query: URLSearchParams, name: string, fallback: number): number {
  const text = query.get(name) ?? String(fallback);
  if (!/^[0-9]{1,15}$/.test(text)) throw new ValidationError(name, text, `${name} must be a non-negative integer`);
  return Number(text);
}

/** The instance id an edge process gives (see edgeStatusRequestSchema); '' from one that gives none. */
function instanceParam(query: URLSearchParams): string {
  const text = query.get('instance') ?? '';
  if (!new RegExp(edgeStatusRequestSchema.properties.instance.pattern).test(text) && text !== '') {
    throw new ValidationError('instance', text, 'instance must be 1 to 32 lower-case hex digits');
  }
  return text;
}

export const routes: RouteDef[] = [
  definePublicRoute({
    method: 'GET',
    accepts: 'public',
    path: `${EDGE_FEED_BASE}/changes`,
    summary: 'Edge feed: the zones whose files changed after a feed sequence (long-poll)',
    description:
      'Query: after=N (0: everything), wait=SECONDS (held until something changes, at most 30), instance=ID (the process, as in its status ' +
      'reports). At most 1000 stems per answer; ask again ' +
      `with after=seq. The body is signed like a file, under the name "${CHANGES_SIGNED_NAME}" with from=after. ${CREDENTIALS}`,
    tags: ['edges'],
    responses: { 200: { description: 'Changes (possibly none after the wait).', schema: edgeChangesSchema }, 400: problem('after or wait is not an integer, or instance is malformed.'), 401: unauthorized },
    handler: async ({ services, headers, query, ip }) => {
      const edge = authenticateEdge(services.db, headers['authorization']);
      const after = integerParam(query, 'after', 0);
      const waitSeconds = integerParam(query, 'wait', 0);
      const instance = instanceParam(query);
      const changes = await services.edges.changes({ name: edge, instance }, ip, after, waitSeconds * 1000);
      // The poll may have been held for half a minute: a key revoked meanwhile gets nothing.
      authenticateEdge(services.db, headers['authorization']);
      const body = JSON.stringify(changes);
      const signature = signFile(services.edges.signingKey, CHANGES_SIGNED_NAME, after, Buffer.from(body, 'utf8'));
      return { body, contentType: 'application/json', headers: { [SIGNATURE_HEADER]: signature, 'Cache-Control': 'no-store' } };
    },
  }),
  definePublicRoute({
    method: 'GET',
    accepts: 'public',
    path: `${EDGE_FEED_BASE}/files/:file`,
    summary: "Edge feed: a zone's snapshot (<stem>.snap) or journal (<stem>.journal?from=OFFSET), signed",
    description:
      'The bytes (a journal from `from` to its end; with base=CHECKSUM only if it still continues that snapshot, else 409), with ' +
      'X-DNSCove-Signature: base64 Ed25519 over "DNSCove-file-v1\\n" + file name + "\\n" + from + "\\n" + bytes, by the key ' +
      `\`dnscove snapshot-pubkey\` prints. ${CREDENTIALS}`,
    tags: ['edges'],
    responses: {
      200: { description: 'The bytes.', contentType: 'application/octet-stream' },
      400: problem('from or base is malformed.'),
      401: unauthorized,
      404: problem('No such zone file.'),
      409: problem('The journal is shorter than from, or continues another snapshot than base.'),
    },
    handler: async ({ services, headers, params, query }) => {
      authenticateEdge(services.db, headers['authorization']);
      const file = await readSignedFile(services.edges, parseFileRequest(services.db, params['file'] ?? '', query));
      return { body: file.bytes, contentType: 'application/octet-stream', headers: { [SIGNATURE_HEADER]: file.signature, 'Cache-Control': 'no-store' } };
    },
  }),
  definePublicRoute({
    method: 'POST',
    accepts: 'public',
    path: `${EDGE_FEED_BASE}/status`,
    summary: 'Edge feed: report the feed sequence the edge serves',
    description: `Body ${JSON.stringify(edgeStatusRequestSchema.required)}; publishes and ACME answers wait for connected edges to report. ${CREDENTIALS}`,
    tags: ['edges'],
    responses: { 204: { description: 'Recorded.' }, 400: problem('The body is malformed, or name is not the key’s.'), 401: unauthorized },
    handler: ({ services, headers, body, ip }) => {
      const edge = authenticateEdge(services.db, headers['authorization']);
      const report = validateStatus(body);
      if (report.name !== undefined && report.name !== edge) throw new ValidationError('/name', report.name, `this edge key belongs to "${edge}"`);
      services.edges.report({ name: edge, instance: report.instance ?? '' }, ip, report.served_seq, report.zones);
      return {};
    },
  }),
];

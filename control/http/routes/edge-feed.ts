// The feed remote edges replicate the snapshot directory from (/api/edge/v1/...), authenticated by edge keys.
import { SIGNATURE_HEADER, signPart } from '../../../shared/feed/file-signature.js';
import { problem } from '../problem-response.js';
import { edgeChangesSchema, edgeStatusRequestSchema } from '../../../shared/schemas/edges.js';
import type { EdgeStatusRequest } from '../../../shared/schemas/edges.js';
import { MAX_FILES_PER_KEY, MAX_POLLS_PER_KEY, REVOKED_CHECK_MS } from '../../edges/edge-feed.js';
import { authenticateEdge } from '../../edges/edge-keys.js';
import { openSnapshot, openTransferKeys, parseFileRequest, readJournalRange } from '../../edges/feed-file.js';
import { ValidationError } from '../../errors/catalogue.js';
import { definePublicRoute } from '../route.js';
import type { RouteDef, RouteResult } from '../route.js';
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
      `with after=seq. The body is signed like a journal, under the name "${CHANGES_SIGNED_NAME}" with from=after and an empty base. ` +
      `An edge key holds at most ${MAX_POLLS_PER_KEY} polls at once (429 beyond); a poll of a key revoked meanwhile ends within ${REVOKED_CHECK_MS / 1000} s with 401. ${CREDENTIALS}`,
    tags: ['edges'],
    responses: {
      200: { description: 'Changes (possibly none after the wait).', schema: edgeChangesSchema },
      400: problem('after or wait is not an integer, or instance is malformed.'),
      401: unauthorized,
      429: problem('The key holds as many polls as it may.'),
    },
    handler: async ({ services, headers, query, ip }) => {
      const edge = authenticateEdge(services.db, headers['authorization']);
      const after = integerParam(query, 'after', 0);
      const waitSeconds = integerParam(query, 'wait', 0);
      const instance = instanceParam(query);
      const changes = await services.edges.changes({ name: edge, instance }, ip, after, waitSeconds * 1000);
      // The poll may have been held for half a minute: a key revoked meanwhile gets nothing.
      authenticateEdge(services.db, headers['authorization']);
      const body = JSON.stringify(changes);
      const signature = signPart(services.edges.signingKey, { name: CHANGES_SIGNED_NAME, from: after, base: '' }, Buffer.from(body, 'utf8'));
      return { body, contentType: 'application/json', headers: { [SIGNATURE_HEADER]: signature, 'Cache-Control': 'no-store' } };
    },
  }),
  definePublicRoute({
    method: 'GET',
    accepts: 'public',
    path: `${EDGE_FEED_BASE}/files/:file`,
    summary: "Edge feed: a zone's snapshot (<stem>.snap), a range of its journal (<stem>.journal?from=A&to=B&base=CHECKSUM), or the transfer keys (transfer-keys.json)",
    description:
      'A snapshot, and transfer-keys.json (the TSIG keys the edge answers zone transfers with), are streamed as they are; the edge checks ' +
      'their size and SHA-256 against the signed changes list. A journal range is ' +
      'bytes [from, to) while the journal continues snapshot base (else 409: ask the feed again), with X-DNSCove-Signature: base64 ' +
      'Ed25519 over "DNSCove-file-v2\\n" + file name + "\\n" + from + "\\n" + base + "\\n" + bytes, by the key ' +
      `\`dnscove snapshot-pubkey\` prints. An edge key has at most ${MAX_FILES_PER_KEY} downloads under way (429 beyond). ${CREDENTIALS}`,
    tags: ['edges'],
    responses: {
      200: { description: 'The bytes.', contentType: 'application/octet-stream' },
      400: problem('from, to or base is malformed or missing.'),
      401: unauthorized,
      404: problem('No such zone file.'),
      409: problem('The journal is shorter than to, or continues another snapshot than base.'),
      429: problem('The key has as many downloads under way as it may.'),
    },
    handler: async ({ services, headers, params, query }): Promise<RouteResult> => {
      const edge = authenticateEdge(services.db, headers['authorization']);
      const request = parseFileRequest(services.db, params['file'] ?? '', query);
      const release = services.edges.fileSlot(edge);
      try {
        if (request.kind === 'journal') {
          const journal = await readJournalRange(services.edges, request);
          return { body: journal.bytes, contentType: 'application/octet-stream', headers: { [SIGNATURE_HEADER]: journal.signature, 'Cache-Control': 'no-store' } };
        }
        const snapshot = request.kind === 'transfer-keys' ? await openTransferKeys(services.edges) : await openSnapshot(services.edges, request.stem);
        snapshot.stream.once('close', release);
        return { body: snapshot.stream, contentType: 'application/octet-stream', headers: { 'Content-Length': String(snapshot.size), 'Cache-Control': 'no-store' } };
      } catch (err) {
        release();
        throw err;
      } finally {
        if (request.kind === 'journal') release();
      }
    },
  }),
  definePublicRoute({
    method: 'POST',
    accepts: 'public',
    path: `${EDGE_FEED_BASE}/status`,
    summary: 'Edge feed: report the feed sequence the edge serves, and the serial it serves of each zone changed since',
    description: `Body ${JSON.stringify(edgeStatusRequestSchema.required)}; publishes and ACME answers wait for connected edges to report. ${CREDENTIALS}`,
    tags: ['edges'],
    responses: { 204: { description: 'Recorded.' }, 400: problem('The body is malformed, or name is not the key’s.'), 401: unauthorized },
    handler: ({ services, headers, body, ip }) => {
      const edge = authenticateEdge(services.db, headers['authorization']);
      const report = validateStatus(body);
      if (report.name !== undefined && report.name !== edge) throw new ValidationError('/name', report.name, `this edge key belongs to "${edge}"`);
      const serials = report.zone_serials === undefined ? undefined : { reset: report.zone_serials_reset === true, serials: report.zone_serials };
      services.edges.report({ name: edge, instance: report.instance ?? '' }, ip, report.served_seq, report.zones, serials);
      return {};
    },
  }),
];

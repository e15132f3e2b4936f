// JSON Schemas and types of the remote-edge feed (/api/edge/v1/...) and of GET /api/edges.
import type { FromSchema } from 'json-schema-to-ts';
import { timestampSchema } from './common.js';

const hex64 = { type: 'string', pattern: '^[0-9a-f]{64}$' } as const;

/** One zone's files in a changes response; `snapshot: null` means the zone is removed. */
export const edgeChangeSchema = {
  type: 'object',
  required: ['stem', 'seq', 'snapshot', 'journal'],
  properties: {
    seq: { type: 'integer', description: 'The feed sequence of this change: an edge never applies a change of a zone older than one it has applied.' },
    stem: { type: 'string', description: 'The file name without .snap/.journal (the zone origin, %-escaped).' },
    snapshot: {
      oneOf: [
        { type: 'null' },
        { type: 'object', required: ['size', 'checksum'], properties: { size: { type: 'integer' }, checksum: { ...hex64, description: "SHA-256 of the body, from the snapshot's header." } } },
      ],
    },
    journal: {
      oneOf: [
        { type: 'null' },
        { type: 'object', required: ['size', 'base'], properties: { size: { type: 'integer' }, base: { ...hex64, description: 'Checksum of the snapshot the journal continues.' } } },
      ],
    },
    journal_tail: {
      type: 'string',
      contentEncoding: 'base64',
      description:
        "The journal's last bytes (at most 8 KiB), base64, when the last deltas appended were small. An edge whose cached journal ends within them appends the rest " +
        'without fetching the range (they are signed with the whole answer); any other edge fetches the range.',
    },
  },
} as const;

export type EdgeChange = FromSchema<typeof edgeChangeSchema>;

/** GET /api/edge/v1/changes. */
export const edgeChangesSchema = {
  type: 'object',
  required: ['feed', 'seq', 'changes'],
  properties: {
    feed: { type: 'string', pattern: '^[0-9a-f]{32}$', description: "The database's feed identity: a new one means a new database, to be followed from seq 0." },
    seq: { type: 'integer', description: 'Ask again with after=seq; an edge that has applied these changes serves the feed up to seq.' },
    changes: { type: 'array', items: edgeChangeSchema },
    transfer_keys: {
      description: 'The TSIG keys file (transfer-keys.json) the edge answers zone transfers with: its size and SHA-256; null when there is none. Fetched from files/transfer-keys.json when it differs from the cached one.',
      oneOf: [{ type: 'null' }, { type: 'object', required: ['size', 'checksum'], properties: { size: { type: 'integer' }, checksum: hex64 } }],
    },
  },
} as const;

export type EdgeChanges = FromSchema<typeof edgeChangesSchema>;

/** One zone and the SOA serial an edge serves of it now (null: it serves the zone no more). */
export const zoneSerialSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['zone', 'serial'],
  properties: {
    zone: { type: 'string', minLength: 1, maxLength: 255, description: 'The origin, absolute ("example.com.").' },
    serial: { type: ['integer', 'null'], minimum: 0, maximum: 4294967295 },
  },
} as const;

export type ZoneSerial = FromSchema<typeof zoneSerialSchema>;

/** POST /api/edge/v1/status. */
export const edgeStatusRequestSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['served_seq'],
  properties: {
    name: { type: 'string', maxLength: 63, description: "The edge's --name; must be its key's name when given." },
    instance: { type: 'string', pattern: '^[0-9a-f]{1,32}$', description: 'Which process this is among those sharing the key (each keeps its own status); kept with its cache across restarts.' },
    served_seq: { type: 'integer', minimum: 0, maximum: 9007199254740991, description: 'The feed seq whose changes the edge serves now.' },
    zones: { type: 'integer', minimum: 0, maximum: 9007199254740991, description: 'How many zones it serves.' },
    zone_serials: {
      type: 'array',
      maxItems: 1000,
      items: zoneSerialSchema,
      description: 'The serial it serves of each zone that changed since its last report (of every zone it serves, over as many reports as that takes, after zone_serials_reset).',
    },
    zone_serials_reset: { type: 'boolean', description: 'Forget the serials this process reported before: these and the ones that follow are all it serves.' },
  },
} as const;

export type EdgeStatusRequest = FromSchema<typeof edgeStatusRequestSchema>;

/** GET /api/edges. */
export const edgeListSchema = {
  type: 'object',
  required: ['edges', 'embedded'],
  properties: {
    embedded: { type: 'boolean', description: 'Whether the control plane serves DNS itself too (`dnscove start`): one more nameserver, always current.' },
    edges: {
      type: 'array',
      items: {
        type: 'object',
        required: ['name', 'instance', 'address', 'last_seen', 'served_seq', 'zones', 'connected', 'zones_behind', 'zones_lagging', 'lagging_zones'],
        properties: {
          name: { type: 'string', description: "The edge key's name." },
          instance: { type: 'string', description: 'Which process of that key (each edge process reports its own); empty for one that does not say.' },
          address: { type: 'string', description: 'Where its last request came from.' },
          last_seen: timestampSchema,
          served_seq: { type: 'integer' },
          zones: { type: ['integer', 'null'], description: 'Zones it said it serves.' },
          connected: { type: 'boolean', description: 'Heard from within 60 s, or holding a long-poll now.' },
          zones_behind: { type: 'integer', description: 'Zones changed after served_seq.' },
          zones_lagging: { type: ['integer', 'null'], description: "Zones whose last publish it does not serve, by the serials it reported (null: it reports none, an edge older than per-zone serials)." },
          lagging_zones: {
            type: 'array',
            maxItems: 100,
            description: 'The first 100 of those, in the order of their origins, each with the serial the edge serves (null: none) and the one published.',
            items: {
              type: 'object',
              required: ['zone', 'serving', 'published'],
              properties: { zone: { type: 'string' }, serving: { type: ['integer', 'null'] }, published: { type: 'integer' } },
            },
          },
        },
      },
    },
  },
} as const;

/** `edges` of a Zone object. */
export const zoneEdgesSchema = {
  type: 'object',
  required: ['total', 'in_sync', 'lagging'],
  properties: {
    total: { type: 'integer', description: "Nameservers: the control plane's own edge (`dnscove start`), and every process of an unrevoked remote edge that has reported." },
    in_sync: { type: 'integer', description: "Those serving the zone's last publish now (a remote edge must also be connected)." },
    lagging: { type: 'array', items: { type: 'string' }, description: 'The others, by name ("ns3", or "ns3/INSTANCE" where processes share a key; "embedded edge" for the own one).' },
  },
} as const;

export type ZoneEdges = FromSchema<typeof zoneEdgesSchema>;

/** `edges` of publish and ACME responses: what the response waited for (DNSCOVE_SYNC_TIMEOUT_MS at most). */
export const edgeSyncSchema = {
  type: 'object',
  required: ['total', 'in_sync', 'lagging'],
  properties: {
    total: { type: 'integer', description: "Connected remote edges and the zone's configured secondaries." },
    in_sync: { type: 'integer', description: 'Those serving the change when the response was sent.' },
    lagging: { type: 'array', items: { type: 'string' }, description: 'Names of the connected edges, and addresses (IP:port) of the secondaries, that did not serve it in time.' },
  },
} as const;

export type EdgeSync = FromSchema<typeof edgeSyncSchema>;

export type EdgeList = FromSchema<typeof edgeListSchema>;

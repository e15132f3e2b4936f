// JSON Schemas and types of the import endpoints (POST /api/import/route53, /api/import/zonefile, /api/import/axfr).
import type { FromSchema } from 'json-schema-to-ts';
import { zoneSchema } from './zones.js';

/**
 * Largest import accepted, in characters: a zone of a million records and then some. The
 * import routes' body limit (DNSCOVE_IMPORT_BODY_LIMIT) usually decides first.
 */
const MAX_IMPORT_TEXT = 256 * 1024 * 1024;

const originProperty = {
  type: 'string',
  minLength: 1,
  maxLength: 255,
  description: 'The zone origin ("example.com"); needed only when the input does not name it (no SOA, no $ORIGIN).',
  examples: ['example.com'],
} as const;

const replaceProperty = {
  type: 'boolean',
  default: false,
  description: 'Re-import into an existing zone of this tenant, replacing all its RRsets except our SOA and apex NS.',
} as const;

export const route53ImportRequestSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['json'],
  properties: {
    json: {
      description:
        'The raw output of `aws route53 list-resource-record-sets` ({"ResourceRecordSets": [...]}), a bare array of record sets, ' +
        'or a change batch ({"Changes": [...]}) — as a JSON string, or the parsed value.',
      anyOf: [{ type: 'string', minLength: 1, maxLength: MAX_IMPORT_TEXT }, { type: 'object' }, { type: 'array' }],
    },
    origin: originProperty,
    replace: replaceProperty,
  },
} as const;

export type Route53ImportRequest = FromSchema<typeof route53ImportRequestSchema>;

export const zoneFileImportRequestSchema = {
  oneOf: [
    {
      type: 'object',
      additionalProperties: false,
      required: ['zonefile'],
      properties: {
        zonefile: { type: 'string', minLength: 1, maxLength: MAX_IMPORT_TEXT, description: 'An RFC 1035 master file.' },
        origin: originProperty,
        replace: replaceProperty,
      },
    },
    {
      type: 'string',
      minLength: 1,
      maxLength: MAX_IMPORT_TEXT,
      description: 'The master file itself, sent as text/dns or text/plain; origin and replace then come as query parameters.',
    },
  ],
} as const;

export type ZoneFileImportRequest = FromSchema<typeof zoneFileImportRequestSchema>;

export const axfrImportRequestSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['origin', 'server'],
  properties: {
    origin: { ...originProperty, description: 'The zone to transfer ("example.com").' },
    server: { type: 'string', minLength: 1, maxLength: 64, description: 'The old primary: "IP", "IP:port" or "[IPv6]:port" (port 53 unless given).', examples: ['192.0.2.53', '192.0.2.53:5353'] },
    tsig: {
      type: 'object',
      additionalProperties: false,
      required: ['name', 'secret'],
      description: 'The TSIG key the old primary allows the transfer with (RFC 8945); the request is signed and every signed message of the answer verified.',
      properties: {
        name: { type: 'string', minLength: 1, maxLength: 253 },
        algorithm: { type: 'string', enum: ['hmac-sha256', 'hmac-sha384', 'hmac-sha512', 'hmac-sha1'], default: 'hmac-sha256' },
        secret: { type: 'string', minLength: 1, maxLength: 256, description: 'Base64.' },
      },
    },
    replace: replaceProperty,
  },
} as const;

export type AxfrImportRequest = FromSchema<typeof axfrImportRequestSchema>;

const noteSchema = {
  type: 'object',
  required: ['name', 'type', 'reason'],
  properties: { name: { type: 'string' }, type: { type: 'string' }, reason: { type: 'string' } },
} as const;

export const importResponseSchema = {
  type: 'object',
  required: ['zone', 'imported', 'skipped', 'notes', 'published', 'publish_error', 'ns'],
  properties: {
    zone: zoneSchema,
    imported: { type: 'integer', description: 'RRsets stored.' },
    skipped: { type: 'array', items: noteSchema, description: 'Everything not imported, with the reason.' },
    notes: { type: 'array', items: noteSchema, description: 'Things imported in a changed form (SPF as TXT).' },
    published: { type: 'boolean' },
    publish_error: { type: ['string', 'null'] },
    ns: { type: 'array', items: { type: 'string' }, description: 'The name servers to delegate the zone to.' },
  },
} as const;

export type ImportNoteJson = FromSchema<typeof noteSchema>;

export type ImportResponse = FromSchema<typeof importResponseSchema>;


const importProgressItemSchema = {
  type: 'object',
  required: ['id', 'source', 'phase', 'origin', 'rrsets', 'bytes', 'started_at'],
  properties: {
    id: { type: 'string' },
    source: { type: 'string', enum: ['zonefile', 'route53', 'axfr'] },
    phase: { type: 'string', enum: ['reading', 'checking', 'writing', 'publishing'], description: 'Reading the input, checking every RRset against the zone rules, writing, publishing.' },
    origin: { type: ['string', 'null'], description: 'Known once the input is read.' },
    rrsets: { type: ['integer', 'null'], description: 'RRsets read from the input, once it is read.' },
    bytes: { type: 'integer', description: 'Size of the input.' },
    started_at: { type: 'string', format: 'date-time' },
  },
} as const;

export const importProgressResponseSchema = {
  type: 'object',
  required: ['imports'],
  properties: { imports: { type: 'array', items: importProgressItemSchema, description: "The tenant's imports still under way." } },
} as const;

export type ImportProgressItemJson = FromSchema<typeof importProgressItemSchema>;

export type ImportProgressResponse = FromSchema<typeof importProgressResponseSchema>;

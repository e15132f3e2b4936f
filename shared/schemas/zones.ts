// JSON Schemas and types of the zone endpoints.
import type { FromSchema } from 'json-schema-to-ts';
import { timestampSchema, zoneIdSchema } from './common.js';
import { edgeSyncSchema, zoneEdgesSchema } from './edges.js';
import { denialSchema, dnssecAlgorithmSchema } from './dnssec.js';

/** A zone's own nameserver set, as Route 53's delegation sets and PowerDNS allow. */
const nameserversSchema = {
  type: 'array',
  minItems: 1,
  maxItems: 13,
  items: { type: 'string', minLength: 1, maxLength: 255 },
  description: "The zone's own nameserver host names (absolute, trailing dot optional), the first one the SOA MNAME; left out, DNSCOVE_NS.",
  examples: [['ns1.example.net', 'ns2.example.net']],
} as const;

/** POST /api/zones. */
export const createZoneRequestSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['origin'],
  properties: {
    origin: { type: 'string', minLength: 1, maxLength: 255, description: 'The zone apex, e.g. "example.com" (a trailing dot is optional).', examples: ['example.com'] },
    ns: nameserversSchema,
    dnssec: {
      type: 'object',
      additionalProperties: false,
      description: 'How the zone is signed (every zone is): its key\'s algorithm and its chain of denial. Both can change later (POST /api/zones/{id}/dnssec/rollover, PUT /api/zones/{id}/dnssec).',
      properties: { algorithm: dnssecAlgorithmSchema, denial: denialSchema },
    },
  },
} as const;

export type CreateZoneRequest = FromSchema<typeof createZoneRequestSchema>;

/** PATCH /api/zones/{id}: any of its fields, at least one. */
export const updateZoneRequestSchema = {
  type: 'object',
  additionalProperties: false,
  minProperties: 1,
  properties: {
    auto_publish: { type: 'boolean', description: 'Publish every record change within a second (default true); false stages changes until POST /api/zones/{id}/publish.' },
    ns: { ...nameserversSchema, type: ['array', 'null'], description: `${nameserversSchema.description} null puts the zone back on DNSCOVE_NS.` },
  },
} as const;

export type UpdateZoneRequest = FromSchema<typeof updateZoneRequestSchema>;

/** The Zone object. */
export const zoneSchema = {
  type: 'object',
  required: ['id', 'tenant_id', 'origin', 'origin_unicode', 'status', 'ns', 'serial', 'published_serial', 'auto_publish', 'withheld', 'edges', 'created_at', 'updated_at'],
  properties: {
    id: zoneIdSchema,
    tenant_id: { type: 'string' },
    origin: { type: 'string', description: 'Lower-case, no trailing dot; internationalized names as A-labels ("xn--bcher-kva.example").' },
    origin_unicode: { type: 'string', description: 'The origin for people: A-labels shown as Unicode ("bücher.example"); equal to origin for other names.' },
    status: { type: 'string', enum: ['PENDING_VERIFICATION', 'ACTIVE'] },
    ns: { type: 'array', items: { type: 'string' }, description: "The nameservers the zone is served by (its own set, else DNSCOVE_NS), no trailing dots; the apex NS RRset lists them." },
    serial: { type: 'integer', description: 'Starts at 1; +1 per committed change.' },
    published_serial: { type: 'integer', description: 'The serial of the last successful publish (0 before the first).' },
    auto_publish: { type: 'boolean' },
    withheld: {
      type: ['string', 'null'],
      enum: ['account suspended', 'not delegated in time', null],
      description: 'Why the nameservers do not serve the zone although it exists, or null: "not delegated in time" after DNSCOVE_PENDING_DAYS without a delegation (served again once the delegation check finds it).',
    },
    edges: { ...zoneEdgesSchema, description: 'Every nameserver (the embedded edge and each remote edge process), how many serve the zone as last published, and which do not.' },
    created_at: timestampSchema,
    updated_at: timestampSchema,
  },
} as const;

export type ZoneJson = FromSchema<typeof zoneSchema>;

export const zonesListSchema = {
  type: 'object',
  required: ['zones'],
  properties: { zones: { type: 'array', items: zoneSchema } },
} as const;

/** POST /api/zones/{id}/publish. */
export const publishResponseSchema = {
  type: 'object',
  required: ['published_serial', 'published', 'edges'],
  properties: {
    published_serial: { type: 'integer' },
    published: { type: 'boolean', const: true },
    edges: edgeSyncSchema,
  },
} as const;

export type PublishResponse = FromSchema<typeof publishResponseSchema>;

/** POST /api/zones/{id}/publish: no body, `{}`, or `{"dry_run": true}` for the diff alone. */
export const publishRequestSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    dry_run: { type: 'boolean', default: false, description: 'true: publish nothing, answer with the RRsets the publish would change.' },
  },
} as const;

export type PublishRequest = FromSchema<typeof publishRequestSchema>;

/** One side of a changed RRset; null where the RRset does not exist. */
const rrsetSideSchema = {
  type: ['object', 'null'],
  additionalProperties: false,
  required: ['ttl', 'records'],
  properties: { ttl: { type: 'integer' }, records: { type: 'array', items: { type: 'string' } } },
} as const;

/** POST /api/zones/{id}/publish with dry_run: what the edges serve now against what the publish would serve. */
export const publishPreviewSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['dry_run', 'serial', 'published_serial', 'changes'],
  properties: {
    dry_run: { type: 'boolean', const: true },
    serial: { type: 'integer', description: 'The serial the publish would serve.' },
    published_serial: { type: 'integer', description: 'The serial the edges serve.' },
    changes: {
      type: 'array',
      description: "Every RRset that differs, in canonical order; the apex SOA only when more than its serial differs. Names absolute, with trailing dot.",
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['name', 'type', 'published', 'current'],
        properties: { name: { type: 'string' }, type: { type: 'string' }, published: rrsetSideSchema, current: rrsetSideSchema },
      },
    },
  },
} as const;

export type PublishPreview = FromSchema<typeof publishPreviewSchema>;

/** POST /api/zones/claim. */
export const zoneClaimRequestSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['origin'],
  properties: {
    origin: { type: 'string', minLength: 1, maxLength: 255, description: 'A zone another account holds PENDING_VERIFICATION.', examples: ['example.com'] },
  },
} as const;

export type ZoneClaimRequest = FromSchema<typeof zoneClaimRequestSchema>;

/** A claim on a zone: what to publish where to prove control, and whether that has worked. */
export const zoneClaimSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['id', 'origin', 'status', 'record'],
  properties: {
    id: { type: 'string' },
    origin: { type: 'string' },
    status: { type: 'string', enum: ['pending', 'claimed'] },
    record: {
      type: 'object',
      additionalProperties: false,
      required: ['name', 'type', 'value'],
      properties: {
        name: { type: 'string', description: '_dnscove-claim.<origin>., absolute.' },
        type: { type: 'string', const: 'TXT' },
        value: { type: 'string', description: 'Publish it at the name\'s current DNS provider, as one TXT string.' },
      },
    },
    detail: { type: 'string', description: 'While pending after a check: what the name\'s servers answered instead.' },
    zone_id: { type: 'string', description: 'Once claimed: the zone, now in this account.' },
  },
} as const;

export type ZoneClaimJson = FromSchema<typeof zoneClaimSchema>;

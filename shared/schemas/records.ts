// JSON Schemas and types of the RRset endpoints (GET/POST /api/zones/{id}/records).
import type { FromSchema } from 'json-schema-to-ts';

/** Most values one request may carry, and the longest value: bounds on work per request. */
const MAX_CHANGES = 1000;
const MAX_VALUES = 1000;

/** One RRset change, Route53 style. */
export const recordChangeSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['name', 'type'],
  properties: {
    action: { type: 'string', enum: ['UPSERT', 'DELETE'], default: 'UPSERT', description: 'UPSERT replaces the RRset of (name, type); DELETE removes it, or only the listed values. Both are idempotent.' },
    name: { type: 'string', minLength: 1, maxLength: 1024, description: 'Owner name, absolute as in Route 53 ("www.example.com" and "www.example.com." are the same name), inside the zone; "@" is the apex. Names inside values are absolute too.', examples: ['www.example.com.'] },
    type: { type: 'string', minLength: 1, maxLength: 10, description: 'A, AAAA, CNAME, MX, TXT, SPF (stored as TXT), SRV, CAA, NS, PTR, TLSA, SSHFP, HTTPS, SVCB, DS, or SOA (apex only).', examples: ['A'] },
    ttl: { type: 'integer', minimum: 0, maximum: 2147483647, default: 300, description: 'Seconds (RFC 2181 §8).' },
    records: { type: 'array', maxItems: MAX_VALUES, items: { type: 'string', maxLength: 65535 }, description: 'Presentation-format RDATA values.', examples: [['192.0.2.1']] },
  },
} as const;

export type RecordChange = FromSchema<typeof recordChangeSchema>;

const changesBatchSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['changes'],
  properties: {
    changes: { type: 'array', minItems: 1, maxItems: MAX_CHANGES, items: recordChangeSchema, description: 'Applied all-or-nothing, in one transaction.' },
  },
} as const;

export type RecordChangesBatch = FromSchema<typeof changesBatchSchema>;

/** POST body: one change, or `{changes: [...]}`. `if` keeps ajv's errors pointing into the right shape. */
export const recordsRequestSchema = {
  type: 'object',
  if: { required: ['changes'] },
  then: changesBatchSchema,
  else: recordChangeSchema,
} as const;

export type RecordsRequest = RecordChange | RecordChangesBatch;

/** True for the `{changes: [...]}` form. */
export function isChangesBatch(body: RecordsRequest): body is RecordChangesBatch {
  return 'changes' in body;
}

/** An RRset as a write stored it. */
export const storedRRsetSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['name', 'type', 'ttl', 'records'],
  properties: {
    name: { type: 'string', description: 'Absolute, with trailing dot.' },
    type: { type: 'string' },
    ttl: { type: ['integer', 'null'], description: 'null when the RRset does not exist (deleted).' },
    records: { type: 'array', items: { type: 'string' } },
  },
} as const;

export type StoredRRsetJson = FromSchema<typeof storedRRsetSchema>;

export const changeResponseSchema = {
  type: 'object',
  required: ['status', 'serial', 'rrsets'],
  properties: {
    status: { type: 'string', const: 'PENDING' },
    serial: { type: 'integer', description: 'The zone serial after the change; it reaches the edge at the next publish (within a second with auto_publish).' },
    rrsets: {
      type: 'array',
      description: 'Every RRset the request named, as stored now (canonical presentation: what the edge will serve); a deleted one has no records and a null TTL.',
      items: storedRRsetSchema,
    },
  },
} as const;

export type ChangeResponse = FromSchema<typeof changeResponseSchema>;

export const rrsetSchema = {
  type: 'object',
  required: ['name', 'type', 'ttl', 'records'],
  properties: {
    name: { type: 'string', description: 'Absolute, with trailing dot.' },
    type: { type: 'string' },
    ttl: { type: 'integer' },
    records: { type: 'array', items: { type: 'string' } },
  },
} as const;

export type RRsetJson = FromSchema<typeof rrsetSchema>;

export const recordsListSchema = {
  type: 'object',
  required: ['records'],
  properties: { records: { type: 'array', items: rrsetSchema } },
} as const;

export type RecordsList = FromSchema<typeof recordsListSchema>;

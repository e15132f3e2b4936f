// JSON Schemas and types of the delegation and parity checks (POST /api/zones/{id}/delegation, /parity).
import type { FromSchema } from 'json-schema-to-ts';
import { timestampSchema } from './common.js';

const names = { type: 'array', items: { type: 'string' } } as const;

export const delegationSchema = {
  type: 'object',
  required: ['origin', 'delegated', 'expected', 'found', 'missing', 'checked_at', 'outcome', 'parent', 'detail', 'ds'],
  properties: {
    origin: { type: 'string' },
    delegated: { type: 'boolean', description: 'Every expected name server is listed at the parent.' },
    expected: names,
    found: { ...names, description: "The NS names the parent zone's servers list for the origin." },
    missing: names,
    checked_at: timestampSchema,
    outcome: {
      type: 'string',
      enum: ['delegated', 'partly-delegated', 'not-delegated', 'nxdomain-at-parent', 'timeout', 'unreachable', 'malformed', 'servfail', 'lame', 'loop', 'no-servers'],
    },
    parent: { type: ['string', 'null'], description: 'The zone whose servers answered or failed.' },
    detail: { type: 'string' },
    ds: {
      type: ['object', 'null'],
      required: ['present', 'matching', 'found'],
      description: "The DS records the parent zone's servers hold for the origin (DNSSEC), or null when they could not be asked.",
      properties: {
        present: { type: 'boolean', description: 'The parent has DS records for the zone.' },
        matching: { type: 'boolean', description: "One of them is the zone's key's (GET /api/zones/{id}/dnssec): validating resolvers then treat the zone as secure." },
        found: { ...names, description: 'Each as "key-tag algorithm digest-type DIGEST".' },
        ttl: { type: 'integer', description: 'The TTL the parent gives them, when it has some: how long resolvers may hold them after they change.' },
      },
    },
  },
} as const;

export const delegationResponseSchema = {
  type: 'object',
  required: ['delegation', 'status'],
  properties: { delegation: delegationSchema, status: { type: 'string', enum: ['PENDING_VERIFICATION', 'ACTIVE'] } },
} as const;

export const parityRequestSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    limit: { type: 'integer', minimum: 1, maximum: 100000, description: 'Most RRsets compared (default 1,000).' },
    compare_ttl: { type: 'boolean', default: false, description: 'Count TTL differences as mismatches.' },
  },
} as const;

export type ParityRequest = FromSchema<typeof parityRequestSchema>;

const mismatchSchema = {
  type: 'object',
  required: ['name', 'type', 'theirs', 'ours', 'ttl_theirs', 'ttl_ours'],
  properties: {
    name: { type: 'string' },
    type: { type: 'string' },
    theirs: names,
    ours: names,
    ttl_theirs: { type: ['integer', 'null'] },
    ttl_ours: { type: ['integer', 'null'] },
    error: { type: 'string' },
  },
} as const;

export const paritySchema = {
  type: 'object',
  required: ['origin', 'matches', 'checked', 'mismatched', 'truncated', 'checked_at'],
  properties: {
    origin: { type: 'string' },
    matches: { type: 'boolean', description: 'No compared RRset differs.' },
    checked: { type: 'integer' },
    mismatched: { type: 'integer' },
    truncated: { type: 'boolean', description: 'The zone has more RRsets than one check compares.' },
    checked_at: timestampSchema,
    outcome: { type: 'string' },
    detail: { type: 'string' },
    servers: names,
    total: { type: 'integer' },
    limit: { type: 'integer' },
    compare_ttl: { type: 'boolean' },
    ttl_differences: { type: 'integer' },
    their_extras: { type: 'string', enum: ['axfr', 'unavailable'] },
    mismatches: { type: 'array', items: mismatchSchema },
  },
} as const;

export const parityResponseSchema = {
  type: 'object',
  required: ['parity', 'safe_to_delete', 'status'],
  properties: {
    parity: paritySchema,
    safe_to_delete: { type: 'boolean', description: "True only when delegated to us and parity matches untruncated: the old provider's copy may go." },
    status: { type: 'string', enum: ['PENDING_VERIFICATION', 'ACTIVE'] },
  },
} as const;

export type DelegationResponse = FromSchema<typeof delegationResponseSchema>;

export type ParityResponse = FromSchema<typeof parityResponseSchema>;

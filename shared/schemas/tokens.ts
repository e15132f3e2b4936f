// JSON Schemas and types of the machine-token endpoints.
import type { FromSchema } from 'json-schema-to-ts';
import { timestampSchema, tokenIdSchema } from './common.js';

const nameSchema = { type: 'string', maxLength: 200 } as const;
const expiresInDaysSchema = { type: 'integer', minimum: 0, maximum: 3650, description: '0 = no expiry' } as const;

/** POST /api/zones/{id}/tokens: a token bound to that zone. */
export const zoneTokenRequestSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    name: nameSchema,
    scope: { type: 'string', enum: ['acme-dns01', 'zone-admin'], default: 'acme-dns01' },
    expires_in_days: expiresInDaysSchema,
  },
} as const;

export type ZoneTokenRequest = FromSchema<typeof zoneTokenRequestSchema>;

/** POST /api/tokens: tenant-admin by default, or a zone-bound scope with zone_id. */
export const tenantTokenRequestSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    name: nameSchema,
    scope: { type: 'string', enum: ['tenant-admin', 'zone-admin', 'acme-dns01'], default: 'tenant-admin' },
    zone_id: { type: 'string', description: 'required for zone-bound scopes; ignored for tenant-admin' },
    expires_in_days: expiresInDaysSchema,
  },
} as const;

export type TenantTokenRequest = FromSchema<typeof tenantTokenRequestSchema>;

const nullableTimestamp = { anyOf: [timestampSchema, { type: 'null' }] } as const;

export const tokenSchema = {
  type: 'object',
  required: ['id', 'zone_id', 'scope', 'name', 'created_at', 'expires_at', 'revoked', 'last_used_at'],
  properties: {
    id: tokenIdSchema,
    zone_id: { type: ['string', 'null'] },
    scope: { type: 'string', enum: ['tenant-admin', 'zone-admin', 'acme-dns01'] },
    name: { type: 'string' },
    created_at: timestampSchema,
    expires_at: nullableTimestamp,
    revoked: { type: 'boolean' },
    last_used_at: nullableTimestamp,
  },
} as const;

export type TokenJson = FromSchema<typeof tokenSchema>;

export const mintedTokenSchema = {
  type: 'object',
  required: [...tokenSchema.required, 'token'],
  properties: {
    ...tokenSchema.properties,
    token: { type: 'string', description: 'The plaintext token, returned only here.', examples: ['dnsc_1a2b3c4d5e6f7a8b_…'] },
  },
} as const;

export type MintedTokenJson = FromSchema<typeof mintedTokenSchema>;

export const tokenListSchema = {
  type: 'object',
  required: ['tokens'],
  properties: { tokens: { type: 'array', items: tokenSchema } },
} as const;

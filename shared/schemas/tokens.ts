// JSON Schemas and types of the machine-token endpoints.
import type { Assert, Equals } from './common.js';
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

export interface ZoneTokenRequest {
  name?: string;
  scope?: 'acme-dns01' | 'zone-admin';
  expires_in_days?: number;
}

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

export interface TenantTokenRequest {
  name?: string;
  scope?: 'tenant-admin' | 'zone-admin' | 'acme-dns01';
  zone_id?: string;
  expires_in_days?: number;
}

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

export interface TokenJson {
  id: string;
  zone_id: string | null;
  scope: 'tenant-admin' | 'zone-admin' | 'acme-dns01';
  name: string;
  created_at: string;
  expires_at: string | null;
  revoked: boolean;
  last_used_at: string | null;
}

export const mintedTokenSchema = {
  type: 'object',
  required: [...tokenSchema.required, 'token'],
  properties: {
    ...tokenSchema.properties,
    token: { type: 'string', description: 'The plaintext token, returned only here.', examples: ['dnsc_1a2b3c4d5e6f7a8b_…'] },
  },
} as const;

export interface MintedTokenJson extends TokenJson {
  token: string;
}

export const tokenListSchema = {
  type: 'object',
  required: ['tokens'],
  properties: { tokens: { type: 'array', items: tokenSchema } },
} as const;

type _ZoneKeys = Assert<Equals<keyof ZoneTokenRequest, keyof (typeof zoneTokenRequestSchema)['properties']>>;
type _TenantKeys = Assert<Equals<keyof TenantTokenRequest, keyof (typeof tenantTokenRequestSchema)['properties']>>;
type _TokenKeys = Assert<Equals<keyof TokenJson, keyof (typeof tokenSchema)['properties']>>;

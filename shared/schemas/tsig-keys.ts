// JSON Schemas and types of /api/tsig-keys: TSIG keys for zone transfers, NOTIFY and RFC 2136 updates.
import type { FromSchema } from 'json-schema-to-ts';
import { timestampSchema } from './common.js';

const scopeSchema = {
  type: 'string',
  enum: ['transfer', 'zone-admin', 'acme-dns01'],
  description: 'transfer: AXFR/IXFR (of one zone, or every zone of the tenant without zone_id); zone-admin: updates to one zone but its apex SOA/NS; acme-dns01: TXT at its _acme-challenge names.',
} as const;
const algorithmSchema = { type: 'string', enum: ['hmac-sha256', 'hmac-sha384', 'hmac-sha512', 'hmac-sha1'] } as const;

/** POST /api/tsig-keys. */
export const tsigKeyRequestSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['name', 'scope'],
  properties: {
    name: { type: 'string', minLength: 1, maxLength: 253, description: 'The key name both sides use, a domain name (e.g. "xfr.example.com"); unique on this server.' },
    algorithm: { ...algorithmSchema, default: 'hmac-sha256' },
    scope: scopeSchema,
    zone_id: { type: 'string', description: 'The zone the key is for; required for zone-admin and acme-dns01, optional for transfer.' },
  },
} as const;

export type TsigKeyRequest = FromSchema<typeof tsigKeyRequestSchema>;

export const tsigKeySchema = {
  type: 'object',
  required: ['id', 'name', 'algorithm', 'scope', 'zone_id', 'created_at'],
  properties: {
    id: { type: 'string' },
    name: { type: 'string', description: 'With its trailing dot.' },
    algorithm: algorithmSchema,
    scope: scopeSchema,
    zone_id: { type: ['string', 'null'] },
    created_at: timestampSchema,
  },
} as const;

export type TsigKeyJson = FromSchema<typeof tsigKeySchema>;

export const mintedTsigKeySchema = {
  type: 'object',
  required: [...tsigKeySchema.required, 'secret'],
  properties: {
    ...tsigKeySchema.properties,
    secret: { type: 'string', description: 'The base64 secret, returned only here.' },
  },
} as const;

export type MintedTsigKeyJson = FromSchema<typeof mintedTsigKeySchema>;

export const tsigKeyListSchema = {
  type: 'object',
  required: ['keys'],
  properties: { keys: { type: 'array', items: tsigKeySchema } },
} as const;

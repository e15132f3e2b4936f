// JSON Schemas and types of the magic-link login endpoints.
import type { Assert, Equals } from './common.js';
import { timestampSchema } from './common.js';

export const magicLinkRequestSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['email'],
  properties: {
    email: { type: 'string', format: 'email', maxLength: 254 },
  },
} as const;

export interface MagicLinkRequest {
  email: string;
}

export const magicLinkResponseSchema = {
  type: 'object',
  required: ['sent'],
  properties: {
    sent: { type: 'boolean', const: true },
    dev_token: { type: 'string', description: 'Dev mode only.' },
    dev_link: { type: 'string', description: 'Dev mode only.' },
  },
} as const;

export interface MagicLinkResponse {
  sent: true;
  dev_token?: string;
  dev_link?: string;
}

export const exchangeRequestSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['token'],
  properties: {
    token: { type: 'string', minLength: 1, maxLength: 256 },
  },
} as const;

export interface ExchangeRequest {
  token: string;
}

export const exchangeResponseSchema = {
  type: 'object',
  required: ['session', 'expires_at', 'tenant_id', 'email'],
  properties: {
    session: { type: 'string' },
    expires_at: timestampSchema,
    tenant_id: { type: 'string' },
    email: { type: 'string', format: 'email' },
  },
} as const;

export interface ExchangeResponse {
  session: string;
  expires_at: string;
  tenant_id: string;
  email: string;
}

// The request types must list exactly the schema's properties.
type _MagicLinkKeys = Assert<Equals<keyof MagicLinkRequest, keyof (typeof magicLinkRequestSchema)['properties']>>;
type _ExchangeKeys = Assert<Equals<keyof ExchangeRequest, keyof (typeof exchangeRequestSchema)['properties']>>;

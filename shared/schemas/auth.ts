// JSON Schemas and types of the magic-link login endpoints.
import type { FromSchema } from 'json-schema-to-ts';
import { timestampSchema } from './common.js';

export const magicLinkRequestSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['email'],
  properties: {
    email: { type: 'string', format: 'email', maxLength: 254 },
  },
} as const;

export type MagicLinkRequest = FromSchema<typeof magicLinkRequestSchema>;

export const magicLinkResponseSchema = {
  type: 'object',
  required: ['sent'],
  properties: {
    sent: { type: 'boolean', const: true },
    dev_token: { type: 'string', description: 'Dev mode only.' },
    dev_link: { type: 'string', description: 'Dev mode only.' },
  },
} as const;

export type MagicLinkResponse = FromSchema<typeof magicLinkResponseSchema>;

export const exchangeRequestSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['token'],
  properties: {
    token: { type: 'string', minLength: 1, maxLength: 256 },
  },
} as const;

export type ExchangeRequest = FromSchema<typeof exchangeRequestSchema>;

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

export type ExchangeResponse = FromSchema<typeof exchangeResponseSchema>;


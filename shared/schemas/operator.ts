// JSON Schemas of the operator's view: every account, and suspending one.
import type { FromSchema } from 'json-schema-to-ts';
import { timestampSchema } from './common.js';

/** GET /api/operator/tenants. */
export const tenantListSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['tenants'],
  properties: {
    tenants: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['id', 'created_at', 'suspended_at', 'members', 'zones'],
        properties: {
          id: { type: 'string' },
          created_at: timestampSchema,
          suspended_at: { anyOf: [timestampSchema, { type: 'null' }] },
          members: { type: 'array', items: { type: 'string' }, description: 'Addresses, "email (role)".' },
          zones: { type: 'array', items: { type: 'string' }, description: 'Origins, no trailing dot.' },
        },
      },
    },
  },
} as const;

export type TenantList = FromSchema<typeof tenantListSchema>;

/** POST /api/operator/tenants/{id}/suspend. */
export const suspendRequestSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['confirm'],
  properties: { confirm: { type: 'boolean', description: 'true: yes, stop serving its zones and refuse its sessions and tokens now.' } },
} as const;

export type SuspendRequest = FromSchema<typeof suspendRequestSchema>;

/** The account after a suspension or reinstatement. */
export const tenantStateSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['id', 'suspended_at', 'zones'],
  properties: {
    id: { type: 'string' },
    suspended_at: { anyOf: [timestampSchema, { type: 'null' }] },
    zones: { type: 'integer', description: 'Zones withheld from (or given back to) the nameservers.' },
  },
} as const;

export type TenantState = FromSchema<typeof tenantStateSchema>;

// JSON Schemas and types of the audit log endpoint.
import type { FromSchema } from 'json-schema-to-ts';
import { timestampSchema } from './common.js';

export const auditEntrySchema = {
  type: 'object',
  required: ['id', 'at', 'actor', 'action', 'target', 'summary'],
  properties: {
    id: { type: 'integer' },
    at: timestampSchema,
    actor: { type: 'string', description: '"user:<email>" or "token:<id>"' },
    action: { type: 'string', examples: ['zone.create', 'rrset.upsert', 'token.revoke', 'auth.login'] },
    target: { type: 'string' },
    summary: { type: 'object', description: '{before?, after?}' },
  },
} as const;

export const auditPageSchema = {
  type: 'object',
  required: ['entries', 'next_before'],
  properties: {
    entries: { type: 'array', items: auditEntrySchema },
    next_before: { type: ['integer', 'null'], description: 'Pass as ?before= for the next (older) page; null on the last page.' },
  },
} as const;

export type AuditPageJson = FromSchema<typeof auditPageSchema>;

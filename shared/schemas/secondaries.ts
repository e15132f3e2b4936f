// JSON Schemas and types of /api/zones/{id}/secondaries and /api/secondaries: standard
// secondaries that get NOTIFY on every publish and transfer the zone with a TSIG key.
import type { FromSchema } from 'json-schema-to-ts';
import { timestampSchema } from './common.js';

/** POST /api/zones/{id}/secondaries and POST /api/secondaries. */
export const secondaryRequestSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['address', 'tsig_key_id'],
  properties: {
    address: { type: 'string', minLength: 1, maxLength: 64, description: 'Where NOTIFY goes: "IP", "IP:port" or "[IPv6]:port" (port 53 unless given).', examples: ['192.0.2.53', '[2001:db8::53]:5353'] },
    tsig_key_id: { type: 'string', description: 'A transfer (or zone-admin) key of the tenant covering the zone: NOTIFY is signed with it, and the secondary transfers with it.' },
  },
} as const;

export type SecondaryRequest = FromSchema<typeof secondaryRequestSchema>;

const nullableInteger = { type: ['integer', 'null'] } as const;
const nullableString = { type: ['string', 'null'] } as const;

export const secondarySchema = {
  type: 'object',
  required: ['id', 'address', 'tsig_key_id', 'zone_id', 'created_at', 'operator'],
  properties: {
    id: { type: 'string' },
    address: { type: 'string', description: 'IP:port ([IPv6]:port).' },
    tsig_key_id: { type: ['string', 'null'], description: "null for the operator's secondaries (their key is in the server's configuration)." },
    zone_id: { type: ['string', 'null'], description: 'null: every zone of the tenant (or of the server, for the operator’s).' },
    created_at: { oneOf: [timestampSchema, { type: 'null' }] },
    operator: { type: 'boolean', description: "One of the operator's secondaries of every zone on the server (DNSCOVE_SECONDARIES): listed, not removable through the API." },
  },
} as const;

export type SecondaryJson = FromSchema<typeof secondarySchema>;

/** A secondary of one zone with what it serves, asked when the list is requested. */
export const secondaryStatusSchema = {
  type: 'object',
  required: [...secondarySchema.required, 'serial_served', 'in_sync', 'last_error', 'notified_serial', 'notify_answered'],
  properties: {
    ...secondarySchema.properties,
    serial_served: { ...nullableInteger, description: 'The SOA serial the secondary answers with now; null when it does not answer for the zone.' },
    in_sync: { type: 'boolean', description: 'serial_served is the published serial (or later).' },
    last_error: { ...nullableString, description: 'Why it is not in sync: its SOA answer, or the last NOTIFY it did not answer.' },
    notified_serial: { ...nullableInteger, description: 'The serial of the last NOTIFY sent since the control plane started.' },
    notify_answered: { type: ['boolean', 'null'], description: 'Whether that NOTIFY was answered (NOERROR, signed back); retried with backoff until it is.' },
  },
} as const;

export type SecondaryStatusJson = FromSchema<typeof secondaryStatusSchema>;

export const zoneSecondariesSchema = {
  type: 'object',
  required: ['published_serial', 'secondaries'],
  properties: {
    published_serial: { type: 'integer' },
    secondaries: { type: 'array', items: secondaryStatusSchema, description: "The zone's own secondaries, then the tenant's for every zone." },
  },
} as const;

export type ZoneSecondariesJson = FromSchema<typeof zoneSecondariesSchema>;

export const secondaryListSchema = {
  type: 'object',
  required: ['secondaries', 'catalog_zone'],
  properties: {
    secondaries: { type: 'array', items: secondarySchema },
    catalog_zone: {
      type: ['string', 'null'],
      description: "The tenant's catalog zone (RFC 9432 version 2) listing every zone it serves, for secondaries that provision zones from it; transferred with a transfer key for every zone, null while the tenant has none.",
      examples: ['t3b00492b8c6635.catalog.invalid.'],
    },
  },
} as const;

export type SecondaryListJson = FromSchema<typeof secondaryListSchema>;

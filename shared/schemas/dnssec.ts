// JSON Schema and type of GET /api/zones/{id}/dnssec: what a registrar needs to turn DNSSEC on
// for a zone (the DS records, or the DNSKEY for registries that take keys) and how it is signed.
import type { FromSchema } from 'json-schema-to-ts';

const record = { type: 'string', description: 'One record in zone-file presentation form, owner with a trailing dot.' } as const;

export const dsSchema = {
  type: 'object',
  required: ['key_tag', 'algorithm', 'digest_type', 'digest', 'record'],
  properties: {
    key_tag: { type: 'integer' },
    algorithm: { type: 'integer', description: '13 ECDSA P-256 SHA-256, 15 Ed25519 (RFC 8624).' },
    digest_type: { type: 'integer', description: '2: SHA-256 (RFC 4509).' },
    digest: { type: 'string', description: 'Upper-case hex, as registrars ask for it.' },
    record,
  },
} as const;

export const zoneDnssecSchema = {
  type: 'object',
  required: ['enabled', 'state', 'algorithm', 'algorithm_name', 'key_tag', 'ds', 'dnskey', 'cds', 'cdnskey', 'denial'],
  properties: {
    enabled: { type: 'boolean', description: 'The zone is published signed and meant to stay so (on by default).' },
    state: {
      type: 'string',
      enum: ['signed', 'removing', 'unsigned'],
      description: '"removing": still signed, its CDS and CDNSKEY asking the parent to delete the DS (RFC 8078); it goes unsigned once the parent has no DS of its key.',
    },
    algorithm: { type: 'integer' },
    algorithm_name: { type: 'string', enum: ['ECDSAP256SHA256', 'ED25519'] },
    key_tag: { type: 'integer', description: 'Of the zone\'s combined signing key (flags 257).' },
    ds: { type: 'array', items: dsSchema, description: 'The DS records to give the parent zone (through the registrar).' },
    dnskey: { type: 'array', items: record, description: 'The DNSKEY RRset at the apex, for registries that take keys (they compute the DS).' },
    cds: { type: 'array', items: record, description: 'CDS at the apex (RFC 7344), for parents that scan for it.' },
    cdnskey: { type: 'array', items: record, description: 'CDNSKEY at the apex (RFC 7344).' },
    denial: {
      type: 'object',
      required: ['type', 'iterations', 'salt', 'opt_out'],
      properties: {
        type: { type: 'string', enum: ['NSEC3'] },
        iterations: { type: 'integer', description: '0, as RFC 9276 asks.' },
        salt: { type: 'string', description: 'Empty, as RFC 9276 asks.' },
        opt_out: { type: 'boolean' },
      },
    },
  },
} as const;

export type ZoneDnssecJson = FromSchema<typeof zoneDnssecSchema>;

/** PUT /api/zones/{id}/dnssec. */
export const zoneDnssecRequestSchema = {
  type: 'object',
  required: ['enabled'],
  additionalProperties: false,
  properties: {
    enabled: {
      type: 'boolean',
      description:
        'true signs the zone (again). false first publishes CDS/CDNSKEY "delete" while still signed; asked again once the registrar has removed the DS, it checks the parent and publishes the zone unsigned (409 while the parent still holds the DS).',
    },
  },
} as const;

export type ZoneDnssecRequest = FromSchema<typeof zoneDnssecRequestSchema>;

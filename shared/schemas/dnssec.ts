// JSON Schema and type of GET /api/zones/{id}/dnssec: what a registrar needs to turn DNSSEC on
// for a zone (the DS records, or the DNSKEY for registries that take keys) and how it is signed.
import type { FromSchema } from 'json-schema-to-ts';

/** A signing algorithm a zone's key may have. */
export const dnssecAlgorithmSchema = { type: 'integer', enum: [13, 15], description: '13 ECDSA P-256 SHA-256 (the default), 15 Ed25519 (RFC 8624).' } as const;

/** A zone's chain of authenticated denial. */
export const denialSchema = {
  type: 'string',
  enum: ['NSEC3', 'NSEC'],
  description: 'NSEC3 (the default; no salt, no extra iterations, RFC 9276) or NSEC (RFC 4034: smaller answers, names walkable).',
} as const;

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

const algorithmName = { type: 'string', enum: ['ECDSAP256SHA256', 'ED25519'] } as const;

export const rolloverSchema = {
  type: ['object', 'null'],
  required: ['phase', 'algorithm', 'algorithm_name', 'key_tag', 'started_at', 'next_step_at', 'waiting_for'],
  description: 'The key rollover under way, or null.',
  properties: {
    phase: {
      type: 'string',
      enum: ['signing', 'publishing', 'submitting', 'retiring', 'unsigning'],
      description:
        '"signing" (a new algorithm only): the new key signs every RRset before it is published. "publishing": the new key is in the DNSKEY RRset beside the old, both signing. "submitting": CDS, CDNSKEY and `ds` name the new key: give its DS to the registrar and remove the old one. "retiring": the parent holds only the new DS; the old key stays until resolvers have let go of the old DS. "unsigning" (a new algorithm only): the old key is gone from the DNSKEY RRset, its signatures follow once resolvers have let go of it.',
    },
    algorithm: { type: 'integer', description: "The incoming key's algorithm." },
    algorithm_name: algorithmName,
    key_tag: { type: 'integer', description: 'Of the incoming key.' },
    started_at: { type: 'string', format: 'date-time' },
    next_step_at: { type: ['string', 'null'], format: 'date-time', description: 'When the phase\'s wait is over; null while it waits for the parent zone (its servers are asked every hour).' },
    waiting_for: { type: 'string', description: 'What the phase waits for, in words.' },
  },
} as const;

export const zoneDnssecSchema = {
  type: 'object',
  required: ['enabled', 'state', 'algorithm', 'algorithm_name', 'key_tag', 'ds', 'dnskey', 'cds', 'cdnskey', 'denial', 'rollover'],
  properties: {
    enabled: { type: 'boolean', description: 'The zone is published signed and meant to stay so (on by default).' },
    state: {
      type: 'string',
      enum: ['signed', 'removing', 'unsigned'],
      description: '"removing": still signed, its CDS and CDNSKEY asking the parent to delete the DS (RFC 8078); it goes unsigned once the parent has no DS of its key.',
    },
    algorithm: { type: 'integer' },
    algorithm_name: algorithmName,
    key_tag: { type: 'integer', description: 'Of the zone\'s combined signing key (flags 257); during a rollover, the outgoing key.' },
    ds: { type: 'array', items: dsSchema, description: 'The DS records to give the parent zone (through the registrar): during a rollover, from the "submitting" phase on, the incoming key\'s.' },
    dnskey: { type: 'array', items: record, description: 'The DNSKEY RRset at the apex, for registries that take keys (they compute the DS).' },
    cds: { type: 'array', items: record, description: 'CDS at the apex (RFC 7344), for parents that scan for it.' },
    cdnskey: { type: 'array', items: record, description: 'CDNSKEY at the apex (RFC 7344).' },
    denial: {
      type: 'object',
      required: ['type'],
      description: 'The chain of authenticated denial: NSEC3 (the default) with its parameters, or NSEC.',
      properties: {
        type: { type: 'string', enum: ['NSEC3', 'NSEC'] },
        iterations: { type: 'integer', description: 'NSEC3: 0, as RFC 9276 asks.' },
        salt: { type: 'string', description: 'NSEC3: empty, as RFC 9276 asks.' },
        opt_out: { type: 'boolean', description: 'NSEC3: false.' },
      },
    },
    rollover: rolloverSchema,
  },
} as const;

export type ZoneDnssecJson = FromSchema<typeof zoneDnssecSchema>;

/** POST /api/zones/{id}/dnssec/rollover. */
export const rolloverRequestSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    algorithm: { ...dnssecAlgorithmSchema, description: "The incoming key's algorithm: 13 ECDSA P-256 SHA-256, 15 Ed25519. Default: the zone's current one." },
  },
} as const;

export type RolloverRequest = FromSchema<typeof rolloverRequestSchema>;

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
    denial: { ...denialSchema, description: `${denialSchema.description} Changing it signs the zone again whole.` },
  },
} as const;

export type ZoneDnssecRequest = FromSchema<typeof zoneDnssecRequestSchema>;

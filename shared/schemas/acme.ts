// JSON Schemas and types of the ACME DNS-01 endpoints: our own, lego httpreq, and acme-dns.
import { storedRRsetSchema } from './records.js';
import type { FromSchema } from 'json-schema-to-ts';
import { timestampSchema } from './common.js';
import { edgeSyncSchema } from './edges.js';

/**
 * A DNS-01 TXT value. RFC 8555 §8.4 makes it the base64url SHA-256 digest of the key
 * authorization (43 characters); other base64 characters are accepted so test servers and
 * older clients work, but never spaces, quotes or backslashes, so the value is one plain
 * character-string (RFC 1035 §3.3.14) that needs no escaping.
 */
export const challengeValueSchema = { type: 'string', pattern: '^[A-Za-z0-9_+/=-]{1,255}$', examples: ['gfj9Xq...Rg85nM'] } as const;

/** The same rule as a RegExp, for adapters that parse bodies by hand (acme-dns keys are case-insensitive). */
export const CHALLENGE_VALUE = /^[A-Za-z0-9_+/=-]{1,255}$/;

/** POST /api/zones/{id}/acme-challenge. */
export const acmeChallengeRequestSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['action', 'name', 'value'],
  properties: {
    action: { type: 'string', enum: ['PRESENT', 'CLEANUP'], description: 'PRESENT adds the value to the TXT RRset; CLEANUP removes that one value.' },
    name: {
      type: 'string',
      minLength: 1,
      maxLength: 1024,
      description: 'The challenge name ("_acme-challenge.www.example.com.") or the domain it is for ("www.example.com", "*.example.com"); both mean the same record.',
      examples: ['_acme-challenge.www.example.com.'],
    },
    value: challengeValueSchema,
  },
} as const;

export type ChallengeAction = 'PRESENT' | 'CLEANUP';

export type AcmeChallengeRequest = FromSchema<typeof acmeChallengeRequestSchema>;

export const acmeChallengeResponseSchema = {
  type: 'object',
  required: ['status', 'action', 'changed', 'published', 'serial', 'edges', 'rrset'],
  properties: {
    status: { type: 'string', const: 'ok' },
    action: { type: 'string', enum: ['PRESENT', 'CLEANUP'] },
    changed: { type: 'boolean', description: 'False when the request was a repeat (idempotent).' },
    published: { type: 'boolean', description: 'True: the edge serves the result before this response was sent.' },
    serial: { type: 'integer', description: 'The zone serial after the change.' },
    edges: { ...edgeSyncSchema, description: 'The connected remote edges, waited for (DNSCOVE_SYNC_TIMEOUT_MS at most); lagging names those not serving the value yet.' },
    rrset: { ...storedRRsetSchema, description: 'The TXT RRset at the challenge name as stored after the request: every value served there (no records once the last is cleaned up).' },
  },
} as const;

export type AcmeChallengeResponse = FromSchema<typeof acmeChallengeResponseSchema>;

/** lego httpreq (RAW mode off): `POST <base>/present` and `<base>/cleanup`. */
export const httpreqRequestSchema = {
  type: 'object',
  required: ['fqdn', 'value'],
  properties: {
    fqdn: { type: 'string', minLength: 1, maxLength: 1024, description: 'The challenge name, "_acme-challenge.example.com." (lego sends it with the trailing dot).' },
    value: challengeValueSchema,
  },
} as const;

export type HttpreqRequest = FromSchema<typeof httpreqRequestSchema>;

/** What /acme/httpreq/present and /cleanup answer (lego reads only the status code). */
export const httpreqResponseSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['status', 'action', 'changed', 'published', 'serial'],
  properties: {
    status: { const: 'ok' },
    action: { type: 'string', enum: ['PRESENT', 'CLEANUP'] },
    changed: { type: 'boolean', description: 'False when the value was already there (PRESENT) or already gone (CLEANUP).' },
    published: { type: 'boolean' },
    serial: { type: 'integer' },
  },
} as const;

export type HttpreqResponse = FromSchema<typeof httpreqResponseSchema>;

/** acme-dns POST /register body (optional). */
export const acmeDnsRegisterSchema = {
  type: 'object',
  properties: {
    allowfrom: { type: 'array', maxItems: 100, items: { type: 'string', maxLength: 64 }, description: 'CIDR ranges /update may be called from; empty: anywhere.', examples: [['192.0.2.0/24', '2001:db8::/32']] },
  },
} as const;

export type AcmeDnsRegisterRequest = FromSchema<typeof acmeDnsRegisterSchema>;

export const acmeDnsRegistrationSchema = {
  type: 'object',
  required: ['username', 'password', 'fulldomain', 'subdomain', 'allowfrom'],
  properties: {
    username: { type: 'string', description: 'Sent as X-Api-User.' },
    password: { type: 'string', description: 'Sent as X-Api-Key; shown only here.' },
    fulldomain: { type: 'string', description: 'Point _acme-challenge.<your domain> at this name with a CNAME.' },
    subdomain: { type: 'string' },
    allowfrom: { type: 'array', items: { type: 'string' } },
  },
} as const;

export type AcmeDnsRegistration = FromSchema<typeof acmeDnsRegistrationSchema>;

export const acmeDnsUpdateResponseSchema = {
  type: 'object',
  required: ['txt'],
  properties: { txt: challengeValueSchema },
} as const;

/** A registration as its tenant lists it (never the password). */
export const acmeDnsRegistrationListSchema = {
  type: 'object',
  required: ['registrations'],
  properties: {
    registrations: {
      type: 'array',
      items: {
        type: 'object',
        required: ['username', 'fulldomain', 'subdomain', 'allowfrom', 'created_at', 'values'],
        properties: {
          username: { type: 'string' },
          fulldomain: { type: 'string' },
          subdomain: { type: 'string' },
          allowfrom: { type: 'array', items: { type: 'string' } },
          created_at: timestampSchema,
          values: {
            type: 'array',
            items: { type: 'object', required: ['txt', 'expires_at'], properties: { txt: { type: 'string' }, expires_at: timestampSchema } },
          },
        },
      },
    },
  },
} as const;

export type AcmeDnsRegistrationJson = FromSchema<(typeof acmeDnsRegistrationListSchema)['properties']['registrations']['items']>;

// JSON Schemas of an account's members (teams): who is in it, in which role, and who is invited.
import type { FromSchema } from 'json-schema-to-ts';
import { timestampSchema } from './common.js';

const roleSchema = {
  type: 'string',
  enum: ['owner', 'admin', 'viewer'],
  description: 'owner: everything; admin: everything but managing owners; viewer: reads only.',
} as const;

const memberSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['email', 'role', 'created_at'],
  properties: { email: { type: 'string' }, role: roleSchema, created_at: timestampSchema },
} as const;

/** GET /api/members. */
export const membersSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['members', 'invitations'],
  properties: {
    members: { type: 'array', items: memberSchema },
    invitations: { type: 'array', items: memberSchema, description: 'Addresses invited and not signed in yet.' },
  },
} as const;

export type MembersJson = FromSchema<typeof membersSchema>;

/** POST /api/members: invite an address into the account. */
export const inviteMemberRequestSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['email', 'role'],
  properties: { email: { type: 'string', format: 'email', maxLength: 254 }, role: roleSchema },
} as const;

export type InviteMemberRequest = FromSchema<typeof inviteMemberRequestSchema>;

/** PATCH /api/members/{email}. */
export const changeRoleRequestSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['role'],
  properties: { role: roleSchema },
} as const;

export type ChangeRoleRequest = FromSchema<typeof changeRoleRequestSchema>;

/** One member or invitation, as answered by POST and PATCH. */
export const memberResponseSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['email', 'role', 'status'],
  properties: { email: { type: 'string' }, role: roleSchema, status: { type: 'string', enum: ['member', 'invited'] } },
} as const;

export type MemberResponse = FromSchema<typeof memberResponseSchema>;

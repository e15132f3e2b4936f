// Routes of an account's team: list members and invitations, invite, change a role, remove.
import { problem } from '../problem-response.js';
import { changeRoleRequestSchema, inviteMemberRequestSchema, memberResponseSchema, membersSchema } from '../../../shared/schemas/members.js';
import type { ChangeRoleRequest, InviteMemberRequest } from '../../../shared/schemas/members.js';
import { changeRole, inviteMember, membersOf, removeMember } from '../../members/members.js';
import { defineRoute } from '../route.js';
import type { RouteDef } from '../route.js';

const RULES = 'Owners manage everyone; admins manage admins and viewers; viewers only read. The last owner cannot leave or be demoted.';

export const routes: RouteDef[] = [
  defineRoute({
    method: 'GET',
    path: '/api/members',
    accepts: ['session', 'tenant-admin'],
    summary: "The account's members with their roles, and open invitations",
    tags: ['members'],
    responses: { 200: { description: 'Members and invitations, by address.', schema: membersSchema } },
    handler: ({ principal, services }) => ({ body: membersOf(services, principal.tenantId) }),
  }),
  defineRoute<InviteMemberRequest>({
    method: 'POST',
    path: '/api/members',
    accepts: ['session'],
    body: inviteMemberRequestSchema,
    summary: 'Invite an address into the account with a role; it gets a sign-in link that joins it',
    description: RULES,
    tags: ['members'],
    responses: {
      201: { description: 'Invited; the link is mailed.', schema: memberResponseSchema },
      403: problem('Only an owner may invite an owner.'),
      409: problem('The address has an account already.'),
    },
    handler: async ({ principal, services, body, ip }) => ({ status: 201, body: await inviteMember(services, principal, body.email, body.role, ip) }),
  }),
  defineRoute<ChangeRoleRequest>({
    method: 'PATCH',
    path: '/api/members/:email',
    accepts: ['session'],
    body: changeRoleRequestSchema,
    summary: "Change a member's role",
    description: RULES,
    tags: ['members'],
    responses: {
      200: { description: 'The member with its role.', schema: memberResponseSchema },
      403: problem('Only an owner may change an owner, or make one.'),
      404: problem('No such member in this account.'),
      409: problem('The last owner cannot be demoted.'),
    },
    handler: ({ principal, services, params, body }) => ({ body: changeRole(services, principal, params['email'] ?? '', body.role) }),
  }),
  defineRoute({
    method: 'DELETE',
    path: '/api/members/:email',
    accepts: ['session'],
    summary: 'Remove a member (its sessions end at once) or withdraw an invitation',
    description: RULES,
    tags: ['members'],
    responses: {
      204: { description: 'Removed.' },
      403: problem('Only an owner may remove an owner.'),
      404: problem('No such member or invitation in this account.'),
      409: problem('The last owner cannot leave.'),
    },
    handler: ({ principal, services, params }) => {
      removeMember(services, principal, params['email'] ?? '');
      return { status: 204 };
    },
  }),
];

// The operator's routes: every account, and suspending or reinstating one.
import { problem } from '../problem-response.js';
import { suspendRequestSchema, tenantListSchema, tenantStateSchema } from '../../../shared/schemas/operator.js';
import type { SuspendRequest } from '../../../shared/schemas/operator.js';
import { reinstateTenant, requireOperator, suspendTenant, tenantsView } from '../../operator/operator.js';
import { defineRoute } from '../route.js';
import type { RouteDef } from '../route.js';

const ONLY = 'Operators only (dnscove operator add, DNSCOVE_OPERATOR), with their session.';

export const routes: RouteDef[] = [
  defineRoute({
    method: 'GET',
    path: '/api/operator/tenants',
    accepts: ['session'],
    summary: 'Every account, with its members and zones',
    description: ONLY,
    tags: ['operator'],
    responses: { 200: { description: 'Accounts, oldest first.', schema: tenantListSchema }, 403: problem('Not an operator.') },
    handler: ({ principal, services }) => {
      requireOperator(services, principal);
      return { body: tenantsView(services) };
    },
  }),
  defineRoute<SuspendRequest>({
    method: 'POST',
    path: '/api/operator/tenants/:tenant/suspend',
    accepts: ['session'],
    body: suspendRequestSchema,
    summary: 'Suspend an account: refuse its credentials and withhold its zones from the nameservers',
    description: `${ONLY} Without {"confirm": true} a 400 says what would stop. Nothing is deleted.`,
    tags: ['operator'],
    responses: {
      200: { description: 'Suspended; its zones are withheld.', schema: tenantStateSchema },
      400: problem('Not confirmed: the detail says what would stop.'),
      403: problem('Not an operator.'),
      404: problem('No such account.'),
      409: problem('The operator’s own account.'),
    },
    handler: async ({ principal, services, params, body }) => ({ body: await suspendTenant(services, principal, params['tenant'] ?? '', body.confirm) }),
  }),
  defineRoute({
    method: 'POST',
    path: '/api/operator/tenants/:tenant/reinstate',
    accepts: ['session'],
    summary: 'End a suspension: credentials work again and the zones are published again',
    description: ONLY,
    tags: ['operator'],
    responses: { 200: { description: 'Reinstated.', schema: tenantStateSchema }, 403: problem('Not an operator.'), 404: problem('No such account.') },
    handler: async ({ principal, services, params }) => ({ body: await reinstateTenant(services, principal, params['tenant'] ?? '') }),
  }),
];

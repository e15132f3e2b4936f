// acme-dns's API (register, update, health) under /acme-dns, and a tenant's registrations under /api/acme-dns.
import { problem } from '../problem-response.js';
import {
  acmeDnsRegisterSchema,
  acmeDnsRegistrationListSchema,
  acmeDnsRegistrationSchema,
  acmeDnsUpdateResponseSchema,
} from '../../../shared/schemas/acme.js';
import type { AcmeDnsRegisterRequest } from '../../../shared/schemas/acme.js';
import { deleteRegistration, listRegistrations } from '../../acme/acme-dns/manage-registrations.js';
import { registerAcmeDns } from '../../acme/acme-dns/register-acme-dns.js';
import { updateAcmeDns } from '../../acme/acme-dns/update-acme-dns.js';
import { defineRoute, definePublicRoute } from '../route.js';
import type { RouteDef } from '../route.js';
import { compileBodyValidator } from '../validator.js';

/** The base users give acme-dns clients as the server URL (ACME_DNS_API_BASE, `server_url`). */
export const ACME_DNS_BASE = '/acme-dns';

const ADMINS = ['session', 'tenant-admin'] as const;
const validateRegister = compileBodyValidator<AcmeDnsRegisterRequest>(acmeDnsRegisterSchema);
// The credentials are secrets: keep them out of caches (as RFC 6749 §5.1 asks of token responses).
const NO_STORE = { 'Cache-Control': 'no-store' };

export const routes: RouteDef[] = [
  defineRoute({
    method: 'POST',
    path: `${ACME_DNS_BASE}/register`,
    accepts: ADMINS,
    summary: 'acme-dns: create a registration (Bearer session or tenant-admin token)',
    description:
      'As acme-dns: the optional body {allowfrom: [CIDR...]} limits where /update may come from. Unlike acme-dns, registering ' +
      'needs credentials, since the registration belongs to a tenant. Body schema: ' + JSON.stringify(acmeDnsRegisterSchema) + '. Point _acme-challenge.<domain> at fulldomain by CNAME.',
    tags: ['acme'],
    responses: {
      201: { description: 'The registration; the password is shown only here.', schema: acmeDnsRegistrationSchema },
      400: problem('An allowfrom entry is not a CIDR range.'),
    },
    // acme-dns clients may send no body at all, which a body schema would refuse.
    handler: ({ services, principal, body }) => ({
      status: 201,
      body: registerAcmeDns(services, principal, body === undefined ? [] : (validateRegister(body).allowfrom ?? [])),
      headers: NO_STORE,
    }),
  }),
  definePublicRoute({
    method: 'POST',
    accepts: 'public',
    path: `${ACME_DNS_BASE}/update`,
    summary: 'acme-dns: serve a TXT value at the registration’s fulldomain (X-Api-User, X-Api-Key)',
    description:
      'Body {"subdomain", "txt"} (keys case-insensitive, as some clients send SubDomain/Txt). Every value is kept until ' +
      'DNSCOVE_ACME_DNS_TTL seconds after its last update, and is served by the edge before the response.',
    tags: ['acme'],
    responses: {
      200: { description: 'Served.', schema: acmeDnsUpdateResponseSchema },
      400: problem('subdomain or txt is missing or malformed.'),
      401: problem('X-Api-User/X-Api-Key do not match a registration.'),
      403: problem('Not from an allowfrom range, or another registration’s subdomain.'),
      504: problem('A PRESENT: the value is committed but no nameserver (edge or secondary) of the zone served it within DNSCOVE_SYNC_TIMEOUT_MS; `edges` names them. Retrying is safe.'),
    },
    handler: async ({ services, headers, body, ip }) => ({
      body: await updateAcmeDns(services, { user: headers['x-api-user'], key: headers['x-api-key'], body, ip }),
    }),
  }),
  definePublicRoute({
    method: 'GET',
    accepts: 'public',
    path: `${ACME_DNS_BASE}/health`,
    summary: 'acme-dns: liveness (200, empty body)',
    tags: ['acme'],
    responses: { 200: { description: 'Up.' } },
    handler: () => ({ status: 200, body: '', contentType: 'text/plain' }),
  }),
  defineRoute({
    method: 'GET',
    path: '/api/acme-dns/registrations',
    accepts: ADMINS,
    summary: "List the tenant's acme-dns registrations and the values they serve",
    tags: ['acme'],
    responses: { 200: { description: 'Oldest first; passwords are never shown again.', schema: acmeDnsRegistrationListSchema } },
    handler: ({ services, principal }) => ({ body: { registrations: listRegistrations(services, principal.tenantId) } }),
  }),
  defineRoute({
    method: 'DELETE',
    path: '/api/acme-dns/registrations/:username',
    accepts: ADMINS,
    summary: 'Delete an acme-dns registration; its values leave the edge before the response',
    tags: ['acme'],
    responses: { 204: { description: 'Deleted.' }, 404: problem('No such registration in this tenant.') },
    handler: async ({ services, principal, params }) => {
      await deleteRegistration(services, principal, params['username'] ?? '');
      return {};
    },
  }),
];

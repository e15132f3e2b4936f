// Routes of TSIG keys (RFC 8945): what secondaries transfer with, and what RFC 2136 clients sign updates with.
import { defineRoute } from '../route.js';
import type { RouteDef } from '../route.js';
import { problem } from '../problem-response.js';
import { listTsigKeyJson, mintTsigKey, removeTsigKey } from '../../tsig/tsig-key-service.js';
import { mintedTsigKeySchema, tsigKeyListSchema, tsigKeyRequestSchema } from '../../../shared/schemas/tsig-keys.js';
import type { TsigKeyRequest } from '../../../shared/schemas/tsig-keys.js';

const ADMINS = ['session', 'tenant-admin'] as const;
// The secret is in the answer: keep it out of caches.
const NO_STORE = { 'Cache-Control': 'no-store' };

export const routes: RouteDef[] = [
  defineRoute({
    method: 'GET',
    path: '/api/tsig-keys',
    accepts: ADMINS,
    summary: "List the tenant's TSIG keys (never their secrets)",
    tags: ['tsig-keys'],
    responses: { 200: { description: 'The keys, oldest first', schema: tsigKeyListSchema } },
    handler({ services, principal }) {
      return { body: { keys: listTsigKeyJson(services, principal.tenantId) } };
    },
  }),
  defineRoute<TsigKeyRequest>({
    method: 'POST',
    path: '/api/tsig-keys',
    accepts: ADMINS,
    summary: 'Mint a TSIG key: transfer, zone-admin or acme-dns01',
    description: 'Returns the base64 secret exactly once (hmac-sha256 unless algorithm says otherwise).',
    tags: ['tsig-keys'],
    body: tsigKeyRequestSchema,
    responses: {
      201: { description: 'The key, with its secret', schema: mintedTsigKeySchema },
      400: problem('The name is not a domain name, or zone_id is missing for a zone-bound scope.'),
      404: problem('zone_id is not a zone of the tenant.'),
      409: problem('A key of that name exists on this server.'),
    },
    async handler({ services, principal, body }) {
      const minted = await mintTsigKey(services, principal, { name: body.name, algorithm: body.algorithm ?? 'hmac-sha256', scope: body.scope, zoneId: body.zone_id });
      return { status: 201, body: minted, headers: NO_STORE };
    },
  }),
  defineRoute({
    method: 'DELETE',
    path: '/api/tsig-keys/:id',
    accepts: ADMINS,
    summary: 'Delete a TSIG key',
    tags: ['tsig-keys'],
    responses: { 204: { description: 'Deleted' }, 404: problem('No such key in the tenant.'), 409: problem('A configured secondary uses the key.') },
    async handler({ services, principal, params }) {
      await removeTsigKey(services, principal, params['id'] ?? '');
      return {};
    },
  }),
];

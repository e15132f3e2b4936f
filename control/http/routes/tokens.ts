// Routes of machine tokens: per zone, tenant-wide, and revocation (API.md "Credentials").
import { defineRoute } from '../route.js';
import type { RouteDef } from '../route.js';
import { listTokens, mintToken, revokeToken } from '../../tokens/token-service.js';
import {
  mintedTokenSchema,
  tenantTokenRequestSchema,
  tokenListSchema,
  zoneTokenRequestSchema,
} from '../../../shared/schemas/tokens.js';
import type { TenantTokenRequest, ZoneTokenRequest } from '../../../shared/schemas/tokens.js';

const ADMINS = ['session', 'tenant-admin'] as const;
// The plaintext token is in the answer: keep it out of caches (as RFC 6749 §5.1 asks of token responses).
const NO_STORE = { 'Cache-Control': 'no-store' };

export const routes: RouteDef[] = [
  defineRoute({
    method: 'GET',
    path: '/api/zones/:id/tokens',
    accepts: ADMINS,
    zoneParam: 'id',
    summary: "List the zone's tokens",
    tags: ['tokens'],
    responses: { 200: { description: 'Tokens bound to the zone, revoked ones included', schema: tokenListSchema } },
    handler({ services, principal, zone }) {
      return { body: { tokens: listTokens(services, principal.tenantId, zone!.id) } };
    },
  }),
  defineRoute<ZoneTokenRequest>({
    method: 'POST',
    path: '/api/zones/:id/tokens',
    accepts: ADMINS,
    zoneParam: 'id',
    summary: 'Mint an acme-dns01 or zone-admin token bound to this zone',
    description: 'Returns the plaintext token exactly once. tenant-admin is not a per-zone scope; mint it at POST /api/tokens.',
    tags: ['tokens'],
    body: zoneTokenRequestSchema,
    responses: { 201: { description: 'The token, with its plaintext', schema: mintedTokenSchema } },
    handler({ services, principal, zone, body }) {
      const minted = mintToken(services, principal, {
        scope: body.scope ?? 'acme-dns01',
        zoneId: zone!.id,
        name: body.name,
        expiresInDays: body.expires_in_days,
      });
      return { status: 201, body: minted, headers: NO_STORE };
    },
  }),
  defineRoute({
    method: 'GET',
    path: '/api/tokens',
    accepts: ADMINS,
    summary: "List the tenant's tokens",
    tags: ['tokens'],
    responses: { 200: { description: 'Every token of the tenant, revoked ones included', schema: tokenListSchema } },
    handler({ services, principal }) {
      return { body: { tokens: listTokens(services, principal.tenantId) } };
    },
  }),
  defineRoute<TenantTokenRequest>({
    method: 'POST',
    path: '/api/tokens',
    accepts: ADMINS,
    summary: 'Mint a tenant-admin token, or a zone-bound one with zone_id',
    description: 'Returns the plaintext token exactly once.',
    tags: ['tokens'],
    body: tenantTokenRequestSchema,
    responses: {
      201: { description: 'The token, with its plaintext', schema: mintedTokenSchema },
      404: { description: 'zone_id is not a zone of the tenant' },
    },
    handler({ services, principal, body }) {
      const minted = mintToken(services, principal, {
        scope: body.scope ?? 'tenant-admin',
        zoneId: body.zone_id,
        name: body.name,
        expiresInDays: body.expires_in_days,
      });
      return { status: 201, body: minted, headers: NO_STORE };
    },
  }),
  defineRoute({
    method: 'DELETE',
    path: '/api/tokens/:id',
    accepts: ADMINS,
    summary: 'Revoke a token (effective on its next request)',
    tags: ['tokens'],
    responses: { 204: { description: 'Revoked' }, 404: { description: 'No such token in the tenant' } },
    handler({ services, principal, params }) {
      revokeToken(services, principal, params['id'] ?? '');
      return {};
    },
  }),
];

// Integration: the scope table of shared/API.md, row by row, for every credential, over real HTTP.
//
// Each row copies one line of API.md's table (the zone-admin and acme-dns01 columns; session and
// tenant-admin are ✓ on every line). The expected status of each credential follows from the
// row and from API.md's rules: missing/unknown/expired/revoked → 401; another tenant's zone →
// 404; a zone-bound token on another zone → 403. Every route the server has must have a row,
// and API.md endpoints not built yet are listed so that building one fails this test until
// its row is added. Every answer is checked against the schema its route documents.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requestMagicLink } from '../../control/auth/magic-link.js';
import { loadChecksConfig } from '../../control/checks/checks-config.js';
import { addOperator } from '../../control/store/operators.js';
import { routes } from '../../control/http/routes/index.js';
import { api, devLogin, mintToken, startTestControl, stringField } from '../helpers/control-harness.js';
import type { ApiResponse, TestControl } from '../helpers/control-harness.js';
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { problemSchema } from '../../shared/schemas/common.js';

type Cred =
  | 'session'
  | 'tenant-admin'
  | 'zone-admin own zone'
  | 'zone-admin other zone'
  | 'acme-dns01 own zone'
  | 'acme-dns01 other zone'
  | 'expired token'
  | 'revoked token'
  | 'malformed token'
  | 'missing token'
  | "another tenant's session"
  | 'viewer session';

const CREDS: readonly Cred[] = [
  'session',
  'tenant-admin',
  'zone-admin own zone',
  'zone-admin other zone',
  'acme-dns01 own zone',
  'acme-dns01 other zone',
  'expired token',
  'revoked token',
  'malformed token',
  'missing token',
  "another tenant's session",
  'viewer session',
];

interface Zone {
  readonly id: string;
  readonly origin: string;
}

interface Fixture {
  readonly control: TestControl;
  readonly sessionA: string;
  readonly credentials: ReadonlyMap<Cred, string | undefined>;
  /** The zone zone-bound tokens are bound to, and another zone of the same tenant. */
  readonly own: Zone;
  readonly other: Zone;
  newZone(): Promise<Zone>;
}

interface Request {
  readonly path: string;
  readonly body?: unknown;
  /** Sent instead of the credential's own (a fresh session of the same kind, for routes that end the one they are sent with). */
  readonly token?: string;
}

interface Row {
  /** "METHOD /path" exactly as in the route list. */
  readonly route: string;
  /** API.md's zone-admin (its zone) and acme-dns01 (its zone) columns. */
  readonly zoneAdmin: 'ok' | 403;
  readonly acme: 'ok' | 403;
  /** The success status for accepted credentials. */
  readonly ok: number;
  /** For public routes: the status every credential gets. */
  readonly publicStatus?: number;
  /** For routes without a zone: what another tenant's session gets (default `ok`). */
  readonly otherTenant?: number;
  /** For routes only people use (members): what a tenant-admin token gets (default `ok`). */
  readonly tenantAdmin?: number;
  /** What tenant A's viewer gets, where its read-only role is not the rule (operator routes). */
  readonly viewer?: number;
  /** Builds the request; `zone` is the zone this credential targets. */
  request(f: Fixture, zone: Zone, cred: Cred): Request | Promise<Request>;
}

/** `path` with a new owner's session for the session credentials that would succeed, so the fixture's own stay valid. */
async function freshSession(f: Fixture, cred: Cred, path: string): Promise<Request> {
  if (cred !== 'session' && cred !== "another tenant's session") return { path };
  return { path, token: (await devLogin(f.control.url, `fresh-${unique()}@example.com`)).session };
}

/** Tenant A's tenant-wide transfer key (minted once), for secondaries. */
let wideKeyId: string | undefined;
async function wideKey(f: Fixture): Promise<string> {
  wideKeyId ??= stringField((await api(f.control.url, 'POST', '/api/tsig-keys', { token: f.sessionA, body: { name: 'wide.scope-table.test', scope: 'transfer' } })).json, 'id');
  return wideKeyId;
}

/** A zone of the other tenant (B), for claims by tenant A. */
async function otherTenantZone(f: Fixture): Promise<Zone> {
  const res = await api(f.control.url, 'POST', '/api/zones', { token: f.credentials.get("another tenant's session")!, body: { origin: `z${unique()}.tenant-b.test` } });
  if (res.status !== 201) throw new Error(`creating a zone of tenant B: ${res.status} ${res.text}`);
  return { id: stringField(res.json, 'id'), origin: stringField(res.json, 'origin') };
}

let counter = 0;
const unique = (): number => ++counter;
const succeeds = (cred: Cred): boolean => cred === 'session' || cred === 'tenant-admin';

const TABLE: readonly Row[] = [
  // Auth (API.md "Auth": no credentials needed).
  { route: 'POST /api/auth/magic-link', zoneAdmin: 'ok', acme: 'ok', ok: 200, publicStatus: 200, request: () => ({ path: '/api/auth/magic-link', body: { email: `scope-${unique()}@example.com` } }) },
  {
    route: 'POST /api/auth/exchange',
    zoneAdmin: 'ok',
    acme: 'ok',
    ok: 200,
    publicStatus: 200,
    // Links issued from distinct client addresses, so the per-IP limit is not what is tested.
    request: async (f) => {
      const n = unique();
      const link = await requestMagicLink(f.control.services, `exchange-${n}@example.com`, `198.51.100.${n % 250}`);
      return { path: '/api/auth/exchange', body: { token: link!.token } };
    },
  },
  // Signing out ends the session it is sent with: the owner's sessions here are fresh ones.
  { route: 'POST /api/auth/sign-out', zoneAdmin: 403, acme: 403, ok: 204, tenantAdmin: 403, request: (f, _z, cred) => freshSession(f, cred, '/api/auth/sign-out') },
  { route: 'POST /api/auth/sign-out-everywhere', zoneAdmin: 403, acme: 403, ok: 204, tenantAdmin: 403, request: (f, _z, cred) => freshSession(f, cred, '/api/auth/sign-out-everywhere') },
  { route: 'GET /auth/callback', zoneAdmin: 'ok', acme: 'ok', ok: 200, publicStatus: 200, request: () => ({ path: '/auth/callback?token=abc' }) },
  // | `GET /api/zones`, `POST /api/zones`, `DELETE /api/zones/{id}` | ✓ | ✓ | 403 | 403 |
  { route: 'GET /api/zones', zoneAdmin: 403, acme: 403, ok: 200, request: () => ({ path: '/api/zones' }) },
  { route: 'POST /api/zones', zoneAdmin: 403, acme: 403, ok: 201, otherTenant: 201, request: () => ({ path: '/api/zones', body: { origin: `z${unique()}.scope.test` } }) },
  {
    route: 'DELETE /api/zones/:id',
    zoneAdmin: 403,
    acme: 403,
    ok: 204,
    // Credentials that may delete get a zone of their own to delete.
    request: async (f, zone, cred) => ({ path: `/api/zones/${succeeds(cred) ? (await f.newZone()).id : zone.id}` }),
  },
  // | `GET /api/zones/{id}` | ✓ | ✓ | ✓ | 403 |
  { route: 'GET /api/zones/:id', zoneAdmin: 'ok', acme: 403, ok: 200, request: (_f, zone) => ({ path: `/api/zones/${zone.id}` }) },
  // Not in API.md's table (auto_publish, decided by the DOMAIN engineer): zone lifecycle, like DELETE.
  { route: 'PATCH /api/zones/:id', zoneAdmin: 403, acme: 403, ok: 200, request: (_f, zone) => ({ path: `/api/zones/${zone.id}`, body: { auto_publish: true } }) },
  // | `GET/POST /api/zones/{id}/records` | ✓ | ✓ | ✓ | 403 |
  { route: 'GET /api/zones/:id/records', zoneAdmin: 'ok', acme: 403, ok: 200, request: (_f, zone) => ({ path: `/api/zones/${zone.id}/records` }) },
  {
    route: 'POST /api/zones/:id/records',
    zoneAdmin: 'ok',
    acme: 403,
    ok: 200,
    request: (_f, zone) => ({
      path: `/api/zones/${zone.id}/records`,
      body: { action: 'UPSERT', name: `www.${zone.origin}.`, type: 'A', ttl: 300, records: [`192.0.2.${unique() % 250}`] },
    }),
  },
  // | `POST /api/zones/{id}/publish` | ✓ | ✓ | 403 | 403 |
  { route: 'POST /api/zones/:id/publish', zoneAdmin: 403, acme: 403, ok: 200, request: (_f, zone) => ({ path: `/api/zones/${zone.id}/publish` }) },
  // | `GET/POST /api/zones/{id}/tokens` | ✓ | ✓ | 403 | 403 |
  { route: 'GET /api/zones/:id/tokens', zoneAdmin: 403, acme: 403, ok: 200, request: (_f, zone) => ({ path: `/api/zones/${zone.id}/tokens` }) },
  { route: 'POST /api/zones/:id/tokens', zoneAdmin: 403, acme: 403, ok: 201, request: (_f, zone) => ({ path: `/api/zones/${zone.id}/tokens`, body: { scope: 'acme-dns01', name: 'scope-table' } }) },
  // | `GET/POST /api/tokens`, `DELETE /api/tokens/{id}` | ✓ | ✓ | 403 | 403 |
  { route: 'GET /api/tokens', zoneAdmin: 403, acme: 403, ok: 200, request: () => ({ path: '/api/tokens' }) },
  { route: 'POST /api/tokens', zoneAdmin: 403, acme: 403, ok: 201, otherTenant: 201, request: () => ({ path: '/api/tokens', body: { name: 'scope-table' } }) },
  {
    route: 'DELETE /api/tokens/:id',
    zoneAdmin: 403,
    acme: 403,
    ok: 204,
    // A fresh token of tenant A each time; another tenant must not see it (404).
    otherTenant: 404,
    request: async (f) => ({ path: `/api/tokens/${(await mintToken(f.control.url, f.sessionA, '/api/tokens', { name: 'victim' })).id}` }),
  },
  // TSIG keys (issue 14): as tokens, people and tenant-admin tokens of the tenant.
  { route: 'GET /api/tsig-keys', zoneAdmin: 403, acme: 403, ok: 200, request: () => ({ path: '/api/tsig-keys' }) },
  { route: 'POST /api/tsig-keys', zoneAdmin: 403, acme: 403, ok: 201, otherTenant: 201, request: () => ({ path: '/api/tsig-keys', body: { name: `k${unique()}.scope-table.test`, scope: 'transfer' } }) },
  {
    route: 'DELETE /api/tsig-keys/:id',
    zoneAdmin: 403,
    acme: 403,
    ok: 204,
    otherTenant: 404,
    request: async (f) => {
      const res = await api(f.control.url, 'POST', '/api/tsig-keys', { token: f.sessionA, body: { name: `victim${unique()}.scope-table.test`, scope: 'transfer' } });
      return { path: `/api/tsig-keys/${stringField(res.json, 'id')}` };
    },
  },
  // | `GET /api/audit` | ✓ | ✓ | 403 | 403 |
  { route: 'GET /api/audit', zoneAdmin: 403, acme: 403, ok: 200, request: () => ({ path: '/api/audit?limit=5' }) },
  // | `POST /api/zones/{id}/delegation`, `POST /api/zones/{id}/parity` | ✓ | ✓ | ✓ | 403 | (root hints on a closed loopback port: see below)
  { route: 'POST /api/zones/:id/delegation', zoneAdmin: 'ok', acme: 403, ok: 200, request: (_f, zone) => ({ path: `/api/zones/${zone.id}/delegation` }) },
  { route: 'POST /api/zones/:id/parity', zoneAdmin: 'ok', acme: 403, ok: 200, request: (_f, zone) => ({ path: `/api/zones/${zone.id}/parity` }) },
  // | `POST /api/import/route53`, `POST /api/import/zonefile` | ✓ | ✓ | 403 | 403 |
  { route: 'POST /api/import/route53', zoneAdmin: 403, acme: 403, ok: 200, otherTenant: 200, request: () => ({ path: '/api/import/route53', body: { json: [{ Name: `r${unique()}.import.test.`, Type: 'SOA', TTL: 900, ResourceRecords: [{ Value: 'ns.example. h.example. 1 7200 900 1209600 86400' }] }] } }) },
  { route: 'POST /api/import/zonefile', zoneAdmin: 403, acme: 403, ok: 200, otherTenant: 200, request: () => ({ path: '/api/import/zonefile', body: { zonefile: `$ORIGIN f${unique()}.import.test.\n@ 300 IN A 192.0.2.1\n` } }) },
  // Import by AXFR (issue 14): accepted credentials reach the transfer, which a closed port refuses (502; the transfer itself: test/interop/import-axfr.test.ts).
  { route: 'POST /api/import/axfr', zoneAdmin: 403, acme: 403, ok: 502, otherTenant: 502, request: () => ({ path: '/api/import/axfr', body: { origin: `x${unique()}.import.test`, server: '127.0.0.1:1' } }) },
  // Import progress (issue 12): the caller's own tenant's imports under way.
  { route: 'GET /api/import/progress', zoneAdmin: 403, acme: 403, ok: 200, otherTenant: 200, request: () => ({ path: '/api/import/progress' }) },
  // | `GET /api/zones/{id}/export`, `GET /api/zones/{id}/parity` | ✓ | ✓ | ✓ | 403 | (a parity result exists once POSTed by the owner)
  { route: 'GET /api/zones/:id/export', zoneAdmin: 'ok', acme: 403, ok: 200, request: (_f, zone) => ({ path: `/api/zones/${zone.id}/export` }) },
  { route: 'GET /api/zones/:id/parity', zoneAdmin: 'ok', acme: 403, ok: 200, request: async (f, zone) => (await api(f.control.url, 'POST', `/api/zones/${zone.id}/parity`, { token: f.sessionA }), { path: `/api/zones/${zone.id}/parity` }) },
  // | `POST /api/zones/{id}/acme-challenge` | ✓ | ✓ | ✓ | ✓ |
  { route: 'POST /api/zones/:id/acme-challenge', zoneAdmin: 'ok', acme: 'ok', ok: 200, request: (_f, zone) => ({ path: `/api/zones/${zone.id}/acme-challenge`, body: { action: 'PRESENT', name: zone.origin, value: `scope${unique()}` } }) },
  // ACME compatibility (API.md: own credentials; Bearer accepted like acme-challenge). The zone comes from fqdn, always the own zone here; other-zone refusals: control-acme-httpreq.test.ts.
  { route: 'POST /acme/httpreq/present', zoneAdmin: 'ok', acme: 'ok', ok: 200, otherTenant: 404, request: (f) => ({ path: '/acme/httpreq/present', body: { fqdn: `_acme-challenge.${f.own.origin}.`, value: `scope${unique()}` } }) },
  { route: 'POST /acme/httpreq/cleanup', zoneAdmin: 'ok', acme: 'ok', ok: 200, otherTenant: 404, request: (f) => ({ path: '/acme/httpreq/cleanup', body: { fqdn: `_acme-challenge.${f.own.origin}.`, value: `scope${unique()}` } }) },
  { route: 'POST /acme-dns/register', zoneAdmin: 403, acme: 403, ok: 201, otherTenant: 201, request: () => ({ path: '/acme-dns/register', body: { allowfrom: ['127.0.0.0/8'] } }) },
  { route: 'POST /acme-dns/update', zoneAdmin: 'ok', acme: 'ok', ok: 401, publicStatus: 401, request: () => ({ path: '/acme-dns/update', body: { subdomain: 'x', txt: 'y' } }) },
  { route: 'GET /acme-dns/health', zoneAdmin: 'ok', acme: 'ok', ok: 200, publicStatus: 200, request: () => ({ path: '/acme-dns/health' }) },
  { route: 'GET /api/acme-dns/registrations', zoneAdmin: 403, acme: 403, ok: 200, request: () => ({ path: '/api/acme-dns/registrations' }) },
  {
    route: 'DELETE /api/acme-dns/registrations/:username',
    zoneAdmin: 403,
    acme: 403,
    ok: 204,
    otherTenant: 404,
    request: async (f) => ({ path: `/api/acme-dns/registrations/${stringField((await api(f.control.url, 'POST', '/acme-dns/register', { token: f.sessionA })).json, 'username')}` }),
  },
  // Remote edges (issue 12). The feed takes only edge keys: every session and token gets 401.
  // Claims (issue 20) on a zone the other tenant holds unproved.
  {
    route: 'POST /api/zones/claim',
    zoneAdmin: 403,
    acme: 403,
    ok: 201,
    otherTenant: 409,
    request: async (f) => ({ path: '/api/zones/claim', body: { origin: (await otherTenantZone(f)).origin } }),
  },
  {
    route: 'POST /api/zones/claim/:claim/verify',
    zoneAdmin: 403,
    acme: 403,
    ok: 200,
    otherTenant: 404,
    request: async (f) => {
      const claim = await api(f.control.url, 'POST', '/api/zones/claim', { token: f.sessionA, body: { origin: (await otherTenantZone(f)).origin } });
      return { path: `/api/zones/claim/${stringField(claim.json, 'id')}/verify` };
    },
  },
  // Members (issue 20): people manage people, so tokens do not.
  { route: 'GET /api/members', zoneAdmin: 403, acme: 403, ok: 200, request: () => ({ path: '/api/members' }) },
  { route: 'POST /api/members', zoneAdmin: 403, acme: 403, ok: 201, tenantAdmin: 403, request: () => ({ path: '/api/members', body: { email: `invitee-${unique()}@example.com`, role: 'viewer' } }) },
  {
    route: 'PATCH /api/members/:email',
    zoneAdmin: 403,
    acme: 403,
    ok: 200,
    tenantAdmin: 403,
    otherTenant: 404,
    request: async (f) => {
      const email = `member-${unique()}@example.com`;
      await api(f.control.url, 'POST', '/api/members', { token: f.sessionA, body: { email, role: 'viewer' } });
      await devLogin(f.control.url, email);
      return { path: `/api/members/${email}`, body: { role: 'admin' } };
    },
  },
  {
    route: 'DELETE /api/members/:email',
    zoneAdmin: 403,
    acme: 403,
    ok: 204,
    tenantAdmin: 403,
    otherTenant: 404,
    request: async (f) => {
      const email = `invited-${unique()}@example.com`;
      await api(f.control.url, 'POST', '/api/members', { token: f.sessionA, body: { email, role: 'viewer' } });
      return { path: `/api/members/${email}` };
    },
  },
  // The operator (issue 20): tenant A's owner is one; no token and no other session is.
  { route: 'GET /api/operator/tenants', zoneAdmin: 403, acme: 403, ok: 200, tenantAdmin: 403, otherTenant: 403, viewer: 403, request: () => ({ path: '/api/operator/tenants' }) },
  {
    route: 'POST /api/operator/tenants/:tenant/suspend',
    zoneAdmin: 403,
    acme: 403,
    ok: 200,
    tenantAdmin: 403,
    otherTenant: 403,
    request: async (f) => ({ path: `/api/operator/tenants/${(await devLogin(f.control.url, `suspended-${unique()}@example.com`)).tenantId}/suspend`, body: { confirm: true } }),
  },
  {
    route: 'POST /api/operator/tenants/:tenant/reinstate',
    zoneAdmin: 403,
    acme: 403,
    ok: 200,
    tenantAdmin: 403,
    otherTenant: 403,
    request: async (f) => ({ path: `/api/operator/tenants/${(await devLogin(f.control.url, `reinstated-${unique()}@example.com`)).tenantId}/reinstate` }),
  },
  { route: 'GET /api/edges', zoneAdmin: 403, acme: 403, ok: 200, request: () => ({ path: '/api/edges' }) },
  { route: 'GET /api/edge/v1/changes', zoneAdmin: 'ok', acme: 'ok', ok: 401, publicStatus: 401, request: () => ({ path: '/api/edge/v1/changes?after=0' }) },
  { route: 'GET /api/edge/v1/files/:file', zoneAdmin: 'ok', acme: 'ok', ok: 401, publicStatus: 401, request: (_f, zone) => ({ path: `/api/edge/v1/files/${zone.origin}.snap` }) },
  { route: 'POST /api/edge/v1/status', zoneAdmin: 'ok', acme: 'ok', ok: 401, publicStatus: 401, request: () => ({ path: '/api/edge/v1/status', body: { served_seq: 1 } }) },
  // The PowerDNS-compatible API (issue 16) takes a token as X-API-Key, never the Bearer header: every credential here gets 401.
  { route: 'GET /api', zoneAdmin: 'ok', acme: 'ok', ok: 401, publicStatus: 401, request: () => ({ path: '/api' }) },
  { route: 'GET /api/v1/servers', zoneAdmin: 'ok', acme: 'ok', ok: 401, publicStatus: 401, request: () => ({ path: '/api/v1/servers' }) },
  { route: 'GET /api/v1/servers/:server', zoneAdmin: 'ok', acme: 'ok', ok: 401, publicStatus: 401, request: () => ({ path: '/api/v1/servers/localhost' }) },
  { route: 'GET /api/v1/servers/:server/zones', zoneAdmin: 'ok', acme: 'ok', ok: 401, publicStatus: 401, request: () => ({ path: '/api/v1/servers/localhost/zones' }) },
  { route: 'POST /api/v1/servers/:server/zones', zoneAdmin: 'ok', acme: 'ok', ok: 401, publicStatus: 401, request: () => ({ path: '/api/v1/servers/localhost/zones', body: { name: `z${unique()}.scope.test.`, kind: 'Native' } }) },
  { route: 'GET /api/v1/servers/:server/zones/:zoneId', zoneAdmin: 'ok', acme: 'ok', ok: 401, publicStatus: 401, request: (_f, zone) => ({ path: `/api/v1/servers/localhost/zones/${zone.origin}.` }) },
  { route: 'PATCH /api/v1/servers/:server/zones/:zoneId', zoneAdmin: 'ok', acme: 'ok', ok: 401, publicStatus: 401, request: (_f, zone) => ({ path: `/api/v1/servers/localhost/zones/${zone.origin}.`, body: { rrsets: [] } }) },
  { route: 'PUT /api/v1/servers/:server/zones/:zoneId', zoneAdmin: 'ok', acme: 'ok', ok: 401, publicStatus: 401, request: (_f, zone) => ({ path: `/api/v1/servers/localhost/zones/${zone.origin}.`, body: { kind: 'Native' } }) },
  { route: 'DELETE /api/v1/servers/:server/zones/:zoneId', zoneAdmin: 'ok', acme: 'ok', ok: 401, publicStatus: 401, request: (_f, zone) => ({ path: `/api/v1/servers/localhost/zones/${zone.origin}.` }) },
  { route: 'PUT /api/v1/servers/:server/zones/:zoneId/notify', zoneAdmin: 'ok', acme: 'ok', ok: 401, publicStatus: 401, request: (_f, zone) => ({ path: `/api/v1/servers/localhost/zones/${zone.origin}./notify` }) },
  { route: 'GET /api/v1/servers/:server/zones/:zoneId/export', zoneAdmin: 'ok', acme: 'ok', ok: 401, publicStatus: 401, request: (_f, zone) => ({ path: `/api/v1/servers/localhost/zones/${zone.origin}./export` }) },
  // API.md "Everything else": GET /healthz, GET /metrics; the OpenAPI document.
  { route: 'GET /healthz', zoneAdmin: 'ok', acme: 'ok', ok: 200, publicStatus: 200, request: () => ({ path: '/healthz' }) },
  { route: 'GET /metrics', zoneAdmin: 'ok', acme: 'ok', ok: 200, publicStatus: 200, request: () => ({ path: '/metrics' }) },
  { route: 'GET /api/openapi.json', zoneAdmin: 'ok', acme: 'ok', ok: 200, publicStatus: 200, request: () => ({ path: '/api/openapi.json' }) },
  // The web console's static files (issue 7): public; the page then uses the API with a session.
  { route: 'GET /', zoneAdmin: 'ok', acme: 'ok', ok: 200, publicStatus: 200, request: () => ({ path: '/' }) },
  { route: 'GET /console/:file', zoneAdmin: 'ok', acme: 'ok', ok: 200, publicStatus: 200, request: () => ({ path: '/console/console.css' }) },
  { route: 'GET /favicon.ico', zoneAdmin: 'ok', acme: 'ok', ok: 200, publicStatus: 200, request: () => ({ path: '/favicon.ico' }) },
  // DNSSEC (issue 15): what to give the registrar; a zone-admin token may read its zone's.
  { route: 'GET /api/zones/:id/dnssec', zoneAdmin: 'ok', acme: 403, ok: 200, request: (_f, zone) => ({ path: `/api/zones/${zone.id}/dnssec` }) },
  { route: 'PUT /api/zones/:id/dnssec', zoneAdmin: 403, acme: 403, ok: 200, request: (_f, zone) => ({ path: `/api/zones/${zone.id}/dnssec`, body: { enabled: true } }) },
  {
    route: 'POST /api/zones/:id/dnssec/rollover',
    zoneAdmin: 403,
    acme: 403,
    ok: 202,
    // One rollover at a time: credentials that may start one get a zone of their own.
    request: async (f, zone, cred) => ({ path: `/api/zones/${succeeds(cred) ? (await f.newZone()).id : zone.id}/dnssec/rollover`, body: {} }),
  },
  // Secondaries (issue 14): configured by people and tenant-admin tokens; a zone-admin token may see its zone's.
  // Last: they never answer, so every later publish of tenant A would wait for them.
  { route: 'GET /api/zones/:id/secondaries', zoneAdmin: 'ok', acme: 403, ok: 200, request: (_f, zone) => ({ path: `/api/zones/${zone.id}/secondaries` }) },
  {
    route: 'POST /api/zones/:id/secondaries',
    zoneAdmin: 403,
    acme: 403,
    ok: 201,
    request: async (f, zone) => ({ path: `/api/zones/${zone.id}/secondaries`, body: { address: `127.0.0.1:${20000 + unique()}`, tsig_key_id: await wideKey(f) } }),
  },
  {
    route: 'DELETE /api/zones/:id/secondaries/:secondary',
    zoneAdmin: 403,
    acme: 403,
    ok: 204,
    request: async (f, zone) => {
      const res = await api(f.control.url, 'POST', `/api/zones/${f.own.id}/secondaries`, { token: f.sessionA, body: { address: `127.0.0.1:${20000 + unique()}`, tsig_key_id: await wideKey(f) } });
      return { path: `/api/zones/${zone.id}/secondaries/${stringField(res.json, 'id')}` };
    },
  },
  { route: 'GET /api/secondaries', zoneAdmin: 403, acme: 403, ok: 200, request: () => ({ path: '/api/secondaries' }) },
  { route: 'POST /api/secondaries', zoneAdmin: 403, acme: 403, ok: 201, otherTenant: 404, request: async (f) => ({ path: '/api/secondaries', body: { address: `127.0.0.1:${20000 + unique()}`, tsig_key_id: await wideKey(f) } }) },
  {
    route: 'DELETE /api/secondaries/:secondary',
    zoneAdmin: 403,
    acme: 403,
    ok: 204,
    otherTenant: 404,
    request: async (f) => {
      const res = await api(f.control.url, 'POST', '/api/secondaries', { token: f.sessionA, body: { address: `127.0.0.1:${20000 + unique()}`, tsig_key_id: await wideKey(f) } });
      return { path: `/api/secondaries/${stringField(res.json, 'id')}` };
    },
  },
];

/** API.md endpoints of later issues. Building one makes the completeness test fail until its row is in TABLE. */
const NOT_YET_BUILT: readonly string[] = [];

const isZoneRoute = (row: Row): boolean => row.route.includes('/api/zones/:id');

/** The status API.md implies for one credential on one row. */
function expectedStatus(row: Row, cred: Cred): number {
  if (row.publicStatus !== undefined) return row.publicStatus;
  const zoneBound = (column: 'ok' | 403, own: boolean): number => {
    if (column === 403) return 403;
    return isZoneRoute(row) && !own ? 403 : row.ok;
  };
  switch (cred) {
    case 'session':
      return row.ok;
    case 'tenant-admin':
      return row.tenantAdmin ?? row.ok;
    case 'viewer session':
      // A member with the viewer role reads what a session reads, and changes nothing.
      return row.viewer ?? (row.route.startsWith('GET ') ? row.ok : 403);
    case 'zone-admin own zone':
      return zoneBound(row.zoneAdmin, true);
    case 'zone-admin other zone':
      return zoneBound(row.zoneAdmin, false);
    case 'acme-dns01 own zone':
      return zoneBound(row.acme, true);
    case 'acme-dns01 other zone':
      return zoneBound(row.acme, false);
    case 'expired token':
    case 'revoked token':
    case 'malformed token':
    case 'missing token':
      return 401;
    case "another tenant's session":
      return isZoneRoute(row) ? 404 : (row.otherTenant ?? row.ok);
  }
}

let fixture: Fixture;

beforeAll(async () => {
  // The delegation and parity checks resolve from a closed loopback port, never the real roots.
  const control = await startTestControl({ checks: loadChecksConfig({ DNSCOVE_ROOT_HINTS: '127.0.0.1:9' }) });
  const a = await devLogin(control.url, 'owner-a@example.com');
  const b = await devLogin(control.url, 'owner-b@example.com');
  // Tenant A's owner runs this DNSCove: the operator rows succeed for its session only.
  addOperator(control.services.db, 'owner-a@example.com', new Date().toISOString());
  await api(control.url, 'POST', '/api/members', { token: a.session, body: { email: 'viewer-a@example.com', role: 'viewer' } });
  const viewer = await devLogin(control.url, 'viewer-a@example.com');
  const newZone = async (): Promise<Zone> => {
    const res = await api(control.url, 'POST', '/api/zones', { token: a.session, body: { origin: `z${unique()}.tenant-a.test` } });
    if (res.status !== 201) throw new Error(`creating a zone: ${res.status} ${res.text}`);
    return { id: stringField(res.json, 'id'), origin: stringField(res.json, 'origin') };
  };
  const own = await newZone();
  const other = await newZone();
  const tenantAdmin = await mintToken(control.url, a.session, '/api/tokens', { name: 'admin' });
  const zoneAdmin = await mintToken(control.url, a.session, `/api/zones/${own.id}/tokens`, { scope: 'zone-admin' });
  const acme = await mintToken(control.url, a.session, `/api/zones/${own.id}/tokens`, { scope: 'acme-dns01' });
  // Expired and revoked tokens are tenant-admin: only their state may keep them out.
  const expired = await mintToken(control.url, a.session, '/api/tokens', { name: 'expired', expires_in_days: 1 });
  control.services.db.prepare('UPDATE tokens SET expires_at = ? WHERE id = ?').run(new Date(Date.now() - 60_000).toISOString(), expired.id);
  const revoked = await mintToken(control.url, a.session, '/api/tokens', { name: 'revoked' });
  const revocation = await api(control.url, 'DELETE', `/api/tokens/${revoked.id}`, { token: a.session });
  if (revocation.status !== 204) throw new Error(`revoking: ${revocation.status} ${revocation.text}`);
  const credentials = new Map<Cred, string | undefined>([
    ['session', a.session],
    ['tenant-admin', tenantAdmin.token],
    ['zone-admin own zone', zoneAdmin.token],
    ['zone-admin other zone', zoneAdmin.token],
    ['acme-dns01 own zone', acme.token],
    ['acme-dns01 other zone', acme.token],
    ['expired token', expired.token],
    ['revoked token', revoked.token],
    ['malformed token', `dnsc_${'g'.repeat(16)}_${tenantAdmin.token.slice(-43)}`],
    ['missing token', undefined],
    ["another tenant's session", b.session],
    ['viewer session', viewer.session],
  ]);
  fixture = { control, sessionA: a.session, credentials, own, other, newZone };
});

afterAll(async () => {
  await fixture?.control.close();
});

describe('API.md scope table', () => {
  it('has a row for every route the server has, and only for those', () => {
    const served = routes.map((r) => `${r.method} ${r.path}`);
    const rows = TABLE.map((r) => r.route);
    expect(served.filter((r) => !rows.includes(r))).toEqual([]);
    expect(rows.filter((r) => !served.includes(r))).toEqual([]);
    expect(served.filter((r) => NOT_YET_BUILT.includes(r))).toEqual([]);
  });

  const cases = TABLE.flatMap((row) => CREDS.map((cred) => ({ row, cred, expected: expectedStatus(row, cred) })));

  it.each(cases)('$row.route × $cred → $expected', async ({ row, cred, expected }) => {
    const zone = cred === 'zone-admin other zone' || cred === 'acme-dns01 other zone' ? fixture.other : fixture.own;
    const req = await row.request(fixture, zone, cred);
    const [method] = row.route.split(' ');
    const token = req.token ?? fixture.credentials.get(cred);
    const res = await api(fixture.control.url, method!, req.path, {
      ...(token === undefined ? {} : { token }),
      ...(req.body === undefined ? {} : { body: req.body }),
    });
    expect({ status: res.status, body: res.status === expected ? undefined : res.text }).toEqual({ status: expected, body: undefined });
    // The PowerDNS API challenges for its own credential, as PowerDNS does.
    if (expected === 401) expect(res.headers.get('www-authenticate')).toMatch(/\/api(?:$|\/v1)/.test(req.path) ? /^X-API-Key / : /^Bearer/);
    // Whatever the status, the body is what the route's schema (or the problem schema) says.
    expect(schemaViolation(row.route, res), res.text.slice(0, 500)).toBeUndefined();
  });
});

const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats.default(ajv);
const validators = new Map<string, ValidateFunction>();

/** Why `res` does not match the schema its route documents for its status, or undefined when it does (or is not JSON). */
function schemaViolation(route: string, res: ApiResponse): string | undefined {
  const type = res.headers.get('content-type') ?? '';
  let schema: object | undefined;
  if (type.startsWith('application/problem+json')) schema = problemSchema;
  else if (type.startsWith('application/json')) {
    const def = routes.find((r) => `${r.method} ${r.path}` === route);
    schema = def?.responses[res.status]?.schema;
    if (schema === undefined) return `${route} answered ${res.status} with JSON, but documents no schema for it`;
  } else return undefined;
  const key = `${route} ${res.status} ${type}`;
  let validate = validators.get(key);
  if (validate === undefined) {
    validate = ajv.compile(schema);
    validators.set(key, validate);
  }
  return validate(res.json) ? undefined : ajv.errorsText(validate.errors);
}

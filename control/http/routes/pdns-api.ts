// The PowerDNS-compatible HTTP API (`/api`, `/api/v1/servers/localhost/...`) for the tools
// that speak it: lego's pdns provider, octoDNS, external-dns, Terraform's powerdns provider,
// DNSControl. X-API-Key carries a dnsc_ token; errors are `{"error": "..."}` (error-boundary).
import type { Principal } from '../../auth/principal.js';
import { exportCommittedZone } from '../../export/export-zone-file.js';
import { parseRRsetPatch, parseZoneCreate, parseZoneUpdate } from '../../pdns-api/parse-pdns-body.js';
import { PdnsError, pdnsErrorSchema } from '../../pdns-api/pdns-error.js';
import { PDNS_VERSION, pdnsZoneJson, pdnsZoneListJson, ZONES_URL } from '../../pdns-api/pdns-zone-json.js';
import { createPdnsZone, deletePdnsZone, updatePdnsZone, visibleZone, visibleZones } from '../../pdns-api/pdns-zones.js';
import { patchRRsets } from '../../pdns-api/patch-rrsets.js';
import { zoneNameFromId } from '../../pdns-api/pdns-names.js';
import type { ZoneRow } from '../../store/zones.js';
import { definePublicRoute } from '../route.js';
import type { PublicRouteContext, ResponseDoc, RouteDef } from '../route.js';

const SERVER = '/api/v1/servers/:server';
const ZONE = `${SERVER}/zones/:zoneId`;
const TAGS = ['powerdns'];

const refused = (description: string): ResponseDoc => ({ description, schema: pdnsErrorSchema });
const COMMON = {
  401: refused('No X-API-Key, or not a valid dnsc_ token.'),
  404: refused('Not a server we are (only "localhost"), or a zone the token does not see.'),
};

/** The caller, from its X-API-Key, on the one server there is. */
function caller(ctx: PublicRouteContext<unknown>): Principal {
  if (ctx.principal === undefined) throw new PdnsError(401, 'Unauthorized');
  if (ctx.params['server'] !== undefined && ctx.params['server'] !== 'localhost') throw new PdnsError(404, 'Not Found');
  return ctx.principal;
}

/** The caller and the zone the path names, which it must see (404 otherwise). */
function callerAndZone(ctx: PublicRouteContext<unknown>): { principal: Principal; zone: ZoneRow } {
  const principal = caller(ctx);
  return { principal, zone: visibleZone(ctx.services, principal, ctx.params['zoneId'] ?? '') };
}

function serverJson(): Record<string, string> {
  return {
    type: 'Server',
    id: 'localhost',
    daemon_type: 'authoritative',
    version: PDNS_VERSION,
    url: '/api/v1/servers/localhost',
    config_url: '/api/v1/servers/localhost/config{/config_setting}',
    zones_url: `${ZONES_URL}{/zone}`,
  };
}

export const routes: RouteDef[] = [
  definePublicRoute({
    method: 'GET',
    path: '/api',
    accepts: 'public',
    summary: 'PowerDNS API: the versions offered (X-API-Key)',
    tags: TAGS,
    responses: { 200: { description: '[{"url": "/api/v1", "version": 1}]' }, ...COMMON },
    handler: (ctx) => {
      caller(ctx);
      return { body: [{ url: '/api/v1', version: 1 }] };
    },
  }),
  definePublicRoute({
    method: 'GET',
    path: '/api/v1/servers',
    accepts: 'public',
    summary: 'PowerDNS API: the one server, "localhost"',
    tags: TAGS,
    responses: { 200: { description: 'A list of one server, with the PowerDNS version DNSCove answers as.' }, ...COMMON },
    handler: (ctx) => {
      caller(ctx);
      return { body: [serverJson()] };
    },
  }),
  definePublicRoute({
    method: 'GET',
    path: SERVER,
    accepts: 'public',
    summary: 'PowerDNS API: the server',
    tags: TAGS,
    responses: { 200: { description: 'The server, with the PowerDNS version DNSCove answers as (octoDNS reads it).' }, ...COMMON },
    handler: (ctx) => {
      caller(ctx);
      return { body: serverJson() };
    },
  }),
  definePublicRoute({
    method: 'GET',
    path: `${SERVER}/zones`,
    accepts: 'public',
    summary: 'PowerDNS API: the zones the token sees (`?zone=name.` for one)',
    tags: TAGS,
    responses: { 200: { description: 'Zone entries without RRsets.' }, ...COMMON },
    handler: (ctx) => {
      const principal = caller(ctx);
      const only = ctx.query.get('zone');
      const wanted = only === null ? undefined : zoneNameFromId(only);
      const zones = visibleZones(ctx.services, principal).filter((z) => only === null || z.origin === wanted);
      return { body: zones.map((z) => pdnsZoneListJson(ctx.services, z)) };
    },
  }),
  definePublicRoute({
    method: 'POST',
    path: `${SERVER}/zones`,
    accepts: 'public',
    summary: 'PowerDNS API: create a zone (tenant-admin token), with its RRsets',
    description: 'kind Native or Master (kept as given); nameservers become the zone’s own, none follows DNSCOVE_NS; rrsets are applied as a PATCH would, all or nothing.',
    tags: TAGS,
    responses: {
      201: { description: 'The zone, as GET shows it.' },
      403: refused('Not a tenant-admin token.'),
      409: refused('The zone is hosted already, here or by another account.'),
      422: refused('A malformed name, kind or RRset, in PowerDNS’s words.'),
      ...COMMON,
    },
    handler: async (ctx) => {
      const principal = caller(ctx);
      const zone = await createPdnsZone(ctx.services, principal, parseZoneCreate(ctx.body, Math.floor(ctx.services.now().getTime() / 1000)));
      return { status: 201, body: pdnsZoneJson(ctx.services, zone) };
    },
  }),
  definePublicRoute({
    method: 'GET',
    path: ZONE,
    accepts: 'public',
    summary: 'PowerDNS API: a zone with its RRsets (`?rrsets=false` without)',
    description: 'The zone id is PowerDNS’s ("example.com.", other characters as =XX); the trailing dot may be left out.',
    tags: TAGS,
    responses: { 200: { description: 'The zone.' }, ...COMMON },
    handler: (ctx) => {
      const { zone } = callerAndZone(ctx);
      return { body: ctx.query.get('rrsets') === 'false' ? pdnsZoneListJson(ctx.services, zone) : pdnsZoneJson(ctx.services, zone) };
    },
  }),
  definePublicRoute({
    method: 'PATCH',
    path: ZONE,
    accepts: 'public',
    summary: 'PowerDNS API: change RRsets (REPLACE, DELETE, EXTEND, PRUNE), answered once served',
    tags: TAGS,
    responses: {
      204: { description: 'Committed and served (on a zone with auto_publish off: committed and staged, but an acme-dns01 token’s ACME values, which are served).' },
      403: refused('An acme-dns01 token outside TXT at _acme-challenge names.'),
      422: refused('What PowerDNS refuses: a name out of zone, an unknown type, bad content, a CNAME beside other data.'),
      ...COMMON,
    },
    handler: async (ctx) => {
      const { principal, zone } = callerAndZone(ctx);
      await patchRRsets(ctx.services, principal, zone, parseRRsetPatch(ctx.body, Math.floor(ctx.services.now().getTime() / 1000)));
      return {};
    },
  }),
  definePublicRoute({
    method: 'PUT',
    path: ZONE,
    accepts: 'public',
    summary: 'PowerDNS API: change a zone’s kind and account',
    tags: TAGS,
    responses: { 204: { description: 'Changed.' }, 403: refused('An acme-dns01 token.'), 422: refused('An unknown or secondary kind.'), ...COMMON },
    handler: (ctx) => {
      const { principal, zone } = callerAndZone(ctx);
      updatePdnsZone(ctx.services, principal, zone, parseZoneUpdate(ctx.body ?? {}));
      return {};
    },
  }),
  definePublicRoute({
    method: 'DELETE',
    path: ZONE,
    accepts: 'public',
    summary: 'PowerDNS API: delete a zone (tenant-admin token)',
    tags: TAGS,
    responses: { 204: { description: 'Deleted; the nameservers no longer answer for it.' }, 403: refused('Not a tenant-admin token.'), ...COMMON },
    handler: async (ctx) => {
      const { principal, zone } = callerAndZone(ctx);
      await deletePdnsZone(ctx.services, principal, zone);
      return {};
    },
  }),
  definePublicRoute({
    method: 'PUT',
    path: `${ZONE}/notify`,
    accepts: 'public',
    summary: 'PowerDNS API: NOTIFY the secondaries (DNSCove notifies on every publish already)',
    tags: TAGS,
    responses: { 200: { description: '{"result": "Notification queued"}' }, ...COMMON },
    handler: (ctx) => {
      callerAndZone(ctx);
      return { body: { result: 'Notification queued' } };
    },
  }),
  definePublicRoute({
    method: 'GET',
    path: `${ZONE}/export`,
    accepts: 'public',
    summary: 'PowerDNS API: the zone as a master file',
    tags: TAGS,
    responses: { 200: { description: 'The committed zone, as GET /api/zones/{id}/export writes it.', contentType: 'text/plain' }, ...COMMON },
    handler: (ctx) => {
      const { zone } = callerAndZone(ctx);
      return { body: exportCommittedZone(ctx.services.db, zone), contentType: 'text/plain; charset=us-ascii' };
    },
  }),
];

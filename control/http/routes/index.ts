// The complete route list: every resource module's routes, in one place.
import type { RouteDef } from '../route.js';
import { routes as acmeChallenge } from './acme-challenge.js';
import { routes as acmeDns } from './acme-dns.js';
import { routes as acmeHttpreq } from './acme-httpreq.js';
import { routes as audit } from './audit.js';
import { routes as auth } from './auth.js';
import { routes as checks } from './checks.js';
import { routes as edgeFeed } from './edge-feed.js';
import { routes as edges } from './edges.js';
import { routes as consoleRoutes } from './console.js';
import { routes as dnssec } from './dnssec.js';
import { routes as exportRoutes } from './export.js';
import { routes as importRoutes } from './import.js';
import { routes as members } from './members.js';
import { routes as operator } from './operator.js';
import { routes as powerDns } from './pdns-api.js';
import { routes as publish } from './publish.js';
import { routes as records } from './records.js';
import { systemRoutes } from './system.js';
import { routes as tokens } from './tokens.js';
import { routes as tsigKeys } from './tsig-keys.js';
import { routes as secondaries } from './secondaries.js';
import { routes as zoneClaims } from './zone-claims.js';
import { routes as zones } from './zones.js';

/** Every route the control plane serves (the OpenAPI document and the scope-table test read it). */
export const routes: readonly RouteDef[] = [
  ...auth,
  ...zoneClaims,
  ...zones,
  ...records,
  ...publish,
  ...tokens,
  ...tsigKeys,
  ...secondaries,
  ...dnssec,
  ...members,
  ...operator,
  ...audit,
  ...importRoutes,
  ...exportRoutes,
  ...checks,
  ...acmeChallenge,
  ...acmeHttpreq,
  ...acmeDns,
  ...edges,
  ...edgeFeed,
  ...powerDns,
  ...consoleRoutes,
  ...systemRoutes(() => routes),
];

// Authorization predicates (deSEC style): small named rules the route pipeline applies in order.
import type { Credential } from '../http/route.js';
import type { ZoneRow } from '../store/zones.js';
import type { Principal } from './principal.js';

/** A rule over the principal (and the route's zone, when it has one), with the error it implies. */
export interface Policy {
  readonly code: 'scope' | 'zone-owner' | 'zone-binding' | 'role';
  readonly message: string;
  /** The HTTP status a failure maps to. */
  readonly status: 403 | 404;
  allows(principal: Principal, accepts: readonly Credential[], zone: ZoneRow | undefined, method: string): boolean;
}

/** The credential kind the route's `accepts` list is matched against. */
export function credentialOf(p: Principal): Credential {
  return p.kind === 'session' ? 'session' : p.scope;
}

/** The zone belongs to the principal's tenant. Failing hides the zone: 404, never 403. */
export const isZoneOwner: Policy = {
  code: 'zone-owner',
  message: 'Zone not found.',
  status: 404,
  allows: (p, _accepts, zone) => zone === undefined || zone.tenantId === p.tenantId,
};

/** The route lists this session or token scope among its accepted credentials. */
export const hasAcceptedCredential: Policy = {
  code: 'scope',
  message: 'This endpoint does not accept these credentials.',
  status: 403,
  allows: (p, accepts) => accepts.includes(credentialOf(p)),
};

/** A zone-bound token acts only on its own zone (API.md: "A zone-bound token used on another zone answers 403"). */
export const isTokenBoundToZone: Policy = {
  code: 'zone-binding',
  message: 'This token is bound to another zone.',
  status: 403,
  allows: (p, _accepts, zone) => p.kind === 'session' || p.zoneId === null || zone === undefined || p.zoneId === zone.id,
};

/** A viewer's session reads (GET) and changes nothing; owners and admins may do what the route allows. */
export const roleAllowsMethod: Policy = {
  code: 'role',
  message: 'Viewers may read this account, not change it; ask an owner or admin for a role that may.',
  status: 403,
  allows: (p, _accepts, _zone, method) => p.kind !== 'session' || p.role !== 'viewer' || method === 'GET',
};

/** The order the pipeline checks after authentication (401): 404 before 403 (API.md). */
export const ROUTE_POLICIES: readonly Policy[] = [isZoneOwner, hasAcceptedCredential, isTokenBoundToZone, roleAllowsMethod];

/** The first policy a `method` request fails, or undefined when all allow it. */
export function firstFailedPolicy(p: Principal, accepts: readonly Credential[], zone: ZoneRow | undefined, method: string): Policy | undefined {
  return ROUTE_POLICIES.find((policy) => !policy.allows(p, accepts, zone, method));
}

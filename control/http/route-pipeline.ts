// Mounts RouteDefs on the router: credentials (401) → zone (404) → scope (403) → body → handler → response.
import { Readable } from 'node:stream';
import type { Router } from '@koa/router';
import type { ParameterizedContext } from 'koa';
import { ForbiddenError, NotFoundError, UnauthorizedError } from '../errors/catalogue.js';
import { firstFailedPolicy } from '../auth/policies.js';
import type { Principal } from '../auth/principal.js';
import type { Services } from '../services.js';
import { findZone } from '../store/zones.js';
import type { ZoneRow } from '../store/zones.js';
import type { RequestState } from './request-state.js';
import type { RouteDef, RouteResult } from './route.js';
import { compileBodyValidator } from './validator.js';

type Ctx = ParameterizedContext<RequestState>;

function headersOf(ctx: Ctx): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(ctx.headers)) out[k] = Array.isArray(v) ? v.join(', ') : v;
  return out;
}

/** The principal a protected route runs as; 401 for missing or invalid credentials. */
function requirePrincipal(ctx: Ctx): Principal {
  const auth = ctx.state.auth;
  if (auth.kind === 'ok') return auth.principal;
  throw new UnauthorizedError(auth.kind === 'none' ? 'A Bearer session or token is required.' : 'The credentials are invalid, expired or revoked.');
}

/** Loads the route's zone; an unknown id is a 404 exactly like another tenant's zone. */
function loadZone(services: Services, route: RouteDef, params: Record<string, string>): ZoneRow | undefined {
  if (route.zoneParam === undefined) return undefined;
  const id = params[route.zoneParam] ?? '';
  const zone = findZone(services.db, id);
  if (zone === undefined) throw new NotFoundError(`Zone ${id}`);
  return zone;
}

function respond(ctx: Ctx, result: RouteResult): void {
  for (const [k, v] of Object.entries(result.headers ?? {})) ctx.set(k, v);
  if (result.body === undefined) {
    ctx.status = result.status ?? 204;
    ctx.body = null;
    return;
  }
  ctx.status = result.status ?? 200;
  if (result.contentType !== undefined) {
    ctx.type = result.contentType;
    ctx.body = typeof result.body === 'string' || Buffer.isBuffer(result.body) || result.body instanceof Readable ? result.body : JSON.stringify(result.body);
    return;
  }
  ctx.type = 'application/json';
  ctx.body = JSON.stringify(result.body);
}

/**
 * Registers every route on `router`. For a protected route the order is fixed (API.md):
 * 401 without valid credentials, then 404 when the zone is unknown or another tenant's, then
 * 403 when the scope or the token's zone binding does not allow it; only then is the body
 * validated (so a caller without access learns nothing from validation errors) and the
 * handler run. Body schemas are compiled once, here.
 */
export function mountRoutes(router: Router<RequestState>, routes: readonly RouteDef[], services: Services): void {
  for (const route of routes) {
    const validate = route.body === undefined ? undefined : compileBodyValidator<unknown>(route.body);
    const method = route.method.toLowerCase() as 'get' | 'post' | 'put' | 'patch' | 'delete';
    router[method](route.path, async (ctx) => {
      const params: Record<string, string> = { ...(ctx.params as Record<string, string>) };
      const base = {
        params,
        query: new URLSearchParams(ctx.querystring),
        services,
        requestId: ctx.state.requestId,
        ip: ctx.ip,
        headers: headersOf(ctx),
      };
      if (route.accepts === 'public') {
        const body = validate === undefined ? ctx.state.body : validate(ctx.state.body);
        const principal = ctx.state.auth.kind === 'ok' ? ctx.state.auth.principal : undefined;
        respond(ctx, await route.handler({ ...base, body, principal, zone: loadZone(services, route, params) }));
        return;
      }
      const principal = requirePrincipal(ctx);
      const zone = loadZone(services, route, params);
      const failed = firstFailedPolicy(principal, route.accepts, zone, route.method);
      if (failed !== undefined) {
        if (failed.status === 404) throw new NotFoundError(`Zone ${zone?.id ?? ''}`);
        throw new ForbiddenError(failed.message);
      }
      const body = validate === undefined ? ctx.state.body : validate(ctx.state.body);
      respond(ctx, await route.handler({ ...base, body, principal, zone }));
    });
  }
}

// A route: method, path, the credentials it accepts, its body schema, its responses and handler.
import type { Principal, Scope } from '../auth/principal.js';
import type { ZoneRow } from '../store/zones.js';
import type { Services } from '../services.js';

/** What a route may accept: a console session or a machine-token scope (API.md scope table). */
export type Credential = 'session' | Scope;

/** A JSON Schema object (draft 2020-12), usually declared `as const` in shared/schemas/. */
export type JsonSchema = { readonly [key: string]: unknown };

interface BaseContext<B> {
  readonly params: Record<string, string>;
  readonly query: URLSearchParams;
  /** The request body, already validated against the route's `body` schema. */
  readonly body: B;
  /** The zone named by `zoneParam`, loaded within the principal's tenant. */
  readonly zone: ZoneRow | undefined;
  readonly services: Services;
  readonly requestId: string;
  readonly ip: string;
  readonly headers: Record<string, string | undefined>;
}

/** The handler's view of an authenticated request. */
export interface RouteContext<B> extends BaseContext<B> {
  readonly principal: Principal;
}

/** The handler's view of a public request: a principal only if valid credentials came along. */
export interface PublicRouteContext<B> extends BaseContext<B> {
  readonly principal: Principal | undefined;
}

/**
 * What a handler returns. `status` defaults to 200 with a body and 204 without one; `body` is
 * sent as JSON unless `contentType` says otherwise (then it must be a string, a Buffer or a Readable stream).
 */
export interface RouteResult {
  status?: number;
  body?: unknown;
  headers?: Record<string, string>;
  contentType?: string;
}

export interface ResponseDoc {
  readonly description: string;
  readonly schema?: JsonSchema;
  /** Media type for the OpenAPI document; application/json by default. */
  readonly contentType?: string;
}

interface BaseRouteDef {
  readonly method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** @koa/router syntax: '/api/zones/:id/records'. */
  readonly path: string;
  /**
   * Path parameter holding a zone id. The pipeline loads the zone within the principal's
   * tenant (404 otherwise) and refuses a zone-bound token on another zone (403).
   */
  readonly zoneParam?: string;
  /** JSON Schema of the body; ajv validates it before the handler (400 naming instancePath). */
  readonly body?: JsonSchema;
  readonly summary: string;
  readonly description?: string;
  readonly tags?: readonly string[];
  /** Documented responses by status, for the OpenAPI document. */
  readonly responses: Readonly<Record<number, ResponseDoc>>;
}

/** A route that needs credentials; `accepts` lists them, next to the path (deSEC style). */
export interface AuthedRouteDef<B = unknown> extends BaseRouteDef {
  readonly accepts: readonly Credential[];
  handler(ctx: RouteContext<B>): RouteResult | Promise<RouteResult>;
}

/** A route anyone may call (login, health, the OpenAPI document). */
export interface PublicRouteDef<B = unknown> extends BaseRouteDef {
  readonly accepts: 'public';
  handler(ctx: PublicRouteContext<B>): RouteResult | Promise<RouteResult>;
}

export type RouteDef<B = unknown> = AuthedRouteDef<B> | PublicRouteDef<B>;

/** Declares an authenticated route; the identity function, there for type inference. */
export function defineRoute<B = unknown>(def: AuthedRouteDef<B>): AuthedRouteDef<B> {
  return def;
}

/** Declares a public route. */
export function definePublicRoute<B = unknown>(def: PublicRouteDef<B>): PublicRouteDef<B> {
  return def;
}

// The control plane's Koa application: the named middleware stages, then the routes.
import Koa from 'koa';
import type { Middleware } from 'koa';
import { Router } from '@koa/router';
import { MethodNotAllowedError, RouteNotFoundError } from './errors/catalogue.js';
import type { Services } from './services.js';
import type { RequestState } from './http/request-state.js';
import { mountRoutes } from './http/route-pipeline.js';
import type { RouteDef } from './http/route.js';
import { routes as allRoutes } from './http/routes/index.js';
import { authenticationStage } from './http/stages/authentication.js';
import { BodyBudget, bodyLimits, bodyReaderStage } from './http/stages/body-reader.js';
import { errorBoundaryStage } from './http/stages/error-boundary.js';
import { requestLogStage } from './http/stages/request-log.js';

/** One step of the request lifecycle, named for logs and tests (fastify-style). */
export interface Stage {
  readonly name: string;
  readonly middleware: Middleware<RequestState>;
}

/**
 * The lifecycle, outermost first: request id + access log; the error boundary (every error
 * below becomes a problem document); authentication; body limit (by sender) + JSON parsing;
 * routing.
 */
export function controlStages(services: Services, routes: readonly RouteDef[]): Stage[] {
  const router = new Router<RequestState>();
  mountRoutes(router, routes, services);
  const unmatched: Middleware<RequestState> = (ctx) => {
    const match = router.match(ctx.path, ctx.method);
    // HEAD comes with every GET; listing GET says enough.
    const allowed = [...new Set(match.path.flatMap((layer) => layer.methods))].filter((m) => m !== 'HEAD');
    if (allowed.length > 0) throw new MethodNotAllowedError(allowed);
    throw new RouteNotFoundError(ctx.method, ctx.path);
  };
  return [
    { name: 'request-log', middleware: requestLogStage(services) },
    { name: 'error-boundary', middleware: errorBoundaryStage() },
    // Credentials first: a body is read only up to what its sender may send.
    { name: 'authentication', middleware: authenticationStage(services) },
    { name: 'body', middleware: bodyReaderStage(bodyLimits(services.config), new BodyBudget(services.config.bodyMemoryBytes)) },
    { name: 'routes', middleware: router.routes() as Middleware<RequestState> },
    { name: 'not-found', middleware: unmatched },
  ];
}

/** Builds the Koa app over `services` (routes default to the full route list). */
export function createControlApp(services: Services, routes: readonly RouteDef[] = allRoutes): Koa<RequestState> {
  const app = new Koa<RequestState>();
  // The error boundary answers every request error; Koa's own handler would only double-log.
  app.silent = true;
  app.on('error', (err: unknown) => services.log.error('koa error', { err }));
  for (const stage of controlStages(services, routes)) app.use(stage.middleware);
  return app;
}

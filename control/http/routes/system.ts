// Operational routes: health, Prometheus metrics and the OpenAPI document.
import { definePublicRoute } from '../route.js';
import type { RouteDef } from '../route.js';
import { buildOpenApi } from '../openapi.js';
import { pingDatabase } from '../../store/database.js';

const API_VERSION = '0.1.0';

/** The system routes; `allRoutes` gives the full list the OpenAPI document describes. */
export function systemRoutes(allRoutes: () => readonly RouteDef[]): RouteDef[] {
  let cached: string | undefined;
  return [
    definePublicRoute({
      method: 'GET',
      path: '/healthz',
      accepts: 'public',
      summary: 'Liveness: the process answers and its database is readable',
      tags: ['system'],
      responses: { 200: { description: 'Healthy', schema: { type: 'object', required: ['ok'], properties: { ok: { const: true } } } } },
      handler({ services }) {
        pingDatabase(services.db);
        return { body: { ok: true } };
      },
    }),
    definePublicRoute({
      method: 'GET',
      path: '/metrics',
      accepts: 'public',
      summary: 'Prometheus metrics',
      tags: ['system'],
      responses: { 200: { description: 'Prometheus text format 0.0.4', contentType: 'text/plain' } },
      async handler({ services }) {
        return { body: await services.metrics.render(), contentType: services.metrics.contentType };
      },
    }),
    definePublicRoute({
      method: 'GET',
      path: '/api/openapi.json',
      accepts: 'public',
      summary: 'This OpenAPI 3.1 document, generated from the route list',
      tags: ['system'],
      responses: { 200: { description: 'OpenAPI 3.1', schema: { type: 'object' } } },
      handler() {
        cached ??= JSON.stringify(buildOpenApi(allRoutes(), { version: API_VERSION }));
        return { body: cached, contentType: 'application/json' };
      },
    }),
  ];
}

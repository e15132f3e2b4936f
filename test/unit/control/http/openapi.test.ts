// Unit: the OpenAPI generator's path conversion, security and error responses per route.
import { describe, expect, it } from 'vitest';
import { buildOpenApi, openApiPath } from '../../../../control/http/openapi.js';
import { defineRoute, definePublicRoute } from '../../../../control/http/route.js';
import type { RouteDef } from '../../../../control/http/route.js';

describe('openApiPath', () => {
  it.each([
    { koa: '/api/zones', path: '/api/zones', params: [] },
    { koa: '/api/zones/:id/records', path: '/api/zones/{id}/records', params: ['id'] },
    { koa: '/a/:x/b/:y_z', path: '/a/{x}/b/{y_z}', params: ['x', 'y_z'] },
  ])('$koa → $path', ({ koa, path, params }) => {
    expect(openApiPath(koa)).toEqual({ path, params });
  });
});

describe('buildOpenApi', () => {
  const body = { type: 'object', properties: { n: { type: 'integer' } } } as const;
  const routes: RouteDef[] = [
    defineRoute({ method: 'POST', path: '/api/zones/:id/things', accepts: ['session'], zoneParam: 'id', body, summary: 's', responses: { 201: { description: 'made' } }, handler: () => ({}) }),
    definePublicRoute({ method: 'GET', path: '/healthz', accepts: 'public', summary: 'h', responses: { 200: { description: 'ok' } }, handler: () => ({}) }),
  ];
  const doc = buildOpenApi(routes, { version: '9' }) as { paths: Record<string, Record<string, Record<string, unknown>>> };

  it('documents the body schema object itself, security and the pipeline errors', () => {
    const op = doc.paths['/api/zones/{id}/things']!['post']!;
    expect((op['requestBody'] as { content: { 'application/json': { schema: unknown } } }).content['application/json'].schema).toBe(body);
    expect(op['security']).toEqual([{ bearer: [] }]);
    expect(Object.keys(op['responses'] as object).sort()).toEqual(['201', '400', '401', '403', '404', '413', '415', 'default']);
  });

  it('public routes need no credentials and get no 401/403', () => {
    const op = doc.paths['/healthz']!['get']!;
    expect(op['security']).toEqual([]);
    expect(Object.keys(op['responses'] as object).sort()).toEqual(['200', 'default']);
  });
});

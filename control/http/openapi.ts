// Generates the OpenAPI 3.1 document from the route list, so it cannot drift from what is served.
import { isBodyOptional } from './validator.js';
import { problemSchema } from '../../shared/schemas/common.js';
import type { JsonSchema, ResponseDoc, RouteDef } from './route.js';

const PROBLEM_TYPE = 'application/problem+json';

/** '/api/zones/:id/records' → '/api/zones/{id}/records', and the parameter names. */
export function openApiPath(koaPath: string): { path: string; params: string[] } {
  const params: string[] = [];
  const path = koaPath.replace(/:([A-Za-z0-9_]+)/g, (_m, name: string) => {
    params.push(name);
    return `{${name}}`;
  });
  return { path, params };
}

function mediaFor(doc: ResponseDoc): Record<string, unknown> | undefined {
  if (doc.schema === undefined && doc.contentType === undefined) return undefined;
  return { [doc.contentType ?? 'application/json']: doc.schema === undefined ? {} : { schema: doc.schema } };
}

function problem(description: string): Record<string, unknown> {
  return { description, content: { [PROBLEM_TYPE]: { schema: { $ref: '#/components/schemas/Problem' } } } };
}

/** The responses of a route: its own, plus the problem answers its pipeline can give. */
function responsesOf(route: RouteDef): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [status, doc] of Object.entries(route.responses)) {
    const content = mediaFor(doc);
    out[status] = Number(status) >= 400 ? problem(doc.description) : { description: doc.description, ...(content ? { content } : {}) };
  }
  const add = (status: number, description: string): void => {
    if (!(String(status) in out)) out[String(status)] = problem(description);
  };
  if (route.body !== undefined) {
    add(400, 'Invalid body: the problem names the field (JSON pointer) and value');
    add(413, 'Body too large');
    add(415, 'Body is not application/json');
  }
  if (route.accepts !== 'public') {
    add(401, 'Missing, unknown, expired or revoked credentials');
    add(403, 'Credentials valid, but their scope or zone binding does not allow this');
  }
  if (route.zoneParam !== undefined) add(404, "Unknown zone, or another tenant's");
  out['default'] = problem('Any other error, as a problem document');
  return out;
}

/**
 * The OpenAPI 3.1 document for `routes`: every path and method, path parameters, security
 * from `accepts` (with the accepted credentials in `x-dnscove-accepts`), request bodies
 * as the very schema objects ajv enforces, and response schemas.
 */
export function buildOpenApi(routes: readonly RouteDef[], info: { version: string; serverUrl?: string }): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    const { path, params } = openApiPath(route.path);
    const op: Record<string, unknown> = {
      operationId: `${route.method.toLowerCase()}${path.replace(/[{}]/g, '').replace(/[^A-Za-z0-9]+(.)?/g, (_m, c: string | undefined) => (c ?? '').toUpperCase())}`,
      summary: route.summary,
      ...(route.description === undefined ? {} : { description: route.description }),
      ...(route.tags === undefined ? {} : { tags: [...route.tags] }),
      security: route.accepts === 'public' ? [] : [{ bearer: [] }],
      'x-dnscove-accepts': route.accepts === 'public' ? 'public' : [...route.accepts],
      responses: responsesOf(route),
    };
    if (params.length > 0) {
      op['parameters'] = params.map((name) => ({ name, in: 'path', required: true, schema: { type: 'string' } }));
    }
    if (route.body !== undefined) {
      op['requestBody'] = { required: !isBodyOptional(route.body), content: { 'application/json': { schema: route.body satisfies JsonSchema } } };
    }
    (paths[path] ??= {})[route.method.toLowerCase()] = op;
  }
  return {
    openapi: '3.1.0',
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
    info: {
      title: 'DNSCove control plane',
      version: info.version,
      description: 'Magic-link auth, zones and records, publishing to the edge, and scoped machine tokens.',
    },
    ...(info.serverUrl === undefined ? {} : { servers: [{ url: info.serverUrl }] }),
    paths,
    components: {
      schemas: { Problem: problemSchema },
      securitySchemes: {
        bearer: {
          type: 'http',
          scheme: 'bearer',
          description: 'A session from POST /api/auth/exchange, or a machine token dnsc_<id>_<secret>.',
        },
      },
    },
  };
}

// Integration: GET /api/openapi.json lists every route, and its request schemas are the ones enforced.
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { ErrorObject } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routes } from '../../control/http/routes/index.js';
import { api, devLogin, problemOf, startTestControl, stringField } from '../helpers/control-harness.js';
import type { TestControl } from '../helpers/control-harness.js';

let control: TestControl;
let session: string;
let zoneId: string;
let doc: { openapi: string; paths: Record<string, Record<string, Record<string, unknown>>> };

beforeAll(async () => {
  control = await startTestControl();
  session = (await devLogin(control.url, 'openapi@example.com')).session;
  const zone = await api(control.url, 'POST', '/api/zones', { token: session, body: { origin: 'openapi.test' } });
  zoneId = stringField(zone.json, 'id');
  const res = await api(control.url, 'GET', '/api/openapi.json');
  expect(res.status).toBe(200);
  doc = res.json as typeof doc;
});
afterAll(async () => {
  await control.close();
});

const openApiPath = (p: string): string => p.replace(/:([A-Za-z0-9_]+)/g, '{$1}');

/** The field a fresh ajv names for an error, the way the API is documented to name it. */
function fieldOf(err: ErrorObject): string {
  if (err.keyword === 'required') return `${err.instancePath}/${String(err.params['missingProperty'])}`;
  if (err.keyword === 'additionalProperties') return `${err.instancePath}/${String(err.params['additionalProperty'])}`;
  return err.instancePath === '' ? '/' : err.instancePath;
}

const WRONG_TYPE: Record<string, unknown> = { string: 12345, integer: 'x', number: 'x', boolean: 'x', array: 'x', object: 'x' };

/** Candidate invalid bodies, simplest first. */
function candidates(schema: Record<string, unknown>): unknown[] {
  const out: unknown[] = [{}, { __bogus: 1 }];
  const props = (schema['properties'] ?? {}) as Record<string, { type?: unknown }>;
  for (const [name, prop] of Object.entries(props)) {
    if (typeof prop.type === 'string' && prop.type in WRONG_TYPE) out.push({ [name]: WRONG_TYPE[prop.type] });
  }
  return out;
}

describe('OpenAPI document', () => {
  it('is OpenAPI 3.1 with every route and method of the route list, and nothing else', () => {
    expect(doc.openapi).toBe('3.1.0');
    const documented = Object.entries(doc.paths).flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${p}`));
    const served = routes.map((r) => `${r.method} ${openApiPath(r.path)}`);
    expect(documented.sort()).toEqual([...served].sort());
  });

  it.each(routes.map((r) => ({ key: `${r.method} ${r.path}`, route: r })))('$key: security, parameters and schemas', ({ route }) => {
    const op = doc.paths[openApiPath(route.path)]?.[route.method.toLowerCase()];
    expect(op).toBeDefined();
    expect(op!['summary']).toBe(route.summary);
    if (route.accepts === 'public') expect(op!['security']).toEqual([]);
    else {
      expect(op!['security']).toEqual([{ bearer: [] }]);
      expect(op!['x-dnscove-accepts']).toEqual([...route.accepts]);
      expect(Object.keys(op!['responses'] as object)).toEqual(expect.arrayContaining(['401', '403']));
    }
    const params = [...route.path.matchAll(/:([A-Za-z0-9_]+)/g)].map((m) => m[1]);
    expect(((op!['parameters'] ?? []) as { name: string }[]).map((p) => p.name)).toEqual(params);
    const body = (op!['requestBody'] as { content: Record<string, { schema: unknown }> } | undefined)?.content['application/json']?.schema;
    // The document carries exactly the schema object the validator compiles.
    expect(body).toEqual(route.body === undefined ? undefined : JSON.parse(JSON.stringify(route.body)));
  });

  const withBodies = routes.filter((r) => r.body !== undefined).map((r) => ({ key: `${r.method} ${r.path}`, route: r }));

  it.each(withBodies)('$key: a body the documented schema rejects is a 400 naming the same field', async ({ route }) => {
    const op = doc.paths[openApiPath(route.path)]![route.method.toLowerCase()]!;
    const schema = (op['requestBody'] as { content: Record<string, { schema: Record<string, unknown> }> }).content['application/json']!.schema;
    const ajv = new Ajv2020({ strict: false });
    addFormatsModule.default(ajv);
    const validate = ajv.compile(schema);
    const invalid = candidates(schema).find((b) => !validate(structuredClone(b)));
    expect(invalid, 'some candidate body must violate the schema').toBeDefined();
    validate(structuredClone(invalid));
    const expectedField = fieldOf(validate.errors![0]!);

    const path = route.path.replace(':id', zoneId);
    const res = await api(control.url, route.method, path, { ...(route.accepts === 'public' ? {} : { token: session }), body: invalid });
    expect(res.status).toBe(400);
    const problem = problemOf(res);
    expect(problem['type']).toBe('https://dnscove.dev/problems/validation');
    expect(problem['field']).toBe(expectedField);
  });
});

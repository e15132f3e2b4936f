// Compiles route body schemas with ajv and turns its errors into ValidationErrors naming the field.
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { ErrorObject, ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { ValidationError } from '../errors/catalogue.js';
import type { JsonSchema } from './route.js';

// ajv-formats is CommonJS; under NodeNext its default import is module.exports, whose `default` is the plugin.
const addFormats = addFormatsModule.default;

/** Validates a parsed body and returns it typed, or throws ValidationError (400). */
export type BodyValidator<B> = (body: unknown) => B;

function makeAjv(): Ajv2020 {
  // useDefaults fills in documented defaults (scope, action, ttl) so handlers see them.
  const ajv = new Ajv2020({ allErrors: false, useDefaults: true, strict: false });
  addFormats(ajv);
  return ajv;
}

const shared = makeAjv();

function fieldOf(err: ErrorObject): string {
  if (err.keyword === 'required') return `${err.instancePath}/${String((err.params as { missingProperty: string }).missingProperty)}`;
  if (err.keyword === 'additionalProperties') return `${err.instancePath}/${String((err.params as { additionalProperty: string }).additionalProperty)}`;
  return err.instancePath === '' ? '/' : err.instancePath;
}

function valueAt(body: unknown, pointer: string): unknown {
  let cur: unknown = body;
  for (const part of pointer.split('/').slice(1)) {
    if (part === '') continue;
    const key = part.replace(/~1/g, '/').replace(/~0/g, '~');
    if (typeof cur !== 'object' || cur === null) return undefined;
    cur = (cur as Record<string, unknown>)[key];
  }
  return cur;
}

/**
 * Compiles `schema` once. The validator names the failing field as a JSON pointer
 * ("/email", "/records/2") in both `field` and the detail, with the offending value.
 */
export function compileBodyValidator<B>(schema: JsonSchema): BodyValidator<B> {
  const validate: ValidateFunction = shared.compile(schema);
  return (body) => {
    if (validate(body)) return body as B;
    const err = validate.errors?.[0];
    if (err === undefined) throw new ValidationError('/', body, 'The request body is invalid.');
    const field = fieldOf(err);
    const value = err.keyword === 'required' ? undefined : valueAt(body, err.keyword === 'additionalProperties' ? field : err.instancePath);
    const where = field === '/' ? 'The request body' : field;
    throw new ValidationError(field, value ?? null, `${where} ${err.message ?? 'is invalid'}.`);
  };
}

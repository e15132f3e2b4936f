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

/** True when a request may leave out its body (read as `{}`): the schema is an object with no required field. */
export function isBodyOptional(schema: JsonSchema): boolean {
  const required = schema['required'];
  return schema['type'] === 'object' && !(Array.isArray(required) && required.length > 0);
}

const TYPE_WORDS: Readonly<Record<string, string>> = {
  object: 'a JSON object',
  array: 'a JSON array',
  string: 'a string',
  integer: 'a whole number',
  number: 'a number',
  boolean: 'true or false',
  null: 'null',
};

/** The fields a JSON object body may have: the schema's own, or its object form's when it also takes another (`oneOf`). */
function topLevelFields(schema: JsonSchema): string[] {
  const forms = (schema['oneOf'] as JsonSchema[] | undefined) ?? [schema];
  return forms.flatMap((form) => Object.keys((form['properties'] as Record<string, unknown> | undefined) ?? {}));
}

/**
 * For a field the body's top level does not take: the fields it does take. (A required field
 * left out is reported first, with the stray fields: strayFieldHint.)
 */
function unknownFieldHint(schema: JsonSchema): string {
  const properties = topLevelFields(schema);
  return properties.length === 0 ? '' : `; it takes ${properties.join(', ')}.`;
}

/** For a missing required field: the fields given that the request does not take, likely meant as it. */
function strayFieldHint(schema: JsonSchema, body: unknown, missing: string): string {
  const properties = topLevelFields(schema);
  const stray = typeof body === 'object' && body !== null ? Object.keys(body).filter((k) => !properties.includes(k)) : [];
  return stray.length === 0 ? '' : `; ${stray.join(', ')} ${stray.length === 1 ? 'is not a field' : 'are not fields'} this request takes: did you mean ${missing}?`;
}

/** What is wrong, in words: ajv's own messages ("must be object") read as code. */
function describeError(err: ErrorObject, where: string): string {
  switch (err.keyword) {
    case 'type': {
      const types = String((err.params as { type: string }).type).split(',');
      return `${where} must be ${types.map((t) => TYPE_WORDS[t] ?? t).join(' or ')}.`;
    }
    case 'required':
      return `${where} is required.`;
    case 'additionalProperties':
      return `${where} is not a field this request takes.`;
    case 'enum':
      return `${where} must be one of ${((err.params as { allowedValues: unknown[] }).allowedValues ?? []).map((v) => JSON.stringify(v)).join(', ')}.`;
    default:
      return `${where} ${err.message ?? 'is invalid'}.`;
  }
}

/**
 * Compiles `schema` once. The validator names the failing field as a JSON pointer
 * ("/email", "/records/2") in both `field` and the detail, with the offending value. A missing
 * body is read as `{}` where the schema requires no field (so `POST …/publish` needs none),
 * and is refused in words elsewhere.
 */
export function compileBodyValidator<B>(schema: JsonSchema): BodyValidator<B> {
  const validate: ValidateFunction = shared.compile(schema);
  const bodyOptional = isBodyOptional(schema);
  return (received) => {
    if (received === undefined && !bodyOptional) throw new ValidationError('/', null, 'The request has no body: send a JSON object (Content-Type: application/json).');
    const body = received === undefined ? {} : received;
    if (validate(body)) return body as B;
    const err = validate.errors?.[0];
    if (err === undefined) throw new ValidationError('/', body, 'The request body is invalid.');
    const field = fieldOf(err);
    const value = err.keyword === 'required' ? undefined : valueAt(body, err.keyword === 'additionalProperties' ? field : err.instancePath);
    const where = field === '/' ? 'The request body' : field;
    const hint = err.instancePath !== '' ? '' : err.keyword === 'additionalProperties' ? unknownFieldHint(schema) : err.keyword === 'required' ? strayFieldHint(schema, body, field.slice(1)) : '';
    const detail = describeError(err, where);
    throw new ValidationError(field, value ?? null, hint === '' ? detail : detail.replace(/\.$/, hint));
  };
}

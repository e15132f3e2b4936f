// Unit: ajv validation errors become ValidationErrors naming the field (JSON pointer) and value.
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../../../control/errors/catalogue.js';
import { compileBodyValidator } from '../../../../control/http/validator.js';

const schema = {
  type: 'object',
  additionalProperties: false,
  required: ['email'],
  properties: {
    email: { type: 'string', format: 'email' },
    ttl: { type: 'integer', minimum: 0, default: 300 },
    records: { type: 'array', items: { type: 'string' } },
  },
} as const;

const validate = compileBodyValidator<{ email: string; ttl: number; records?: string[] }>(schema);

function failure(body: unknown): ValidationError {
  try {
    validate(body);
  } catch (err) {
    if (err instanceof ValidationError) return err;
    throw err;
  }
  throw new Error('expected a ValidationError');
}

describe('body validator', () => {
  it.each([
    { name: 'no body', body: undefined, field: '/', value: null },
    { name: 'not an object', body: [1], field: '/', value: [1] },
    { name: 'missing property', body: {}, field: '/email', value: null },
    { name: 'bad format', body: { email: 'nope' }, field: '/email', value: 'nope' },
    { name: 'below minimum', body: { email: 'a@example.com', ttl: -1 }, field: '/ttl', value: -1 },
    { name: 'unknown property', body: { email: 'a@example.com', extra: 1 }, field: '/extra', value: 1 },
    { name: 'nested item', body: { email: 'a@example.com', records: ['ok', 5] }, field: '/records/1', value: 5 },
  ])('$name → $field', ({ body, field, value }) => {
    const err = failure(body);
    expect(err.status).toBe(400);
    expect(err.field).toBe(field);
    expect(err.extra).toEqual({ field, value });
    if (field !== '/') expect(err.detail).toContain(field);
  });

  it('returns the body with documented defaults filled in', () => {
    expect(validate({ email: 'a@example.com' })).toEqual({ email: 'a@example.com', ttl: 300 });
  });
});

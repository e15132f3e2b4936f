// parseOrigin: which zone origins the API accepts, and their canonical form.
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../../../control/errors/catalogue.js';
import { parseOrigin } from '../../../../control/zones/parse-origin.js';

describe('parseOrigin', () => {
  it.each([
    ['example.com', 'example.com.'],
    ['Example.COM.', 'example.com.'],
    ['a.b.example.co.uk', 'a.b.example.co.uk.'],
    ['xn--bcher-kva.example', 'xn--bcher-kva.example.'],
    ['_under.example', '_under.example.'],
  ])('%s → %s', (text, origin) => {
    expect(parseOrigin(text)).toBe(origin);
  });

  it.each([['com'], ['com.'], ['.'], [''], ['a..example'], ['*.example.com'], [`${'x'.repeat(64)}.example`], ['bad name.example']])('refuses %j', (text) => {
    let caught: unknown;
    try {
      parseOrigin(text);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(ValidationError);
    expect((caught as ValidationError).field).toBe('origin');
  });
});

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
    ['bücher.example', 'xn--bcher-kva.example.'],
    ['Bücher.Example.', 'xn--bcher-kva.example.'],
  ])('%s → %s', (text, origin) => {
    expect(parseOrigin(text)).toBe(origin);
  });

  it.each([
    ['com'],
    ['com.'],
    ['.'],
    [''],
    ['a..example'],
    ['*.example.com'],
    [`${'x'.repeat(64)}.example`],
    ['bad name.example'],
    ['http://acme-widgets4.test'],
    ['acme-widgets4.test/path'],
    ['192.0.2.1:53'],
    ['-lead.example'],
    ['trail-.example'],
    ['a\\.b.example'],
    ['quote"d.example'],
  ])('refuses %j', (text) => {
    let caught: unknown;
    try {
      parseOrigin(text);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(ValidationError);
    expect((caught as ValidationError).field).toBe('origin');
  });

  it.each([
    ['http://acme-widgets4.test', '"http://acme-widgets4.test" is a URL; the zone origin is its host name, "acme-widgets4.test"'],
    ['acme-widgets4.test/x', '"acme-widgets4.test/x" contains "/": the zone origin is a host name of letters, digits, hyphens and underscores between dots'],
    ['-x.example', 'the label "-x" starts or ends with a hyphen'],
  ])('says what is wrong with %j', (text, detail) => {
    expect(() => parseOrigin(text)).toThrow(expect.objectContaining({ detail }));
  });
});

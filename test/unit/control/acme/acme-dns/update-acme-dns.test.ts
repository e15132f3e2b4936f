// Table tests of parseAcmeDnsUpdate: untrusted /update bodies in, {subdomain, txt} or a ValidationError naming the field out.
import { describe, expect, it } from 'vitest';
import { parseAcmeDnsUpdate } from '../../../../../control/acme/acme-dns/update-acme-dns.js';
import { ValidationError } from '../../../../../control/errors/catalogue.js';

const ok: { why: string; body: unknown; expected: { subdomain: string; txt: string } }[] = [
  { why: 'lego and cert-manager keys', body: { subdomain: 's1', txt: 'abc_-DEF' }, expected: { subdomain: 's1', txt: 'abc_-DEF' } },
  { why: 'capitalised keys', body: { SubDomain: 's2', Txt: 'x' }, expected: { subdomain: 's2', txt: 'x' } },
  { why: 'upper-case keys and extra fields', body: { SUBDOMAIN: 's3', TXT: 'y', other: 1 }, expected: { subdomain: 's3', txt: 'y' } },
  { why: 'a 255-character value', body: { subdomain: 's', txt: 'a'.repeat(255) }, expected: { subdomain: 's', txt: 'a'.repeat(255) } },
];

const bad: { why: string; body: unknown; field: string }[] = [
  { why: 'no body', body: undefined, field: '/subdomain' },
  { why: 'an array', body: ['s', 't'], field: '/subdomain' },
  { why: 'a string', body: 'subdomain=s', field: '/subdomain' },
  { why: 'an empty subdomain', body: { subdomain: '', txt: 'x' }, field: '/subdomain' },
  { why: 'a numeric subdomain', body: { subdomain: 5, txt: 'x' }, field: '/subdomain' },
  { why: 'no txt', body: { subdomain: 's' }, field: '/txt' },
  { why: 'a txt with a quote', body: { subdomain: 's', txt: 'a"b' }, field: '/txt' },
  { why: 'a txt with a space', body: { subdomain: 's', txt: 'a b' }, field: '/txt' },
  { why: 'a 256-character txt', body: { subdomain: 's', txt: 'a'.repeat(256) }, field: '/txt' },
];

describe('parseAcmeDnsUpdate', () => {
  it.each(ok)('$why', ({ body, expected }) => {
    expect(parseAcmeDnsUpdate(body)).toEqual(expected);
  });

  it.each(bad)('refuses $why', ({ body, field }) => {
    let caught: unknown;
    try {
      parseAcmeDnsUpdate(body);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(ValidationError);
    expect((caught as ValidationError).field).toBe(field);
  });
});

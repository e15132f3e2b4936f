// Table tests of acme-dns allowfrom: CIDR parsing (canonical form or a ValidationError) and the address check.
import { describe, expect, it } from 'vitest';
import { isAllowedFrom, parseAllowfrom } from '../../../../../control/acme/acme-dns/allowfrom.js';
import { ValidationError } from '../../../../../control/errors/catalogue.js';

const parsed: { given: string[]; expected: string[] }[] = [
  { given: [], expected: [] },
  { given: ['192.0.2.0/24'], expected: ['192.0.2.0/24'] },
  { given: [' 192.0.2.7 '], expected: ['192.0.2.7/32'] },
  { given: ['2001:DB8::/32', '::1'], expected: ['2001:db8::/32', '::1/128'] },
  { given: ['0.0.0.0/0'], expected: ['0.0.0.0/0'] },
];

const refused: { given: string[]; field: string }[] = [
  { given: ['192.0.2.0/33'], field: '/allowfrom/0' },
  { given: ['192.0.2.0/24', 'example.com'], field: '/allowfrom/1' },
  { given: ['192.0.2.0/'], field: '/allowfrom/0' },
  { given: ['192.0.2.0/-1'], field: '/allowfrom/0' },
  { given: ['192.0.2.0/1/2'], field: '/allowfrom/0' },
  { given: ['2001:db8::/129'], field: '/allowfrom/0' },
  { given: ['192.0.2.0/1e1'], field: '/allowfrom/0' },
];

const checks: { ranges: string[]; ip: string; allowed: boolean }[] = [
  { ranges: [], ip: '203.0.113.9', allowed: true },
  { ranges: ['192.0.2.0/24'], ip: '192.0.2.200', allowed: true },
  { ranges: ['192.0.2.0/24'], ip: '192.0.3.1', allowed: false },
  { ranges: ['192.0.2.0/24'], ip: '::ffff:192.0.2.5', allowed: true },
  { ranges: ['127.0.0.1/32'], ip: '::ffff:127.0.0.2', allowed: false },
  { ranges: ['2001:db8::/32'], ip: '2001:db8:1::1', allowed: true },
  { ranges: ['2001:db8::/32'], ip: '2001:db9::1', allowed: false },
  { ranges: ['192.0.2.0/24', '2001:db8::/32'], ip: '2001:db8::5', allowed: true },
  { ranges: ['192.0.2.0/24'], ip: 'not-an-ip', allowed: false },
];

describe('parseAllowfrom', () => {
  it.each(parsed)('$given → $expected', ({ given, expected }) => {
    expect(parseAllowfrom(given)).toEqual(expected);
  });

  it.each(refused)('refuses $given at $field', ({ given, field }) => {
    let caught: unknown;
    try {
      parseAllowfrom(given);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(ValidationError);
    expect((caught as ValidationError).field).toBe(field);
  });
});

describe('isAllowedFrom', () => {
  it.each(checks)('$ip in $ranges → $allowed', ({ ranges, ip, allowed }) => {
    expect(isAllowedFrom(ranges, ip)).toBe(allowed);
  });
});

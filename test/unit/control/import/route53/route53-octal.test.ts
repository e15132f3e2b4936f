// Tests control/import/route53/route53-octal.ts: Route 53's octal escapes in names and TXT values.
import { describe, expect, it } from 'vitest';
import { decodeRoute53Name, octalToDecimalEscapes } from '../../../../../control/import/route53/route53-octal.js';
import { NameError } from '../../../../../shared/dns/name.js';

describe('decodeRoute53Name', () => {
  const cases: [input: string, expected: string][] = [
    ['example.com.', 'example.com.'],
    ['Example.COM', 'example.com.'],
    ['\\052.example.com.', '*.example.com.'],
    ['x.\\052.example.com.', 'x.*.example.com.'],
    ['a\\052b.example.com.', 'a*b.example.com.'],
    ['\\100home.example.com.', '\\@home.example.com.'],
    ['f\\374bar.example.com.', 'f\\252bar.example.com.'],
    ['dot\\056inside.example.com.', 'dot\\.inside.example.com.'],
    ['\\101\\102c.example.com.', 'abc.example.com.'],
    ['sp\\040ace.example.com.', 'sp\\032ace.example.com.'],
    ['.', '.'],
  ];
  it.each(cases)('%s → %s', (input, expected) => {
    expect(decodeRoute53Name(input)).toBe(expected);
  });

  const bad: [input: string][] = [['a..example.com.'], [`${'a'.repeat(64)}.example.com.`], ['caf\u00e9\u0101.example.com.']];
  it.each(bad)('refuses %s', (input) => {
    expect(() => decodeRoute53Name(input)).toThrow(NameError);
  });
});

describe('octalToDecimalEscapes', () => {
  const cases: [input: string, expected: string][] = [
    ['"plain"', '"plain"'],
    ['"caf\\303\\251"', '"caf\\195\\169"'],
    ['"a\\"b\\\\c"', '"a\\"b\\\\c"'],
    ['"\\000\\377"', '"\\000\\255"'],
    ['"\\\\101"', '"\\\\101"'],
    ['"\\8"', '"\\8"'],
  ];
  it.each(cases)('%s → %s', (input, expected) => {
    expect(octalToDecimalEscapes(input)).toBe(expected);
  });
});

// Tests shared/dns/rr-type.ts: type mnemonics and RFC 3597 TYPEnnn.
import { describe, expect, test } from 'vitest';
import { CLASS_IN, RRType, rrTypeFromText, rrTypeToText } from '../../../../shared/dns/rr-type.js';

describe('rrTypeFromText', () => {
  test.each([
    ['A', 1],
    ['a', 1],
    ['Aaaa', 28],
    ['CAA', 257],
    ['HTTPS', 65],
    ['svcb', 64],
    ['TYPE65280', 65280],
    ['type1', 1],
    ['TYPE0', 0],
    ['TYPE65535', 65535],
    ['TYPE65536', undefined],
    ['TYPE', undefined],
    ['TYPE-1', undefined],
    ['TYPE123456', undefined],
    ['FOO', undefined],
    ['', undefined],
    ['constructor', undefined],
    ['__proto__', undefined],
  ])('%s → %s', (text, expected) => {
    expect(rrTypeFromText(text)).toBe(expected);
  });
});

describe('rrTypeToText', () => {
  test.each([
    [1, 'A'],
    [257, 'CAA'],
    [99, 'SPF'],
    [65280, 'TYPE65280'],
    [0, 'TYPE0'],
  ])('%d → %s', (type, expected) => {
    expect(rrTypeToText(type)).toBe(expected);
  });

  test('every mnemonic round-trips', () => {
    for (const [mnemonic, type] of Object.entries(RRType)) {
      expect(rrTypeToText(type)).toBe(mnemonic);
      expect(rrTypeFromText(mnemonic)).toBe(type);
    }
  });

  test('class IN is 1', () => {
    expect(CLASS_IN).toBe(1);
  });
});

// Tests shared/dns/presentation/character-string.ts: escapes and quoted printing.
import { describe, expect, test } from 'vitest';
import { decodeEscapes, formatCharacterString, parseCharacterString } from '../../../../../shared/dns/presentation/character-string.js';
import { RdataError } from '../../../../../shared/dns/rdata.js';

describe('character-strings', () => {
  test.each([
    ['abc', '616263'],
    ['a\\"b', '612262'],
    ['\\\\', '5c'],
    ['\\000\\255', '00ff'],
    ['\\a', '61'],
    ['é', 'c3a9'],
    ['😀', 'f09f9880'],
  ])('decodeEscapes(%j)', (text, hex) => {
    expect(decodeEscapes(text).toString('hex')).toBe(hex);
  });

  test.each([
    ['', '""'],
    ['a b', '"a b"'],
    ['"\\', '"\\"\\\\"'],
    ['\t\n\x7f', '"\\009\\010\\127"'],
  ])('formatCharacterString(%j) → %s', (text, printed) => {
    expect(formatCharacterString(Buffer.from(text, 'latin1'))).toBe(printed);
  });

  test('parseCharacterString refuses more than 255 octets', () => {
    expect(parseCharacterString('x'.repeat(255), 'cpu').length).toBe(255);
    expect(() => parseCharacterString('é'.repeat(128), 'cpu')).toThrow(new RdataError('cpu is 256 octets long (at most 255)'));
  });
});

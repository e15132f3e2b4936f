// Tests shared/dns/presentation/hex.ts.
import { describe, expect, test } from 'vitest';
import { formatHex, parseHex } from '../../../../../shared/dns/presentation/hex.js';
import { RdataError } from '../../../../../shared/dns/rdata.js';

describe('hex', () => {
  test.each([
    ['', ''],
    ['00ff', '00FF'],
    ['AbCd', 'ABCD'],
  ])('parseHex(%j)', (text, canonical) => {
    expect(formatHex(parseHex(text, 'data'))).toBe(canonical);
  });

  test.each([
    ['abc', 'data has an odd number of hex digits'],
    ['0x12', 'data "0x12" is not hexadecimal'],
  ])('parseHex(%j) is refused', (text, message) => {
    expect(() => parseHex(text, 'data')).toThrow(new RdataError(message));
  });
});

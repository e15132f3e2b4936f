// Tests shared/dns/presentation/base32hex.ts.
import { describe, expect, test } from 'vitest';
import { formatBase32Hex, parseBase32Hex } from '../../../../../shared/dns/presentation/base32hex.js';
import { RdataError } from '../../../../../shared/dns/rdata.js';

describe('base32hex', () => {
  test.each([
    ['', ''],
    ['CO', '66'],
    ['CPNG', '666f'],
    ['CPNMU', '666f6f'],
    ['CPNMUOG', '666f6f62'],
    ['CPNMUOJ1', '666f6f6261'],
    ['cpnmuoj1e8', '666f6f626172'],
  ])('%j ⇄ %s (RFC 4648 §10 vectors, unpadded)', (text, hex) => {
    expect(parseBase32Hex(text, 'hash').toString('hex')).toBe(hex);
    expect(formatBase32Hex(Buffer.from(hex, 'hex'))).toBe(text.toUpperCase());
  });

  test.each(['C', 'CPN', 'CPNMUO', 'W0', 'CP', 'CO======'])('%j is refused', (text) => {
    expect(() => parseBase32Hex(text, 'hash')).toThrow(RdataError);
  });
});

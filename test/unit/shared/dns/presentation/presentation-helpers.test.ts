import { describe, expect, test } from 'vitest';
import { formatBase64, parseBase64 } from '../../../../../shared/dns/presentation/base64.js';
import {
  decodeEscapes,
  formatCharacterString,
  parseCharacterString,
} from '../../../../../shared/dns/presentation/character-string.js';
import { parseDuration } from '../../../../../shared/dns/presentation/duration.js';
import { formatHex, parseHex } from '../../../../../shared/dns/presentation/hex.js';
import { formatIPv4, formatIPv6, parseIPv4, parseIPv6 } from '../../../../../shared/dns/presentation/ip-address.js';
import { RdataError } from '../../../../../shared/dns/rdata.js';

describe('parseDuration', () => {
  test.each([
    ['0', 0],
    ['3600', 3600],
    ['1h', 3600],
    ['1H30m', 5400],
    ['2d', 172800],
    ['1w', 604800],
    ['1w2d3h4m5s', 604800 + 172800 + 10800 + 240 + 5],
    ['90s', 90],
    ['', undefined],
    ['h', undefined],
    ['1x', undefined],
    ['1h30', undefined],
    ['-1', undefined],
    ['IN', undefined],
    ['99999999999999999999', Infinity],
  ])('%j → %s', (text, seconds) => {
    expect(parseDuration(text)).toBe(seconds);
  });
});

describe('IP addresses', () => {
  test.each([
    ['0.0.0.0', '00000000'],
    ['192.0.2.255', 'c00002ff'],
    ['1.2.3.04', undefined],
    ['256.0.0.0', undefined],
    ['1.2.3.', undefined],
    [' 1.2.3.4', undefined],
    ['1.2.3.4 ', undefined],
    ['1e1.2.3.4', undefined],
  ])('parseIPv4(%j)', (text, hex) => {
    expect(parseIPv4(text)?.toString('hex')).toBe(hex);
    if (hex !== undefined) expect(formatIPv4(Buffer.from(hex, 'hex'))).toBe(text);
  });

  test.each([
    ['::', '::'],
    ['::1', '::1'],
    ['1::', '1::'],
    ['2001:DB8::0:1', '2001:db8::1'],
    ['2001:db8:0:0:1:0:0:1', '2001:db8::1:0:0:1'],
    ['2001:0db8:0000:0000:0000:0000:0000:0001', '2001:db8::1'],
    ['1:0:1:1:1:1:1:1', '1:0:1:1:1:1:1:1'],
    ['::ffff:10.0.0.1', '::ffff:10.0.0.1'],
    ['::10.0.0.1', '::a00:1'],
    ['1:2:3:4:5:6:7::', '1:2:3:4:5:6:7:0'],
  ])('parseIPv6(%j) → %s', (text, canonical) => {
    const bytes = parseIPv6(text);
    expect(bytes).toBeDefined();
    expect(formatIPv6(bytes!)).toBe(canonical);
    expect(parseIPv6(canonical)!.equals(bytes!)).toBe(true);
  });

  test.each(['', ':', '1:2', ':::', '1::2::3', '12345::', 'g::', '::1.2.3', '::1.2.3.04', 'fe80::1%1', '1:2:3:4:5:6:7:8:9'])(
    'parseIPv6(%j) is undefined',
    (text) => {
      expect(parseIPv6(text)).toBeUndefined();
    },
  );
});

describe('hex and base64', () => {
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

  test.each(['', 'AA==', 'AAA=', 'AAAA', 'AwEAAQ==', '+/+/'])('parseBase64(%j) round-trips', (text) => {
    expect(formatBase64(parseBase64(text, 'key'))).toBe(text);
  });

  test.each(['A', 'AA=', 'AAAAA===', 'AB==', 'AAB=', 'A-_A', 'AA==AA=='])('parseBase64(%j) is refused', (text) => {
    expect(() => parseBase64(text, 'key')).toThrow(RdataError);
  });
});

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

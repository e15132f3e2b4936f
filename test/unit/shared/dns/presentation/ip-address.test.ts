// Tests shared/dns/presentation/ip-address.ts: IPv4 and IPv6 text ⇄ bytes.
import { describe, expect, test } from 'vitest';
import { formatIPv4, formatIPv6, parseIPv4, parseIPv6 } from '../../../../../shared/dns/presentation/ip-address.js';

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

  test('parseIPv4 agrees with the dotted-decimal rule on random text of digits and dots', () => {
    let seed = 11;
    const rand = (n: number): number => ((seed = (seed * 1103515245 + 12345) >>> 0) >>> 8) % n;
    const rule = (t: string): boolean => {
      const parts = t.split('.');
      return parts.length === 4 && parts.every((p) => /^(0|[1-9][0-9]{0,2})$/.test(p) && Number(p) <= 255);
    };
    for (let i = 0; i < 5000; i++) {
      const text = Array.from({ length: rand(16) }, () => '0123456789..x'[rand(13)]).join('');
      const parsed = parseIPv4(text);
      expect(parsed !== undefined, text).toBe(rule(text));
      if (parsed !== undefined) expect(formatIPv4(parsed)).toBe(text);
    }
  });
});

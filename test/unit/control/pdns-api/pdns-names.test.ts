// Unit: PowerDNS's zone ids (`=XX` for every character but letters, digits, `.`, `-` and `_`) and canonical names.
import { describe, expect, it } from 'vitest';
import type { Name } from '../../../../shared/dns/name.js';
import { PdnsError } from '../../../../control/pdns-api/pdns-error.js';
import { parsePdnsName, pdnsZoneId, zoneNameFromId } from '../../../../control/pdns-api/pdns-names.js';

describe('PowerDNS zone ids', () => {
  it('are the name itself for ordinary names', () => {
    expect(pdnsZoneId('example.com.' as Name)).toBe('example.com.');
    expect(pdnsZoneId('_x-y.example.com.' as Name)).toBe('_x-y.example.com.');
  });

  it('write other characters as =XX and read them back', () => {
    expect(pdnsZoneId('0/25.2.0.192.in-addr.arpa.' as Name)).toBe('0=2F25.2.0.192.in-addr.arpa.');
    expect(zoneNameFromId('0=2F25.2.0.192.in-addr.arpa.')).toBe('0/25.2.0.192.in-addr.arpa.');
    expect(zoneNameFromId('=65xample.com.')).toBe('example.com.');
  });

  it('find the zone with or without the trailing dot, in any letter case', () => {
    expect(zoneNameFromId('example.com')).toBe('example.com.');
    expect(zoneNameFromId('Example.COM.')).toBe('example.com.');
  });

  it('name nothing when the id is not a name', () => {
    expect(zoneNameFromId('a..b')).toBeUndefined();
    expect(zoneNameFromId(`${'x'.repeat(64)}.com`)).toBeUndefined();
  });
});

describe('names in bodies', () => {
  it('need their trailing dot, as PowerDNS says', () => {
    expect(parsePdnsName('www.example.com.')).toBe('www.example.com.');
    expect(() => parsePdnsName('www.example.com')).toThrow(new PdnsError(422, "DNS Name 'www.example.com' is not canonical"));
    expect(() => parsePdnsName('a..b.')).toThrow(PdnsError);
  });
});

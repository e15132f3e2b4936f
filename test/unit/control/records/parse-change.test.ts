// Table tests of parseChange: one API change in, a canonical RRsetChange or a ValidationError naming the field out.
import { describe, expect, it } from 'vitest';
import type { Name } from '../../../../shared/dns/name.js';
import { RRType } from '../../../../shared/dns/rr-type.js';
import { ValidationError } from '../../../../control/errors/catalogue.js';
import { parseChange } from '../../../../control/records/parse-change.js';
import type { ChangeInput } from '../../../../control/records/parse-change.js';

const origin = 'example.com.' as Name;

const ok: { input: ChangeInput; name: string; type: number; ttl: number; records: string[]; action?: string }[] = [
  { input: { name: 'www.example.com', type: 'A', records: ['192.0.2.1'] }, name: 'www.example.com.', type: RRType.A, ttl: 300, records: ['192.0.2.1'] },
  { input: { name: '@', type: 'mx', ttl: 60, records: ['10 MAIL.example.COM'] }, name: 'example.com.', type: RRType.MX, ttl: 60, records: ['10 mail.example.com.'] },
  // Route 53 rules: a name in a value is absolute, trailing dot or not; "@" is still the apex.
  { input: { name: 'blog.example.com', type: 'CNAME', records: ['myblog.wordpress.example'] }, name: 'blog.example.com.', type: RRType.CNAME, ttl: 300, records: ['myblog.wordpress.example.'] },
  { input: { name: '@', type: 'MX', records: ['10 @', '20 mx.example.net'] }, name: 'example.com.', type: RRType.MX, ttl: 300, records: ['10 example.com.', '20 mx.example.net.'] },
  { input: { name: '@', type: 'NS', records: ['ns1.provider.example'] }, name: 'example.com.', type: RRType.NS, ttl: 300, records: ['ns1.provider.example.'] },
  { input: { name: 'WWW.Example.COM.', type: 'AAAA', records: ['2001:DB8::1', '2001:db8:0::1'] }, name: 'www.example.com.', type: RRType.AAAA, ttl: 300, records: ['2001:db8::1'] },
  { input: { name: 'www.example.com', type: 'CNAME', records: ['target.example.net.'] }, name: 'www.example.com.', type: RRType.CNAME, ttl: 300, records: ['target.example.net.'] },
  { input: { name: 'example.com', type: 'SPF', records: ['"v=spf1 -all"'] }, name: 'example.com.', type: RRType.TXT, ttl: 300, records: ['"v=spf1 -all"'] },
  { input: { name: '*.example.com.', type: 'TXT', records: ['"a" "b"'] }, name: '*.example.com.', type: RRType.TXT, ttl: 300, records: ['"a" "b"'] },
  { input: { name: '_sip._tcp.example.com', type: 'SRV', records: ['10 20 5060 sip.example.net'] }, name: '_sip._tcp.example.com.', type: RRType.SRV, ttl: 300, records: ['10 20 5060 sip.example.net.'] },
  { input: { name: 'old.example.com', type: 'DNAME', records: ['example.net'] }, name: 'old.example.com.', type: RRType.DNAME, ttl: 300, records: ['example.net.'] },
  { input: { name: 'www.example.com', type: 'LOC', records: ['42 21 54 N 71 06 18 W -24m 30m'] }, name: 'www.example.com.', type: RRType.LOC, ttl: 300, records: ['42 21 54.000 N 71 6 18.000 W -24.00m 30.00m 10000.00m 10.00m'] },
  { input: { name: '@', type: 'RP', records: ['admin.example.com info.example.org'] }, name: 'example.com.', type: RRType.RP, ttl: 300, records: ['admin.example.com. info.example.org.'] },
  { input: { name: 'www.example.com', type: 'NAPTR', records: ['100 10 "u" "E2U+sip" "!^.*$!sip:info@example.com!" sip.example.net'] }, name: 'www.example.com.', type: RRType.NAPTR, ttl: 300, records: ['100 10 "u" "E2U+sip" "!^.*$!sip:info@example.com!" sip.example.net.'] },
  { input: { action: 'DELETE', name: 'www.example.com.', type: 'A' }, name: 'www.example.com.', type: RRType.A, ttl: 300, records: [], action: 'DELETE' },
  { input: { name: 'www.example.com', type: 'A', ttl: 2147483647, records: ['192.0.2.1'] }, name: 'www.example.com.', type: RRType.A, ttl: 2147483647, records: ['192.0.2.1'] },
];

const bad: { why: string; input: ChangeInput; prefix?: string; field: string }[] = [
  { why: 'name outside the zone', input: { name: 'www.example.net.', type: 'A', records: ['192.0.2.1'] }, field: 'name' },
  { why: 'a relative owner (names are absolute)', input: { name: 'www', type: 'A', records: ['192.0.2.1'] }, field: 'name' },
  { why: 'another domain without a dot', input: { name: 'www.example.org', type: 'A', records: ['192.0.2.1'] }, field: 'name' },
  { why: 'name with an empty label', input: { name: 'a..b', type: 'A', records: ['192.0.2.1'] }, field: 'name' },
  { why: 'label over 63 octets', input: { name: 'x'.repeat(64), type: 'A', records: ['192.0.2.1'] }, field: 'name' },
  { why: 'unknown type', input: { name: 'www.example.com', type: 'BOGUS', records: ['x'] }, field: 'type' },
  { why: 'type not offered', input: { name: 'www.example.com', type: 'RRSIG', records: ['A 13 2 300 20260101000000 20250101000000 1 example.com. AA=='] }, field: 'type' },
  { why: 'negative TTL', input: { name: 'www.example.com', type: 'A', ttl: -1, records: ['192.0.2.1'] }, field: 'ttl' },
  { why: 'TTL above 2^31-1', input: { name: 'www.example.com', type: 'A', ttl: 2147483648, records: ['192.0.2.1'] }, field: 'ttl' },
  { why: 'bad IPv4', input: { name: 'www.example.com', type: 'A', records: ['192.0.2.1', '300.1.2.3'] }, field: 'records[1]' },
  { why: 'bad MX', input: { name: 'www.example.com', type: 'MX', records: ['mail.example.com.'] }, field: 'records[0]' },
  { why: 'UPSERT without values', input: { name: 'www.example.com', type: 'A', records: [] }, field: 'records' },
  { why: 'SOA below the apex', input: { name: 'www', type: 'SOA', records: ['a. b. 1 2 3 4 5'] }, field: 'name' },
  { why: 'SOA delete', input: { action: 'DELETE', name: '@', type: 'SOA' }, field: 'action' },
  { why: 'batch prefix', input: { name: 'www.example.com', type: 'A', records: ['nope'] }, prefix: 'changes[3].', field: 'changes[3].records[0]' },
];

describe('parseChange', () => {
  it.each(ok)('$input.name $input.type', (c) => {
    const change = parseChange(c.input, origin, '');
    expect(change).toEqual({ action: c.action ?? 'UPSERT', name: c.name, type: c.type, ttl: c.ttl, records: c.records });
  });

  it.each(bad)('refuses $why', (c) => {
    let caught: unknown;
    try {
      parseChange(c.input, origin, c.prefix ?? '');
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(ValidationError);
    expect((caught as ValidationError).field).toBe(c.field);
  });

  it('names the absolute name a relative owner was probably meant as', () => {
    expect(() => parseChange({ name: 'www', type: 'A', records: ['192.0.2.1'] }, origin, '')).toThrow(/www is not inside the zone example\.com; names in the API are absolute; did you mean www\.example\.com\?/);
  });
});

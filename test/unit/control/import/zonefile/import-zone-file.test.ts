// Tests control/import/zonefile/import-zone-file.ts: master files in, RRsets and reasons out.
import { describe, expect, it } from 'vitest';
import { importZoneFile } from '../../../../../control/import/zonefile/import-zone-file.js';
import { ZoneFileImportError } from '../../../../../control/import/zonefile/zone-file-import-error.js';
import { parseName } from '../../../../../shared/dns/name.js';
import { rrTypeFromText } from '../../../../../shared/dns/rr-type.js';
import type { ImportResult } from '../../../../../control/import/import-result.js';

const ZONE = `$ORIGIN example.com.
$TTL 3600
@       IN SOA ns1.oldhost.net. hostmaster.example.com. ( 2024010101 7200 900 1209600 300 )
@       IN NS  ns1.oldhost.net.
@       IN NS  ns2.oldhost.net.
@       IN MX  10 mail
@   300 IN TXT "v=spf1 mx -all" "second string"
www         IN A     192.0.2.1
www         IN A     192.0.2.2
www         IN A     192.0.2.1
*.apps      IN CNAME www
sub         IN NS    ns1.sub
ns1.sub     IN A     192.0.2.53
sub         IN DS    60485 13 2 D4B7D520E7BB5F0F67674A0CCEB1E3E0614B93C4F9E99B8383F6A1E4469DA50A
old     600 IN SPF   "v=spf1 -all"
other.net.  IN A     198.51.100.1
clash       IN CNAME www
clash       IN TXT   "conflict"
`;

function find(result: ImportResult, name: string, type: string): { ttl: number; records: readonly string[] } | undefined {
  const s = result.rrsets.find((r) => r.name === name && r.type === rrTypeFromText(type));
  return s === undefined ? undefined : { ttl: s.ttl, records: s.records };
}

describe('importZoneFile', () => {
  const result = importZoneFile(ZONE, { file: 'example.com.zone' });

  it('takes the origin from the file', () => {
    expect(result.origin).toBe('example.com.');
  });

  const imported: [name: string, type: string, ttl: number, records: string[]][] = [
    ['example.com.', 'MX', 3600, ['10 mail.example.com.']],
    ['example.com.', 'TXT', 300, ['"v=spf1 mx -all" "second string"']],
    ['www.example.com.', 'A', 3600, ['192.0.2.1', '192.0.2.2']],
    ['*.apps.example.com.', 'CNAME', 3600, ['www.example.com.']],
    ['sub.example.com.', 'NS', 3600, ['ns1.sub.example.com.']],
    ['ns1.sub.example.com.', 'A', 3600, ['192.0.2.53']],
    ['old.example.com.', 'TXT', 600, ['"v=spf1 -all"']],
  ];
  it.each(imported)('imports %s %s', (name, type, ttl, records) => {
    expect(find(result, name, type)).toEqual({ ttl, records });
  });

  const skipped: [name: string, type: string, reason: string][] = [
    ['example.com.', 'SOA', 'line 3: apex SOA is replaced by the DNSCove SOA'],
    ['example.com.', 'NS', "line 4: apex NS is replaced by DNSCove's name servers"],
    ['example.com.', 'NS', "line 5: apex NS is replaced by DNSCove's name servers"],
    ['other.net.', 'A', 'line 16: outside the zone example.com.'],
    ['clash.example.com.', 'CNAME', 'CNAME beside other data at this name (RFC 2181 §10.1)'],
    ['clash.example.com.', 'TXT', 'CNAME beside other data at this name (RFC 2181 §10.1)'],
  ];
  it.each(skipped)('skips %s %s: %s', (name, type, reason) => {
    expect(result.skipped).toContainEqual({ name, type, reason });
  });

  it('accounts for every record', () => {
    expect(result.skipped).toHaveLength(skipped.length);
    expect(result.rrsets.length + 2).toBe(imported.length + 3);
  });

  it('skips the old signer\'s DNSSEC records and keeps DS for a child', () => {
    const signed = importZoneFile(
      [
        '$ORIGIN signed.example.',
        '@ 3600 IN SOA ns1 hostmaster 1 7200 900 1209600 300',
        '@ 3600 IN DNSKEY 257 3 13 mdsswUyr3DPW132mOi8V9xESWE8jTo0dxCjjnopKl+GqJxpVXckHAeF+KkxLbxILfDLUT0rAK9iUzy1L53eKGQ==',
        '@ 3600 IN RRSIG SOA 13 2 3600 20260101000000 20251201000000 12345 signed.example. dGVzdA==',
        '@ 3600 IN NSEC www.signed.example. SOA DNSKEY RRSIG NSEC',
        'www 3600 IN A 192.0.2.1',
        'child 3600 IN NS ns.child',
        'child 3600 IN DS 60485 13 2 D4B7D520E7BB5F0F67674A0CCEB1E3E0614B93C4F9E99B8383F6A1E4469DA50A',
      ].join('\n'),
      {},
    );
    const reason = 'DNSSEC signing data of the previous provider: DNSCove does not sign zones, so it would be stale';
    expect(signed.skipped.filter((r) => r.type !== 'SOA')).toEqual([
      { name: 'signed.example.', type: 'DNSKEY', reason: `line 3: ${reason}` },
      { name: 'signed.example.', type: 'RRSIG', reason: `line 4: ${reason}` },
      { name: 'signed.example.', type: 'NSEC', reason: `line 5: ${reason}` },
    ]);
    expect(signed.rrsets.map((r) => `${r.name} ${r.type}`)).toEqual(['www.signed.example. 1', 'child.signed.example. 2', 'child.signed.example. 43']);
  });

  it('notes SPF imported as TXT, with the line', () => {
    expect(result.notes).toEqual([{ name: 'old.example.com.', type: 'SPF', note: expect.stringMatching(/^line 15: .*imported as TXT$/) }]);
  });

  it('uses the given origin for a file without $ORIGIN', () => {
    const r = importZoneFile('@ 300 IN A 192.0.2.9\nwww 300 IN AAAA 2001:db8::1\n', { origin: parseName('example.org.') });
    expect(r.rrsets.map((s) => s.name)).toEqual(['example.org.', 'www.example.org.']);
  });

  const bad: [what: string, text: string, line: number][] = [
    ['a bad address', '$ORIGIN example.com.\n$TTL 300\nwww A 192.0.2.1\nbad A 300.1.2.3\n', 4],
    ['an unknown type', '$ORIGIN example.com.\n$TTL 300\nwww BOGUS 1\n', 3],
    ['an unterminated quote', '$ORIGIN example.com.\n$TTL 300\nwww TXT "open\n', 3],
  ];
  it.each(bad)('refuses a file with %s, naming the line', (_what, text, line) => {
    let caught: unknown;
    try {
      importZoneFile(text);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(ZoneFileImportError);
    expect((caught as ZoneFileImportError).line).toBe(line);
    expect((caught as Error).message).toMatch(new RegExp(`^zonefile: line ${line}: `));
  });

  it('refuses a file without any origin, naming no line (the file as a whole is at fault)', () => {
    expect(() => importZoneFile('www 300 IN A 192.0.2.1\n')).toThrow(/^zonefile: no origin: give one, start with \$ORIGIN/);
    expect(() => importZoneFile('www 300 IN A 192.0.2.1\n')).not.toThrow(/line 0/);
  });

  it('keeps the apex SOA serial as the serial to go on from', () => {
    const r = importZoneFile('$ORIGIN example.com.\n@ 300 SOA ns1 host 2024120701 3600 600 86400 300\nwww 300 A 192.0.2.1\n');
    expect(r.serial).toBe(2024120701);
    expect(importZoneFile('$ORIGIN example.com.\nwww 300 A 192.0.2.1\n').serial).toBeUndefined();
  });
});

// Tests shared/zonefile/zone-from-records.ts: RRset grouping, zone checks, loadZoneFile.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { parseName } from '../../../../shared/dns/name.js';
import { formatRdata } from '../../../../shared/dns/rdata.js';
import { rrTypeToText } from '../../../../shared/dns/rr-type.js';
import type { ZoneContent } from '../../../../shared/dns/rrset.js';
import { parseZoneFile } from '../../../../shared/zonefile/parse-zone-file.js';
import { ZoneFileError } from '../../../../shared/zonefile/zone-file-error.js';
import { loadZoneFile, zoneFromRecords } from '../../../../shared/zonefile/zone-from-records.js';
import { BAD_ZONES, lines, SOA } from './bad-zones.js';

const origin = parseName('example.com.');

/** Each RRset as "name ttl TYPE rdata | rdata", then its signatures as one "name ttl RRSIG …" line. */
function show(zone: ZoneContent): string[] {
  return zone.rrsets.flatMap((s) => [
    `${s.name} ${s.ttl} ${rrTypeToText(s.type)} ${s.rdata.map((r) => formatRdata(s.type, r)).join(' | ')}`,
    ...(s.signatures === undefined ? [] : [`${s.name} ${s.ttl} RRSIG ${s.signatures.map((r) => formatRdata(46, r)).join(' | ')}`]),
  ]);
}

function zoneOf(text: string): ZoneContent {
  const parsed = parseZoneFile(text, { origin, file: 'z' });
  return zoneFromRecords(parsed.origin, parsed.records, 'z');
}

describe('zoneFromRecords', () => {
  test.each<[string, string, string[]]>([
    ['groups RRsets in first-seen order, records in file order', lines(SOA, 'a 60 A 192.0.2.2', 'b 60 A 192.0.2.9', 'a 60 A 192.0.2.1', 'a 60 TXT "t"'), [
      'example.com. 3600 SOA ns1.example.com. hostmaster.example.com. 1 3600 900 604800 300',
      'a.example.com. 60 A 192.0.2.2 | 192.0.2.1',
      'b.example.com. 60 A 192.0.2.9',
      'a.example.com. 60 TXT "t"',
    ]],
    ['drops duplicate RDATA (RFC 2181 §5), also when spelled differently', lines(SOA, 'a 60 A 192.0.2.1', 'a 60 A 192.0.2.1', 'a 60 A \\# 4 c0000201', 'b 60 NS NS1.example.com.', 'b 60 NS ns1'), [
      'example.com. 3600 SOA ns1.example.com. hostmaster.example.com. 1 3600 900 604800 300',
      'a.example.com. 60 A 192.0.2.1',
      'b.example.com. 60 NS ns1.example.com.',
    ]],
    ['a set takes its first record\'s TTL (RFC 2181 §5.2)', lines(SOA, 'a 300 A 192.0.2.1', 'a 60 A 192.0.2.2', 'a 900 A 192.0.2.3'), [
      'example.com. 3600 SOA ns1.example.com. hostmaster.example.com. 1 3600 900 604800 300',
      'a.example.com. 300 A 192.0.2.1 | 192.0.2.2 | 192.0.2.3',
    ]],
    ['a CNAME alone, and RRSIG/NSEC beside it, are fine', lines(SOA, 'www 60 CNAME @', 'www 60 CNAME example.com.', 'www 60 NSEC x CNAME RRSIG NSEC', 'www 60 RRSIG CNAME 13 3 60 20250101000000 20240101000000 2371 @ AAAA'), [
      'example.com. 3600 SOA ns1.example.com. hostmaster.example.com. 1 3600 900 604800 300',
      'www.example.com. 60 CNAME example.com.',
      'www.example.com. 60 RRSIG CNAME 13 3 60 20250101000000 20240101000000 2371 example.com. AAAA',
      'www.example.com. 60 NSEC x.example.com. CNAME RRSIG NSEC',
    ]],
    ['a pre-signed zone: each RRSIG goes with the RRset it covers', lines(SOA, 'www 60 A 192.0.2.1', 'www 60 RRSIG A 13 3 60 20250101000000 20240101000000 2371 @ AAAA', '@ 3600 RRSIG SOA 13 2 3600 20250101000000 20240101000000 2371 @ AAAB'), [
      'example.com. 3600 SOA ns1.example.com. hostmaster.example.com. 1 3600 900 604800 300',
      'example.com. 3600 RRSIG SOA 13 2 3600 20250101000000 20240101000000 2371 example.com. AAAB',
      'www.example.com. 60 A 192.0.2.1',
      'www.example.com. 60 RRSIG A 13 3 60 20250101000000 20240101000000 2371 example.com. AAAA',
    ]],
    ['delegations and glue below the origin', lines(SOA, 'sub 60 NS ns.sub', 'ns.sub 60 A 192.0.2.1'), [
      'example.com. 3600 SOA ns1.example.com. hostmaster.example.com. 1 3600 900 604800 300',
      'sub.example.com. 60 NS ns.sub.example.com.',
      'ns.sub.example.com. 60 A 192.0.2.1',
    ]],
  ])('%s', (_label, text, expected) => {
    const zone = zoneOf(text);
    expect(zone.origin).toBe('example.com.');
    expect(show(zone)).toEqual(expected);
  });

  test.each(BAD_ZONES)('refuses %s', (_label, text, message) => {
    expect(() => zoneOf(text)).toThrow(ZoneFileError);
    expect(() => zoneOf(text)).toThrow(message);
  });

  test('the error names the file given', () => {
    try {
      zoneFromRecords(origin, [], 'zones/example.com');
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(ZoneFileError);
      expect([(err as ZoneFileError).file, (err as ZoneFileError).line]).toEqual(['zones/example.com', 0]);
    }
  });
});

describe('loadZoneFile', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'dnscove-zonefile-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  test('loads the fixture into RRsets', async () => {
    const path = new URL('../../../fixtures/zonefile/example.com.zone', import.meta.url).pathname;
    const zone = await loadZoneFile(path);
    expect(zone.origin).toBe('example.com.');
    expect(zone.rrsets.map((s) => `${s.name} ${rrTypeToText(s.type)} ${s.rdata.length}`)).toEqual([
      'example.com. SOA 1',
      'example.com. NS 2',
      'example.com. MX 1',
      'example.com. TXT 1',
      'ns1.example.com. A 1',
      'mail.example.com. A 1',
      'mail.example.com. AAAA 1',
      'www.example.com. CNAME 1',
      '_sip._tcp.example.com. SRV 1',
      'sip.example.com. A 1',
      'example.com. CAA 1',
      'example.com. HTTPS 1',
      'dkim._domainkey.example.com. TXT 1',
      'host.sub.example.com. A 1',
      'sub.example.com. TYPE65280 1',
    ]);
  });

  test('takes the origin when given', async () => {
    const path = join(dir, 'relative.zone');
    await writeFile(path, lines('$TTL 60', SOA, 'www A 192.0.2.1'));
    const zone = await loadZoneFile(path, parseName('example.org.'));
    expect(show(zone)).toEqual([
      'example.org. 3600 SOA ns1.example.org. hostmaster.example.org. 1 3600 900 604800 300',
      'www.example.org. 60 A 192.0.2.1',
    ]);
  });

  test('errors name the path and line', async () => {
    const path = join(dir, 'bad.zone');
    await writeFile(path, lines('$ORIGIN example.com.', SOA, 'www 60 A 192.0.2.300'));
    await expect(loadZoneFile(path)).rejects.toThrow(`${path}:3: A: "192.0.2.300" is not an IPv4 address`);
  });

  test('a missing file is a ZoneFileError naming the path', async () => {
    const path = join(dir, 'missing.zone');
    const err: unknown = await loadZoneFile(path).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ZoneFileError);
    expect((err as ZoneFileError).file).toBe(path);
    expect((err as ZoneFileError).message).toMatch(new RegExp(`^${path}: cannot read the file: ENOENT`));
  });
});

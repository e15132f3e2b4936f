// The one-pass compiler of `dnscove snapshot build` against the whole-file path
// (parseZoneFile + zoneFromRecords + encodeSnapshot): the same content from every file, the
// same error for every bad one, and the whole-file path taken when an owner comes back.
import { describe, expect, test } from 'vitest';
import { parseName } from '../../../../shared/dns/name.js';
import { formatRdata } from '../../../../shared/dns/rdata.js';
import { rrTypeToText } from '../../../../shared/dns/rr-type.js';
import type { ZoneContent } from '../../../../shared/dns/rrset.js';
import { decodeSnapshot } from '../../../../shared/snapshot/codec.js';
import { parseZoneFile } from '../../../../shared/zonefile/parse-zone-file.js';
import { compileZoneText, streamSnapshot } from '../../../../shared/zonefile/snapshot-from-zone-file.js';
import { ZoneFileError } from '../../../../shared/zonefile/zone-file-error.js';
import { zoneFromRecords } from '../../../../shared/zonefile/zone-from-records.js';
import { BAD_ZONES, lines, SOA } from './bad-zones.js';
import { readFileSync } from 'node:fs';

const origin = parseName('example.com.');
const SIG = (covered: string, tail: string): string => `RRSIG ${covered} 13 3 60 20250101000000 20240101000000 2371 @ ${tail}`;

/** Every RRset as one sorted line, its records and signatures in order: what a snapshot serves. */
function content(zone: ZoneContent): string[] {
  return zone.rrsets
    .map((s) => `${s.name} ${s.ttl} ${rrTypeToText(s.type)} ${s.rdata.map((r) => formatRdata(s.type, r)).join(' | ')} // ${(s.signatures ?? []).map((r) => formatRdata(46, r)).join(' | ')}`)
    .sort();
}

function whole(text: string): ZoneContent {
  const parsed = parseZoneFile(text, { origin, file: 'z' });
  return zoneFromRecords(parsed.origin, parsed.records, 'z');
}

const grouped: [string, string][] = [
  ['duplicates dropped, also spelled differently', lines(SOA, 'a 60 A 192.0.2.1', 'a 60 A 192.0.2.1', 'a 60 A \\# 4 c0000201', 'b 60 NS NS1.example.com.', 'b 60 NS ns1')],
  ["a set takes its first record's TTL", lines(SOA, 'a 300 A 192.0.2.1', 'a 60 A 192.0.2.2', 'a 900 A 192.0.2.3')],
  ['a CNAME with RRSIG and NSEC beside it', lines(SOA, 'www 60 CNAME @', 'www 60 CNAME example.com.', 'www 60 NSEC x CNAME RRSIG NSEC', `www 60 ${SIG('CNAME', 'AAAA')}`)],
  ['RRSIGs before and after what they cover, one repeated', lines(SOA, `@ 3600 ${SIG('SOA', 'AAAB')}`, `www 60 ${SIG('A', 'AAAA')}`, 'www 60 A 192.0.2.1', `www 60 ${SIG('A', 'AAAA')}`, `www 60 ${SIG('A', 'AAAC')}`)],
  ['types of one owner interleaved, owners in any case', lines(SOA, 'WWW 60 A 192.0.2.1', 'www 60 TXT "t"', 'Www 60 A 192.0.2.2', 'sub 60 NS ns.sub', 'ns.sub 60 A 192.0.2.1')],
  ['an RRset of many records (duplicates found through a set)', lines(SOA, ...Array.from({ length: 60 }, (_, i) => `big 60 TXT "v${i % 40}"`))],
];

describe('streamSnapshot', () => {
  test.each(grouped)('%s: one pass, the same content as the whole-file path', (_label, text) => {
    const streamed = streamSnapshot(text, { origin, file: 'z' });
    expect(streamed).toBeDefined();
    const expected = whole(text);
    expect(streamed!.rrsets).toBe(expected.rrsets.length);
    expect(content(decodeSnapshot(streamed!.snapshot))).toEqual(content(expected));
  });

  test('an owner named again after another owner: the whole-file path, the same content', () => {
    const text = lines(SOA, 'a 60 A 192.0.2.2', 'b 60 A 192.0.2.9', 'a 60 A 192.0.2.1', 'a 60 TXT "t"');
    expect(streamSnapshot(text, { origin, file: 'z' })).toBeUndefined();
    expect(content(decodeSnapshot(compileZoneText(text, { origin, file: 'z' }).snapshot))).toEqual(content(whole(text)));
  });

  test('notices every owner that comes back, whatever its hashes', () => {
    for (let i = 0; i < 200; i++) {
      const text = lines(SOA, `owner${i} 60 A 192.0.2.1`, 'other 60 A 192.0.2.2', `owner${i} 60 TXT "back"`);
      expect(streamSnapshot(text, { origin, file: 'z' }), `owner${i}`).toBeUndefined();
    }
    // The apex too, as a signer's output has it (RRSIGs after every RRset).
    expect(streamSnapshot(lines(SOA, 'a 60 A 192.0.2.1', `@ 3600 ${SIG('SOA', 'AAAB')}`), { origin, file: 'z' })).toBeUndefined();
  });

  test('a generated zone of 30,000 owners, in the order every server dumps them', () => {
    const body = Array.from({ length: 30_000 }, (_, i) => {
      const owner = i % 7 === 0 ? `H${i}.Sub` : `h${i}`;
      const records = [`${owner} 300 A 10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`];
      if (i % 3 === 0) records.push(` 300 AAAA 2001:db8::${i.toString(16)}`, `${owner} 60 A 10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`);
      if (i % 5 === 0) records.push(`${owner.toLowerCase()} 300 TXT "owner ${i}" "second"`, `${owner} 300 ${SIG('TXT', 'AAAA')}`);
      return records.join('\n');
    });
    const text = lines('$TTL 600', SOA, '@ NS ns1', ...body);
    const streamed = streamSnapshot(text, { origin, file: 'z' });
    expect(streamed).toBeDefined();
    expect(content(decodeSnapshot(streamed!.snapshot))).toEqual(content(whole(text)));
  });

  test('the fixture zone file', () => {
    const text = readFileSync(new URL('../../../fixtures/zonefile/example.com.zone', import.meta.url), 'utf8');
    const compiled = compileZoneText(text, { file: 'fixture' });
    const parsed = parseZoneFile(text, { file: 'fixture' });
    expect(compiled.origin).toBe('example.com.');
    expect(content(decodeSnapshot(compiled.snapshot))).toEqual(content(zoneFromRecords(parsed.origin, parsed.records, 'fixture')));
  });

  test.each(BAD_ZONES)('refuses %s as the whole-file path does', (_label, text, message) => {
    expect(() => whole(text)).toThrow(message);
    expect(() => compileZoneText(text, { origin, file: 'z' })).toThrow(ZoneFileError);
    expect(() => compileZoneText(text, { origin, file: 'z' })).toThrow(message);
  });
});

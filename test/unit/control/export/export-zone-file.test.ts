// Tests control/export/export-zone-file.ts: master-file output and its round trip through the importer.
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { exportZoneFile, exportZoneFromContent } from '../../../../control/export/export-zone-file.js';
import type { ExportZone } from '../../../../control/export/export-zone-file.js';
import { importRoute53 } from '../../../../control/import/route53/import-route53.js';
import { importZoneFile } from '../../../../control/import/zonefile/import-zone-file.js';
import { parseName } from '../../../../shared/dns/name.js';
import type { Name } from '../../../../shared/dns/name.js';
import { parseRdata } from '../../../../shared/dns/rdata.js';
import { RRType } from '../../../../shared/dns/rr-type.js';

const origin = parseName('example.com.');
const soa = { name: origin, type: RRType.SOA, ttl: 3600, records: ['ns1.dnscove.test. hostmaster.example.com. 7 3600 900 1209600 300'] };
const ns = { name: origin, type: RRType.NS, ttl: 3600, records: ['ns1.dnscove.test.', 'ns2.dnscove.test.'] };

function sortedSets(sets: ExportZone['rrsets']): string[] {
  return sets.map((s) => `${s.name} ${s.type} ${s.ttl} ${[...s.records].sort().join(' | ')}`).sort();
}

describe('exportZoneFile', () => {
  it('writes $ORIGIN, $TTL, the SOA first and one absolute RR per line', () => {
    const text = exportZoneFile({
      origin,
      rrsets: [
        { name: parseName('www.example.com.'), type: RRType.A, ttl: 300, records: ['192.0.2.1', '192.0.2.2'] },
        ns,
        { name: parseName('a.example.com.'), type: RRType.TXT, ttl: 60, records: ['"hello world"'] },
        soa,
      ],
    });
    expect(text).toBe(
      [
        '; zone example.com exported by DNSCove',
        '$ORIGIN example.com.',
        '$TTL 3600',
        'example.com. 3600 IN SOA ns1.dnscove.test. hostmaster.example.com. 7 3600 900 1209600 300',
        'example.com. 3600 IN NS ns1.dnscove.test.',
        'example.com. 3600 IN NS ns2.dnscove.test.',
        'a.example.com. 60 IN TXT "hello world"',
        'www.example.com. 300 IN A 192.0.2.1',
        'www.example.com. 300 IN A 192.0.2.2',
        '',
      ].join('\n'),
    );
  });

  it('imports back to the same RRsets (Route 53 fixture → export → zone-file import)', () => {
    const imported = importRoute53(fs.readFileSync('test/fixtures/route53/list-resource-record-sets.json', 'utf8'));
    const zone: ExportZone = { origin: imported.origin, rrsets: [soa, ns, ...imported.rrsets] };
    const back = importZoneFile(exportZoneFile(zone));
    expect(back.origin).toBe(origin);
    expect(sortedSets(back.rrsets)).toEqual(sortedSets(imported.rrsets));
    expect(back.skipped.map((s) => s.type)).toEqual(['SOA', 'NS', 'NS']);
  });

  const awkward: [what: string, name: string, type: number, value: string][] = [
    ['an escaped owner', 'sp\\032ace.example.com.', RRType.A, '192.0.2.7'],
    ['an owner with @ and $', '\\@\\$x.example.com.', RRType.A, '192.0.2.8'],
    ['a TXT with quotes, backslash and bytes', 't.example.com.', RRType.TXT, '"a \\"q\\" \\\\ \\255" "two"'],
    ['an unknown type', 'u.example.com.', 65280, '\\# 3 abcdef'],
    ['a wildcard', '*.example.com.', RRType.MX, '10 mail.example.com.'],
  ];
  it.each(awkward)('round-trips %s', (_what, name, type, value) => {
    const wire = parseRdata(type, value, origin);
    const zone = exportZoneFromContent({ origin, rrsets: [{ name: parseName(name), type, ttl: 120, rdata: [wire] }] });
    const back = importZoneFile(exportZoneFile(zone), { origin });
    expect(back.rrsets).toEqual([{ name: name as Name, type, ttl: 120, records: zone.rrsets[0]!.records }]);
  });
});

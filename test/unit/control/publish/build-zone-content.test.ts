// buildZoneContent: stored rows to the snapshot content, SOA serial set to the zone serial.
import { describe, expect, it } from 'vitest';
import { buildZoneContent } from '../../../../control/publish/build-zone-content.js';
import type { Name } from '../../../../shared/dns/name.js';
import { formatRdata } from '../../../../shared/dns/rdata.js';
import { RRType } from '../../../../shared/dns/rr-type.js';

const origin = 'example.com.' as Name;
const row = (name: string, type: number, records: string[]) => ({ zoneId: 'Z1', name: name as Name, type, ttl: 300, records });

describe('buildZoneContent', () => {
  it('sets the SOA serial to the zone serial and orders RRsets canonically', () => {
    const content = buildZoneContent(origin, 42, [
      row('www.example.com.', RRType.A, ['192.0.2.1', '192.0.2.2']),
      row('example.com.', RRType.NS, ['ns1.example.net.']),
      row('a.example.com.', RRType.TXT, ['"x"']),
      row('example.com.', RRType.SOA, ['ns1.example.net. hostmaster.example.net. 1 3600 900 1209600 300']),
    ]);
    expect(content.origin).toBe(origin);
    expect(content.rrsets.map((s) => `${s.name} ${s.type}`)).toEqual(['example.com. 2', 'example.com. 6', 'a.example.com. 16', 'www.example.com. 1']);
    const soa = content.rrsets.find((s) => s.type === RRType.SOA)!;
    expect(formatRdata(RRType.SOA, soa.rdata[0]!)).toBe('ns1.example.net. hostmaster.example.net. 42 3600 900 1209600 300');
    expect(content.rrsets.find((s) => s.type === RRType.A)!.rdata.map((w) => formatRdata(RRType.A, w))).toEqual(['192.0.2.1', '192.0.2.2']);
  });
});

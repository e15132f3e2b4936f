// Builds zone content for the migration tests: imported RRsets plus a DNSCove-style SOA and apex NS.
import type { Name } from '../../shared/dns/name.js';
import { parseRdata } from '../../shared/dns/rdata.js';
import { RRType } from '../../shared/dns/rr-type.js';
import type { ZoneContent } from '../../shared/dns/rrset.js';
import type { RRsetData } from '../../control/records/rrset-change.js';

/** The apex SOA and NS a DNSCove zone gets, for `nameservers`. */
export function dnscoveApex(origin: Name, nameservers: readonly string[], serial = 1): RRsetData[] {
  return [
    { name: origin, type: RRType.SOA, ttl: 3600, records: [`${nameservers[0]} hostmaster.${origin} ${serial} 3600 900 1209600 300`] },
    { name: origin, type: RRType.NS, ttl: 3600, records: [...nameservers] },
  ];
}

/** Presentation-form RRsets → wire-form zone content (what a snapshot holds). */
export function zoneContentOf(origin: Name, rrsets: readonly RRsetData[]): ZoneContent {
  return {
    origin,
    rrsets: rrsets.map((s) => ({ name: s.name, type: s.type, ttl: s.ttl, rdata: s.records.map((r) => parseRdata(s.type, r, origin)) })),
  };
}

// The RRsets DNSCove puts in every new zone: its SOA and the apex NS from DNSCOVE_NS.
import type { Name } from '../../shared/dns/name.js';
import { formatRdata, parseRdata } from '../../shared/dns/rdata.js';
import { RRType } from '../../shared/dns/rr-type.js';
import type { RRsetData } from '../records/rrset-change.js';

/** TTL of the system SOA and NS RRsets. */
export const SYSTEM_TTL = 3600;

/**
 * SOA timers (RFC 1912 §2.2 ranges): refresh 1 h, retry 15 min, expire 14 days, and a
 * negative-caching minimum of 5 min (RFC 2308 §5). The SERIAL written here is a placeholder:
 * every publish sets it to the zone's change serial.
 */
const SOA_TIMERS = '3600 900 1209600 300';

/**
 * The apex SOA (MNAME the first nameserver, RNAME the configured hostmaster mailbox) and NS
 * RRsets of a new zone, as canonical presentation text.
 */
export function systemRRsets(origin: Name, nameservers: readonly Name[], hostmaster: Name): RRsetData[] {
  const primary = nameservers[0];
  if (primary === undefined) throw new Error('zones: at least one nameserver must be configured');
  const soa = formatRdata(RRType.SOA, parseRdata(RRType.SOA, `${primary} ${hostmaster} 1 ${SOA_TIMERS}`, origin));
  const ns = nameservers.map((n) => formatRdata(RRType.NS, parseRdata(RRType.NS, n, origin)));
  return [
    { name: origin, type: RRType.SOA, ttl: SYSTEM_TTL, records: [soa] },
    { name: origin, type: RRType.NS, ttl: SYSTEM_TTL, records: ns },
  ];
}

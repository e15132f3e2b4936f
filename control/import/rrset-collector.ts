// Groups imported values into RRsets: one set per (name, type), values deduplicated, one TTL.
import { parseRdata, formatRdata } from '../../shared/dns/rdata.js';
import type { Name } from '../../shared/dns/name.js';
import { RRType, rrTypeToText } from '../../shared/dns/rr-type.js';
import type { RRsetData } from '../records/rrset-change.js';
import type { SkippedRecord } from './import-result.js';

interface Pending {
  name: Name;
  type: number;
  ttl: number;
  records: string[];
}

/** The zone's own DNSSEC material (RFC 4034, 5155, 7344): signatures and keys of the old signer. */
const SIGNING_TYPES: ReadonlySet<number> = new Set([RRType.RRSIG, RRType.NSEC, RRType.NSEC3, RRType.NSEC3PARAM, RRType.DNSKEY, RRType.CDS, RRType.CDNSKEY]);

/**
 * Why DNSCove does not import a record of this name and type, or undefined when it does:
 * the apex SOA and apex NS belong to DNSCove (the zone gets its own), SOA below the apex
 * cannot exist, and the old signer's DNSSEC records would go stale (DNSCove does not sign), so
 * they are skipped. Delegations (NS below the apex) and DS for child zones are imported.
 */
export function replacedByDnscove(name: Name, type: number, origin: Name): string | undefined {
  if (type === RRType.SOA) return name === origin ? 'apex SOA is replaced by the DNSCove SOA' : 'SOA below the zone apex is not allowed';
  if (type === RRType.ALIAS) return 'ALIAS is not a record type of zone files; set it through the records API, which resolves its target';
  if (type === RRType.NS && name === origin) return "apex NS is replaced by DNSCove's name servers";
  if (SIGNING_TYPES.has(type)) return 'DNSSEC signing data of the previous provider: DNSCove does not sign zones, so it would be stale';
  return undefined;
}

/**
 * Collects values into RRsets in first-seen order. Each value goes through the shared codecs
 * (parseRdata, then formatRdata), so it is validated exactly as the records API validates it
 * and stored in canonical text; equal values collapse (RFC 2181 §5). A set keeps the TTL of
 * its first value (RFC 2181 §5.2: one TTL per set). Not safe to share between imports.
 */
export class RRsetCollector {
  private readonly sets = new Map<string, Pending>();

  /**
   * `valueOrigin` completes relative names inside values: the zone's origin for zone files,
   * the root for Route 53 (which treats every name as fully qualified, dot or not).
   */
  constructor(private readonly valueOrigin: Name) {}

  /** Parses and adds one value; throws RdataError (untouched) when the value is invalid. */
  add(name: Name, type: number, ttl: number, value: string): void {
    const wire = parseRdata(type, value, this.valueOrigin);
    this.addWire(name, type, ttl, wire);
  }

  /** Adds one value already in wire form. */
  addWire(name: Name, type: number, ttl: number, wire: Uint8Array): void {
    const text = formatRdata(type, wire);
    const key = `${name} ${type}`;
    const set = this.sets.get(key);
    if (set === undefined) this.sets.set(key, { name, type, ttl, records: [text] });
    else if (!set.records.includes(text)) set.records.push(text);
  }

  /** The RRsets collected so far. */
  rrsets(): RRsetData[] {
    return [...this.sets.values()].map((s) => ({ name: s.name, type: s.type, ttl: s.ttl, records: [...s.records] }));
  }
}

/**
 * Drops every RRset at a name that has a CNAME beside other data (RFC 2181 §10.1; DNSSEC types
 * aside, which we do not import), recording each in `skipped`: importing only part of such a
 * name would serve something the source never served.
 */
export function withoutCnameConflicts(rrsets: readonly RRsetData[], skipped: SkippedRecord[]): RRsetData[] {
  const types = new Map<string, number[]>();
  for (const s of rrsets) types.set(s.name, [...(types.get(s.name) ?? []), s.type]);
  const conflicted = new Set([...types].filter(([, t]) => t.includes(RRType.CNAME) && t.length > 1).map(([n]) => n));
  const kept: RRsetData[] = [];
  for (const s of rrsets) {
    if (conflicted.has(s.name)) {
      skipped.push({ name: s.name, type: rrTypeToText(s.type), reason: 'CNAME beside other data at this name (RFC 2181 §10.1)' });
    } else {
      kept.push(s);
    }
  }
  return kept;
}

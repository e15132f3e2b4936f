// Generates the deterministic differential-test corpus from the fixture zones (seeded PRNG).
import { isSubdomain, parentName } from '../../shared/dns/name.js';
import type { Name } from '../../shared/dns/name.js';
import { createPrng } from '../helpers/prng.js';
import { CorpusBuilder, randomLabel, T } from './corpus-builder.js';
import type { CorpusQuery } from './corpus-builder.js';
import type { LoadedZone } from './fixture-zones.js';
import { addProtocolQueries } from './protocol-queries.js';

/** Types a name may lack: one of them is asked for at every name to get NODATA. */
const PROBE_TYPES = [T.A, T.AAAA, T.MX, T.TXT, T.SRV, T.CAA, T.PTR, T.NAPTR, T.HINFO, T.TLSA, T.SSHFP, T.HTTPS, T.SVCB, T.DNSKEY, T.CNAME, 65280];

/** Names no fixture zone contains nor encloses: REFUSED (the server is not authoritative). */
const OUT_OF_ZONE = ['.', 'com.', 'org.', 'test.', 'example.', 'example.net.', 'www.example.net.', 'ns2.example.net.', 'unserved.example.', 'xexample.com.', 'example.com.au.', 'other.test.', 'arpa.', 'target.example.invalid.'];

/** Every name a zone holds: owners plus the empty non-terminals between them and the apex. */
function zoneNames(zone: LoadedZone): { names: Name[]; types: Map<Name, Set<number>> } {
  const types = new Map<Name, Set<number>>();
  for (const e of zone.entries) {
    const set = types.get(e.owner) ?? new Set<number>();
    set.add(e.type);
    types.set(e.owner, set);
  }
  for (const owner of [...types.keys()]) {
    for (let p = parentName(owner); p !== null && isSubdomain(p, zone.origin) && p !== zone.origin; p = parentName(p)) {
      if (!types.has(p)) types.set(p, new Set());
    }
  }
  return { names: [...types.keys()].sort(), types };
}

/**
 * The corpus for `zones`, identical for the same seed and zones: every name × a spread of
 * types, nonexistent names at several depths, names under wildcards and below zone cuts,
 * large RRsets at every EDNS size over both transports, out-of-zone names, other classes
 * and the protocol cases (opcodes, QDCOUNT, QR=1, EDNS versions).
 */
export function generateCorpus(zones: readonly LoadedZone[], seed: number): CorpusQuery[] {
  const prng = createPrng(seed);
  const b = new CorpusBuilder(prng);
  for (const zone of zones) {
    const { names, types } = zoneNames(zone);
    const cuts = names.filter((n) => n !== zone.origin && types.get(n)?.has(T.NS) === true);
    names.forEach((name, i) => {
      const present = [...(types.get(name) ?? [])];
      const absent = PROBE_TYPES.filter((t) => !present.includes(t));
      const asked = new Set<number>([T.ANY, ...present, ...Array.from({ length: 5 }, () => prng.pick(absent)), T.NS, T.SOA, T.DS, T.A, T.AAAA, T.MX, T.TXT]);
      b.purpose = 'zone name';
      for (const qtype of asked) b.add(name, qtype);
      // The types that exist once more over each transport, so every RRset is seen on both.
      for (const qtype of [...present, T.ANY]) {
        b.add(name, qtype, { transport: 'udp' });
        b.add(name, qtype, { transport: 'tcp' });
      }
      // Nonexistent names at depths 1 to 3 below this one.
      b.purpose = 'nonexistent';
      const nxTypes = [T.A, T.AAAA, T.MX, T.TXT, T.ANY, T.NS, T.DS, T.CNAME, T.SOA];
      b.add(`${randomLabel(prng)}.${name}`, prng.pick(nxTypes));
      b.add(`${randomLabel(prng)}.${name}`, prng.pick(nxTypes));
      b.add(`${randomLabel(prng)}.${randomLabel(prng)}.${name}`, prng.pick(nxTypes));
      b.add(`${randomLabel(prng)}.${randomLabel(prng)}.${name}`, prng.pick(nxTypes));
      if (i % 2 === 0) b.add(`${randomLabel(prng)}.${randomLabel(prng)}.${randomLabel(prng)}.${name}`, prng.pick(nxTypes));
    });
    // Names a wildcard synthesises from, one and two labels deep (RFC 4592 §3.3.1).
    b.purpose = 'wildcard';
    for (const wildcard of names.filter((n) => n.startsWith('*.'))) {
      const parent = wildcard.slice(2);
      for (const qtype of [T.A, T.AAAA, T.MX, T.TXT, T.CNAME, T.ANY, T.NS, T.DS, T.SOA]) b.add(`${randomLabel(prng)}.${parent}`, qtype);
      for (const qtype of [T.A, T.TXT, T.MX]) b.add(`${randomLabel(prng)}.${randomLabel(prng)}.${parent}`, qtype);
      b.add(`${randomLabel(prng)}.${wildcard}`, T.A);
    }
    // Names at and below zone cuts: referrals (RFC 1034 §4.3.2 step 3b).
    b.purpose = 'below cut';
    for (const cut of cuts) {
      for (const qtype of [T.A, T.AAAA, T.NS, T.DS, T.SOA, T.ANY, T.MX, T.TXT]) {
        b.add(`${randomLabel(prng)}.${cut}`, qtype);
        b.add(`${randomLabel(prng)}.${randomLabel(prng)}.${cut}`, qtype);
      }
    }
    // Large RRsets at every EDNS size over both transports, for truncation (RFC 1035 §4.2.1, RFC 6891 §7).
    b.purpose = 'large';
    // Large referrals too: a name below a cut with many NS records, whose glue may not fit.
    const nsCount = (owner: Name): number => zone.entries.filter((e) => e.owner === owner && e.type === T.NS).length;
    const largeReferrals = cuts.filter((cut) => nsCount(cut) >= 8).map((cut) => `host.${cut}` as Name);
    const large = [...names.filter((n) => /^(big|bigger|huge|manya)\./.test(n)), ...largeReferrals];
    for (const name of large) {
      for (const qtype of [...(types.get(name) ?? [T.A]), T.ANY]) {
        for (const transport of ['udp', 'tcp'] as const) {
          for (const edns of [undefined, { udpSize: 512 }, { udpSize: 1232 }, { udpSize: 4096 }, { udpSize: 1232, dnssecOk: true }, { udpSize: 4096, dnssecOk: true }, { udpSize: 100 }, { udpSize: 700 }, { udpSize: 1000 }, { udpSize: 1400 }, { udpSize: 2048 }, { udpSize: 65535 }]) {
            b.add(name, qtype, { transport, edns });
          }
        }
      }
    }
  }
  b.purpose = 'out of zone';
  for (const name of OUT_OF_ZONE) {
    for (const qtype of [T.A, T.NS, T.SOA, T.ANY, T.DS, T.TXT]) b.add(name, qtype);
  }
  addProtocolQueries(b, zones.map((z) => z.origin));
  return b.queries;
}


// A zone with journal deltas laid over its snapshot must answer exactly as a zone built fresh
// from the same final content: every name, type and outcome (cuts, DNAMEs, wildcards, empty
// non-terminals appearing and vanishing) is compared byte for byte over random change runs.
import { describe, expect, it } from 'vitest';
import { parseName } from '../../../shared/dns/name.js';
import type { Name } from '../../../shared/dns/name.js';
import { RRType } from '../../../shared/dns/rr-type.js';
import type { RRset, ZoneContent } from '../../../shared/dns/rrset.js';
import { deltaBody, encodeDelta } from '../../../shared/snapshot/delta.js';
import { parseZoneFile } from '../../../shared/zonefile/parse-zone-file.js';
import { LayeredZone } from '../../../edge/index/layered-zone.js';
import { buildZoneIndex } from '../../../edge/index/zone-builder.js';
import { ZoneIndexError } from '../../../edge/index/zone-index-error.js';
import { ZoneTable } from '../../../edge/index/zone-table.js';
import type { ZoneData } from '../../../edge/index/zone-data.js';
import { createPrng } from '../../helpers/prng.js';
import type { Prng } from '../../helpers/prng.js';
import { answerQuery, encodeQuery, zoneFromText } from './edge-fixture.js';
import { EXAMPLE_COM } from './zones.js';

const ORIGIN = 'example.com.';
const QTYPES = ['A', 'AAAA', 'TXT', 'MX', 'NS', 'CNAME', 'DNAME', 'SOA', 'DS', 'ANY'];
/** Owners the runs change: existing names, new deep names (new empty non-terminals), wildcards and names below cuts. */
const DATA_OWNERS = ['@', 'www', 'mail', 'a.b.c', 'x.y.z.new', 'y.z.new', 'deep.er.new', '*.wc', '*.new', 'q.wc', 'ns1.sub', 'deep.sub', 'ns1.child', 'in.dn1', 'leaf.cut1', 'anyt', 'b.c'];
const CUT_OWNERS = ['cut1', 'sub', 'z.new'];
const DNAME_OWNERS = ['dn1', 'er.new'];
const CNAME_OWNERS = ['cn1', 'cn2.new', 'alias'];

/** One record in zone-file text, parsed to wire RDATA. */
function rrsetOf(owner: string, type: string, values: readonly string[], ttl: number): RRset {
  const text = values.map((v) => `${owner} ${ttl} IN ${type} ${v}`).join('\n');
  const records = parseZoneFile(`$ORIGIN ${ORIGIN}\n${text}\n`, { origin: parseName(ORIGIN) }).records;
  return { name: records[0]!.name, type: records[0]!.type, ttl, rdata: records.map((r) => r.rdata) };
}

function randomRRset(rng: Prng, serial: number): RRset | { name: Name; type: number; ttl: number; rdata: [] } {
  const ttl = 60 + rng.int(3) * 60;
  const kind = rng.int(10);
  if (kind === 0) return rrsetOf('@', 'SOA', [`ns1 hostmaster ${serial} 7200 3600 1209600 ${rng.pick([60, 300])}`], rng.pick([300, 3600]));
  if (kind === 1) {
    const owner = rng.pick(CUT_OWNERS);
    return rng.chance(0.3) ? emptySet(owner, RRType.NS) : rrsetOf(owner, 'NS', rng.chance(0.5) ? ['ns1.example.net.'] : [`ns.${owner}`, 'ns1'], ttl);
  }
  if (kind === 2) {
    const owner = rng.pick(DNAME_OWNERS);
    return rng.chance(0.3) ? emptySet(owner, RRType.DNAME) : rrsetOf(owner, 'DNAME', [rng.pick(['example.org.', 'www', 'b.c'])], ttl);
  }
  if (kind === 3) {
    const owner = rng.pick(CNAME_OWNERS);
    return rng.chance(0.3) ? emptySet(owner, RRType.CNAME) : rrsetOf(owner, 'CNAME', [rng.pick(['www', 'nothere', 'x.wc', 'www.example.org.', 'in.dn1', 'mail'])], ttl);
  }
  const owner = rng.pick(DATA_OWNERS);
  const type = rng.pick(['A', 'AAAA', 'TXT', 'MX']);
  if (rng.chance(0.3)) return emptySet(owner, RRType[type as 'A']);
  const count = 1 + rng.int(3);
  const values = [...new Set(Array.from({ length: count }, () => {
    switch (type) {
      case 'A':
        return `192.0.2.${rng.int(250)}`;
      case 'AAAA':
        return `2001:db8::${rng.int(9999)}`;
      case 'TXT':
        return `"t${rng.int(1000)}"`;
      default:
        return `${rng.int(50)} ${rng.pick(['mail', 'www', 'mx.example.net.', 'x.y.z.new'])}`;
    }
  }))];
  return rrsetOf(owner, type, values, ttl);
}

function emptySet(owner: string, type: number): { name: Name; type: number; ttl: number; rdata: [] } {
  return { name: parseName(owner === '@' ? ORIGIN : `${owner}.${ORIGIN}`), type, ttl: 0, rdata: [] };
}

/** The zone content as RRsets per name, changed the way the edge's overlay changes it: in place, new types in type order. */
class ContentModel {
  readonly #byName = new Map<Name, RRset[]>();

  constructor(zone: ZoneContent) {
    for (const rrset of zone.rrsets) this.#byName.set(rrset.name, [...(this.#byName.get(rrset.name) ?? []), rrset]);
  }

  change(rrset: RRset): void {
    const list = this.#byName.get(rrset.name) ?? [];
    const at = list.findIndex((r) => r.type === rrset.type);
    if (rrset.rdata.length === 0) {
      if (at >= 0) list.splice(at, 1);
    } else if (at >= 0) list[at] = rrset;
    else {
      const before = list.findIndex((r) => r.type > rrset.type);
      list.splice(before < 0 ? list.length : before, 0, rrset);
    }
    if (list.length === 0) this.#byName.delete(rrset.name);
    else this.#byName.set(rrset.name, list);
  }

  types(name: Name): number[] {
    return (this.#byName.get(name) ?? []).map((r) => r.type);
  }

  content(): ZoneContent {
    return { origin: parseName(ORIGIN), rrsets: [...this.#byName.values()].flat() };
  }
}

/** Keeps the content valid where our control plane would refuse it: no CNAME beside other data. */
function allowed(model: ContentModel, rrset: RRset): boolean {
  if (rrset.rdata.length === 0) return true;
  const types = model.types(rrset.name).filter((t) => t !== rrset.type);
  if (rrset.type === RRType.CNAME) return types.length === 0;
  return !types.includes(RRType.CNAME);
}

function deltaOf(seq: number, serial: number, rrsets: readonly RRset[]): Buffer {
  return deltaBody(encodeDelta({ origin: parseName(ORIGIN), seq, serial, rrsets }));
}

function queryNames(): string[] {
  const owners = [...DATA_OWNERS, ...CUT_OWNERS, ...DNAME_OWNERS, ...CNAME_OWNERS, 'b', 'c', 'z', 'new', 'er.new', 'y.z.new', 'x.sub', 'nx', 'x.cut1', 'a.b.x.cut1', 'w.in.dn1', 'in.er.new', 'o.wc', 'p.q.wc', 'any.new', 'ns.cut1', 'ns.z.new', 'ns1.sub', 'x.ns1.child'];
  const names = new Set<string>();
  for (const o of owners) {
    const name = o === '@' ? ORIGIN : `${o}.${ORIGIN}`;
    names.add(name);
    names.add(`deeper.${name}`);
  }
  return [...names];
}

function answers(zone: ZoneData): string[] {
  const table = new ZoneTable([zone]);
  const out: string[] = [];
  for (const name of queryNames()) {
    for (const qtype of QTYPES) {
      const reply = answerQuery(encodeQuery(name, qtype, { edns: 4096 }), { table, tcp: false, ipv6: false }, (err) => {
        throw err;
      });
      out.push(`${name} ${qtype} ${reply?.toString('hex') ?? 'none'}`);
    }
  }
  return out;
}

describe('LayeredZone: a snapshot with deltas applied answers as the final content built fresh', () => {
  const base = zoneFromText(EXAMPLE_COM);
  for (const seed of [1, 2, 3, 4, 5, 6]) {
    it(`random run ${seed}: 40 deltas of 1 to 4 RRsets, compared after each of them`, () => {
      const rng = createPrng(seed);
      const model = new ContentModel(base);
      let served: ZoneData = buildZoneIndex(base);
      for (let seq = 1; seq <= 40; seq++) {
        const serial = 100 + seq;
        const changes: RRset[] = [rrsetOf('@', 'SOA', [`ns1 hostmaster ${serial} 7200 3600 1209600 300`], 3600)];
        for (let i = 1 + rng.int(4); i > 0; i--) {
          const rrset = randomRRset(rng, serial);
          if (rrset.type !== RRType.SOA && allowed(model, rrset)) changes.push(rrset);
        }
        for (const rrset of changes) model.change(rrset);
        const layered = LayeredZone.apply(served, [deltaOf(seq, serial, changes)]);
        expect(layered.seq).toBe(seq);
        expect(layered.serial).toBe(serial);
        const fresh = buildZoneIndex(model.content());
        expect(layered.recordCount).toBe(fresh.recordCount);
        expect(answers(layered)).toEqual(answers(fresh));
        served = layered;
      }
    });
  }

  it('applies several deltas in one call as it applies them one by one', () => {
    const soa = (serial: number): RRset => rrsetOf('@', 'SOA', [`ns1 hostmaster ${serial} 7200 3600 1209600 300`], 3600);
    const d1 = deltaOf(1, 2, [soa(2), rrsetOf('x.y.z.new', 'A', ['192.0.2.5'], 60)]);
    const d2 = deltaOf(2, 3, [soa(3), rrsetOf('cut1', 'NS', ['ns1'], 60), emptySet('www', RRType.A)]);
    const zone = buildZoneIndex(base);
    expect(answers(LayeredZone.apply(zone, [d1, d2]))).toEqual(answers(LayeredZone.apply(LayeredZone.apply(zone, [d1]), [d2])));
  });

  it('refuses a delta for another zone, one that removes the SOA, and one that is cut short; nothing of it applies', () => {
    const zone = buildZoneIndex(base);
    const other = deltaBody(encodeDelta({ origin: parseName('example.org.'), seq: 1, serial: 2, rrsets: [] }));
    expect(() => LayeredZone.apply(zone, [other])).toThrow(ZoneIndexError);
    expect(() => LayeredZone.apply(zone, [deltaOf(1, 2, [emptySet('@', RRType.SOA)])])).toThrow(/no SOA/);
    const whole = deltaOf(1, 2, [rrsetOf('www', 'A', ['192.0.2.9'], 60)]);
    expect(() => LayeredZone.apply(zone, [whole.subarray(0, whole.length - 2)])).toThrow(ZoneIndexError);
    expect(answers(zone)).toEqual(answers(buildZoneIndex(base)));
  });
});

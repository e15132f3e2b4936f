// Table tests for the answer path (edge/answer.ts over lookup.ts and encode.ts): zone in,
// query in, rcode, flags and sections out. Expected values are what NSD 4.6 answers with
// `minimal-responses: yes` for the same zone (checked by hand against /usr/sbin/nsd).
import { describe, expect, it } from 'vitest';
import { answerQuery, decodeResponse, encodeQuery, tableFromTexts } from './edge-fixture.js';
import type { QueryOptions } from './edge-fixture.js';
import { CHILD_EXAMPLE_COM, EXAMPLE_COM } from './zones.js';

const table = tableFromTexts(EXAMPLE_COM, CHILD_EXAMPLE_COM);
const SOA_NEG = 'example.com. 300 SOA ns1.example.com hostmaster.example.com 1 7200 3600 1209600 300';
const SUB_NS = [
  'sub.example.com. 3600 NS ns1.sub.example.com',
  'sub.example.com. 3600 NS ns2.sub.example.com',
  'sub.example.com. 3600 NS ns.example.net',
  'sub.example.com. 3600 NS ns1.example.com',
];
// NSD: all A glue first, then all AAAA glue; in-zone NS targets count, not just glue below the cut.
const SUB_GLUE = [
  'ns1.sub.example.com. 3600 A 192.0.2.100',
  'ns1.example.com. 3600 A 192.0.2.53',
  'ns2.sub.example.com. 3600 AAAA 2001:db8::100',
  'ns1.example.com. 3600 AAAA 2001:db8::53',
];

interface Case {
  readonly name: string;
  readonly qname: string;
  readonly qtype: string;
  readonly options?: QueryOptions & { tcp?: boolean; ipv6?: boolean };
  readonly rcode?: string;
  readonly aa: boolean;
  readonly tc?: boolean;
  readonly answer?: string[];
  readonly authority?: string[];
  readonly additional?: string[];
}

const cases: Case[] = [
  { name: 'answer', qname: 'www.example.com', qtype: 'A', aa: true, answer: ['www.example.com. 3600 A 192.0.2.10'] },
  { name: 'answer, no additional for MX (minimal)', qname: 'example.com', qtype: 'MX', aa: true, answer: ['example.com. 3600 MX 10 mail.example.com'] },
  {
    name: 'NS at the apex gets A then AAAA of in-zone targets',
    qname: 'example.com',
    qtype: 'NS',
    aa: true,
    answer: ['example.com. 3600 NS ns1.example.com', 'example.com. 3600 NS ns2.example.net'],
    additional: ['ns1.example.com. 3600 A 192.0.2.53', 'ns1.example.com. 3600 AAAA 2001:db8::53'],
  },
  {
    name: 'over IPv6 AAAA glue comes first',
    qname: 'example.com',
    qtype: 'NS',
    options: { ipv6: true },
    aa: true,
    answer: ['example.com. 3600 NS ns1.example.com', 'example.com. 3600 NS ns2.example.net'],
    additional: ['ns1.example.com. 3600 AAAA 2001:db8::53', 'ns1.example.com. 3600 A 192.0.2.53'],
  },
  { name: 'NODATA', qname: 'www.example.com', qtype: 'MX', aa: true, authority: [SOA_NEG] },
  { name: 'NXDOMAIN', qname: 'nx.example.com', qtype: 'A', rcode: 'NXDOMAIN', aa: true, authority: [SOA_NEG] },
  { name: 'empty non-terminal is NODATA', qname: 'b.c.example.com', qtype: 'A', aa: true, authority: [SOA_NEG] },
  { name: 'wildcard parent that exists only as ENT is NODATA', qname: 'c.example.com', qtype: 'A', aa: true, authority: [SOA_NEG] },
  { name: 'wildcard synthesis', qname: 'x.c.example.com', qtype: 'A', aa: true, answer: ['x.c.example.com. 3600 A 192.0.2.78'] },
  { name: 'wildcard blocked by an existing ENT', qname: 'zz.b.c.example.com', qtype: 'A', rcode: 'NXDOMAIN', aa: true, authority: [SOA_NEG] },
  { name: 'wildcard NODATA', qname: 'foo.wc.example.com', qtype: 'MX', aa: true, authority: [SOA_NEG] },
  { name: 'wildcard does not cover its own parent', qname: 'wc.example.com', qtype: 'A', aa: true, authority: [SOA_NEG] },
  { name: 'wildcard, several labels deep', qname: 'a.b.wc.example.com', qtype: 'TXT', aa: true, answer: ['a.b.wc.example.com. 3600 TXT "wild"'] },
  {
    name: 'CNAME chain followed',
    qname: 'alias2.example.com',
    qtype: 'A',
    aa: true,
    answer: ['alias2.example.com. 3600 CNAME alias.example.com', 'alias.example.com. 3600 CNAME www.example.com', 'www.example.com. 3600 A 192.0.2.10'],
  },
  { name: 'CNAME asked for is not followed', qname: 'alias2.example.com', qtype: 'CNAME', aa: true, answer: ['alias2.example.com. 3600 CNAME alias.example.com'] },
  { name: 'CNAME loop stops', qname: 'loop1.example.com', qtype: 'A', aa: true, answer: ['loop1.example.com. 3600 CNAME loop2.example.com', 'loop2.example.com. 3600 CNAME loop1.example.com'] },
  {
    name: 'wildcard CNAME loop stops as in NSD',
    qname: 'x.loopw.example.com',
    qtype: 'A',
    aa: true,
    answer: ['x.loopw.example.com. 3600 CNAME x.loopw.example.com', 'x.loopw.example.com. 3600 CNAME x.loopw.example.com'],
  },
  { name: 'CNAME out of our zones', qname: 'ext.example.com', qtype: 'A', aa: true, answer: ['ext.example.com. 3600 CNAME www.example.org'] },
  {
    name: 'CNAME to a missing name is NXDOMAIN with the CNAME',
    qname: 'cn2nx.example.com',
    qtype: 'A',
    rcode: 'NXDOMAIN',
    aa: true,
    answer: ['cn2nx.example.com. 3600 CNAME nothere.example.com'],
    authority: [SOA_NEG],
  },
  {
    name: 'CNAME into a delegation: referral after the CNAME, AA kept',
    qname: 'cn2sub.example.com',
    qtype: 'A',
    aa: true,
    answer: ['cn2sub.example.com. 3600 CNAME x.sub.example.com'],
    authority: SUB_NS,
    additional: SUB_GLUE,
  },
  {
    name: 'CNAME into a nested zone we serve',
    qname: 'cn2child.example.com',
    qtype: 'A',
    aa: true,
    answer: ['cn2child.example.com. 3600 CNAME www.child.example.com', 'www.child.example.com. 600 A 192.0.2.201'],
  },
  {
    name: 'DNAME: the DNAME and a synthesised CNAME (RFC 6672 §3.1)',
    qname: 'x.dn.example.com',
    qtype: 'A',
    aa: true,
    answer: ['dn.example.com. 3600 DNAME example.net', 'x.dn.example.com. 3600 CNAME x.example.net'],
  },
  {
    name: 'DNAME into a wildcard is followed',
    qname: 'a.dn2.example.com',
    qtype: 'A',
    aa: true,
    answer: ['dn2.example.com. 3600 DNAME wc.example.com', 'a.dn2.example.com. 3600 CNAME a.wc.example.com', 'a.wc.example.com. 3600 A 192.0.2.99'],
  },
  {
    name: 'DNAME loop between two names stops',
    qname: 'x.dnb.example.com',
    qtype: 'A',
    aa: true,
    answer: ['dnb.example.com. 3600 DNAME dnc.example.com', 'x.dnb.example.com. 3600 CNAME x.dnc.example.com', 'dnc.example.com. 3600 DNAME dnb.example.com', 'x.dnc.example.com. 3600 CNAME x.dnb.example.com'],
  },
  {
    name: 'DNAME to its own subtree stops after one step',
    qname: 'x.dnloop.example.com',
    qtype: 'A',
    aa: true,
    answer: ['dnloop.example.com. 3600 DNAME x.dnloop.example.com', 'x.dnloop.example.com. 3600 CNAME x.x.dnloop.example.com'],
  },
  { name: 'DNAME owner itself is ordinary data', qname: 'dn.example.com', qtype: 'A', aa: true, authority: [SOA_NEG] },
  {
    name: 'DNAME making a name too long: YXDOMAIN',
    qname: `${'a'.repeat(62)}.${'a'.repeat(62)}.${'a'.repeat(62)}.${'a'.repeat(40)}.dl.example.com`,
    qtype: 'A',
    rcode: 'YXDOMAIN',
    aa: true,
    answer: ['dl.example.com. 3600 DNAME a-much-longer-target-name.example.com'],
  },
  { name: 'referral below a cut', qname: 'deep.sub.example.com', qtype: 'A', aa: false, authority: SUB_NS, additional: SUB_GLUE },
  { name: 'referral at the cut', qname: 'sub.example.com', qtype: 'A', aa: false, authority: SUB_NS, additional: SUB_GLUE },
  { name: 'referral for NS at the cut', qname: 'sub.example.com', qtype: 'NS', aa: false, authority: SUB_NS, additional: SUB_GLUE },
  { name: 'referral for glue names', qname: 'ns1.sub.example.com', qtype: 'A', aa: false, authority: SUB_NS, additional: SUB_GLUE },
  { name: 'referral for ANY at the cut', qname: 'sub.example.com', qtype: 'ANY', aa: false, authority: SUB_NS, additional: SUB_GLUE },
  {
    name: 'DS at a cut is answered by the parent',
    qname: 'sub.example.com',
    qtype: 'DS',
    aa: true,
    answer: ['sub.example.com. 3600 DS 12345 8 2 0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef'],
  },
  { name: 'DS below a cut is a referral', qname: 'x.sub.example.com', qtype: 'DS', aa: false, authority: SUB_NS, additional: SUB_GLUE },
  { name: 'DS at a nested zone apex comes from the parent zone', qname: 'child.example.com', qtype: 'DS', aa: true, authority: [SOA_NEG] },
  {
    name: 'nested zone answers for itself',
    qname: 'child.example.com',
    qtype: 'NS',
    aa: true,
    answer: ['child.example.com. 600 NS ns1.child.example.com'],
    additional: ['ns1.child.example.com. 600 A 192.0.2.200'],
  },
  {
    name: 'nested zone NXDOMAIN uses its own SOA',
    qname: 'nx.child.example.com',
    qtype: 'A',
    rcode: 'NXDOMAIN',
    aa: true,
    authority: ['child.example.com. 600 SOA ns1.child.example.com h.child.example.com 5 7200 3600 1209600 900'],
  },
  { name: 'ANY: one RRset, the first preferred type', qname: 'anyp.example.com', qtype: 'ANY', aa: true, answer: ['anyp.example.com. 3600 AAAA ::1'] },
  { name: 'ANY: without a preferred type, the last RRset', qname: 'anyt.example.com', qtype: 'ANY', aa: true, answer: ['anyt.example.com. 3600 HINFO {"cpu":"cpu","os":"os"}'] },
  { name: 'ANY at the apex: the SOA', qname: 'example.com', qtype: 'ANY', aa: true, answer: ['example.com. 3600 SOA ns1.example.com hostmaster.example.com 1 7200 3600 1209600 300'] },
  { name: 'name in no zone is REFUSED', qname: 'www.example.org', qtype: 'A', rcode: 'REFUSED', aa: false },
  { name: 'QCLASS ANY: no AA', qname: 'www.example.com', qtype: 'A', options: { qclass: 'ANY' }, aa: false, answer: ['www.example.com. 3600 A 192.0.2.10'] },
  { name: 'QCLASS ANY NXDOMAIN: no SOA', qname: 'nx.example.com', qtype: 'A', options: { qclass: 'ANY' }, rcode: 'NXDOMAIN', aa: false },
  { name: 'QCLASS CH is REFUSED', qname: 'www.example.com', qtype: 'A', options: { qclass: 'CH' }, rcode: 'REFUSED', aa: false },
  { name: 'big answer over plain UDP: TC and an empty answer', qname: 'big.example.com', qtype: 'TXT', aa: true, tc: true },
  { name: 'big answer with EDNS fits', qname: 'big.example.com', qtype: 'TXT', options: { edns: 1232 }, aa: true, answer: Array.from({ length: 6 }, (_, i) => `big.example.com. 3600 TXT "${i}123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789"`) },
  {
    name: 'glue RRset that does not fit is dropped without TC; later sets in the section still tried',
    qname: 'x.part.example.com',
    qtype: 'A',
    aa: false,
    authority: ['part.example.com. 3600 NS ns-a.part.example.com', 'part.example.com. 3600 NS ns-b.part.example.com'],
    additional: ['ns-b.part.example.com. 3600 A 10.0.1.1'],
  },
];

describe('answerQuery outcomes (NSD minimal-responses)', () => {
  it.each(cases)('$name', (c) => {
    const response = answerQuery(encodeQuery(c.qname, c.qtype, c.options), { table, tcp: c.options?.tcp ?? false, ipv6: c.options?.ipv6 ?? false }, (err) => {
      throw err;
    });
    expect(response).not.toBeNull();
    const r = decodeResponse(response!);
    expect(r.rcode).toBe(c.rcode ?? 'NOERROR');
    expect(r.flags.aa).toBe(c.aa);
    expect(r.flags.tc).toBe(c.tc ?? false);
    expect(r.flags.ra).toBe(false);
    expect(r.answer).toEqual(c.answer ?? []);
    expect(r.authority).toEqual(c.authority ?? []);
    expect(r.additional).toEqual(c.additional ?? []);
  });
});

describe('answerQuery protocol details', () => {
  const ctx = { table, tcp: false, ipv6: false };
  const fail = (err: unknown): never => {
    throw err;
  };

  it('echoes the question with the client spelling and compresses owners into it', () => {
    const r = answerQuery(encodeQuery('WwW.ExAmple.COM', 'A'), ctx, fail)!;
    expect(r.subarray(12, 29).toString('latin1')).toContain('WwW');
    expect(decodeResponse(r).answer).toEqual(['WwW.ExAmple.COM. 3600 A 192.0.2.10']);
    // header 12 + question 21 + answer (pointer 2 + 10 + 4)
    expect(r.length).toBe(12 + 21 + 16);
  });

  it('copies RD, the ID and the DO bit; answers with our EDNS size', () => {
    const r = decodeResponse(answerQuery(encodeQuery('www.example.com', 'A', { id: 777, rd: true, edns: 4096, dnssecOk: true }), ctx, fail)!);
    expect(r.id).toBe(777);
    expect(r.flags.rd).toBe(true);
    expect(r.opt).toEqual({ size: 1232, extendedRcode: 0, dnssecOk: true, options: [] });
  });

  it('REFUSED for a name in no zone carries EDE 20 when the query had EDNS', () => {
    const r = decodeResponse(answerQuery(encodeQuery('www.example.org', 'A', { edns: 1232 }), ctx, fail)!);
    expect(r.rcode).toBe('REFUSED');
    expect(r.question).toEqual(['www.example.org. A IN']);
    expect(r.opt?.options).toEqual([15]);
  });

  it('a DS RRset at an apex whose parent we do not serve is not served: NODATA (as NSD)', () => {
    const apexDs = tableFromTexts('$ORIGIN apexds.test.\n$TTL 300\n@ SOA ns1 h 1 2 3 4 60\n@ NS ns1\n@ DS 1 8 2 0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF\nns1 A 192.0.2.1\n');
    const r = decodeResponse(answerQuery(encodeQuery('apexds.test', 'DS'), { ...ctx, table: apexDs }, fail)!);
    expect([r.rcode, r.flags.aa, r.answer, r.authority]).toEqual(['NOERROR', true, [], ['apexds.test. 60 SOA ns1.apexds.test h.apexds.test 1 2 3 4 60']]);
  });

  it('TCP carries answers far over 1232 bytes', () => {
    const r = decodeResponse(answerQuery(encodeQuery('x.part.example.com', 'A'), { ...ctx, tcp: true }, fail)!);
    expect(r.flags.tc).toBe(false);
    expect(r.additional).toHaveLength(33);
  });

  it('AXFR is NOTIMP over UDP and REFUSED over TCP; IXFR for a non-zone is NOTAUTH', () => {
    expect(decodeResponse(answerQuery(encodeQuery('example.com', 'AXFR'), ctx, fail)!).rcode).toBe('NOTIMP');
    expect(decodeResponse(answerQuery(encodeQuery('example.com', 'AXFR'), { ...ctx, tcp: true }, fail)!).rcode).toBe('REFUSED');
    expect(decodeResponse(answerQuery(encodeQuery('www.example.com', 'IXFR'), ctx, fail)!).rcode).toBe('NOTAUTH');
  });

  it('answers or drops mutated and random packets without an internal fault', () => {
    let seed = 7;
    const random = (n: number): number => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) % n);
    const seeds = cases.map((c) => encodeQuery(c.qname, c.qtype, { edns: random(2) === 0 ? undefined : 1232 }));
    const faults: unknown[] = [];
    for (let i = 0; i < 20_000; i++) {
      const packet = Buffer.from(seeds[random(seeds.length)]!);
      for (let m = random(4); m >= 0; m--) packet[random(packet.length)] = random(256);
      const cut = random(3) === 0 ? packet.subarray(0, random(packet.length + 1)) : packet;
      answerQuery(cut, { ...ctx, tcp: random(2) === 0 }, (err) => faults.push(err));
    }
    expect(faults).toEqual([]);
  });
});

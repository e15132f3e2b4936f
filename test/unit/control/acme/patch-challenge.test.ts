// Table tests of patchChallenge: published content in, the same content with one TXT value added or removed out.
import { describe, expect, it } from 'vitest';
import { patchChallenge } from '../../../../control/acme/patch-challenge.js';
import { parseName } from '../../../../shared/dns/name.js';
import type { Name } from '../../../../shared/dns/name.js';
import { parseRdata } from '../../../../shared/dns/rdata.js';
import { RRType } from '../../../../shared/dns/rr-type.js';
import type { RRset, ZoneContent } from '../../../../shared/dns/rrset.js';

const origin = parseName('example.com.');
const owner = parseName('_acme-challenge.example.com.');
const txt = (v: string): Buffer => parseRdata(RRType.TXT, `"${v}"`, origin);
const set = (name: string, type: number, values: Buffer[], ttl = 300): RRset => ({ name: parseName(name), type, ttl, rdata: values });

const apexSoa = set('example.com.', RRType.SOA, [parseRdata(RRType.SOA, 'ns1.example.net. h.example.net. 7 3600 900 1209600 300', origin)]);
const apexNs = set('example.com.', RRType.NS, [parseRdata(RRType.NS, 'ns1.example.net.', origin)]);
const www = set('www.example.com.', RRType.A, [parseRdata(RRType.A, '192.0.2.1', origin)]);
const base: ZoneContent = { origin, rrsets: [apexSoa, apexNs, www] };

/** Owner/type/TTL/values of each RRset, in order: what the snapshot would carry. */
const shape = (c: ZoneContent): string[] => c.rrsets.map((s) => `${s.name} ${s.type} ${s.ttl} ${s.rdata.map((r) => r.toString('latin1', 1)).join(',')}`);

const cases: { why: string; content: ZoneContent; action: 'PRESENT' | 'CLEANUP'; value: string; at?: Name; expected: string[] }[] = [
  {
    why: 'PRESENT on an empty name adds a TTL-60 RRset in canonical order (before www)',
    content: base,
    action: 'PRESENT',
    value: 'a1',
    expected: [shape(base)[0]!, shape(base)[1]!, `_acme-challenge.example.com. 16 60 a1`, shape(base)[2]!],
  },
  {
    why: 'PRESENT merges with a value already there',
    content: { origin, rrsets: [apexSoa, apexNs, set('_acme-challenge.example.com.', RRType.TXT, [txt('a1')], 60), www] },
    action: 'PRESENT',
    value: 'b2',
    expected: [shape(base)[0]!, shape(base)[1]!, `_acme-challenge.example.com. 16 60 a1,b2`, shape(base)[2]!],
  },
  {
    why: 'PRESENT of a value present changes nothing',
    content: { origin, rrsets: [apexSoa, apexNs, set('_acme-challenge.example.com.', RRType.TXT, [txt('a1')], 60), www] },
    action: 'PRESENT',
    value: 'a1',
    expected: [shape(base)[0]!, shape(base)[1]!, `_acme-challenge.example.com. 16 60 a1`, shape(base)[2]!],
  },
  {
    why: 'CLEANUP removes one value and keeps the other',
    content: { origin, rrsets: [apexSoa, apexNs, set('_acme-challenge.example.com.', RRType.TXT, [txt('a1'), txt('b2')], 60), www] },
    action: 'CLEANUP',
    value: 'a1',
    expected: [shape(base)[0]!, shape(base)[1]!, `_acme-challenge.example.com. 16 60 b2`, shape(base)[2]!],
  },
  {
    why: 'CLEANUP of the last value drops the RRset',
    content: { origin, rrsets: [apexSoa, apexNs, set('_acme-challenge.example.com.', RRType.TXT, [txt('a1')], 60), www] },
    action: 'CLEANUP',
    value: 'a1',
    expected: shape(base),
  },
  { why: 'CLEANUP of an absent value changes nothing', content: base, action: 'CLEANUP', value: 'zz', expected: shape(base) },
  {
    why: 'PRESENT below www goes after www (canonical order)',
    content: base,
    action: 'PRESENT',
    value: 'c3',
    at: parseName('_acme-challenge.www.example.com.'),
    expected: [...shape(base), `_acme-challenge.www.example.com. 16 60 c3`],
  },
];

describe('patchChallenge', () => {
  it.each(cases)('$why', ({ content, action, value, at, expected }) => {
    const before = shape(content);
    const patched = patchChallenge(content, at ?? owner, txt(value), action, 60);
    expect(shape(patched)).toEqual(expected);
    expect(patched.origin).toBe(origin);
    expect(shape(content)).toEqual(before);
  });
});

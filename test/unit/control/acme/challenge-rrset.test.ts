// Table tests of challengeRRset: the TXT RRset published at a challenge name in, the same with one value added or removed out.
import { describe, expect, it } from 'vitest';
import { challengeRRset } from '../../../../control/acme/challenge-rrset.js';
import { parseName } from '../../../../shared/dns/name.js';
import { parseRdata } from '../../../../shared/dns/rdata.js';
import { RRType } from '../../../../shared/dns/rr-type.js';
import type { RRset } from '../../../../shared/dns/rrset.js';

const origin = parseName('example.com.');
const owner = parseName('_acme-challenge.example.com.');
const txt = (v: string): Buffer => parseRdata(RRType.TXT, `"${v}"`, origin);
const published = (values: string[], ttl = 60): RRset => ({ name: owner, type: RRType.TXT, ttl, rdata: values.map(txt) });

/** Owner, type, TTL and values: what the delta would carry. */
const shape = (r: RRset): string => `${r.name} ${r.type} ${r.ttl} ${r.rdata.map((d) => d.toString('latin1', 1)).join(',')}`;

const cases: { why: string; published: RRset | undefined; action: 'PRESENT' | 'CLEANUP'; value: string; expected: string }[] = [
  { why: 'PRESENT on a name with nothing published gives a TTL-60 RRset of the value', published: undefined, action: 'PRESENT', value: 'a1', expected: `${owner} 16 60 a1` },
  { why: 'PRESENT merges with a value already there', published: published(['a1']), action: 'PRESENT', value: 'b2', expected: `${owner} 16 60 a1,b2` },
  { why: 'PRESENT of a value present changes nothing', published: published(['a1']), action: 'PRESENT', value: 'a1', expected: `${owner} 16 60 a1` },
  { why: 'PRESENT sets the challenge TTL on values published with another', published: published(['a1'], 300), action: 'PRESENT', value: 'b2', expected: `${owner} 16 60 a1,b2` },
  { why: 'CLEANUP removes one value and keeps the other', published: published(['a1', 'b2']), action: 'CLEANUP', value: 'a1', expected: `${owner} 16 60 b2` },
  { why: 'CLEANUP of the last value leaves no records (the RRset is removed)', published: published(['a1']), action: 'CLEANUP', value: 'a1', expected: `${owner} 16 60 ` },
  { why: 'CLEANUP of an absent value keeps what is there', published: published(['a1']), action: 'CLEANUP', value: 'zz', expected: `${owner} 16 60 a1` },
  { why: 'CLEANUP on a name with nothing published leaves nothing', published: undefined, action: 'CLEANUP', value: 'zz', expected: `${owner} 16 60 ` },
];

describe('challengeRRset', () => {
  it.each(cases)('$why', ({ published: before, action, value, expected }) => {
    const shapeBefore = before === undefined ? undefined : shape(before);
    expect(shape(challengeRRset(before, owner, txt(value), action, 60))).toBe(expected);
    expect(before === undefined ? undefined : shape(before), 'the input is not changed').toBe(shapeBefore);
  });
});

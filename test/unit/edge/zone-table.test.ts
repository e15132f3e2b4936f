// Tests for the zone table (edge/index/zone-table.ts): nested zones see one name tree, as in NSD,
// however the zones arrive, and a change renews only the zones around the changed one.
import { describe, expect, it } from 'vitest';
import { keyFromName } from '../../../edge/name-key.js';
import { parseName } from '../../../shared/dns/name.js';
import { buildZoneIndex } from '../../../edge/index/zone-builder.js';
import { ZoneTable } from '../../../edge/index/zone-table.js';
import { answerQuery, decodeResponse, encodeQuery, tableFromTexts, zoneFromText } from './edge-fixture.js';

const PARENT = `$ORIGIN p.test.
$TTL 300
@ SOA ns1 h 1 2 3 4 60
@ NS ns1
ns1 A 192.0.2.1
c NS ns1.c
ns1.c A 192.0.2.2
glueonly.c A 192.0.2.3
deep.glue.c A 192.0.2.4
`;
const CHILD = `$ORIGIN c.p.test.
$TTL 300
@ SOA ns1 h 1 2 3 4 60
@ NS ns1
ns1 A 192.0.2.2
* TXT "wild"
`;
const GRANDCHILD = `$ORIGIN d.e.p.test.
$TTL 300
@ SOA ns1 h 1 2 3 4 60
@ NS ns1
ns1 A 192.0.2.5
`;
const OTHER = `$ORIGIN other.test.
$TTL 300
@ SOA ns1 h 1 2 3 4 60
@ NS ns1
ns1 A 192.0.2.9
`;
const table = tableFromTexts(PARENT, CHILD, GRANDCHILD);
const key = (name: string) => keyFromName(parseName(name));
const CHILD_SOA = 'c.p.test. 60 SOA ns1.c.p.test h.c.p.test 1 2 3 4 60';
const PARENT_SOA = 'p.test. 60 SOA ns1.p.test h.p.test 1 2 3 4 60';

describe('ZoneTable', () => {
  it('finds the most specific zone for a name', () => {
    expect(table.findZone(key('www.c.p.test.'))?.origin).toBe('c.p.test.');
    expect(table.findZone(key('x.e.p.test.'))?.origin).toBe('p.test.');
    expect(table.findZone(key('example.org.'))).toBeUndefined();
  });

  it.each([
    ['a name only the parent holds (glue) exists, blocking the wildcard: NODATA', 'glueonly.c.p.test', 'TXT', 'NOERROR', [], [CHILD_SOA]],
    ['an empty non-terminal made by parent glue: NODATA', 'glue.c.p.test', 'TXT', 'NOERROR', [], [CHILD_SOA]],
    ['below a parent-only name: NXDOMAIN, no wildcard', 'x.glue.c.p.test', 'TXT', 'NXDOMAIN', [], [CHILD_SOA]],
    ['other names still match the wildcard', 'other.c.p.test', 'TXT', 'NOERROR', ['other.c.p.test. 300 TXT "wild"'], []],
    ['the name between a parent and an undelegated child exists: NODATA', 'e.p.test', 'A', 'NOERROR', [], [PARENT_SOA]],
    ['below it, NXDOMAIN', 'x.e.p.test', 'A', 'NXDOMAIN', [], [PARENT_SOA]],
  ])('%s', (_, qname, qtype, rcode, answer, authority) => {
    const r = decodeResponse(answerQuery(encodeQuery(qname, qtype), { table, tcp: false, ipv6: false }, (err) => { throw err; })!);
    expect(r.rcode).toBe(rcode);
    expect(r.flags.aa).toBe(true);
    expect(r.answer).toEqual(answer);
    expect(r.authority).toEqual(authority);
  });

  it('serves the same tree whether the zones arrive together, one by one, or in any order', () => {
    const texts = [PARENT, CHILD, GRANDCHILD];
    const questions = [['glueonly.c.p.test', 'TXT'], ['glue.c.p.test', 'TXT'], ['x.glue.c.p.test', 'TXT'], ['other.c.p.test', 'TXT'], ['e.p.test', 'A'], ['x.e.p.test', 'A'], ['c.p.test', 'NS'], ['ns1.c.p.test', 'A']];
    const answers = (t: ZoneTable) => questions.map(([q, type]) => decodeResponse(answerQuery(encodeQuery(q!, type!), { table: t, tcp: false, ipv6: false }, (err) => { throw err; })!));
    const expected = answers(table);
    for (const order of [[0, 1, 2], [2, 1, 0], [1, 2, 0]]) {
      const oneByOne = new ZoneTable();
      for (const i of order) oneByOne.set(buildZoneIndex(zoneFromText(texts[i]!)));
      expect(answers(oneByOne)).toEqual(expected);
    }
  });

  it('remove() stops serving a zone and gives its names back to the zone around it', () => {
    const t = tableFromTexts(PARENT, CHILD, GRANDCHILD);
    expect(t.remove(key('c.p.test.'))).toBe(true);
    expect(t.remove(key('c.p.test.'))).toBe(false);
    expect(t.findZone(key('www.c.p.test.'))?.origin).toBe('p.test.');
    expect(t.size).toBe(2);
    t.remove(key('d.e.p.test.'));
    // With the grandchild gone, e.p.test is no longer a name on the way to a zone: NXDOMAIN.
    const r = decodeResponse(answerQuery(encodeQuery('e.p.test', 'A'), { table: t, tcp: false, ipv6: false }, (err) => { throw err; })!);
    expect(r.rcode).toBe('NXDOMAIN');
  });

  it('a change touches only the zone and the zones nested around it', () => {
    const t = tableFromTexts(PARENT, CHILD, GRANDCHILD, OTHER);
    const before = new Map(['p.test.', 'c.p.test.', 'd.e.p.test.', 'other.test.'].map((o) => [o, t.zoneAt(key(o))!]));
    t.set(buildZoneIndex(zoneFromText(CHILD.replace('h 1 2', 'h 2 2'))));
    // The child and the zones below it are new; its parent (same origins around it) and unrelated zones are not.
    expect(t.zoneAt(key('c.p.test.'))).not.toBe(before.get('c.p.test.'));
    expect(t.zoneAt(key('p.test.'))).toBe(before.get('p.test.'));
    expect(t.zoneAt(key('d.e.p.test.'))).toBe(before.get('d.e.p.test.'));
    expect(t.zoneAt(key('other.test.'))).toBe(before.get('other.test.'));
    expect(before.get('c.p.test.')!.currency.retired).toBe(true);
    // A change to the parent renews the zones below it, which see its names.
    t.set(buildZoneIndex(zoneFromText(PARENT.replace('h 1 2', 'h 2 2'))));
    expect(t.zoneAt(key('d.e.p.test.'))).not.toBe(before.get('d.e.p.test.'));
    expect(t.zoneAt(key('other.test.'))).toBe(before.get('other.test.'));
  });

  it('builds the same nested table in one pass (setMany, 64 zones or more) as zone by zone, in any order', () => {
    // Nested three deep, zones with names on the way between them, and filler zones: 70 in all.
    const texts = [PARENT, CHILD, GRANDCHILD, OTHER];
    for (let i = 0; i < 33; i++) {
      texts.push(`$ORIGIN z${i}.p.test.\n$TTL 300\n@ SOA ns1 h 1 2 3 4 60\n@ NS ns1\nns1 A 192.0.2.${i + 10}\nwww A 192.0.2.${i + 10}\n`);
      texts.push(`$ORIGIN x.y.z${i}.p.test.\n$TTL 300\n@ SOA ns1 h 1 2 3 4 60\n@ NS ns1\nns1 A 192.0.2.${i + 100}\n`);
    }
    const zones = texts.map((t) => buildZoneIndex(zoneFromText(t)));
    const bulk = new ZoneTable();
    bulk.setMany(zones);
    const oneByOne = new ZoneTable();
    // Children before parents, so each parent arrives with zones below it already served.
    for (const z of [...zones].reverse()) oneByOne.set(z);
    expect(bulk.size).toBe(70);
    const pathsOf = (t: ZoneTable): Record<string, [string, number][]> =>
      Object.fromEntries([...t.served()].map((z) => [z.origin, [...z.pathNames.entries()].sort()]));
    expect(pathsOf(bulk)).toEqual(pathsOf(oneByOne));
    const ask = (t: ZoneTable, qname: string, qtype: string) => decodeResponse(answerQuery(encodeQuery(qname, qtype), { table: t, tcp: false, ipv6: false }, (err) => { throw err; })!);
    const questions: [string, string][] = [
      ['e.p.test', 'A'], ['x.e.p.test', 'A'], ['glue.c.p.test', 'TXT'], ['y.z7.p.test', 'A'], ['q.y.z7.p.test', 'A'],
      ['www.z7.p.test', 'A'], ['x.y.z7.p.test', 'SOA'], ['z7.p.test', 'NS'], ['c.p.test', 'NS'], ['nothing.p.test', 'A'],
    ];
    for (const [qname, qtype] of questions) expect(ask(bulk, qname, qtype), `${qname} ${qtype}`).toEqual(ask(oneByOne, qname, qtype));
    expect(ask(bulk, 'y.z7.p.test', 'A').rcode).toBe('NOERROR');
  });
});

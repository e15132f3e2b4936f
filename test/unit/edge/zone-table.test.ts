// Tests for the zone table (edge/index/zone-table.ts): nested zones see one name tree, as in NSD.
import { describe, expect, it } from 'vitest';
import { keyFromName } from '../../../edge/name-key.js';
import { parseName } from '../../../shared/dns/name.js';
import { answerQuery, decodeResponse, encodeQuery, tableFromTexts } from './edge-fixture.js';

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

  it('with() and without() leave the original table unchanged', () => {
    const smaller = table.without(parseName('c.p.test.'));
    expect(smaller.findZone(key('www.c.p.test.'))?.origin).toBe('p.test.');
    expect(table.findZone(key('www.c.p.test.'))?.origin).toBe('c.p.test.');
    expect(table.origins).toHaveLength(3);
  });
});

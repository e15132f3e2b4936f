// Tests for the zone index (edge/index/zone-index.ts): nodes, ENTs, wildcards, cuts, negative TTL.
import { describe, expect, it } from 'vitest';
import { buildZoneIndex } from '../../../edge/index/zone-builder.js';
import { ZoneIndexError } from '../../../edge/index/zone-index-error.js';
import { keyFromName } from '../../../edge/name-key.js';
import { parseName } from '../../../shared/dns/name.js';
import { RRType } from '../../../shared/dns/rr-type.js';
import { zoneFromText } from './edge-fixture.js';
import { EXAMPLE_COM } from './zones.js';

const index = buildZoneIndex(zoneFromText(EXAMPLE_COM));
const node = (name: string) => index.node(keyFromName(parseName(name)));

describe('buildZoneIndex', () => {
  it.each([
    ['an owner', 'www.example.com.', true],
    ['an empty non-terminal', 'b.c.example.com.', true],
    ['the parent of a wildcard', 'wc.example.com.', true],
    ['a name that does not exist', 'nx.example.com.', false],
  ])('%s exists as a node: %s', (_, name, exists) => {
    expect(node(name) !== undefined).toBe(exists);
  });

  it('links wildcard children', () => {
    expect(node('c.example.com.')?.wildcard?.key).toBe(keyFromName(parseName('*.c.example.com.')));
    expect(node('b.c.example.com.')?.wildcard).toBeUndefined();
  });

  it('marks the highest cut at or above each node, never the apex', () => {
    expect(node('deep.sub.example.com.')?.delegation?.key).toBe(keyFromName(parseName('sub.example.com.')));
    expect(node('sub.example.com.')?.delegation?.key).toBe(keyFromName(parseName('sub.example.com.')));
    expect(node('www.example.com.')?.delegation).toBeUndefined();
    expect(index.apex.delegation).toBeUndefined();
  });

  it('keeps RRsets in zone order and the negative SOA TTL at min(TTL, MINIMUM) (RFC 2308 §3)', () => {
    expect(node('anyp.example.com.')?.order.map((r) => r.type)).toEqual([RRType.AAAA, RRType.A]);
    expect(index.negativeSoa.ttl).toBe(300);
    expect(index.serial).toBe(1);
  });

  it('refuses a zone without an SOA', () => {
    expect(() => buildZoneIndex({ origin: parseName('x.test.'), rrsets: [] })).toThrow(ZoneIndexError);
  });
});

// Tests for the compact zone builder (edge/index/zone-builder.ts): the index is read straight
// from snapshot bytes, in one go or in slices, and refuses what cannot be served.
import { describe, expect, it } from 'vitest';
import { buildZoneIndex, indexSnapshot, indexSnapshotSliced } from '../../../edge/index/zone-builder.js';
import { ZoneIndexError } from '../../../edge/index/zone-index-error.js';
import { keyFromName } from '../../../edge/name-key.js';
import { nameToWire, parseName } from '../../../shared/dns/name.js';
import { RRType } from '../../../shared/dns/rr-type.js';
import type { RRset, ZoneContent } from '../../../shared/dns/rrset.js';
import { encodeSnapshot } from '../../../shared/snapshot/codec.js';
import { SnapshotError } from '../../../shared/snapshot/snapshot-error.js';
import { zoneFromText } from './edge-fixture.js';
import { EXAMPLE_COM } from './zones.js';

const key = (name: string) => keyFromName(parseName(name));
const origin = parseName('b.test.');
const soa: RRset = {
  name: origin,
  type: RRType.SOA,
  ttl: 300,
  rdata: [Buffer.concat([nameToWire(parseName('ns.b.test.')), nameToWire(parseName('h.b.test.')), Buffer.from([0, 0, 0, 7, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 60])])],
};
const a = (name: string, ...octets: number[]): RRset => ({ name: parseName(name), type: RRType.A, ttl: 60, rdata: octets.map((o) => Buffer.from([192, 0, 2, o])) });

/** A zone with `count` names, so the sliced build has to yield several times. */
function bigZone(count: number): ZoneContent {
  const rrsets: RRset[] = [soa];
  for (let i = 0; i < count; i++) rrsets.push(a(`h${i}.x${i % 7}.b.test.`, i % 250));
  return { origin, rrsets };
}

describe('indexSnapshot', () => {
  it('serves an RRset listed in several pieces as one, in first-seen order and TTL', () => {
    const zone = buildZoneIndex({ origin, rrsets: [soa, a('www.b.test.', 1), { ...a('www.b.test.', 2), ttl: 999 }] });
    const www = zone.node(key('www.b.test.'))!;
    expect(www.order).toHaveLength(1);
    expect(www.rrsets.get(RRType.A)!.ttl).toBe(60);
    expect(www.rrsets.get(RRType.A)!.records.map((r) => [...(r[0] as Buffer)])).toEqual([
      [192, 0, 2, 1],
      [192, 0, 2, 2],
    ]);
    expect(zone.recordCount).toBe(3);
  });

  it.each([
    ['an owner outside the origin', [a('www.other.test.', 1)], 'www.other.test.'],
    ['an RRset without records', [a('empty.b.test.')], 'empty.b.test.'],
  ])('ignores %s', (_, extra, name) => {
    const zone = buildZoneIndex({ origin, rrsets: [soa, ...extra] });
    expect(zone.hasNode(key(name))).toBe(false);
    expect(zone.nodeCount).toBe(1);
  });

  it('creates the empty non-terminals above an owner, parents numbered first', () => {
    const zone = buildZoneIndex({ origin, rrsets: [soa, a('a.b.c.b.test.', 1)] });
    expect([...zone.keys()]).toEqual([key('b.test.'), key('c.b.test.'), key('b.c.b.test.'), key('a.b.c.b.test.')]);
    expect(zone.node(key('c.b.test.'))!.order).toEqual([]);
  });

  it('gives two views of one RRset the same id, and other zones other ids', () => {
    const first = buildZoneIndex(zoneFromText(EXAMPLE_COM));
    const second = buildZoneIndex(zoneFromText(EXAMPLE_COM));
    const id = (zone: typeof first) => zone.node(key('www.example.com.'))!.rrsets.get(RRType.A)!.id;
    expect(id(first)).toBe(id(first));
    expect(id(first)).not.toBe(id(second));
    expect(first.negativeSoa.id).not.toBe(first.apex.rrsets.get(RRType.SOA)!.id);
  });

  it.each([
    ['a compression pointer in an NS target', { name: origin, type: RRType.NS, ttl: 60, rdata: [Buffer.from([0xc0, 0x0c])] }],
    ['an MX exchange running past its RDATA', { name: origin, type: RRType.MX, ttl: 60, rdata: [Buffer.from([0, 10, 5, 0x61])] }],
  ])('refuses %s', (_, bad) => {
    expect(() => buildZoneIndex({ origin, rrsets: [soa, bad] })).toThrow(ZoneIndexError);
  });

  it('refuses a zone without an apex SOA, and a tampered file', () => {
    expect(() => buildZoneIndex({ origin, rrsets: [a('www.b.test.', 1)] })).toThrow(ZoneIndexError);
    const file = encodeSnapshot({ origin, rrsets: [soa] });
    file.writeUInt8(file[file.length - 1]! ^ 1, file.length - 1);
    expect(() => indexSnapshot(file)).toThrow(SnapshotError);
  });

  it('builds the same index in slices as in one go', async () => {
    const file = encodeSnapshot(bigZone(30_000));
    const whole = indexSnapshot(file);
    const sliced = await indexSnapshotSliced(file);
    expect(sliced.nodeCount).toBe(whole.nodeCount);
    expect([...sliced.keys()]).toEqual([...whole.keys()]);
    for (const name of ['h0.x0.b.test.', 'h29999.x4.b.test.', 'x3.b.test.']) {
      const view = (z: typeof whole) => z.node(key(name))!.order.map((r) => [r.type, r.ttl, r.records.length]);
      expect(view(sliced)).toEqual(view(whole));
    }
  });

  it('builds small zones while a big one is built in slices, each as in one go (small builds share arrays and never yield)', async () => {
    const big = encodeSnapshot(bigZone(20_000));
    const smalls = [1, 50, 3000].map((n) => encodeSnapshot(bigZone(n)));
    const [bigIndex, ...smallIndexes] = await Promise.all([indexSnapshotSliced(big), ...smalls.map((f) => indexSnapshotSliced(f))]);
    expect([...bigIndex!.keys()]).toEqual([...indexSnapshot(big).keys()]);
    smallIndexes.forEach((index, i) => expect([...index.keys()]).toEqual([...indexSnapshot(smalls[i]!).keys()]));
  });

  it('refuses a big file with one byte flipped, its checksum checked off the main thread', async () => {
    const file = encodeSnapshot(bigZone(20_000));
    file.writeUInt8(file[file.length - 1]! ^ 1, file.length - 1);
    await expect(indexSnapshotSliced(file)).rejects.toThrow(SnapshotError);
  });
});

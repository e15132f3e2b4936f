// foldJournal against readPublishedContent (the snapshot decoded whole, the deltas applied):
// the folded snapshot must serve exactly what the snapshot and its journal served together.
import { describe, expect, it } from 'vitest';
import { parseName } from '../../../../shared/dns/name.js';
import type { Name } from '../../../../shared/dns/name.js';
import { parseRdata } from '../../../../shared/dns/rdata.js';
import { RRType } from '../../../../shared/dns/rr-type.js';
import type { RRset } from '../../../../shared/dns/rrset.js';
import { decodeSnapshot, encodeSnapshot, snapshotBody } from '../../../../shared/snapshot/codec.js';
import { decodeDelta, deltaBody, encodeDelta } from '../../../../shared/snapshot/delta.js';
import { foldJournal } from '../../../../shared/snapshot/fold-journal.js';
import { SnapshotError } from '../../../../shared/snapshot/snapshot-error.js';

const origin = parseName('fold.example.');
const name = (label: string): Name => parseName(`${label}.fold.example.`);
const a = (ip: string): Buffer => parseRdata(RRType.A, ip, origin);
const soa = (serial: number): RRset => ({ name: origin, type: RRType.SOA, ttl: 3600, rdata: [parseRdata(RRType.SOA, `ns1.example.net. h.example.net. ${serial} 3600 900 1209600 300`, origin)] });
const byKey = (rrsets: readonly RRset[]): Map<string, RRset> => new Map(rrsets.map((r) => [`${r.name} ${r.type}`, r]));
const delta = (seq: number, rrsets: RRset[]): Buffer => deltaBody(encodeDelta({ origin, seq, serial: seq, rrsets }));

describe('foldJournal', () => {
  it('serves what the snapshot and its deltas served: changed, removed, re-added and untouched RRsets, signatures kept', async () => {
    const base: RRset[] = [soa(1), { name: origin, type: RRType.NS, ttl: 3600, rdata: [parseRdata(RRType.NS, 'ns1.example.net.', origin)] }];
    for (let i = 0; i < 5000; i++) base.push({ name: name(`h${i}`), type: RRType.A, ttl: 300, rdata: [a(`10.0.${i >> 8}.${i & 255}`)], ...(i % 10 === 0 ? { signatures: [Buffer.from(`sig-${i}`)] } : {}) });
    const deltas = [
      delta(2, [soa(2), { name: name('h1'), type: RRType.A, ttl: 60, rdata: [a('192.0.2.1')] }, { name: name('h2'), type: RRType.A, ttl: 300, rdata: [] }, { name: name('new'), type: RRType.TXT, ttl: 60, rdata: [parseRdata(RRType.TXT, '"n"', origin)], signatures: [Buffer.from('s')] }]),
      delta(3, [soa(3), { name: name('h2'), type: RRType.A, ttl: 30, rdata: [a('192.0.2.2')] }, { name: name('new'), type: RRType.TXT, ttl: 60, rdata: [] }, { name: name('h1'), type: RRType.A, ttl: 60, rdata: [a('192.0.2.9')] }]),
    ];
    const expected = byKey(base);
    for (const body of deltas) {
      for (const r of decodeDelta(body).rrsets) {
        if (r.rdata.length === 0) expected.delete(`${r.name} ${r.type}`);
        else expected.set(`${r.name} ${r.type}`, r);
      }
    }
    const folded = decodeSnapshot(await foldJournal(encodeSnapshot({ origin, rrsets: base }), deltas));
    expect(folded.origin).toBe(origin);
    expect(byKey(folded.rrsets)).toEqual(expected);
    expect(folded.rrsets).toHaveLength(expected.size);
  });

  it('with no deltas gives the same bytes', async () => {
    const file = encodeSnapshot({ origin, rrsets: [soa(7)] });
    expect((await foldJournal(file, [])).equals(file)).toBe(true);
  });

  it('refuses a snapshot with one byte flipped', async () => {
    const file = encodeSnapshot({ origin, rrsets: [soa(7), { name: name('x'), type: RRType.A, ttl: 60, rdata: [a('192.0.2.3')] }] });
    file[file.length - 2]! ^= 1;
    await expect(foldJournal(file, [])).rejects.toThrow(SnapshotError);
    expect(() => snapshotBody(file)).toThrow(SnapshotError);
  });
});

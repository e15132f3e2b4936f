// Signatures travel with their RRsets through every reader of the zone files: the snapshot and
// delta codecs, the edge's index and the deltas laid over it, and the records a transfer sends.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RRType } from '../../../../shared/dns/rr-type.js';
import type { Name } from '../../../../shared/dns/name.js';
import type { RRset, ZoneContent } from '../../../../shared/dns/rrset.js';
import { signZone } from '../../../../shared/dnssec/sign-zone.js';
import { generateSigningKey } from '../../../../shared/dnssec/signing-key.js';
import { decodeSnapshot, encodeSnapshot, snapshotChecksum } from '../../../../shared/snapshot/codec.js';
import { decodeDelta, deltaBody, encodeDelta } from '../../../../shared/snapshot/delta.js';
import { encodeJournalHeader } from '../../../../shared/snapshot/journal.js';
import { changedRRsets } from '../../../../shared/snapshot/published-content.js';
import { appendToFile, journalFileName, replaceFile, snapshotFileName } from '../../../../shared/snapshot/snapshot-file.js';
import { readZoneHistory } from '../../../../shared/snapshot/zone-history.js';
import { LayeredZone } from '../../../../edge/index/layered-zone.js';
import { indexSnapshot } from '../../../../edge/index/zone-builder.js';
import { keyFromName } from '../../../../edge/name-key.js';
import { zoneFromText } from '../../edge/edge-fixture.js';

const NOW = Math.floor(Date.now() / 1000);
const key = generateSigningKey();
const signed: ZoneContent = signZone(
  zoneFromText(`$ORIGIN sig.example.
@ 300 IN SOA ns1 hostmaster 1 7200 3600 1209600 300
@ 300 IN NS ns1
ns1 300 IN A 192.0.2.1
www 60 IN A 192.0.2.2
www 60 IN A 192.0.2.3
cut 300 IN NS ns.elsewhere.example.
`),
  key,
  { inception: NOW - 3600, expiration: NOW + 86400 },
);
const at = (zone: ZoneContent, name: string, type: number): RRset => zone.rrsets.find((r) => r.name === name && r.type === type)!;

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dnscove-sigs-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('signatures in the zone files', () => {
  it('a snapshot keeps every RRset its signatures, and an unsigned RRset none', () => {
    const decoded = decodeSnapshot(encodeSnapshot(signed));
    expect(decoded).toEqual(signed);
    expect(at(decoded, 'www.sig.example.', RRType.A).signatures).toHaveLength(1);
    expect(at(decoded, 'cut.sig.example.', RRType.NS).signatures).toBeUndefined();
  });

  it('a delta carries the signatures of the RRsets it replaces', () => {
    const www = at(signed, 'www.sig.example.', RRType.A);
    const decoded = decodeDelta(deltaBody(encodeDelta({ origin: signed.origin, seq: 2, serial: 2, rrsets: [www, { name: 'gone.sig.example.' as Name, type: RRType.A, ttl: 0, rdata: [] }] })));
    expect(decoded.rrsets).toEqual([www, { name: 'gone.sig.example.', type: RRType.A, ttl: 0, rdata: [] }]);
  });

  it('the edge index gives each RRset its signatures, from the snapshot and from a delta laid over it', () => {
    const index = indexSnapshot(encodeSnapshot(signed));
    const www = index.node(keyFromName('www.sig.example.' as Name))!.rrsets.get(RRType.A)!;
    expect(www.signatures).toEqual(at(signed, 'www.sig.example.', RRType.A).signatures);
    expect(index.node(keyFromName('cut.sig.example.' as Name))!.rrsets.get(RRType.NS)!.signatures).toEqual([]);
    expect(index.negativeSoa.signatures).toEqual(at(signed, 'sig.example.', RRType.SOA).signatures);

    const fresh = Buffer.alloc(80, 7);
    const delta = encodeDelta({ origin: signed.origin, seq: 2, serial: 1, rrsets: [{ ...at(signed, 'www.sig.example.', RRType.A), signatures: [fresh] }] });
    const layered = LayeredZone.apply(index, [deltaBody(delta)]);
    expect(layered.node(keyFromName('www.sig.example.' as Name))!.rrsets.get(RRType.A)!.signatures).toEqual([fresh]);
  });

  it('a transfer sends each signature as an RRSIG record with its RRset, and IXFR the signatures a delta changed', async () => {
    const snapshot = encodeSnapshot(signed);
    await replaceFile(dir, snapshotFileName(signed.origin), snapshot);
    await replaceFile(dir, journalFileName(signed.origin), encodeJournalHeader({ baseChecksum: Buffer.from(snapshotChecksum(snapshot)), baseSeq: 1 }));
    const soa = at(signed, 'sig.example.', RRType.SOA);
    const soa2 = Buffer.from(soa.rdata[0]!);
    soa2.writeUInt32BE(2, soa2.length - 20);
    const newSig = Buffer.alloc(80, 9);
    const www = at(signed, 'www.sig.example.', RRType.A);
    await appendToFile(dir, journalFileName(signed.origin), encodeDelta({ origin: signed.origin, seq: 2, serial: 2, rrsets: [{ ...soa, rdata: [soa2], signatures: [newSig] }, { ...www, signatures: [newSig] }] }));

    const history = await readZoneHistory(dir, signed.origin);
    let records = 0;
    for (const chunk of history.recordChunks(512)) records += chunk.count;
    const all = signed.rrsets.reduce((n, r) => n + r.rdata.length + (r.signatures?.length ?? 0), 0);
    // Every record and signature but the apex SOA record itself, which opens and closes an AXFR.
    expect(records).toBe(all - 1);
    const [change] = history.changes;
    const rrsigs = (list: readonly { type: number; rdata: Buffer }[]) => list.filter((r) => r.type === RRType.RRSIG).map((r) => r.rdata);
    expect(rrsigs(change!.removed)).toEqual([...soa.signatures!, ...www.signatures!]);
    expect(rrsigs(change!.added)).toEqual([newSig, newSig]);
  });
});

describe('the NSEC3 chain an edge searches', () => {
  it('a zone with deltas laid over it finds the same matching or covering NSEC3 as one built fresh, names added and removed', () => {
    const window = { inception: NOW - 3600, expiration: NOW + 86400 };
    const text = (names: string[]) => `$ORIGIN chain.example.\n@ 300 IN SOA ns1 hostmaster 1 7200 3600 1209600 300\n@ 300 IN NS ns1\n${names.map((n) => `${n} 60 IN A 192.0.2.1`).join('\n')}\n`;
    const all = Array.from({ length: 60 }, (_, i) => `h${i}.d${i % 7}`);
    const before = signZone(zoneFromText(text(all.slice(0, 40))), key, window);
    const after = signZone(zoneFromText(text(all.slice(20))), key, window);
    const delta = encodeDelta({ origin: before.origin, seq: 2, serial: 1, rrsets: changedRRsets(before, after) });
    const layered = LayeredZone.apply(indexSnapshot(encodeSnapshot(before)), [deltaBody(delta)]);
    const fresh = indexSnapshot(encodeSnapshot(after));
    const alphabet = '0123456789abcdefghijklmnopqrstuv';
    const labels = [...after.rrsets.filter((r) => r.type === RRType.NSEC3).map((r) => r.name.slice(0, 32)), ...Array.from({ length: 300 }, (_, i) => Array.from({ length: 32 }, (_, j) => alphabet[(i * 7 + j * 13 + i * j) % 32]).join(''))];
    expect(changedRRsets(before, after).filter((r) => r.type === RRType.NSEC3 && r.rdata.length === 0).length, 'the delta removes NSEC3 records').toBeGreaterThan(5);
    for (const label of labels) expect(layered.nsec3Cover(Buffer.from(label)), label).toEqual(fresh.nsec3Cover(Buffer.from(label)));
  });
});

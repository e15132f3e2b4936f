// PublishedIndex against readPublishedContent (which decodes the files whole): for every name
// of a zone, before and after journal deltas, both must say the same.
import { appendFile, mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseName } from '../../../../shared/dns/name.js';
import type { Name } from '../../../../shared/dns/name.js';
import { parseRdata } from '../../../../shared/dns/rdata.js';
import { RRType } from '../../../../shared/dns/rr-type.js';
import type { RRset } from '../../../../shared/dns/rrset.js';
import { encodeSnapshot, snapshotChecksum } from '../../../../shared/snapshot/codec.js';
import { encodeDelta } from '../../../../shared/snapshot/delta.js';
import { encodeJournalHeader } from '../../../../shared/snapshot/journal.js';
import { readPublishedContent } from '../../../../shared/snapshot/published-content.js';
import { PublishedIndex } from '../../../../shared/snapshot/published-index.js';
import { journalFileName, snapshotFileName } from '../../../../shared/snapshot/snapshot-file.js';
import { SnapshotError } from '../../../../shared/snapshot/snapshot-error.js';

const origin = parseName('big.example.');
const name = (label: string): Name => parseName(`${label}.big.example.`);
const a = (ip: string): Buffer => parseRdata(RRType.A, ip, origin);
const txt = (v: string): Buffer => parseRdata(RRType.TXT, `"${v}"`, origin);
const NAMES = 3000;

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dnscove-published-index-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** A zone of NAMES names (in no canonical order, as a streamed snapshot may be), some with several types, one RRset far bigger than a first read. */
function zone(): RRset[] {
  const rrsets: RRset[] = [
    { name: origin, type: RRType.SOA, ttl: 3600, rdata: [parseRdata(RRType.SOA, 'ns1.example.net. h.example.net. 7 3600 900 1209600 300', origin)] },
    { name: origin, type: RRType.NS, ttl: 3600, rdata: [parseRdata(RRType.NS, 'ns1.example.net.', origin)] },
    { name: name('huge'), type: RRType.TXT, ttl: 300, rdata: Array.from({ length: 200 }, (_, i) => txt(`${'v'.repeat(100)}${i}`)) },
  ];
  for (let i = NAMES - 1; i >= 0; i--) {
    rrsets.push({ name: name(`h${i}`), type: RRType.A, ttl: 300, rdata: [a(`10.0.${i >> 8}.${i & 255}`)] });
    if (i % 7 === 0) rrsets.push({ name: name(`h${i}`), type: RRType.TXT, ttl: 300, rdata: [txt(`t${i}`)], signatures: [Buffer.from(`sig${i}`)] });
  }
  return rrsets;
}

async function writeZone(rrsets: RRset[]): Promise<Buffer> {
  const snapshot = encodeSnapshot({ origin, rrsets });
  await writeFile(join(dir, snapshotFileName(origin)), snapshot);
  await writeFile(join(dir, journalFileName(origin)), encodeJournalHeader({ baseChecksum: Buffer.from(snapshotChecksum(snapshot)), baseSeq: 1 }));
  return snapshot;
}

async function appendDelta(seq: number, rrsets: RRset[]): Promise<number> {
  await appendFile(join(dir, journalFileName(origin)), encodeDelta({ origin, seq, serial: seq, rrsets }));
  const { size } = await stat(join(dir, journalFileName(origin)));
  return size;
}

/** Every name's RRsets, sorted by type, as both readers give them. */
async function agree(index: PublishedIndex, names: readonly Name[]): Promise<void> {
  const whole = await readPublishedContent(dir, origin);
  for (const n of names) {
    const expected = whole.rrsets.filter((r) => r.name === n);
    expect((await index.rrsetsAt(n)).sort((x, y) => x.type - y.type), n).toEqual(expected);
  }
}

describe('PublishedIndex', () => {
  const sample = [origin, name('huge'), name('absent'), ...Array.from({ length: NAMES }, (_, i) => name(`h${i}`)).filter((_, i) => i % 13 === 0 || i % 7 === 0)];

  it('finds each name’s RRsets as a whole decode does, the big RRset and signatures included', async () => {
    await writeZone(zone());
    const index = await PublishedIndex.open(dir, origin);
    await agree(index, sample);
    expect((await index.rrset(name('huge'), RRType.TXT))!.rdata).toHaveLength(200);
    expect(await index.rrset(name('absent'), RRType.A)).toBeUndefined();
  });

  it('applies journal deltas read at open and appended later (added, changed and removed RRsets)', async () => {
    await writeZone(zone());
    await appendDelta(2, [{ name: name('h7'), type: RRType.TXT, ttl: 60, rdata: [] }, { name: name('new'), type: RRType.TXT, ttl: 60, rdata: [txt('n')] }]);
    const index = await PublishedIndex.open(dir, origin);
    await agree(index, [...sample, name('new')]);
    const size = await appendDelta(3, [{ name: name('h14'), type: RRType.A, ttl: 30, rdata: [a('192.0.2.1')] }, { name: name('new'), type: RRType.TXT, ttl: 60, rdata: [] }]);
    await index.refresh(size);
    await agree(index, [...sample, name('new')]);
    expect(await index.rrset(name('new'), RRType.TXT)).toBeUndefined();
  });

  it('reads only whole deltas up to the length it is given, the rest on the next refresh', async () => {
    await writeZone(zone());
    const index = await PublishedIndex.open(dir, origin);
    const first = await appendDelta(2, [{ name: name('one'), type: RRType.A, ttl: 60, rdata: [a('192.0.2.2')] }]);
    const second = await appendDelta(3, [{ name: name('two'), type: RRType.A, ttl: 60, rdata: [a('192.0.2.3')] }]);
    await index.refresh(first);
    expect(await index.rrset(name('one'), RRType.A)).toBeDefined();
    expect(await index.rrset(name('two'), RRType.A)).toBeUndefined();
    await index.refresh(second);
    expect(await index.rrset(name('two'), RRType.A)).toBeDefined();
  });

  it('refuses a snapshot with one byte flipped, and a journal continuing another snapshot', async () => {
    const snapshot = await writeZone(zone());
    const flipped = Buffer.from(snapshot);
    flipped[flipped.length - 3]! ^= 1;
    await writeFile(join(dir, snapshotFileName(origin)), flipped);
    await expect(PublishedIndex.open(dir, origin)).rejects.toThrow(SnapshotError);
    await writeFile(join(dir, snapshotFileName(origin)), encodeSnapshot({ origin, rrsets: zone().slice(0, 10) }));
    await appendDelta(2, [{ name: name('x'), type: RRType.A, ttl: 60, rdata: [a('192.0.2.4')] }]);
    await expect(PublishedIndex.open(dir, origin)).rejects.toThrow(/another snapshot/);
  });
});

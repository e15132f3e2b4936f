// The publisher against a real SQLite file and snapshot directory: ordering, coalescing, reconciliation, retries.
import { appendFile, mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Database } from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../../shared/log.js';
import { createPublisher } from '../../../../control/publish/publisher.js';
import type { Publisher } from '../../../../control/publish/publisher.js';
import { openDatabase } from '../../../../control/store/database.js';
import { deleteRRset, listRRsets, upsertRRset } from '../../../../control/store/rrsets.js';
import { buildZoneContent } from '../../../../control/publish/build-zone-content.js';
import { readPublishedContent } from '../../../../shared/snapshot/published-content.js';
import { SNAPSHOT_VERSION } from '../../../../shared/snapshot/codec.js';
import { JOURNAL_HEADER_LENGTH, readJournalEntries } from '../../../../shared/snapshot/journal.js';
import { challengeRRset } from '../../../../control/acme/challenge-rrset.js';
import { bulkWrite, clearZoneChanges, readZoneChanges } from '../../../../control/store/rrset-changes.js';
import { parseRdata } from '../../../../shared/dns/rdata.js';
import { bumpSerial, findZone, insertZone } from '../../../../control/store/zones.js';
import type { Name } from '../../../../shared/dns/name.js';
import { RRType } from '../../../../shared/dns/rr-type.js';
import { waitUntil } from '../../../helpers/wait-until.js';

let dir: string;
let snapshots: string;
let db: Database;
let publisher: Publisher | undefined;
let notified = 0;

function addZone(id: string, origin: string, serial = 1, publishedSerial = 0): void {
  const now = new Date().toISOString();
  insertZone(db, { id, tenantId: 't1', origin: origin as Name, status: 'PENDING_VERIFICATION', serial, publishedSerial, autoPublish: true, nameservers: null, createdAt: now, updatedAt: now });
  upsertRRset(db, { zoneId: id, name: origin as Name, type: RRType.SOA, ttl: 3600, records: [`ns1.example.net. hostmaster.example.net. 1 3600 900 1209600 300`] });
  upsertRRset(db, { zoneId: id, name: origin as Name, type: RRType.NS, ttl: 3600, records: ['ns1.example.net.'] });
}

function start(): Publisher {
  publisher = createPublisher({ db, snapshotsDir: snapshots, log: silentLogger, onPublished: async () => void notified++ });
  return publisher;
}

async function servedSerial(origin: string): Promise<number> {
  const zone = await readPublishedContent(snapshots, origin as Name);
  const soa = zone.rrsets.find((s) => s.type === RRType.SOA)!.rdata[0]!;
  return soa.readUInt32BE(soa.length - 20);
}

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dnscove-publisher-'));
  snapshots = join(dir, 'snapshots');
  db = openDatabase(join(dir, 'db.sqlite'));
  notified = 0;
});

afterEach(async () => {
  await publisher?.close();
  publisher = undefined;
  db.close();
  await rm(dir, { recursive: true, force: true });
});

describe('createPublisher', () => {
  it('publishNow writes the snapshot, then moves published_serial, then notifies', async () => {
    addZone('Z00000000000001', 'a.example.');
    const p = start();
    await p.flush();
    bumpSerial(db, 'Z00000000000001', new Date().toISOString());
    notified = 0;
    expect(await p.publishNow('Z00000000000001')).toEqual({ publishedSerial: 2 });
    expect(findZone(db, 'Z00000000000001')?.publishedSerial).toBe(2);
    expect(await servedSerial('a.example.')).toBe(2);
    expect(notified).toBe(1);
  });

  it('coalesces scheduled publishes of one zone', async () => {
    addZone('Z00000000000001', 'a.example.');
    const p = start();
    await p.flush();
    notified = 0;
    for (let i = 0; i < 10; i++) {
      bumpSerial(db, 'Z00000000000001', new Date().toISOString());
      p.schedule('Z00000000000001');
    }
    await p.flush();
    expect(notified).toBe(1);
    expect(findZone(db, 'Z00000000000001')?.publishedSerial).toBe(11);
    expect(await servedSerial('a.example.')).toBe(11);
  });

  it('reconciles at start: publishes zones behind, removes stale and temporary files', async () => {
    await mkdir(snapshots, { recursive: true });
    await writeFile(join(snapshots, 'deleted.example.snap'), 'old');
    await writeFile(join(snapshots, 'deleted.example.journal'), 'old');
    await writeFile(join(snapshots, '.tmp-abandoned'), 'half');
    addZone('Z00000000000001', 'behind.example.', 5, 3);
    const p = start();
    await p.flush();
    expect((await readdir(snapshots)).sort()).toEqual(['behind.example.journal', 'behind.example.snap']);
    expect(await servedSerial('behind.example.')).toBe(5);
    expect(findZone(db, 'Z00000000000001')?.publishedSerial).toBe(5);
  });

  it('rebuilds at start a zone whose snapshot is of an older format version, though it is not behind', async () => {
    addZone('Z00000000000001', 'old.example.', 4, 0);
    let p = start();
    await p.flush();
    await p.close();
    const file = join(snapshots, 'old.example.snap');
    const bytes = await readFile(file);
    bytes.writeUInt16BE(SNAPSHOT_VERSION - 1, 8);
    await writeFile(file, bytes);
    expect(findZone(db, 'Z00000000000001')?.publishedSerial).toBe(4);
    p = start();
    await p.flush();
    expect((await readFile(file)).readUInt16BE(8)).toBe(SNAPSHOT_VERSION);
    expect(await servedSerial('old.example.')).toBe(4);
  });

  it('leaves published_serial alone when the write fails, and retries', async () => {
    addZone('Z00000000000001', 'a.example.');
    const p = start();
    await p.flush();
    bumpSerial(db, 'Z00000000000001', new Date().toISOString());
    await rm(snapshots, { recursive: true });
    await expect(p.publishNow('Z00000000000001')).rejects.toThrow(/ENOENT/);
    expect(findZone(db, 'Z00000000000001')?.publishedSerial).toBe(1);
    await mkdir(snapshots);
    await waitUntil(() => findZone(db, 'Z00000000000001')?.publishedSerial === 2, { what: 'the retry', timeoutMs: 15_000 });
    expect(await servedSerial('a.example.')).toBe(2);
  });

  it('remove deletes the snapshot and notifies; publishing a missing zone rejects', async () => {
    addZone('Z00000000000001', 'a.example.');
    const p = start();
    await p.flush();
    notified = 0;
    db.prepare('DELETE FROM zones WHERE id = ?').run('Z00000000000001');
    await p.remove('a.example.' as Name);
    expect(await readdir(snapshots)).toEqual([]);
    expect(notified).toBe(1);
    await expect(p.publishNow('Z00000000000001')).rejects.toThrow(/no zone/);
  });

  it('serves a zone deleted and created again with the same origin', async () => {
    addZone('Z00000000000001', 'a.example.');
    const p = start();
    await p.flush();
    db.prepare('DELETE FROM zones WHERE id = ?').run('Z00000000000001');
    const removed = p.remove('a.example.' as Name);
    addZone('Z00000000000002', 'a.example.', 7, 0);
    const published = p.publishNow('Z00000000000002');
    await removed;
    expect(await published).toEqual({ publishedSerial: 7 });
    expect(await servedSerial('a.example.')).toBe(7);
  });
});

const ZONE = 'Z00000000000001';

/** A change through the store, as the records API makes one: the RRset written, the serial bumped. */
function change(name: string, type: number, records: string[]): void {
  if (records.length === 0) deleteRRset(db, ZONE, name as Name, type);
  else upsertRRset(db, { zoneId: ZONE, name: name as Name, type, ttl: 300, records });
  bumpSerial(db, ZONE, new Date().toISOString());
}

/** What the rows say the zone is, as a full rebuild would publish it. */
function fromRows(origin: string): ReturnType<typeof buildZoneContent> {
  return buildZoneContent(origin as Name, findZone(db, ZONE)!.serial, listRRsets(db, ZONE));
}

describe('createPublisher: deltas', () => {
  it('appends a delta per change and leaves the snapshot alone; the files read back as the rows', async () => {
    addZone(ZONE, 'a.example.');
    const p = start();
    await p.flush();
    const snapshot = await stat(join(snapshots, 'a.example.snap'));
    const journalBefore = (await stat(join(snapshots, 'a.example.journal'))).size;
    change('www.a.example.', RRType.A, ['192.0.2.1']);
    await p.publishNow(ZONE);
    change('www.a.example.', RRType.A, ['192.0.2.2', '192.0.2.3']);
    change('x.y.a.example.', RRType.TXT, ['"t"']);
    await p.publishNow(ZONE);
    change('www.a.example.', RRType.A, []);
    await p.publishNow(ZONE);
    const after = await stat(join(snapshots, 'a.example.snap'));
    expect(after.ino).toBe(snapshot.ino);
    expect(after.mtimeMs).toBe(snapshot.mtimeMs);
    expect((await stat(join(snapshots, 'a.example.journal'))).size).toBeGreaterThan(journalBefore);
    expect(await readPublishedContent(snapshots, 'a.example.' as Name)).toEqual(fromRows('a.example.'));
    expect(await servedSerial('a.example.')).toBe(5);
    expect(readZoneChanges(db, ZONE, 10).rrsets).toEqual([]);
  });

  it('continues the journal after a restart, and cuts off a delta torn by a crash', async () => {
    addZone(ZONE, 'a.example.');
    let p = start();
    await p.flush();
    change('www.a.example.', RRType.A, ['192.0.2.1']);
    await p.publishNow(ZONE);
    await p.close();
    const snapshot = await stat(join(snapshots, 'a.example.snap'));
    await appendFile(join(snapshots, 'a.example.journal'), Buffer.from('DNSCDLTA\x00\x01', 'latin1'));
    change('mail.a.example.', RRType.A, ['192.0.2.25']);
    p = start();
    await p.flush();
    expect((await stat(join(snapshots, 'a.example.snap'))).ino).toBe(snapshot.ino);
    expect(await readPublishedContent(snapshots, 'a.example.' as Name)).toEqual(fromRows('a.example.'));
  });

  it('rebuilds the snapshot when a change is too big for a delta, or the journal continues another snapshot', async () => {
    addZone(ZONE, 'a.example.');
    const p = start();
    await p.flush();
    const first = await stat(join(snapshots, 'a.example.snap'));
    db.transaction(() => {
      for (let i = 0; i < 10_001; i++) upsertRRset(db, { zoneId: ZONE, name: `h${i}.a.example.` as Name, type: RRType.A, ttl: 60, records: ['192.0.2.1'] });
      bumpSerial(db, ZONE, new Date().toISOString());
    })();
    await p.publishNow(ZONE);
    const second = await stat(join(snapshots, 'a.example.snap'));
    expect(second.ino).not.toBe(first.ino);
    expect(await readPublishedContent(snapshots, 'a.example.' as Name)).toEqual(fromRows('a.example.'));
    await p.close();
    await writeFile(join(snapshots, 'a.example.journal'), Buffer.alloc(48));
    change('www.a.example.', RRType.A, ['192.0.2.9']);
    start();
    await publisher!.flush();
    expect((await stat(join(snapshots, 'a.example.snap'))).ino).not.toBe(second.ino);
    expect(await readPublishedContent(snapshots, 'a.example.' as Name)).toEqual(fromRows('a.example.'));
  });

  it('folds a full journal into a new snapshot from the files, then appends the change to an empty journal', async () => {
    addZone(ZONE, 'a.example.');
    const p = start();
    await p.flush();
    // Each delta carries a TXT RRset of 300 values: the 256 KiB a small zone's journal may hold fill in a few publishes.
    const big = Array.from({ length: 300 }, (_, i) => `"filler-${i}-${'x'.repeat(40)}"`);
    let folded = false;
    for (let i = 0; i < 40 && !folded; i++) {
      const before = await stat(join(snapshots, 'a.example.snap'));
      change('fill.a.example.', RRType.TXT, [...big.slice(i % 2), `"round-${i}"`]);
      await p.publishNow(ZONE);
      folded = (await stat(join(snapshots, 'a.example.snap'))).ino !== before.ino;
    }
    expect(folded, 'the journal filled up and was folded').toBe(true);
    expect(await readPublishedContent(snapshots, 'a.example.' as Name)).toEqual(fromRows('a.example.'));
    // The change that found the journal full is its one delta, on top of the folded snapshot.
    const journal = await readFile(join(snapshots, 'a.example.journal'));
    expect(readJournalEntries(journal.subarray(JOURNAL_HEADER_LENGTH)).bodies).toHaveLength(1);
  });

  it('patchPublished appends only what the patch changed: staged rows stay out, the serial stays', async () => {
    addZone(ZONE, 'a.example.');
    const p = start();
    await p.flush();
    change('staged.a.example.', RRType.A, ['192.0.2.77']);
    const owner = '_acme-challenge.a.example.' as Name;
    const value = parseRdata(RRType.TXT, '"token-1"', 'a.example.' as Name);
    const snapshot = await stat(join(snapshots, 'a.example.snap'));
    await p.patchPublished(ZONE, async (published) => [challengeRRset(await published.rrset(owner, RRType.TXT), owner, value, 'PRESENT', 60)]);
    expect((await stat(join(snapshots, 'a.example.snap'))).ino).toBe(snapshot.ino);
    const published = await readPublishedContent(snapshots, 'a.example.' as Name);
    expect(published.rrsets.find((r) => r.name === owner)?.rdata).toEqual([value]);
    expect(published.rrsets.some((r) => r.name === 'staged.a.example.')).toBe(false);
    expect(await servedSerial('a.example.')).toBe(1);
    await p.publishNow(ZONE);
    expect((await readPublishedContent(snapshots, 'a.example.' as Name)).rrsets.some((r) => r.name === 'staged.a.example.')).toBe(true);
  });

  it('patchPublished reads what is published after every kind of write: deltas, a rebuilt snapshot, a journal folded in', async () => {
    addZone(ZONE, 'a.example.');
    const p = start();
    await p.flush();
    const owner = '_acme-challenge.a.example.' as Name;
    const value = (v: string): Buffer => parseRdata(RRType.TXT, `"${v}"`, 'a.example.' as Name);
    const present = (v: string) => p.patchPublished(ZONE, async (published) => [challengeRRset(await published.rrset(owner, RRType.TXT), owner, value(v), 'PRESENT', 60)]);
    const values = async () => (await readPublishedContent(snapshots, 'a.example.' as Name)).rrsets.find((r) => r.name === owner)?.rdata;
    await present('one');
    // A publish appends a delta the patch has not read yet: the next patch must see it.
    change('www.a.example.', RRType.A, ['192.0.2.1']);
    await p.publishNow(ZONE);
    await present('two');
    expect(await values()).toEqual([value('one'), value('two')]);
    expect((await readPublishedContent(snapshots, 'a.example.' as Name)).rrsets.some((r) => r.name === 'www.a.example.')).toBe(true);
    // A change too big for a delta rebuilds the snapshot from the rows (which hold neither value): the index must follow it.
    db.transaction(() => {
      for (let i = 0; i < 10_001; i++) upsertRRset(db, { zoneId: ZONE, name: `h${i}.a.example.` as Name, type: RRType.A, ttl: 60, records: ['192.0.2.1'] });
      bumpSerial(db, ZONE, new Date().toISOString());
    })();
    const before = await stat(join(snapshots, 'a.example.snap'));
    await p.publishNow(ZONE);
    expect((await stat(join(snapshots, 'a.example.snap'))).ino).not.toBe(before.ino);
    await present('three');
    expect(await values()).toEqual([value('three')]);
    // Patches that fill the journal (each delta carries the whole, growing TXT RRset): it is folded into a new snapshot of the published content.
    // (Compared by bytes: after several replacements a file may get an inode number back.)
    const full = await readFile(join(snapshots, 'a.example.snap'));
    for (let i = 0; i < 200; i++) await present(`filler-${i}-${'x'.repeat(200)}`);
    expect((await readFile(join(snapshots, 'a.example.snap'))).equals(full), 'the journal was folded into a new snapshot').toBe(false);
    await present('four');
    expect(await values()).toContainEqual(value('four'));
    expect(await values()).toContainEqual(value('three'));
    expect(await values()).toHaveLength(202);
  });

  it('forgets only the versions a publish read: a write landing meanwhile stays marked, in any zone', () => {
    addZone(ZONE, 'a.example.');
    addZone('Z00000000000002', 'b.example.');
    change('www.a.example.', RRType.A, ['192.0.2.1']);
    const read = readZoneChanges(db, ZONE, 10);
    expect(read.rrsets.map((c) => `${c.name} ${c.type}`).sort()).toEqual(['a.example. 2', 'a.example. 6', 'www.a.example. 1']);
    // Another zone's publish forgets its changes; versions never go back, so ours stay above `read`.
    clearZoneChanges(db, 'Z00000000000002', readZoneChanges(db, 'Z00000000000002', 10).upTo);
    change('www.a.example.', RRType.A, ['192.0.2.2']);
    clearZoneChanges(db, ZONE, read.upTo);
    expect(readZoneChanges(db, ZONE, 10).rrsets.map((c) => c.name)).toEqual(['www.a.example.']);
    expect(readZoneChanges(db, ZONE, 0)).toMatchObject({ more: true, rrsets: [] });
    db.prepare('DELETE FROM zones WHERE id = ?').run(ZONE);
    expect(readZoneChanges(db, ZONE, 10)).toEqual({ rrsets: [], more: false, upTo: 0 });
  });

  it('a bulk write marks the whole zone instead of each row, and its next publish rebuilds the snapshot', async () => {
    addZone(ZONE, 'a.example.');
    const p = start();
    await p.flush();
    const first = await stat(join(snapshots, 'a.example.snap'));
    db.transaction(() => {
      bulkWrite(db, ZONE, () => {
        for (let i = 0; i < 50; i++) upsertRRset(db, { zoneId: ZONE, name: `b${i}.a.example.` as Name, type: RRType.A, ttl: 60, records: ['192.0.2.7'] });
      });
      bumpSerial(db, ZONE, new Date().toISOString());
    })();
    const read = readZoneChanges(db, ZONE, 10);
    expect(read).toMatchObject({ more: true });
    expect(read.rrsets).toEqual([]);
    change('after.a.example.', RRType.A, ['192.0.2.8']);
    await p.publishNow(ZONE);
    expect((await stat(join(snapshots, 'a.example.snap'))).ino).not.toBe(first.ino);
    expect(await readPublishedContent(snapshots, 'a.example.' as Name)).toEqual(fromRows('a.example.'));
    expect(readZoneChanges(db, ZONE, 10)).toEqual({ rrsets: [], more: false, upTo: 0 });
  });
});

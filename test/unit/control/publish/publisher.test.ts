// The publisher against a real SQLite file and snapshot directory: ordering, coalescing, reconciliation, retries.
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Database } from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../../control/log.js';
import { createPublisher } from '../../../../control/publish/publisher.js';
import type { Publisher } from '../../../../control/publish/publisher.js';
import { openDatabase } from '../../../../control/store/database.js';
import { upsertRRset } from '../../../../control/store/rrsets.js';
import { bumpSerial, findZone, insertZone } from '../../../../control/store/zones.js';
import type { Name } from '../../../../shared/dns/name.js';
import { RRType } from '../../../../shared/dns/rr-type.js';
import { decodeSnapshot } from '../../../../shared/snapshot/codec.js';
import { snapshotFileName } from '../../../../shared/snapshot/snapshot-file.js';
import { waitUntil } from '../../../helpers/wait-until.js';

let dir: string;
let snapshots: string;
let db: Database;
let publisher: Publisher | undefined;
let notified = 0;

function addZone(id: string, origin: string, serial = 1, publishedSerial = 0): void {
  const now = new Date().toISOString();
  insertZone(db, { id, tenantId: 't1', origin: origin as Name, status: 'PENDING_VERIFICATION', serial, publishedSerial, autoPublish: true, createdAt: now, updatedAt: now });
  upsertRRset(db, { zoneId: id, name: origin as Name, type: RRType.SOA, ttl: 3600, records: [`ns1.example.net. hostmaster.example.net. 1 3600 900 1209600 300`] });
  upsertRRset(db, { zoneId: id, name: origin as Name, type: RRType.NS, ttl: 3600, records: ['ns1.example.net.'] });
}

function start(): Publisher {
  publisher = createPublisher({ db, snapshotsDir: snapshots, log: silentLogger, onPublished: async () => void notified++ });
  return publisher;
}

async function servedSerial(origin: string): Promise<number> {
  const zone = decodeSnapshot(await readFile(join(snapshots, snapshotFileName(origin as Name))));
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
    await writeFile(join(snapshots, '.tmp-abandoned'), 'half');
    addZone('Z00000000000001', 'behind.example.', 5, 3);
    const p = start();
    await p.flush();
    expect((await readdir(snapshots)).sort()).toEqual(['behind.example.snap']);
    expect(await servedSerial('behind.example.')).toBe(5);
    expect(findZone(db, 'Z00000000000001')?.publishedSerial).toBe(5);
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

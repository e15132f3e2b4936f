// Unit: the feed gives one new sequence number per stem whose files changed, persists it, and batches what changed after a seq.
import { mkdirSync, mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createFeedRecorder } from '../../../../control/edges/feed-recorder.js';
import { openDatabase } from '../../../../control/store/database.js';
import { feedAfter } from '../../../../control/store/feed.js';
import type { Name } from '../../../../shared/dns/name.js';
import { encodeSnapshot } from '../../../../shared/snapshot/codec.js';
import { snapshotFileName, stemOfOrigin } from '../../../../shared/snapshot/snapshot-file.js';
import { zoneFileState } from '../../../../shared/snapshot/zone-file-state.js';
import type { WrittenZone } from '../../../../shared/snapshot/zone-file-state.js';

let dir: string;
const origin = (text: string): Name => text as Name;
const soa = Buffer.alloc(22);

function writeZone(name: string, ttl: number): void {
  const zone = { origin: origin(name), rrsets: [{ name: origin(name), type: 6, ttl, rdata: [soa] }] };
  writeFileSync(join(dir, 'snaps', snapshotFileName(zone.origin)), encodeSnapshot(zone));
}

/** The zone as the publisher hands it over: its files' description, here read from disk. */
function written(name: string): WrittenZone {
  return { origin: origin(name), files: zoneFileState(join(dir, 'snaps'), stemOfOrigin(origin(name))) };
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'dnscove-feed-'));
  mkdirSync(join(dir, 'snaps'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('feed recorder', () => {
  it('numbers changed stems, skips unchanged ones, records removals, and survives a reopen', async () => {
    const db = openDatabase(join(dir, 'feed.sqlite'));
    const woken: number[] = [];
    const recorder = createFeedRecorder(db, join(dir, 'snaps'), (seq) => woken.push(seq));
    writeZone('a.test.', 60);
    writeZone('b.test.', 60);
    await recorder.record();
    expect(recorder.seq()).toBe(2);
    expect(feedAfter(db, 0, 10).map((r) => r.stem).sort()).toEqual(['a.test', 'b.test']);

    await recorder.record([written('a.test.')]);
    expect(recorder.seq()).toBe(2);

    writeZone('a.test.', 120);
    await recorder.record([written('a.test.')]);
    expect(recorder.seq()).toBe(3);
    const changed = feedAfter(db, 2, 10);
    expect(changed.map((r) => [r.stem, r.seq, r.journal])).toEqual([['a.test', 3, null]]);
    expect(changed[0]!.snapshot?.checksum).toMatch(/^[0-9a-f]{64}$/);

    unlinkSync(join(dir, 'snaps', 'b.test.snap'));
    await recorder.record();
    expect(feedAfter(db, 3, 10)).toEqual([{ stem: 'b.test', seq: 4, snapshot: null, journal: null }]);
    expect(woken).toEqual([2, 3, 4]);
    db.close();

    const reopened = openDatabase(join(dir, 'feed.sqlite'));
    const again = createFeedRecorder(reopened, join(dir, 'snaps'), () => undefined);
    expect(again.seq()).toBe(4);
    await again.record();
    expect(again.seq()).toBe(4);
    expect(feedAfter(reopened, 0, 1).map((r) => r.seq)).toEqual([3]);
    reopened.close();
  });

  it('records the files as the publisher describes them, without reading them back', async () => {
    const db = openDatabase(join(dir, 'feed.sqlite'));
    const recorder = createFeedRecorder(db, join(dir, 'snaps'), () => undefined);
    const files = { snapshot: { size: 123, checksum: 'ab'.repeat(32) }, journal: { size: 44, base: 'ab'.repeat(32) } };
    await recorder.record([{ origin: origin('c.test.'), files }]);
    expect(feedAfter(db, 0, 10)).toEqual([{ stem: 'c.test', seq: 1, ...files }]);
    await recorder.record([{ origin: origin('c.test.'), files: { snapshot: null, journal: null } }]);
    expect(feedAfter(db, 1, 10)).toEqual([{ stem: 'c.test', seq: 2, snapshot: null, journal: null }]);
    db.close();
  });

  it("keeps the journal's last bytes with the entry: appended deltas joined while they continue it, at most 8 KiB, none after a new snapshot", async () => {
    const db = openDatabase(join(dir, 'feed.sqlite'));
    const recorder = createFeedRecorder(db, join(dir, 'snaps'), () => undefined);
    const base = 'cd'.repeat(32);
    const files = (size: number) => ({ snapshot: { size: 500, checksum: base }, journal: { size, base } });
    const tailOf = (): Buffer | undefined => feedAfter(db, 0, 10).find((r) => r.stem === 'd.test')?.journalTail;
    const d = origin('d.test.');
    await recorder.record([{ origin: d, files: files(44) }]);
    expect(tailOf()).toBeUndefined();
    await recorder.record([{ origin: d, files: files(144), appended: Buffer.alloc(100, 1) }]);
    await recorder.record([{ origin: d, files: files(194), appended: Buffer.alloc(50, 2) }]);
    expect(tailOf()).toEqual(Buffer.concat([Buffer.alloc(100, 1), Buffer.alloc(50, 2)]));
    // Deltas that add up past the limit: only the journal's last 8 KiB.
    await recorder.record([{ origin: d, files: files(194 + 8100), appended: Buffer.alloc(8100, 3) }]);
    expect(tailOf()).toEqual(Buffer.concat([Buffer.alloc(42, 1), Buffer.alloc(50, 2), Buffer.alloc(8100, 3)]));
    // A delta bigger than that has no tail; nor has a new snapshot; the next small delta starts afresh.
    await recorder.record([{ origin: d, files: files(8294 + 9000), appended: Buffer.alloc(9000, 4) }]);
    expect(tailOf()).toBeUndefined();
    await recorder.record([{ origin: d, files: { snapshot: { size: 600, checksum: 'ef'.repeat(32) }, journal: { size: 44, base: 'ef'.repeat(32) } } }]);
    expect(tailOf()).toBeUndefined();
    await recorder.record([{ origin: d, files: { snapshot: { size: 600, checksum: 'ef'.repeat(32) }, journal: { size: 74, base: 'ef'.repeat(32) } }, appended: Buffer.alloc(30, 5) }]);
    expect(tailOf()).toEqual(Buffer.alloc(30, 5));
    db.close();
  });
});

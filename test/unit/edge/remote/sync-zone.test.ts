// Unit: a change that carries its journal's last bytes is applied from them when they reach
// back to the cached journal's end, with no range fetched; otherwise the range is fetched.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Name } from '../../../../shared/dns/name.js';
import { encodeSnapshot, snapshotChecksum } from '../../../../shared/snapshot/codec.js';
import { encodeJournalHeader } from '../../../../shared/snapshot/journal.js';
import { CacheFiles } from '../../../../edge/remote/cache-files.js';
import type { FeedHttp } from '../../../../edge/remote/feed-http.js';
import { syncZone } from '../../../../edge/remote/sync-zone.js';
import { parseChanges } from '../../../../edge/remote/feed-messages.js';

const snapshot = encodeSnapshot({ origin: 'tail.test.' as Name, rrsets: [{ name: 'tail.test.' as Name, type: 6, ttl: 60, rdata: [Buffer.alloc(22)] }] });
const checksum = Buffer.from(snapshotChecksum(snapshot));
const base = checksum.toString('hex');
// The control plane's journal: a header, then three "deltas" (the edge only appends bytes).
const header = encodeJournalHeader({ baseChecksum: checksum, baseSeq: 1 });
const deltas = [Buffer.alloc(100, 1), Buffer.alloc(50, 2), Buffer.alloc(70, 3)];
const served = Buffer.concat([header, ...deltas]);

let dir: string;
let ranges: [number, number][];
const http = { journal: async (_stem: string, _base: string, from: number, to: number) => (ranges.push([from, to]), served.subarray(from, to)) } as unknown as FeedHttp;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dnscove-sync-zone-'));
  ranges = [];
  await writeFile(join(dir, 'tail.test.snap'), snapshot);
});
afterEach(() => rm(dir, { recursive: true, force: true }));

const cachedJournal = (bytes: number) => writeFile(join(dir, 'tail.test.journal'), served.subarray(0, bytes));
const change = (tailBytes: number) => ({ seq: 9, stem: 'tail.test', snapshot: { size: snapshot.length, checksum: base }, journal: { size: served.length, base }, ...(tailBytes > 0 ? { journal_tail: served.subarray(served.length - tailBytes).toString('base64') } : {}) });

describe('syncZone with a journal tail', () => {
  it('appends the part of the tail past the cached end: one delta, or several', async () => {
    for (const [cached, tail] of [[header.length + 150, 70], [header.length, 220], [header.length + 100, 220]] as const) {
      await cachedJournal(cached);
      expect(await syncZone(http, new CacheFiles(dir), change(tail))).toBe(true);
      expect((await readFile(join(dir, 'tail.test.journal'))).equals(served), `cached ${cached}, tail ${tail}`).toBe(true);
    }
    expect(ranges).toEqual([]);
  });

  it('fetches the range when the tail does not reach back to the cached end, or there is none', async () => {
    await cachedJournal(header.length);
    expect(await syncZone(http, new CacheFiles(dir), change(120))).toBe(true);
    await cachedJournal(header.length + 100);
    expect(await syncZone(http, new CacheFiles(dir), change(0))).toBe(true);
    expect((await readFile(join(dir, 'tail.test.journal'))).equals(served)).toBe(true);
    expect(ranges).toEqual([
      [header.length, served.length],
      [header.length + 100, served.length],
    ]);
  });

  it('refuses a malformed tail in the changes answer, and a tail without a journal', () => {
    const answer = (c: object) => JSON.stringify({ feed: 'a'.repeat(32), seq: 9, changes: [c] });
    expect(parseChanges(answer(change(70))).changes[0]?.journal_tail).toBe(served.subarray(served.length - 70).toString('base64'));
    expect(() => parseChanges(answer({ ...change(0), journal_tail: 'not base64!' }))).toThrow(/journal_tail is malformed/);
    expect(() => parseChanges(answer({ ...change(70), journal: null }))).toThrow(/journal_tail is malformed/);
  });
});

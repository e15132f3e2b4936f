// Unit: one edge key cannot hold more than its share of the feed, and a revoked key's held polls end without waiting for a change.
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createEdgeFeed, MAX_FILES_PER_KEY, MAX_POLLS_PER_KEY } from '../../../../control/edges/edge-feed.js';
import type { EdgeFeed } from '../../../../control/edges/edge-feed.js';
import { createEdgeKey, revokeEdge } from '../../../../control/edges/edge-keys.js';
import { RateLimitedError } from '../../../../control/errors/catalogue.js';
import { openDatabase } from '../../../../control/store/database.js';
import type { Database } from 'better-sqlite3';
import { createLogger } from '../../../../shared/log.js';

let dir: string;
let db: Database;
let feed: EdgeFeed;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'dnscove-edge-feed-'));
  db = openDatabase(join(dir, 'feed.sqlite'));
  feed = createEdgeFeed({ db, snapshotsDir: dir, signingKey: generateKeyPairSync('ed25519').privateKey, log: createLogger({ level: 'error', write: () => undefined }), now: () => new Date() });
  createEdgeKey(db, 'ns1', new Date());
  createEdgeKey(db, 'ns2', new Date());
});
afterEach(async () => {
  feed.close();
  await Promise.allSettled(pending.splice(0));
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Every poll started, so each has finished with the database before it closes. */
const pending: Promise<unknown>[] = [];
const poll = (name: string, instance: string): Promise<unknown> => {
  const held = feed.changes({ name, instance }, '127.0.0.1', 0, 30_000);
  pending.push(held);
  return held;
};

describe('edge feed limits', () => {
  it(`holds at most ${MAX_POLLS_PER_KEY} polls per key (429 beyond); another key is not affected`, async () => {
    const held = Array.from({ length: MAX_POLLS_PER_KEY }, (_, i) => poll('ns1', `a${i}`));
    await expect(poll('ns1', 'extra')).rejects.toBeInstanceOf(RateLimitedError);
    const other = poll('ns2', 'b');
    feed.close();
    await Promise.all([...held, other]);
  });

  it(`allows ${MAX_FILES_PER_KEY} downloads per key at once, and one more once one is released`, () => {
    const slots = Array.from({ length: MAX_FILES_PER_KEY }, () => feed.fileSlot('ns1'));
    expect(() => feed.fileSlot('ns1')).toThrow(RateLimitedError);
    const other = feed.fileSlot('ns2');
    slots[0]!();
    slots[0]!();
    const again = feed.fileSlot('ns1');
    expect(() => feed.fileSlot('ns1')).toThrow(RateLimitedError);
    for (const release of [...slots, other, again]) release();
  });

  it('ends the held polls of a key revoked by another process, with no change to wake them', async () => {
    let ended = false;
    const revokedPoll = poll('ns1', 'a').then(() => (ended = true));
    let otherEnded = false;
    void poll('ns2', 'b').then(() => (otherEnded = true));
    // As the CLI does: straight in the database, so only the periodic check can notice.
    revokeEdge(db, 'ns1', new Date());
    await revokedPoll;
    expect(ended).toBe(true);
    expect(otherEnded).toBe(false);
  });
});

// Brings one zone's cached files to what a feed change describes, verifying every byte before it lands.
import { snapshotBody, snapshotChecksum } from '../../shared/snapshot/codec.js';
import { decodeJournalHeader, JOURNAL_SUFFIX } from '../../shared/snapshot/journal.js';
import { SNAPSHOT_SUFFIX } from '../../shared/snapshot/snapshot-file.js';
import type { EdgeChange } from '../../shared/schemas/edges.js';
import type { CacheFiles } from './cache-files.js';
import { FeedError } from './feed-http.js';
import type { FeedHttp } from './feed-http.js';

/**
 * Makes the cache hold `change`: removes both files of a removed zone; otherwise fetches the
 * snapshot unless the cached one has the listed checksum, then the journal — only the bytes
 * past the cached ones when the cached journal continues the same snapshot, else whole. Every
 * download is signature-checked (FeedHttp) and a snapshot also checksum-checked before it is
 * written; a failure throws (FeedError or SnapshotError) with the cache as it was, except that
 * a snapshot already verified and written stays (it is complete and signed). Returns whether
 * anything in the cache changed. Idempotent: applying a change twice fetches nothing the second time.
 */
export async function syncZone(http: FeedHttp, cache: CacheFiles, change: EdgeChange): Promise<boolean> {
  const { stem } = change;
  const before = cache.cached(stem);
  if (change.snapshot === null) {
    if (before.snapshot === null) return false;
    await cache.remove(stem, SNAPSHOT_SUFFIX);
    await cache.remove(stem, JOURNAL_SUFFIX);
    return true;
  }
  let changed = false;
  let checksum = before.snapshot?.checksum;
  if (checksum !== change.snapshot.checksum) {
    const bytes = await http.file(stem + SNAPSHOT_SUFFIX, 0);
    snapshotBody(bytes);
    await cache.replace(stem, SNAPSHOT_SUFFIX, bytes);
    checksum = Buffer.from(snapshotChecksum(bytes)).toString('hex');
    changed = true;
  }
  const cachedJournal = checksum === before.snapshot?.checksum ? before.journal : null;
  if (change.journal === null) {
    if (before.journal === null) return changed;
    await cache.remove(stem, JOURNAL_SUFFIX);
    return true;
  }
  if (cachedJournal !== null && cachedJournal.base === change.journal.base && cachedJournal.size >= change.journal.size) return changed;
  if (cachedJournal !== null && cachedJournal.base === checksum) {
    try {
      const tail = await http.file(stem + JOURNAL_SUFFIX, cachedJournal.size, cachedJournal.base);
      if (tail.length === 0) return changed;
      if (await cache.appendJournal(stem, cachedJournal.size, tail)) return true;
    } catch (err) {
      // Replaced (or shortened) on the control plane since: fetch it whole below.
      if (!(err instanceof FeedError && err.kind === 'conflict')) throw err;
    }
  }
  const whole = await http.file(stem + JOURNAL_SUFFIX, 0);
  const header = decodeJournalHeader(whole);
  // A journal of another snapshot than the one now cached belongs to a publish still on its
  // way; the loader would ignore it, and the feed lists that publish as a later change.
  if (header === undefined || header.baseChecksum.toString('hex') !== checksum) return changed;
  await cache.replace(stem, JOURNAL_SUFFIX, whole);
  return true;
}

// Brings one zone's cached files to what a signed feed change announced, and to nothing else.
import { JOURNAL_SUFFIX } from '../../shared/snapshot/journal.js';
import { SNAPSHOT_SUFFIX } from '../../shared/snapshot/snapshot-file.js';
import type { EdgeChange } from '../../shared/schemas/edges.js';
import type { CacheFiles } from './cache-files.js';
import type { FeedHttp } from './feed-http.js';

/**
 * Makes the cache hold `change`: removes both files of a removed zone; otherwise fetches the
 * snapshot unless the cached one has the announced checksum, then the journal up to the
 * announced size — only the bytes past the cached ones when the cached journal continues the
 * same snapshot, or out of the journal tail the change carries when that reaches back to the
 * cached end. Every byte written is what the signed change announced (FeedHttp checks the
 * snapshot's size and checksum, and the journal range's signature and length); a cached
 * journal longer than announced is kept, never cut back. A failure throws (FeedError) with
 * the cache as it was, except that a snapshot already verified and written stays (it is the
 * announced one). Returns whether anything in the cache changed. Idempotent.
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
  const { checksum } = change.snapshot;
  let changed = false;
  if (before.snapshot?.checksum !== checksum) {
    await cache.replace(stem, SNAPSHOT_SUFFIX, await http.snapshot(stem, change.snapshot));
    changed = true;
  }
  // A journal of another snapshot belongs to a publish still on its way (the feed lists it as a
  // later change); the loader ignores such a journal, so none is fetched.
  const wanted = change.journal !== null && change.journal.base === checksum ? change.journal.size : undefined;
  const cached = !changed && before.journal !== null && before.journal.base === checksum ? before.journal.size : undefined;
  if (wanted === undefined) {
    if (before.journal === null) return changed;
    await cache.remove(stem, JOURNAL_SUFFIX);
    return true;
  }
  if (cached !== undefined && cached >= wanted) return changed;
  // The journal's last bytes, carried (and signed) in the changes answer: when they reach back
  // to the cached end, the rest of them is what to append, with no range to fetch.
  const tail = change.journal_tail === undefined ? undefined : Buffer.from(change.journal_tail, 'base64');
  if (cached !== undefined && tail !== undefined && cached >= wanted - tail.length && (await cache.appendJournal(stem, cached, tail.subarray(tail.length - (wanted - cached))))) return true;
  if (cached !== undefined && (await cache.appendJournal(stem, cached, await http.journal(stem, checksum, cached, wanted)))) return true;
  await cache.replace(stem, JOURNAL_SUFFIX, await http.journal(stem, checksum, 0, wanted));
  return true;
}

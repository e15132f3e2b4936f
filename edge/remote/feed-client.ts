// Keeps an edge's cache directory replicated from the control plane's feed, and reports what the edge serves.
//
// One loop, in the edge's main (or cluster primary) process: long-poll the changes after the
// cache's position, bring each changed zone's files into the cache (syncZone verifies every
// byte first), save the new position, have the loader(s) read those zones, then report the
// position as served. Anything that fails — the network, a refused signature, a full disk —
// leaves the cache and the position as they were (the edge keeps serving what it has) and is
// retried with a backoff capped at a few seconds; a repeated failure is logged once.
import { readdir } from 'node:fs/promises';
import type { Logger } from '../../shared/log.js';
import { CacheFiles } from './cache-files.js';
import type { FeedHttp } from './feed-http.js';
import { loadFeedState, saveFeedState } from './feed-state.js';
import { syncZone } from './sync-zone.js';

const POLL_SECONDS = 25;
const FIRST_RETRY_MS = 200;
const MAX_RETRY_MS = 3_000;

export interface FeedClientOptions {
  readonly http: FeedHttp;
  readonly cacheDir: string;
  /** The edge's name in status reports; the control plane checks it is its key's name. Left out, the key's name is used. */
  readonly name: string | undefined;
  readonly log: Logger;
  /** Has every loader of this edge read the zones with these stems (all zones when undefined); resolves when they have. */
  readonly reload: (stems?: readonly string[]) => Promise<void>;
}

export interface FeedClient {
  /** Stops after the request under way (which is abandoned). */
  close(): void;
}

/** Starts replicating in the background; never throws, never stops on its own. */
export function startFeedClient(options: FeedClientOptions): FeedClient {
  const { http, log, name } = options;
  const cache = new CacheFiles(options.cacheDir);
  let closed = false;
  let wakeSleep: (() => void) | undefined;
  let lastFailure: string | undefined;

  const sleep = (ms: number): Promise<void> =>
    new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      wakeSleep = () => {
        clearTimeout(timer);
        resolve();
      };
    });

  async function run(): Promise<void> {
    let { after } = await loadFeedState(options.cacheDir);
    // The zones the cache holds, kept up to date as changes land, so a report after each change
    // does not list a directory of a hundred thousand zones.
    const cached = new Set(cache.stems(await readdir(options.cacheDir)));
    // The cache is already served (the loader read it at start): say so, so a publish does not wait for a full resync.
    let reported = false;
    // Stems seen since a sync from 0 began: cached zones the feed never lists are stale.
    let fullSync: Set<string> | undefined = after === 0 ? new Set() : undefined;
    let delay = FIRST_RETRY_MS;
    while (!closed) {
      try {
        if (!reported) {
          await http.status({ ...(name === undefined ? {} : { name }), served_seq: after, zones: cached.size });
          reported = true;
        }
        const batch = await http.changes(after, fullSync === undefined ? POLL_SECONDS : 0);
        if (batch.seq < after) {
          log.warn('edge: the control plane feed is behind this cache (a new database?); resynchronising everything', { cached: after, feed: batch.seq });
          after = 0;
          fullSync = new Set();
          continue;
        }
        const changed: string[] = [];
        for (const change of batch.changes) {
          fullSync?.add(change.stem);
          if (await syncZone(http, cache, change)) changed.push(change.stem);
          if (change.snapshot === null) cached.delete(change.stem);
          else cached.add(change.stem);
        }
        if (fullSync !== undefined && batch.changes.length === 0) {
          for (const stem of cache.stems(await readdir(options.cacheDir))) {
            if (fullSync.has(stem)) continue;
            await syncZone(http, cache, { stem, snapshot: null, journal: null });
            cached.delete(stem);
            changed.push(stem);
          }
          fullSync = undefined;
        }
        if (batch.seq !== after || changed.length > 0) {
          await saveFeedState(cache, { after: batch.seq });
          if (changed.length > 0) await options.reload(changed);
          after = batch.seq;
          await http.status({ ...(name === undefined ? {} : { name }), served_seq: after, zones: cached.size });
          if (changed.length > 0) log.info('edge: zones replicated from the control plane', { zones: changed.length, seq: after });
        }
        if (lastFailure !== undefined) log.info('edge: the control plane feed works again', { seq: after });
        lastFailure = undefined;
        delay = FIRST_RETRY_MS;
      } catch (err) {
        const message = (err as Error).message;
        if (message !== lastFailure) log.warn('edge: replicating from the control plane failed; serving the cached zones and retrying', { reason: message, retry_ms: delay });
        lastFailure = message;
        await sleep(delay);
        delay = Math.min(MAX_RETRY_MS, delay * 2);
      }
    }
  }

  void run().catch((err: unknown) => log.error('edge: the feed client stopped', { err }));
  return {
    close() {
      closed = true;
      wakeSleep?.();
    },
  };
}

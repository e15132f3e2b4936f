// Keeps an edge's cache directory replicated from the control plane's feed, and reports what the edge serves.
//
// One loop, in the edge's main (or cluster primary) process: long-poll the changes after the
// cache's position, bring each changed zone's files into the cache (syncZone verifies every
// byte first), save the new position, have the loader(s) read those zones, then report the
// position as served. Anything that fails — the network, a refused signature, a full disk —
// leaves the cache and the position as they were (the edge keeps serving what it has) and is
// retried with a backoff from 1 s to a minute, logged when the reason changes and once a
// minute while it lasts. A refusal that retrying cannot cure (the key, the name or the public
// key is wrong) ends the edge when it has nothing cached to serve (onPermanentFailure).
import { readdir } from 'node:fs/promises';
import type { Logger } from '../../shared/log.js';
import { CacheFiles } from './cache-files.js';
import { isPermanent } from './feed-http.js';
import type { FeedHttp } from './feed-http.js';
import { loadFeedState, saveFeedState } from './feed-state.js';
import { syncZone } from './sync-zone.js';

const POLL_SECONDS = 25;
const FIRST_RETRY_MS = 1_000;
const MAX_RETRY_MS = 60_000;
/** While a failure lasts, how often it is logged again. */
const REMIND_MS = 60_000;

export interface FeedClientOptions {
  readonly http: FeedHttp;
  readonly cacheDir: string;
  /** The edge's name in status reports; the control plane checks it is its key's name. Left out, the key's name is used. */
  readonly name: string | undefined;
  readonly log: Logger;
  /** Has every loader of this edge read the zones with these stems (all zones when undefined); resolves when they have. */
  readonly reload: (stems?: readonly string[]) => Promise<void>;
  /** Called once, and replication stops, when the control plane refuses this edge for good and nothing is cached to serve. */
  readonly onPermanentFailure: (reason: string) => void;
}

export interface FeedClient {
  /** Stops after the request under way (which is abandoned). */
  close(): void;
}

/** Starts replicating in the background; never throws; stops on its own only through onPermanentFailure. */
export function startFeedClient(options: FeedClientOptions): FeedClient {
  const { http, log, name } = options;
  const cache = new CacheFiles(options.cacheDir);
  let closed = false;
  let wakeSleep: (() => void) | undefined;
  let lastFailure: string | undefined;
  let lastLogged = 0;

  const sleep = (ms: number): Promise<void> =>
    new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      wakeSleep = () => {
        clearTimeout(timer);
        resolve();
      };
    });

  async function run(): Promise<void> {
    const state = await loadFeedState(options.cacheDir);
    const { instance } = state;
    let { after } = state;
    await saveFeedState(cache, state);
    // The zones the cache holds, kept up to date as changes land, so a report after each change
    // does not list a directory of a hundred thousand zones.
    const cached = new Set(cache.stems(await readdir(options.cacheDir)));
    const report = (): Promise<void> => http.status({ ...(name === undefined ? {} : { name }), instance, served_seq: after, zones: cached.size });
    // The cache is already served (the loader read it at start): say so, so a publish does not wait for a full resync.
    let reported = false;
    // Stems seen since a sync from 0 began: cached zones the feed never lists are stale.
    let fullSync: Set<string> | undefined = after === 0 ? new Set() : undefined;
    let delay = FIRST_RETRY_MS;
    while (!closed) {
      try {
        if (!reported) {
          await report();
          reported = true;
        }
        const batch = await http.changes(after, fullSync === undefined ? POLL_SECONDS : 0, instance);
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
          await saveFeedState(cache, { after: batch.seq, instance });
          if (changed.length > 0) await options.reload(changed);
          after = batch.seq;
          await report();
          if (changed.length > 0) log.info('edge: zones replicated from the control plane', { zones: changed.length, seq: after });
        }
        if (lastFailure !== undefined) log.info('edge: the control plane feed works again', { seq: after });
        lastFailure = undefined;
        delay = FIRST_RETRY_MS;
      } catch (err) {
        const message = (err as Error).message;
        const permanent = isPermanent(err);
        if (permanent && cached.size === 0) {
          closed = true;
          options.onPermanentFailure(`the control plane at ${http.url} refuses this edge: ${message}`);
          return;
        }
        if (message !== lastFailure || Date.now() - lastLogged >= REMIND_MS) {
          const serving = cached.size === 0 ? 'no zone is cached yet, so every query is REFUSED' : `serving the ${cached.size} cached zone${cached.size === 1 ? '' : 's'}`;
          const what = permanent ? `the control plane at ${http.url} refuses this edge` : `cannot replicate from the control plane at ${http.url}`;
          log.warn(`edge: ${what}: ${message}; ${serving}; retrying in ${delay / 1000} s`, { reason: message, retry_ms: delay, cached_zones: cached.size });
          lastLogged = Date.now();
        }
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

// Keeps an edge's cache directory replicated from the control plane's feed, and reports what the edge serves.
//
// One loop, in the edge's main (or cluster primary) process: long-poll the changes after the
// cache's position, bring each changed zone's files (and the transfer keys) into the cache (verifying every
// byte first), save the new position, have the loader(s) read those zones, then report the
// position as served. Anything that fails — the network, a refused signature, bytes other
// than the signed feed announced, an answer that would take the cache back (judgeChanges), an
// unsigned error answer, a full disk — leaves the position as it was (the edge keeps serving
// what it has, and reports itself behind) and is retried with a backoff from 1 s to a minute, logged when the reason changes and once a
// minute while it lasts. A refusal that retrying cannot cure (the key, the name or the public
// key is wrong) ends the edge when it has nothing cached to serve (onPermanentFailure).
import { readdir } from 'node:fs/promises';
import type { Logger } from '../../shared/log.js';
import { CacheFiles } from './cache-files.js';
import { isPermanent } from './feed-http.js';
import type { FeedHttp } from './feed-http.js';
import { loadFeedState, saveFeedState } from './feed-state.js';
import type { FeedState } from './feed-state.js';
import { judgeChanges } from './judge-changes.js';
import { syncZone } from './sync-zone.js';
import { syncTransferKeys } from './sync-transfer-keys.js';
import { ZoneSerialReports } from './zone-serial-reports.js';
import type { ZoneSerial } from '../../shared/schemas/edges.js';

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
  /** Has every loader of this edge read the zones with these stems (all zones when undefined); resolves when they have, with the serials they serve of those zones. */
  readonly reload: (stems?: readonly string[]) => Promise<readonly ZoneSerial[]>;
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
    let state: FeedState = await loadFeedState(options.cacheDir);
    const { instance } = state;
    await saveFeedState(cache, state);
    // The zones the cache holds, kept up to date as changes land, so a report after each change
    // does not list a directory of a hundred thousand zones.
    const cached = new Set(cache.stems(await readdir(options.cacheDir)));
    // The serials served of the zones changed since the last report that got through; until one
    // has, of every zone served (the control plane forgets what this process said before).
    const serials = new ZoneSerialReports(await options.reload());
    const report = async (): Promise<void> => {
      const chunks = serials.chunks();
      for (const [i, chunk] of chunks.entries()) {
        await http.status({
          ...(name === undefined ? {} : { name }),
          instance,
          served_seq: state.after,
          zones: cached.size,
          zone_serials: chunk,
          ...(i === 0 && serials.reset ? { zone_serials_reset: true } : {}),
        });
      }
      serials.sent(chunks);
    };
    // The cache is already served (the loader read it at start): say so, so a publish does not wait for a full resync.
    let reported = false;
    // Stems seen since a sync from 0 began: cached zones the feed never lists are stale.
    let fullSync: Set<string> | undefined = state.after === 0 ? new Set() : undefined;
    // Zones brought past `state.after` by a batch that failed part-way, at the change's seq: a
    // later answer listing an older change of one (a replay) must not take it back.
    const ahead = new Map<string, number>();
    let delay = FIRST_RETRY_MS;
    while (!closed) {
      try {
        if (!reported) {
          await report();
          reported = true;
        }
        const batch = await http.changes(state.after, fullSync === undefined ? POLL_SECONDS : 0, instance);
        const judged = judgeChanges(state, batch);
        if (judged.kind === 'refuse') throw new Error(`refusing the changes answer: ${judged.reason}; keeping what is served`);
        if (judged.kind === 'new-feed') {
          log.warn('edge: the control plane has a new database; resynchronising everything', { cached: state.after, feed: batch.feed, seq: batch.seq });
          state = judged.state;
          await saveFeedState(cache, state);
          fullSync = new Set();
          ahead.clear();
          continue;
        }
        const changed: string[] = [];
        for (const change of batch.changes) {
          fullSync?.add(change.stem);
          if ((ahead.get(change.stem) ?? 0) >= change.seq) continue;
          if (await syncZone(http, cache, change)) changed.push(change.stem);
          ahead.set(change.stem, change.seq);
          if (change.snapshot === null) cached.delete(change.stem);
          else cached.add(change.stem);
        }
        if (await syncTransferKeys(http, options.cacheDir, batch.transfer_keys)) log.info('edge: transfer keys replicated from the control plane', { seq: batch.seq });
        if (fullSync !== undefined && batch.changes.length === 0) {
          for (const stem of cache.stems(await readdir(options.cacheDir))) {
            if (fullSync.has(stem)) continue;
            await syncZone(http, cache, { seq: batch.seq, stem, snapshot: null, journal: null });
            cached.delete(stem);
            changed.push(stem);
          }
          fullSync = undefined;
        }
        if (batch.seq !== state.after || batch.feed !== state.feed || changed.length > 0) {
          state = { ...state, after: batch.seq, feed: batch.feed };
          // Served first, then made durable and remembered: a crash in between fetches these
          // changes again and finds the files current (or the journal short, and appends again),
          // so neither fsync is on the change's path.
          if (changed.length > 0) serials.changed(await options.reload(changed));
          await cache.syncJournals();
          await saveFeedState(cache, state);
          for (const [stem, seq] of ahead) if (seq <= state.after) ahead.delete(stem);
          await report();
          if (changed.length > 0) log.info('edge: zones replicated from the control plane', { zones: changed.length, seq: state.after });
        }
        if (lastFailure !== undefined) log.info('edge: the control plane feed works again', { seq: state.after });
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

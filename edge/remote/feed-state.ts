// The feed position an edge's cache is at, the feed it follows and the edge's instance id, kept beside the cached files so a restart resumes where it stopped.
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { CacheFiles } from './cache-files.js';

/** Not a snapshot or journal name, so the loader ignores it. */
export const FEED_STATE_FILE = 'feed-state.json';

const INSTANCE = /^[0-9a-f]{12}$/;
const FEED_ID = /^[0-9a-f]{32}$/;
/** How many feeds left behind are remembered (each is a database the control plane once had). */
const LEFT_KEPT = 32;

export interface FeedState {
  /** Every change up to this feed sequence is in the cache. */
  readonly after: number;
  /**
   * Which process this is among those sharing one edge key (each has its own cache), so the
   * control plane keeps one status per process; kept across restarts with the cache.
   */
  readonly instance: string;
  /** The identity of the feed (the control plane's database) the cache follows; undefined before the first answer. */
  readonly feed: string | undefined;
  /** Feeds this cache followed before and left for a newer database: answers from them are old, and refused. */
  readonly left: readonly string[];
}

/** The saved state; a full sync (`after: 0`) and a new instance id when there is none or it does not parse. */
export async function loadFeedState(dir: string): Promise<FeedState> {
  const value = await readSaved(dir);
  const after = value?.after;
  const instance = value?.instance;
  const feed = value?.feed;
  const left = Array.isArray(value?.left) ? value.left.filter((f): f is string => typeof f === 'string' && FEED_ID.test(f)) : [];
  return {
    after: typeof after === 'number' && Number.isSafeInteger(after) && after >= 0 ? after : 0,
    instance: typeof instance === 'string' && INSTANCE.test(instance) ? instance : randomBytes(6).toString('hex'),
    feed: typeof feed === 'string' && FEED_ID.test(feed) ? feed : undefined,
    left: left.slice(-LEFT_KEPT),
  };
}

/** The state after leaving `state.feed` for `feed`, a new database, to be followed from its start. */
export function followNewFeed(state: FeedState, feed: string): FeedState {
  const left = state.feed === undefined ? state.left : [...state.left, state.feed].slice(-LEFT_KEPT);
  return { ...state, after: 0, feed, left };
}

/** The saved JSON, or null when there is none or it does not parse (start over). */
async function readSaved(dir: string): Promise<{ after?: unknown; instance?: unknown; feed?: unknown; left?: unknown } | null> {
  try {
    return JSON.parse(await readFile(`${dir}/${FEED_STATE_FILE}`, 'utf8')) as { after?: unknown; instance?: unknown; feed?: unknown; left?: unknown } | null;
  } catch {
    return null;
  }
}

/** Saves the state atomically (temp file + rename); call only after the files it vouches for are written. */
export async function saveFeedState(cache: CacheFiles, state: FeedState): Promise<void> {
  await cache.replace('feed-state', '.json', Buffer.from(JSON.stringify(state)));
}

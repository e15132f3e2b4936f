// The feed position an edge's cache is at, and the edge's instance id, kept beside the cached files so a restart resumes where it stopped.
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { CacheFiles } from './cache-files.js';

/** Not a snapshot or journal name, so the loader ignores it. */
export const FEED_STATE_FILE = 'feed-state.json';

const INSTANCE = /^[0-9a-f]{12}$/;

export interface FeedState {
  /** Every change up to this feed sequence is in the cache. */
  readonly after: number;
  /**
   * Which process this is among those sharing one edge key (each has its own cache), so the
   * control plane keeps one status per process; kept across restarts with the cache.
   */
  readonly instance: string;
}

/** The saved state; a full sync (`after: 0`) and a new instance id when there is none or it does not parse. */
export async function loadFeedState(dir: string): Promise<FeedState> {
  const value = await readSaved(dir);
  const after = value?.after;
  const instance = value?.instance;
  return {
    after: typeof after === 'number' && Number.isSafeInteger(after) && after >= 0 ? after : 0,
    instance: typeof instance === 'string' && INSTANCE.test(instance) ? instance : randomBytes(6).toString('hex'),
  };
}

/** The saved JSON, or null when there is none or it does not parse (start over). */
async function readSaved(dir: string): Promise<{ after?: unknown; instance?: unknown } | null> {
  try {
    return JSON.parse(await readFile(`${dir}/${FEED_STATE_FILE}`, 'utf8')) as { after?: unknown; instance?: unknown } | null;
  } catch {
    return null;
  }
}

/** Saves the state atomically (temp file + rename); call only after the files it vouches for are written. */
export async function saveFeedState(cache: CacheFiles, state: FeedState): Promise<void> {
  await cache.replace('feed-state', '.json', Buffer.from(JSON.stringify(state)));
}

// The feed position an edge's cache is at, kept beside the cached files so a restart resumes where it stopped.
import { readFile } from 'node:fs/promises';
import { CacheFiles } from './cache-files.js';

/** Not a snapshot or journal name, so the loader ignores it. */
export const FEED_STATE_FILE = 'feed-state.json';

export interface FeedState {
  /** Every change up to this feed sequence is in the cache. */
  readonly after: number;
}

/** The saved state; `{after: 0}` (a full sync) when there is none or it does not parse. */
export async function loadFeedState(dir: string): Promise<FeedState> {
  try {
    const value: unknown = JSON.parse(await readFile(`${dir}/${FEED_STATE_FILE}`, 'utf8'));
    const after = (value as { after?: unknown } | null)?.after;
    return { after: typeof after === 'number' && Number.isSafeInteger(after) && after >= 0 ? after : 0 };
  } catch {
    return { after: 0 };
  }
}

/** Saves the state atomically (temp file + rename); call only after the files it vouches for are written. */
export async function saveFeedState(cache: CacheFiles, state: FeedState): Promise<void> {
  await cache.replace('feed-state', '.json', Buffer.from(JSON.stringify(state)));
}

// Decides whether a verified changes answer may move the edge's cache, so no answer, however validly signed, takes it back in time.
import type { EdgeChanges } from '../../shared/schemas/edges.js';
import { followNewFeed } from './feed-state.js';
import type { FeedState } from './feed-state.js';

export type Judgement =
  /** Apply the changes, then stand at `batch.seq` of `batch.feed`. */
  | { readonly kind: 'apply' }
  /** The control plane has a new database: follow it from its start (the state to continue from). */
  | { readonly kind: 'new-feed'; readonly state: FeedState }
  /** Not an answer to apply: keep what is served, say why, ask again later. */
  | { readonly kind: 'refuse'; readonly reason: string };

/**
 * Judges `batch`, the answer to "changes after `state.after`". A signature only says the
 * control plane sent it once; an on-path attacker may replay it later. So the feed must never
 * go back: an answer below the cache's position, or from a database the edge has left, is
 * refused; every change must lie after the position and within the answer.
 */
export function judgeChanges(state: FeedState, batch: EdgeChanges): Judgement {
  if (state.left.includes(batch.feed)) {
    return { kind: 'refuse', reason: `an answer from the control plane's previous database (feed ${batch.feed}), which this cache has left: a replayed answer` };
  }
  if (batch.feed !== state.feed && (state.feed !== undefined || batch.seq < state.after)) return { kind: 'new-feed', state: followNewFeed(state, batch.feed) };
  if (batch.seq < state.after) {
    return {
      kind: 'refuse',
      reason:
        `the feed answered seq ${batch.seq}, below the ${state.after} this cache serves: a replayed answer, or a database restored from a backup ` +
        '(then start this edge with an empty cache directory)',
    };
  }
  const stray = batch.changes.find((c) => c.seq <= state.after || c.seq > batch.seq);
  if (stray !== undefined) return { kind: 'refuse', reason: `change ${stray.stem} has seq ${stray.seq}, outside (${state.after}, ${batch.seq}]: not an answer to this request` };
  return { kind: 'apply' };
}

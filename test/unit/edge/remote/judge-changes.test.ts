// Unit: no validly signed changes answer takes an edge's cache back in time.
import { describe, expect, it } from 'vitest';
import type { EdgeChanges } from '../../../../shared/schemas/edges.js';
import type { FeedState } from '../../../../edge/remote/feed-state.js';
import { judgeChanges } from '../../../../edge/remote/judge-changes.js';

const FEED = 'a'.repeat(32);
const NEW = 'b'.repeat(32);
const OLD = 'c'.repeat(32);
const state: FeedState = { after: 40, instance: '0123456789ab', feed: FEED, left: [OLD] };
const change = (seq: number) => ({ seq, stem: 'example.com', snapshot: null, journal: null });
const answer = (over: Partial<EdgeChanges>): EdgeChanges => ({ feed: FEED, seq: 45, changes: [change(42), change(45)], ...over });

describe('judging a changes answer', () => {
  it('applies changes after the position from the feed the cache follows', () => {
    expect(judgeChanges(state, answer({}))).toEqual({ kind: 'apply' });
    expect(judgeChanges(state, answer({ seq: 40, changes: [] }))).toEqual({ kind: 'apply' });
  });

  it('refuses an answer below the position: a replay, or a database restored from a backup', () => {
    const judged = judgeChanges(state, answer({ seq: 39, changes: [] }));
    expect(judged.kind).toBe('refuse');
    expect(judged.kind === 'refuse' && judged.reason).toMatch(/seq 39, below the 40 this cache serves/);
  });

  it('refuses changes at or before the position, or beyond the answer’s seq', () => {
    expect(judgeChanges(state, answer({ changes: [change(40)] })).kind).toBe('refuse');
    expect(judgeChanges(state, answer({ changes: [change(46)] })).kind).toBe('refuse');
  });

  it('follows a new database from its start, and remembers the one it left', () => {
    const judged = judgeChanges(state, answer({ feed: NEW, seq: 3, changes: [] }));
    expect(judged).toEqual({ kind: 'new-feed', state: { ...state, after: 0, feed: NEW, left: [OLD, FEED] } });
  });

  it('refuses any answer from a database it has left', () => {
    const judged = judgeChanges(state, answer({ feed: OLD, seq: 900 }));
    expect(judged.kind === 'refuse' && judged.reason).toMatch(/previous database/);
  });

  it('a cache from before feed identities adopts the first feed; one below it starts over', () => {
    const unnamed = { ...state, feed: undefined, left: [] };
    expect(judgeChanges(unnamed, answer({}))).toEqual({ kind: 'apply' });
    expect(judgeChanges(unnamed, answer({ seq: 2, changes: [] })).kind).toBe('new-feed');
  });
});

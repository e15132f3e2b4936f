// The publisher's rules alone: when a change goes out as a delta, when a journal is folded,
// when signatures renew as a delta, and how long a throttled rebuild waits.
import { describe, expect, it } from 'vitest';
import { journalHasRoom, MAX_DELTAS, MAX_DELTA_RRSETS, mustFold, publishesByDelta, RebuildThrottle, renewsByDelta } from '../../../../control/publish/publish-policy.js';
import type { JournalState } from '../../../../control/publish/zone-journal.js';

const journal = (over: Partial<JournalState> = {}): JournalState => ({ baseChecksum: Buffer.alloc(32), snapshotBytes: 10_000_000, seq: 7, journalBytes: 1000, deltas: 3, ...over });

describe('publish policy', () => {
  it('a journal has room below the delta count and below half its snapshot (at least 256 KiB)', () => {
    expect(journalHasRoom(journal())).toBe(true);
    expect(journalHasRoom(journal({ deltas: MAX_DELTAS - 1 }))).toBe(true);
    expect(journalHasRoom(journal({ deltas: MAX_DELTAS }))).toBe(false);
    expect(journalHasRoom(journal({ journalBytes: 4_999_999 }))).toBe(true);
    expect(journalHasRoom(journal({ journalBytes: 5_000_000 }))).toBe(false);
    // A small zone's journal may still grow to 256 KiB.
    expect(journalHasRoom(journal({ snapshotBytes: 1000, journalBytes: 256 * 1024 - 1 }))).toBe(true);
    expect(journalHasRoom(journal({ snapshotBytes: 1000, journalBytes: 256 * 1024 }))).toBe(false);
  });

  it('folds only a journal that exists and is full', () => {
    expect(mustFold(undefined)).toBe(false);
    expect(mustFold(journal())).toBe(false);
    expect(mustFold(journal({ deltas: MAX_DELTAS }))).toBe(true);
  });

  it('publishes a delta only onto a journal with room, and only when every change was read', () => {
    expect(publishesByDelta(journal(), { more: false })).toBe(true);
    expect(publishesByDelta(journal(), { more: true })).toBe(false);
    expect(publishesByDelta(undefined, { more: false })).toBe(false);
    expect(publishesByDelta(journal({ deltas: MAX_DELTAS }), { more: false })).toBe(false);
  });

  it('renews signatures as a delta only with nothing staged, a journal with room, and fewer due than a delta holds', () => {
    expect(renewsByDelta(journal(), 10, false)).toBe(true);
    expect(renewsByDelta(journal(), 10, true)).toBe(false);
    expect(renewsByDelta(undefined, 10, false)).toBe(false);
    expect(renewsByDelta(journal({ deltas: MAX_DELTAS }), 10, false)).toBe(false);
    expect(renewsByDelta(journal(), MAX_DELTA_RRSETS, false)).toBe(false);
  });

  it('a rebuild waits until as long after the last one as that took, per zone, until forgotten', () => {
    const throttle = new RebuildThrottle();
    expect(throttle.waitMs('Z1', 0)).toBe(0);
    throttle.rebuilt('Z1', 1000, 1400);
    expect(throttle.waitMs('Z1', 1400)).toBe(400);
    expect(throttle.waitMs('Z1', 1700)).toBe(100);
    expect(throttle.waitMs('Z1', 1800)).toBe(0);
    expect(throttle.waitMs('Z1', 5000)).toBe(0);
    expect(throttle.waitMs('Z2', 1400)).toBe(0);
    throttle.forget('Z1');
    expect(throttle.waitMs('Z1', 1400)).toBe(0);
  });
});

// The control plane's side of remote edges: the change feed they long-poll, their reports, and waiting until they serve a publish.
import type { Database } from 'better-sqlite3';
import type { KeyObject } from 'node:crypto';
import type { Name } from '../../shared/dns/name.js';
import type { EdgeChanges, ZoneEdges } from '../../shared/schemas/edges.js';
import type { Logger } from '../../shared/log.js';
import { feedAfter, findFeedRow } from '../store/feed.js';
import { createEdgeRegistry } from './edge-registry.js';
import type { EdgeProcess, EdgeSync, EdgeView } from './edge-registry.js';
import { stemOfOrigin } from '../../shared/snapshot/snapshot-file.js';
import { createFeedRecorder } from './feed-recorder.js';

/** Stems per changes response; an edge asks again from the response's seq for the rest. */
export const CHANGES_BATCH = 1000;
/** The longest a changes request is held, whatever it asks for. */
export const MAX_WAIT_MS = 30_000;

export interface EdgeFeed {
  readonly signingKey: KeyObject;
  /** Whether an edge in this process serves every publish (`dnscove start`). */
  readonly embedded: boolean;
  readonly snapshotsDir: string;
  /** The publisher's onPublished hook: records what changed and wakes long-polls (see FeedRecorder.record). */
  record(origins?: readonly Name[]): Promise<void>;
  /**
   * The stems changed after `after` (at most CHANGES_BATCH, oldest first) with `seq`, the
   * sequence to ask from next. When none changed, holds the request up to `waitMs` (capped at
   * MAX_WAIT_MS) and answers as soon as something does. An `after` beyond the feed (the
   * control plane's database was replaced) answers at once with the feed's seq and no
   * changes, so the edge can tell and start over.
   */
  changes(edge: EdgeProcess, address: string, after: number, waitMs: number): Promise<EdgeChanges>;
  /** An edge process's report that it serves every change up to `servedSeq`. */
  report(edge: EdgeProcess, address: string, servedSeq: number, zones: number | undefined): void;
  /**
   * Waits until every connected edge serves the zone's files as they are now (see
   * EdgeRegistry.waitFor), not the whole feed: a busy zone elsewhere does not hold it up.
   */
  waitForEdges(origin: Name, timeoutMs: number): Promise<EdgeSync>;
  /**
   * Every nameserver of the zone and which serve its last publish: the embedded edge (when
   * there is one) serves it once `published`; a remote edge process when it is connected and
   * has reported the zone's last feed change.
   */
  zoneEdges(origin: Name, published: boolean): ZoneEdges;
  list(): EdgeView[];
  /** Answers every held long-poll and ends every wait, so the HTTP server can close. */
  close(): void;
}

export interface EdgeFeedOptions {
  readonly db: Database;
  readonly snapshotsDir: string;
  readonly signingKey: KeyObject;
  readonly log: Logger;
  readonly now: () => Date;
  /** Whether an edge in this process (`dnscove start`) serves every publish before it returns. */
  readonly embeddedEdge?: boolean;
}

/** How the embedded edge is named among the laggards. */
export const EMBEDDED_EDGE = 'embedded edge';

export function createEdgeFeed(options: EdgeFeedOptions): EdgeFeed {
  const { db, snapshotsDir, log } = options;
  const polls = new Set<() => void>();
  const recorder = createFeedRecorder(db, snapshotsDir, (seq) => {
    log.debug('edges: feed advanced', { seq });
    for (const wake of [...polls]) wake();
  });
  const registry = createEdgeRegistry(db, options.now);
  let closed = false;

  const batch = (after: number): EdgeChanges => {
    const rows = feedAfter(db, after, CHANGES_BATCH);
    const seq = rows.length === CHANGES_BATCH ? rows[rows.length - 1]!.seq : recorder.seq();
    return { seq, changes: rows.map((r) => ({ stem: r.stem, snapshot: r.snapshot, journal: r.journal })) };
  };

  return {
    signingKey: options.signingKey,
    embedded: options.embeddedEdge === true,
    snapshotsDir,
    record: (origins) => recorder.record(origins),
    async changes(edge, address, after, waitMs) {
      registry.seen(edge, address);
      const first = batch(after);
      if (first.changes.length > 0 || after > recorder.seq() || waitMs <= 0 || closed) return first;
      const release = registry.polling(edge);
      try {
        await new Promise<void>((resolve) => {
          const wake = (): void => {
            clearTimeout(timer);
            polls.delete(wake);
            resolve();
          };
          const timer = setTimeout(wake, Math.min(waitMs, MAX_WAIT_MS));
          polls.add(wake);
        });
      } finally {
        release();
      }
      registry.seen(edge, address);
      return batch(after);
    },
    report: (edge, address, servedSeq, zones) => registry.report(edge, address, servedSeq, zones),
    waitForEdges: (origin, timeoutMs) => registry.waitFor(findFeedRow(db, stemOfOrigin(origin))?.seq ?? 0, timeoutMs),
    zoneEdges(origin, published) {
      const seq = findFeedRow(db, stemOfOrigin(origin))?.seq ?? 0;
      const remote = registry.serving(seq);
      const embedded = options.embeddedEdge === true ? 1 : 0;
      const lagging = embedded === 1 && !published ? [EMBEDDED_EDGE, ...remote.lagging] : remote.lagging;
      return { total: remote.total + embedded, in_sync: remote.total + embedded - lagging.length, lagging };
    },
    list: () => registry.list(),
    close() {
      closed = true;
      for (const wake of [...polls]) wake();
      registry.close();
    },
  };
}

// The control plane's side of remote edges: the change feed they long-poll, their reports, and waiting until they serve a publish.
import type { Database } from 'better-sqlite3';
import type { KeyObject } from 'node:crypto';
import type { Name } from '../../shared/dns/name.js';
import type { WrittenZone } from '../../shared/snapshot/zone-file-state.js';
import type { EdgeChanges, ZoneEdges } from '../../shared/schemas/edges.js';
import type { Logger } from '../../shared/log.js';
import { RateLimitedError } from '../errors/catalogue.js';
import { isEdgeKeyRevoked } from '../store/edge-keys.js';
import { feedAfter, feedIdentity, findFeedRow } from '../store/feed.js';
import { createEdgeRegistry } from './edge-registry.js';
import type { EdgeProcess, EdgeSync, EdgeView, SerialReport } from './edge-registry.js';
import type { ZoneRow } from '../store/zones.js';
import { stemOfOrigin } from '../../shared/snapshot/snapshot-file.js';
import { createFeedRecorder } from './feed-recorder.js';
import { TRANSFER_KEYS_STEM } from '../../shared/transfer/transfer-keys-file.js';

/** Stems per changes response; an edge asks again from the response's seq for the rest. */
export const CHANGES_BATCH = 1000;
/** Journal tails one changes answer carries at most, in bytes (base64 makes them a third more): the rest are fetched as ranges. The edge reads at most 4 MiB of an answer. */
const MAX_TAIL_BYTES = 1 << 20;
/** The longest a changes request is held, whatever it asks for. */
export const MAX_WAIT_MS = 30_000;
/**
 * Long-polls one edge key may hold at once: one per process sharing the key is all an edge
 * needs; more are refused (429) so one key cannot tie up the control plane.
 */
export const MAX_POLLS_PER_KEY = 16;
/** File downloads one edge key may have under way at once (an edge process fetches one at a time). */
export const MAX_FILES_PER_KEY = 8;
/** How often the keys of held polls are checked, so a key revoked from the CLI (another process) loses its polls within this. */
export const REVOKED_CHECK_MS = 2_000;

export interface EdgeFeed {
  readonly signingKey: KeyObject;
  /** Whether an edge started with the control plane serves every publish (`dnscove start`). */
  readonly embedded: boolean;
  readonly snapshotsDir: string;
  /** The publisher's onPublished hook: records what changed and wakes long-polls (see FeedRecorder.record). */
  record(written?: readonly WrittenZone[]): Promise<void>;
  /** Records the transfer keys file as it is now and wakes long-polls when it changed: remote edges fetch it. */
  recordTransferKeys(): void;
  /**
   * The stems changed after `after` (at most CHANGES_BATCH, oldest first) with `seq`, the
   * sequence to ask from next. When none changed, holds the request up to `waitMs` (capped at
   * MAX_WAIT_MS) and answers as soon as something does. An `after` beyond the feed (the
   * control plane's database was replaced) answers at once with the feed's seq and no
   * changes, so the edge can tell and start over.
   */
  changes(edge: EdgeProcess, address: string, after: number, waitMs: number): Promise<EdgeChanges>;
  /** Takes one of the key's file-download slots; release it when the response is sent. RateLimitedError (429) when all are taken. */
  fileSlot(edge: string): () => void;
  /** An edge process's report that it serves every change up to `servedSeq`, and the serials it serves of the zones it names. */
  report(edge: EdgeProcess, address: string, servedSeq: number, zones: number | undefined, serials?: SerialReport): void;
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
  /** Every edge process (EdgeRegistry.list). */
  list(served: (zone: ZoneRow) => boolean): EdgeView[];
  /** Answers every held long-poll and ends every wait, so the HTTP server can close. */
  close(): void;
}

export interface EdgeFeedOptions {
  readonly db: Database;
  readonly snapshotsDir: string;
  readonly signingKey: KeyObject;
  readonly log: Logger;
  readonly now: () => Date;
  /** Whether an edge started with the control plane (`dnscove start`) serves every publish before it returns. */
  readonly embeddedEdge?: boolean;
}

/** How the embedded edge is named among the laggards. */
export const EMBEDDED_EDGE = 'embedded edge';

export function createEdgeFeed(options: EdgeFeedOptions): EdgeFeed {
  const { db, snapshotsDir, log } = options;
  /** Each held long-poll's wake-up, with the edge key's name it is held for. */
  const polls = new Map<() => void, string>();
  const files = new Map<string, number>();
  const recorder = createFeedRecorder(db, snapshotsDir, (seq) => {
    log.debug('edges: feed advanced', { seq });
    for (const wake of [...polls.keys()]) wake();
  });
  const registry = createEdgeRegistry(db, options.now);
  const feed = feedIdentity(db);
  let closed = false;
  let revokedCheck: NodeJS.Timeout | undefined;

  const batch = (after: number): EdgeChanges => {
    const rows = feedAfter(db, after, CHANGES_BATCH);
    const seq = rows.length === CHANGES_BATCH ? rows[rows.length - 1]!.seq : recorder.seq();
    let tails = MAX_TAIL_BYTES;
    const changes = rows
      .filter((r) => r.stem !== TRANSFER_KEYS_STEM)
      .map((r) => {
        const change = { seq: r.seq, stem: r.stem, snapshot: r.snapshot, journal: r.journal };
        if (r.journalTail === undefined || r.journalTail.length > tails) return change;
        tails -= r.journalTail.length;
        return { ...change, journal_tail: r.journalTail.toString('base64') };
      });
    return { feed, seq, changes, transfer_keys: findFeedRow(db, TRANSFER_KEYS_STEM)?.snapshot ?? null };
  };
  // A revoked key's held polls end now (the route then answers 401), not at their next change.
  const dropRevoked = (): void => {
    for (const name of new Set(polls.values())) {
      if (!isEdgeKeyRevoked(db, name)) continue;
      for (const [wake, holder] of [...polls]) if (holder === name) wake();
    }
    if (polls.size === 0) {
      clearInterval(revokedCheck);
      revokedCheck = undefined;
    }
  };
  const held = (name: string): number => {
    let n = 0;
    for (const holder of polls.values()) if (holder === name) n++;
    return n;
  };

  return {
    signingKey: options.signingKey,
    embedded: options.embeddedEdge === true,
    snapshotsDir,
    record: (written) => recorder.record(written),
    recordTransferKeys: () => recorder.recordTransferKeys(),
    async changes(edge, address, after, waitMs) {
      registry.seen(edge, address);
      const first = batch(after);
      if (first.seq !== after || waitMs <= 0 || closed) return first;
      if (held(edge.name) >= MAX_POLLS_PER_KEY) throw new RateLimitedError(1);
      const release = registry.polling(edge);
      try {
        await new Promise<void>((resolve) => {
          const wake = (): void => {
            clearTimeout(timer);
            polls.delete(wake);
            resolve();
          };
          const timer = setTimeout(wake, Math.min(waitMs, MAX_WAIT_MS));
          polls.set(wake, edge.name);
          revokedCheck ??= setInterval(dropRevoked, REVOKED_CHECK_MS).unref();
        });
      } finally {
        release();
      }
      registry.seen(edge, address);
      return batch(after);
    },
    fileSlot(edge) {
      const taken = files.get(edge) ?? 0;
      if (taken >= MAX_FILES_PER_KEY) throw new RateLimitedError(1);
      files.set(edge, taken + 1);
      let released = false;
      return () => {
        if (released) return;
        released = true;
        const left = (files.get(edge) ?? 1) - 1;
        if (left > 0) files.set(edge, left);
        else files.delete(edge);
      };
    },
    report: (edge, address, servedSeq, zones, serials) => registry.report(edge, address, servedSeq, zones, serials),
    waitForEdges: (origin, timeoutMs) => registry.waitFor(findFeedRow(db, stemOfOrigin(origin))?.seq ?? 0, timeoutMs),
    zoneEdges(origin, published) {
      const seq = findFeedRow(db, stemOfOrigin(origin))?.seq ?? 0;
      const remote = registry.serving(seq);
      const embedded = options.embeddedEdge === true ? 1 : 0;
      const lagging = embedded === 1 && !published ? [EMBEDDED_EDGE, ...remote.lagging] : remote.lagging;
      return { total: remote.total + embedded, in_sync: remote.total + embedded - lagging.length, lagging };
    },
    list: (served) => registry.list(served),
    close() {
      closed = true;
      clearInterval(revokedCheck);
      for (const wake of [...polls.keys()]) wake();
      registry.close();
    },
  };
}

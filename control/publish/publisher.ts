// The publisher: writes zones' snapshots from committed rows, one publish per zone at a time.
import { mkdir, readdir, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { Database } from 'better-sqlite3';
import type { Name } from '../../shared/dns/name.js';
import { removeSnapshotFile, snapshotFileName, SNAPSHOT_SUFFIX, TEMP_PREFIX, writeSnapshotFile } from '../../shared/snapshot/snapshot-file.js';
import type { Logger } from '../log.js';
import { listRRsets } from '../store/rrsets.js';
import { findZone, listAllZones, setPublishedSerial } from '../store/zones.js';
import { buildZoneContent } from './build-zone-content.js';

/** The control plane's handle on publishing (Services.publisher). */
export interface Publisher {
  /**
   * Asks for the zone to be published soon (auto-publish): within about 25 ms when idle;
   * requests arriving while a publish of the zone is queued share it. Never throws; a failed
   * publish is logged and retried with backoff until it succeeds or the zone is deleted.
   */
  schedule(zoneId: string): void;
  /**
   * Publishes the zone's committed state now, after any publish of it already running, and
   * resolves once the snapshot is written, published_serial is updated and `onPublished` has
   * run (so the in-process edge serves it). Resolves with the serial published. Rejects when
   * the zone does not exist or the write fails (a retry is scheduled too).
   */
  publishNow(zoneId: string): Promise<{ publishedSerial: number }>;
  /** Removes a deleted zone's snapshot (idempotent), then runs `onPublished`. */
  remove(origin: Name): Promise<void>;
  /** Resolves when every publish scheduled or started so far (startup reconciliation included) has finished. */
  flush(): Promise<void>;
  /** Stops retries and pending timers; running publishes finish. */
  close(): Promise<void>;
}

export interface PublisherOptions {
  readonly db: Database;
  readonly snapshotsDir: string;
  readonly log: Logger;
  /** Called after every snapshot write or removal, e.g. the in-process edge's reload(). */
  readonly onPublished?: () => Promise<void>;
  /** Coalescing window of schedule(), in ms (default 25): the first request of a burst starts it, later ones join it. */
  readonly debounceMs?: number;
}

const MAX_RETRY_MS = 30_000;

/**
 * Creates the publisher and starts reconciling the snapshot directory with the database:
 * zones whose published_serial is behind their serial, or whose file is missing, are
 * published; snapshot files of zones that no longer exist and leftover temp files are
 * removed. So a crash between a commit and its publish loses nothing. `flush()` waits for it.
 *
 * Publishes are serialised per origin (one queue each): a publish reads the rows when it
 * starts, so a queued publish always carries every change committed before it began.
 * published_serial moves only after the snapshot file was written and synced.
 */
export function createPublisher(options: PublisherOptions): Publisher {
  const { db, snapshotsDir, log } = options;
  const debounceMs = options.debounceMs ?? 25;
  const queues = new Map<Name, { tail: Promise<unknown>; queued: Promise<number> | undefined }>();
  // Debounce timers of schedule() (flush waits for them) and retry timers (it does not).
  const timers = new Map<string, NodeJS.Timeout>();
  const retryTimers = new Map<string, NodeJS.Timeout>();
  const retries = new Map<string, number>();
  const inflight = new Set<Promise<unknown>>();
  let closed = false;

  const track = <T>(p: Promise<T>): Promise<T> => {
    const settled = p.then(() => undefined, () => undefined);
    inflight.add(settled);
    void settled.then(() => inflight.delete(settled));
    return p;
  };

  const queueFor = (origin: Name) => {
    let q = queues.get(origin);
    if (q === undefined) queues.set(origin, (q = { tail: Promise.resolve(), queued: undefined }));
    return q;
  };

  const notify = async (): Promise<void> => {
    if (options.onPublished !== undefined) await options.onPublished();
  };

  async function publishOnce(zoneId: string, origin: Name): Promise<number> {
    const read = db.transaction(() => {
      const zone = findZone(db, zoneId);
      return zone === undefined ? undefined : { zone, rows: listRRsets(db, zoneId) };
    });
    const state = read();
    if (state === undefined || state.zone.origin !== origin) throw new Error(`publish: zone ${zoneId} no longer exists`);
    const content = buildZoneContent(origin, state.zone.serial, state.rows);
    await writeSnapshotFile(snapshotsDir, content);
    // The zone may have been deleted while the file was written: do not resurrect it.
    if (findZone(db, zoneId) === undefined) {
      await removeSnapshotFile(snapshotsDir, origin);
      throw new Error(`publish: zone ${zoneId} was deleted during the publish`);
    }
    setPublishedSerial(db, zoneId, state.zone.serial);
    retries.delete(zoneId);
    await notify();
    log.debug('publish: zone published', { zoneId, origin, serial: state.zone.serial });
    return state.zone.serial;
  }

  function enqueue(zoneId: string): Promise<number> {
    const zone = findZone(db, zoneId);
    if (zone === undefined) return Promise.reject(new Error(`publish: no zone ${zoneId}`));
    const q = queueFor(zone.origin);
    if (q.queued !== undefined) return q.queued;
    const job = q.tail.then(() => {
      q.queued = undefined;
      return publishOnce(zoneId, zone.origin);
    });
    q.queued = job;
    q.tail = job.catch(() => undefined);
    return track(job.catch((err: unknown) => {
      retryLater(zoneId, err);
      throw err;
    }));
  }

  function retryLater(zoneId: string, err: unknown): void {
    if (closed || findZone(db, zoneId) === undefined) return;
    const delay = Math.min(MAX_RETRY_MS, (retries.get(zoneId) ?? 500) * 2);
    retries.set(zoneId, delay);
    log.error('publish: failed, will retry', { zoneId, retryInMs: delay, err });
    later(retryTimers, zoneId, delay);
  }

  function later(map: Map<string, NodeJS.Timeout>, zoneId: string, delay: number): void {
    if (closed || map.has(zoneId)) return;
    const timer = setTimeout(() => {
      map.delete(zoneId);
      enqueue(zoneId).catch(() => undefined);
    }, delay);
    map.set(zoneId, timer);
  }

  async function reconcile(): Promise<void> {
    await mkdir(snapshotsDir, { recursive: true });
    const zones = listAllZones(db);
    const wanted = new Set(zones.map((z) => snapshotFileName(z.origin)));
    const present = new Set(await readdir(snapshotsDir));
    for (const file of present) {
      const stale = file.startsWith(TEMP_PREFIX) || (file.endsWith(SNAPSHOT_SUFFIX) && !wanted.has(file));
      if (stale) {
        await unlink(join(snapshotsDir, file)).catch(() => undefined);
        log.info('publish: removed stale snapshot file', { file });
      }
    }
    const behind = zones.filter((z) => z.publishedSerial < z.serial || !present.has(snapshotFileName(z.origin)));
    await Promise.all(behind.map((z) => enqueue(z.id).catch(() => undefined)));
    if (behind.length === 0) await notify();
  }

  track(reconcile().catch((err: unknown) => log.error('publish: reconciling the snapshot directory failed', { err })));

  return {
    schedule(zoneId) {
      later(timers, zoneId, debounceMs);
    },
    async publishNow(zoneId) {
      return { publishedSerial: await enqueue(zoneId) };
    },
    async remove(origin) {
      const q = queueFor(origin);
      const job = q.tail.then(async () => {
        await removeSnapshotFile(snapshotsDir, origin);
        await notify();
      });
      q.tail = job.catch(() => undefined);
      await track(job);
    },
    async flush() {
      while (inflight.size > 0 || timers.size > 0) {
        await Promise.all([...inflight]);
        if (inflight.size === 0 && timers.size > 0) await new Promise((r) => setTimeout(r, debounceMs));
      }
    },
    async close() {
      closed = true;
      for (const t of [...timers.values(), ...retryTimers.values()]) clearTimeout(t);
      timers.clear();
      retryTimers.clear();
      await Promise.all([...inflight]);
    },
  };
}

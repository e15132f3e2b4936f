// The snapshot loader: keeps the zone table in step with a directory of snapshot files.
//
// A new or changed file is read, checksum-verified, fully indexed and only then put in the
// table (ZoneTable.set, synchronous), so a query sees the old zone or the new one, never a
// mix. A bad file is logged once (warn) and the previous version keeps serving; a removed
// file stops its zone being served.
//
// Work follows what changed: the directory watcher names the file that changed, a publisher
// in the same process names the zones it wrote (reload(stems)), and only those files are
// read. A full rescan (readdir plus a stat per file) runs at start and then as a fallback for
// filesystems that do not report changes, at an interval that grows with its own cost, so a
// directory of a hundred thousand zones is not stat'ed every second.
import { watch } from 'node:fs';
import type { FSWatcher } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { JOURNAL_SUFFIX } from '../shared/snapshot/journal.js';
import { originOfStem, SNAPSHOT_SUFFIX, TEMP_PREFIX } from '../shared/snapshot/snapshot-file.js';
import type { ZoneSerial } from '../shared/schemas/edges.js';
import { ZoneTable } from './index/zone-table.js';
import type { ZoneData } from './index/zone-data.js';
import type { Logger } from '../shared/log.js';
import { ZoneFiles } from './zone-files.js';
import { dnsCounters } from './metrics/dns-counters.js';
import { observeReload } from './metrics/edge-metrics.js';
import type { ZoneFilesOutcome } from './zone-files.js';

const MIN_RESCAN_MS = 2_000;
/** A fallback rescan may take at most this share of the time. */
const RESCAN_DUTY = 0.05;
/** Zones refreshed between two turns of the event loop while scanning (small files are read synchronously). */
const SCAN_SLICE = 128;

export class SnapshotLoader {
  readonly table = new ZoneTable();
  /** Per zone file stem (the file name without its suffix): what was last loaded from it. */
  readonly #zones = new Map<string, ZoneFiles>();
  /** Per stem: the refresh running or queued, so each zone is read by one refresh at a time. */
  readonly #pending = new Map<string, { running: Promise<void>; queued: Promise<void> | undefined; journalListed: boolean }>();
  #scan: Promise<void> | undefined;
  #rescanAgain = false;
  #lastFailure: string | undefined;
  #watcher: FSWatcher | undefined;
  #timer: NodeJS.Timeout | undefined;
  #closed = false;

  constructor(
    readonly dir: string,
    readonly log: Logger,
  ) {}

  /**
   * Loads every snapshot in the directory into the table in one pass (one table build, not
   * one per file), logs one summary line, then watches the directory.
   */
  async start(): Promise<void> {
    const started = performance.now();
    const loaded: ZoneData[] = [];
    let refused = 0;
    const names = await readdir(this.dir);
    const journals = journalStems(names);
    await this.#forEachStem(snapshotStems(names), async (stem) => {
      const files = new ZoneFiles(this.dir, stem, this.log);
      const outcome = await files.refresh(journals.has(stem));
      this.#zones.set(stem, files);
      if (outcome.kind === 'loaded') loaded.push(outcome.zone);
      if (outcome.kind === 'refused') refused++;
    });
    dnsCounters.snapshotsLoaded += loaded.length;
    dnsCounters.snapshotsRefused += refused;
    this.table.setMany(loaded);
    const records = loaded.reduce((sum, z) => sum + z.recordCount, 0);
    this.log.info('edge: snapshots loaded', { dir: this.dir, zones: loaded.length, records, refused, ms: Math.round(performance.now() - started) });
    try {
      this.#watcher = watch(this.dir, (_event, file) => {
        if (file === null) void this.#rescanSoon();
        else if (!file.startsWith(TEMP_PREFIX)) {
          const stem = stemOf(file);
          if (stem !== undefined) void this.#refresh(stem);
        }
      });
      this.#watcher.on('error', (err) => this.log.warn('edge: watching the snapshot directory failed; rescanning periodically', { dir: this.dir, err }));
    } catch (err) {
      this.log.warn('edge: cannot watch the snapshot directory; rescanning periodically', { dir: this.dir, err });
    }
    // The first rescan comes soon whatever the scan cost: it picks up files that changed
    // between the listing above and the watcher's start.
    this.#scheduleRescan(0);
  }

  /**
   * Reads the files of the zones with these stems (stemOfOrigin) now, or rescans the whole
   * directory when none are given. Resolves when every file changed before the call has been
   * loaded or refused, with the serial then served of each of those zones (of every zone served,
   * when no stems were given; null for a zone served no more).
   */
  async reload(stems?: readonly string[]): Promise<ZoneSerial[]> {
    if (stems === undefined) {
      await this.#rescanSoon();
      return [...this.#zones.values()].flatMap((files) => (files.served === undefined ? [] : [{ zone: files.served.origin, serial: files.served.serial }]));
    }
    await Promise.all(stems.map((stem) => this.#refresh(stem)));
    return stems.flatMap((stem): ZoneSerial[] => {
      const served = this.#zones.get(stem)?.served;
      if (served !== undefined) return [{ zone: served.origin, serial: served.serial }];
      const origin = originOfStem(stem);
      return origin === undefined ? [] : [{ zone: origin, serial: null }];
    });
  }

  close(): void {
    this.#closed = true;
    this.#watcher?.close();
    if (this.#timer !== undefined) clearTimeout(this.#timer);
  }

  /**
   * Refreshes one zone; calls for a stem whose refresh is queued (not yet started) share it,
   * and it looks for the journal if any of them says to (`journalListed`, see ZoneFiles.refresh).
   */
  #refresh(stem: string, journalListed = true): Promise<void> {
    const pending = this.#pending.get(stem);
    if (pending?.queued !== undefined) {
      pending.journalListed ||= journalListed;
      return pending.queued;
    }
    const run = async (): Promise<void> => {
      const state = this.#pending.get(stem);
      const listed = state?.queued === undefined ? journalListed : state.journalListed;
      if (state !== undefined) state.queued = undefined;
      const files = this.#zones.get(stem) ?? new ZoneFiles(this.dir, stem, this.log);
      const started = performance.now();
      const outcome = await files.refresh(listed);
      if (outcome.kind !== 'unchanged') observeReload((performance.now() - started) / 1000);
      this.#apply(stem, files, outcome);
    };
    const running = pending === undefined ? run() : pending.running.then(run, run);
    const entry = { running, queued: pending === undefined ? undefined : running, journalListed };
    this.#pending.set(stem, entry);
    void running.finally(() => {
      if (this.#pending.get(stem) === entry) this.#pending.delete(stem);
    });
    return running;
  }

  #apply(stem: string, files: ZoneFiles, outcome: ZoneFilesOutcome): void {
    switch (outcome.kind) {
      case 'loaded':
        if (outcome.replaces !== undefined && outcome.replaces !== outcome.zone.originKey) this.table.remove(outcome.replaces);
        this.#zones.set(stem, files);
        this.table.set(outcome.zone);
        dnsCounters.snapshotsLoaded++;
        this.log.info('edge: zone loaded', { file: stem + SNAPSHOT_SUFFIX, zone: outcome.zone.origin, serial: outcome.zone.serial, records: outcome.zone.recordCount, nodes: outcome.zone.nodeCount });
        return;
      case 'gone':
        this.#zones.delete(stem);
        if (outcome.served !== undefined && this.table.remove(outcome.served)) this.log.info('edge: zone removed', { file: stem + SNAPSHOT_SUFFIX });
        return;
      case 'refused':
        this.#zones.set(stem, files);
        dnsCounters.snapshotsRefused++;
        return;
      case 'unchanged':
        return;
    }
  }

  /** A full rescan, after the one running if any (concurrent callers share the next one). */
  #rescanSoon(): Promise<void> {
    if (this.#scan !== undefined) {
      this.#rescanAgain = true;
      return this.#scan;
    }
    const scan = (async () => {
      do {
        this.#rescanAgain = false;
        const names = await readdir(this.dir);
        const journals = journalStems(names);
        const present = new Set(snapshotStems(names));
        for (const stem of this.#zones.keys()) if (!present.has(stem)) present.add(stem);
        await this.#forEachStem([...present], (stem) => this.#refresh(stem, journals.has(stem)));
      } while (this.#rescanAgain);
    })();
    this.#scan = scan;
    return scan.then(
      () => {
        this.#scan = undefined;
        this.#lastFailure = undefined;
      },
      (err: unknown) => {
        this.#scan = undefined;
        const message = (err as Error).message;
        if (message !== this.#lastFailure) this.log.warn('edge: scanning the snapshot directory failed', { dir: this.dir, reason: message });
        this.#lastFailure = message;
      },
    );
  }

  #scheduleRescan(lastMs: number): void {
    if (this.#closed) return;
    this.#timer = setTimeout(() => {
      const started = performance.now();
      void this.#rescanSoon().then(() => this.#scheduleRescan(performance.now() - started));
    }, Math.max(MIN_RESCAN_MS, lastMs / RESCAN_DUTY));
    this.#timer.unref();
  }

  async #forEachStem(stems: readonly string[], work: (stem: string) => Promise<void>): Promise<void> {
    for (let i = 0; i < stems.length; i++) {
      if (i % SCAN_SLICE === SCAN_SLICE - 1) await new Promise<void>((resolve) => setImmediate(resolve));
      await work(stems[i]!);
    }
  }
}

/** The stems of the snapshots among a directory's file names. */
function snapshotStems(names: readonly string[]): string[] {
  return names.filter((f) => f.endsWith(SNAPSHOT_SUFFIX) && !f.startsWith(TEMP_PREFIX)).map((f) => f.slice(0, -SNAPSHOT_SUFFIX.length));
}

/** The stems of the journals among a directory's file names. */
function journalStems(names: readonly string[]): Set<string> {
  return new Set(names.filter((f) => f.endsWith(JOURNAL_SUFFIX) && !f.startsWith(TEMP_PREFIX)).map((f) => f.slice(0, -JOURNAL_SUFFIX.length)));
}

/** The zone a file of the directory belongs to: its name without the snapshot or journal suffix. */
function stemOf(file: string): string | undefined {
  if (file.endsWith(SNAPSHOT_SUFFIX)) return file.slice(0, -SNAPSHOT_SUFFIX.length);
  if (file.endsWith(JOURNAL_SUFFIX)) return file.slice(0, -JOURNAL_SUFFIX.length);
  return undefined;
}

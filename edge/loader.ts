// The snapshot loader: keeps the zone table in step with a directory of snapshot files.
//
// A new or changed file is read, checksum-verified, fully indexed and only then swapped in
// by replacing the one table reference (as CoreDNS file/reload.go does), so a query sees the
// old zone or the new one, never a mix. A bad file is logged once (warn) and the previous
// version keeps serving; a removed file stops its zone being served.
import { watch } from 'node:fs';
import type { FSWatcher } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Name } from '../shared/dns/name.js';
import { SNAPSHOT_SUFFIX, TEMP_PREFIX } from '../shared/snapshot/snapshot-file.js';
import { indexSnapshotSliced } from './index/zone-builder.js';
import { ZoneTable } from './index/zone-table.js';
import type { Logger } from './log.js';

interface FileState {
  readonly signature: string;
  /** The origin this file serves, or null when its current content was refused. */
  readonly origin: Name | null;
}

const RESCAN_INTERVAL_MS = 500;

export class SnapshotLoader {
  #table = new ZoneTable();
  readonly #files = new Map<string, FileState>();
  #queue: Promise<void> = Promise.resolve();
  #scanQueued = false;
  /** The last background scan failure, logged once until it changes. */
  #lastFailure: string | undefined;
  #watcher: FSWatcher | undefined;
  #timer: NodeJS.Timeout | undefined;

  constructor(
    readonly dir: string,
    readonly log: Logger,
  ) {}

  /** The current table; read it once per query. */
  get table(): ZoneTable {
    return this.#table;
  }

  /** Loads what is in the directory now, then watches it (fs.watch plus a periodic rescan as a fallback). */
  async start(): Promise<void> {
    await this.reload();
    try {
      this.#watcher = watch(this.dir, () => void this.#scanSoon());
      this.#watcher.on('error', (err) => this.log.warn('edge: watching the snapshot directory failed; rescanning periodically', { dir: this.dir, err }));
    } catch (err) {
      this.log.warn('edge: cannot watch the snapshot directory; rescanning periodically', { dir: this.dir, err });
    }
    this.#timer = setInterval(() => void this.#scanSoon(), RESCAN_INTERVAL_MS);
    this.#timer.unref();
  }

  /**
   * Rescans the directory now. Resolves when every file changed before the call has been
   * loaded or refused. Scans never overlap: calls queue behind the one running.
   */
  reload(): Promise<void> {
    const run = this.#queue.then(() => this.#scan());
    this.#queue = run.catch(() => undefined);
    return run;
  }

  /** Coalesces watcher events and timer ticks into at most one queued scan. */
  #scanSoon(): Promise<void> {
    if (this.#scanQueued) return this.#queue;
    this.#scanQueued = true;
    return this.reload().then(
      () => {
        this.#lastFailure = undefined;
      },
      (err: unknown) => {
        const message = (err as Error).message;
        if (message !== this.#lastFailure) this.log.warn('edge: scanning the snapshot directory failed', { dir: this.dir, reason: message });
        this.#lastFailure = message;
      },
    );
  }

  close(): void {
    this.#watcher?.close();
    if (this.#timer !== undefined) clearInterval(this.#timer);
  }

  async #scan(): Promise<void> {
    // A change seen from here on needs a scan after this one.
    this.#scanQueued = false;
    const names = (await readdir(this.dir)).filter((f) => f.endsWith(SNAPSHOT_SUFFIX) && !f.startsWith(TEMP_PREFIX));
    const present = new Set(names);
    for (const [file, state] of this.#files) {
      if (present.has(file)) continue;
      this.#files.delete(file);
      if (state.origin !== null) this.#unserve(state.origin, file);
    }
    for (const file of names) await this.#loadIfChanged(file);
  }

  async #loadIfChanged(file: string): Promise<void> {
    const path = join(this.dir, file);
    let signature: string;
    let bytes: Buffer;
    try {
      const before = await stat(path);
      signature = `${before.ino}:${before.size}:${before.mtimeMs}`;
      if (this.#files.get(file)?.signature === signature) return;
      bytes = await readFile(path);
    } catch (err) {
      // Renamed or removed between readdir and read: the next scan sees the new state.
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw err;
    }
    const previous = this.#files.get(file);
    try {
      const zone = await indexSnapshotSliced(bytes);
      if (previous?.origin != null && previous.origin !== zone.origin) this.#unserve(previous.origin, file);
      this.#table = this.#table.with(zone);
      this.#files.set(file, { signature, origin: zone.origin });
      this.log.info('edge: zone loaded', { file, zone: zone.origin, serial: zone.serial, records: zone.recordCount, nodes: zone.nodeCount });
    } catch (err) {
      this.#files.set(file, { signature, origin: previous?.origin ?? null });
      this.log.warn('edge: snapshot refused; the previous version keeps serving', { file, reason: (err as Error).message });
    }
  }

  #unserve(origin: Name, file: string): void {
    this.#table = this.#table.without(origin);
    this.log.info('edge: zone removed', { file, zone: origin });
  }
}

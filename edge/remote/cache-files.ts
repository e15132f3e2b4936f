// The edge's cache directory: the snapshot directory replicated from the control plane, written so the loader never sees half a file.
import { open, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { JOURNAL_SUFFIX } from '../../shared/snapshot/journal.js';
import { replaceFile, SNAPSHOT_SUFFIX, TEMP_PREFIX } from '../../shared/snapshot/snapshot-file.js';
import { zoneFileState } from '../../shared/snapshot/zone-file-state.js';
import type { ZoneFileState } from '../../shared/snapshot/zone-file-state.js';

export class CacheFiles {
  /** Journals appended to since the last syncJournals. */
  readonly #unsynced = new Set<string>();

  constructor(readonly dir: string) {}

  /** The zone's cached files, from their headers (a file without a whole header counts as absent). */
  cached(stem: string): ZoneFileState {
    return zoneFileState(this.dir, stem);
  }

  /** Replaces `stem + suffix` with `bytes`, so the loader sees the old file or the new one (replaceFile). */
  async replace(stem: string, suffix: string, bytes: Buffer): Promise<void> {
    await replaceFile(this.dir, stem + suffix, bytes);
    if (suffix === JOURNAL_SUFFIX) this.#unsynced.delete(stem);
  }

  /**
   * Appends `bytes` to the zone's journal, which must be `expectedSize` long (else nothing is
   * written and false returned: the caller fetches it whole). The loader reads journals up to
   * the last complete delta, so an append in progress is never half-applied. Not yet on disk:
   * the caller serves it, then makes it durable with syncJournals before it records the feed
   * position, so a crash before that fetches the change again.
   */
  async appendJournal(stem: string, expectedSize: number, bytes: Buffer): Promise<boolean> {
    const handle = await open(join(this.dir, stem + JOURNAL_SUFFIX), 'r+');
    try {
      if ((await handle.stat()).size !== expectedSize) return false;
      await handle.write(bytes, 0, bytes.length, expectedSize);
      this.#unsynced.add(stem);
      return true;
    } finally {
      await handle.close();
    }
  }

  /** Flushes the journals appended to since the last call to disk (those still there). */
  async syncJournals(): Promise<void> {
    for (const stem of [...this.#unsynced]) {
      const handle = await open(join(this.dir, stem + JOURNAL_SUFFIX), 'r').catch((err: NodeJS.ErrnoException) => {
        if (err.code === 'ENOENT') return undefined;
        throw err;
      });
      if (handle !== undefined) {
        try {
          await handle.sync();
        } finally {
          await handle.close();
        }
      }
      // Only once it is on disk: a failed flush is tried again after the next change.
      this.#unsynced.delete(stem);
    }
  }

  /** Removes a file of the zone; idempotent. */
  async remove(stem: string, suffix: string): Promise<void> {
    await unlink(join(this.dir, stem + suffix)).catch((err: NodeJS.ErrnoException) => {
      if (err.code !== 'ENOENT') throw err;
    });
  }

  /** Stems of every snapshot in the cache. */
  stems(names: readonly string[]): string[] {
    return names.filter((f) => f.endsWith(SNAPSHOT_SUFFIX) && !f.startsWith(TEMP_PREFIX)).map((f) => f.slice(0, -SNAPSHOT_SUFFIX.length));
  }
}

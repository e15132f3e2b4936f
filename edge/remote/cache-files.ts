// The edge's cache directory: the snapshot directory replicated from the control plane, written so the loader never sees half a file.
import { randomBytes } from 'node:crypto';
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { open, rename, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { JOURNAL_SUFFIX } from '../../shared/snapshot/journal.js';
import { SNAPSHOT_SUFFIX, TEMP_PREFIX } from '../../shared/snapshot/snapshot-file.js';

/** What the cache holds for a zone: its snapshot's body checksum and its journal's size and base (hex). */
export interface CachedZone {
  readonly checksum: string | undefined;
  readonly journal: { readonly size: number; readonly base: string } | undefined;
}

function head(path: string, from: number, length: number): { size: number; bytes: Buffer } | undefined {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
  try {
    const bytes = Buffer.alloc(length);
    const n = readSync(fd, bytes, 0, length, from);
    return { size: fstatSync(fd).size, bytes: bytes.subarray(0, n) };
  } finally {
    closeSync(fd);
  }
}

export class CacheFiles {
  constructor(readonly dir: string) {}

  /** The zone's cached files, from their headers (a file too short for one counts as absent). */
  cached(stem: string): CachedZone {
    const snap = head(join(this.dir, stem + SNAPSHOT_SUFFIX), 16, 32);
    const jrnl = head(join(this.dir, stem + JOURNAL_SUFFIX), 12, 32);
    return {
      checksum: snap !== undefined && snap.bytes.length === 32 ? snap.bytes.toString('hex') : undefined,
      journal: jrnl !== undefined && jrnl.bytes.length === 32 ? { size: jrnl.size, base: jrnl.bytes.toString('hex') } : undefined,
    };
  }

  /** Replaces `stem + suffix` with `bytes`: temp file (ignored by the loader), fsync, rename, directory fsync. */
  async replace(stem: string, suffix: string, bytes: Buffer): Promise<void> {
    const temp = join(this.dir, `${TEMP_PREFIX}${randomBytes(6).toString('hex')}`);
    const handle = await open(temp, 'w', 0o644);
    try {
      await handle.writeFile(bytes);
      await handle.sync();
    } finally {
      await handle.close();
    }
    try {
      await rename(temp, join(this.dir, stem + suffix));
    } catch (err) {
      await unlink(temp).catch(() => undefined);
      throw err;
    }
    await this.#syncDir();
  }

  /**
   * Appends `bytes` to the zone's journal, which must be `expectedSize` long (else nothing is
   * written and false returned: the caller fetches it whole). The loader reads journals up to
   * the last complete delta, so an append in progress is never half-applied.
   */
  async appendJournal(stem: string, expectedSize: number, bytes: Buffer): Promise<boolean> {
    const handle = await open(join(this.dir, stem + JOURNAL_SUFFIX), 'r+');
    try {
      if ((await handle.stat()).size !== expectedSize) return false;
      await handle.write(bytes, 0, bytes.length, expectedSize);
      await handle.sync();
      return true;
    } finally {
      await handle.close();
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

  async #syncDir(): Promise<void> {
    const handle = await open(this.dir, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  }
}

// Snapshot files in a directory: one per zone, named after the origin, replaced atomically,
// each with the journal of deltas published since beside it.
import { open, rename, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { Name } from '../dns/name.js';
import type { ZoneContent } from '../dns/rrset.js';
import { encodeSnapshot } from './codec.js';
import { JOURNAL_SUFFIX } from './journal.js';

export const SNAPSHOT_SUFFIX = '.snap';
/** Files being written start with this prefix; readers ignore them. */
export const TEMP_PREFIX = '.tmp-';

/** "example.com." → "example.com.snap"; the root zone is "root..snap"; unsafe bytes are %-escaped. */
export function snapshotFileName(origin: Name): string {
  const base = origin === '.' ? 'root.' : origin;
  return encodeURIComponent(base.slice(0, -1)).replace(/^\./, '%2E') + SNAPSHOT_SUFFIX;
}

/** The stem of a zone's files (snapshot and journal): "example.com." → "example.com". */
export function stemOfOrigin(origin: Name): string {
  return snapshotFileName(origin).slice(0, -SNAPSHOT_SUFFIX.length);
}

/** The origin whose files have this stem (stemOfOrigin's inverse): "example.com" → "example.com."; undefined for a stem no origin has. */
export function originOfStem(stem: string): Name | undefined {
  try {
    const text = decodeURIComponent(stem);
    return (text === 'root' ? '.' : `${text}.`) as Name;
  } catch {
    return undefined;
  }
}

/** The journal beside a zone's snapshot: "example.com.journal". */
export function journalFileName(origin: Name): string {
  return stemOfOrigin(origin) + JOURNAL_SUFFIX;
}

/**
 * Writes a zone's snapshot so that a reader sees the old file or the new one, never half of
 * one (see replaceFile). Returns the path written.
 */
export async function writeSnapshotFile(dir: string, zone: ZoneContent): Promise<string> {
  return replaceFile(dir, snapshotFileName(zone.origin), encodeSnapshot(zone));
}

/**
 * Replaces `dir/name` with `bytes` so that a reader sees the old file or the new one: the
 * bytes go to a temporary file in the same directory, are fsynced, and the file is renamed
 * over the old one; the directory is fsynced so the rename survives a crash. Returns the path.
 */
export async function replaceFile(dir: string, name: string, bytes: Buffer, mode = 0o644): Promise<string> {
  const target = join(dir, name);
  const temp = join(dir, `${TEMP_PREFIX}${randomBytes(6).toString('hex')}`);
  const handle = await open(temp, 'w', mode);
  try {
    await handle.writeFile(bytes);
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await rename(temp, target);
  } catch (err) {
    await unlink(temp).catch(() => undefined);
    throw err;
  }
  await syncDirectory(dir);
  return target;
}

/**
 * Appends `bytes` to the end of `dir/name` and fsyncs it, so the delta is durable before its
 * publish is acknowledged. Readers stop before a delta that is not complete yet.
 */
export async function appendToFile(dir: string, name: string, bytes: Buffer): Promise<void> {
  const handle = await open(join(dir, name), 'a');
  try {
    await handle.write(bytes);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Removes a zone's snapshot, then its journal; edges watching the directory stop serving it. Idempotent. */
export async function removeSnapshotFile(dir: string, origin: Name): Promise<void> {
  for (const name of [snapshotFileName(origin), journalFileName(origin)]) {
    await unlink(join(dir, name)).catch((err: NodeJS.ErrnoException) => {
      if (err.code !== 'ENOENT') throw err;
    });
  }
  await syncDirectory(dir);
}

async function syncDirectory(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

// Reads one file of the snapshot directory for an edge, by a name parsed against the feed, and signs the bytes.
import { open } from 'node:fs/promises';
import type { Database } from 'better-sqlite3';
import { join } from 'node:path';
import { signFile } from '../../shared/feed/file-signature.js';
import { JOURNAL_SUFFIX } from '../../shared/snapshot/journal.js';
import { SNAPSHOT_SUFFIX } from '../../shared/snapshot/snapshot-file.js';
import { ConflictError, NotFoundError, ValidationError } from '../errors/catalogue.js';
import { findFeedRow } from '../store/feed.js';
import type { EdgeFeed } from './edge-feed.js';

/** What an edge asked for: a zone's snapshot, or its journal from an offset (optionally only if it continues `base`). */
export type FileRequest =
  | { readonly kind: 'snapshot'; readonly stem: string }
  | { readonly kind: 'journal'; readonly stem: string; readonly from: number; readonly base: string | undefined };

export interface SignedFile {
  readonly bytes: Buffer;
  /** Base64 Ed25519 signature over the file name, `from` and the bytes (shared/feed/file-signature.ts). */
  readonly signature: string;
}

/**
 * Parses `<stem>.snap` or `<stem>.journal` plus the journal's `from` and `base` query
 * parameters. The stem must be one the feed knows and has not removed: the file is then
 * opened by the feed's own spelling of it, so no request names a path of its choosing.
 * NotFoundError (404) otherwise; ValidationError (400) for a bad `from` or `base`.
 */
export function parseFileRequest(db: Database, file: string, query: URLSearchParams): FileRequest {
  const suffix = file.endsWith(SNAPSHOT_SUFFIX) ? SNAPSHOT_SUFFIX : file.endsWith(JOURNAL_SUFFIX) ? JOURNAL_SUFFIX : undefined;
  const known = suffix === undefined ? undefined : findFeedRow(db, file.slice(0, -suffix.length));
  if (known === undefined || known.snapshot === null) throw new NotFoundError(`Snapshot file ${JSON.stringify(file)}`);
  if (suffix === SNAPSHOT_SUFFIX) return { kind: 'snapshot', stem: known.stem };
  const fromText = query.get('from') ?? '0';
  if (!/^[0-9]{1,15}$/.test(fromText)) throw new ValidationError('from', fromText, 'from must be a byte offset (a non-negative integer)');
  const base = query.get('base') ?? undefined;
  if (base !== undefined && !/^[0-9a-f]{64}$/.test(base)) throw new ValidationError('base', base, 'base must be a snapshot checksum (64 lower-case hex digits)');
  return { kind: 'journal', stem: known.stem, from: Number(fromText), base };
}

/**
 * The requested bytes, signed: a whole snapshot, or a journal from `from` to its current end.
 * NotFoundError when the file is gone; ConflictError (409) when the journal is shorter than
 * `from` or continues another snapshot than `base` (it was replaced: fetch it whole).
 */
export async function readSignedFile(feed: EdgeFeed, request: FileRequest): Promise<SignedFile> {
  const name = request.stem + (request.kind === 'snapshot' ? SNAPSHOT_SUFFIX : JOURNAL_SUFFIX);
  let handle;
  try {
    handle = await open(join(feed.snapshotsDir, name), 'r');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new NotFoundError(`Snapshot file ${JSON.stringify(name)}`);
    throw err;
  }
  try {
    const size = (await handle.stat()).size;
    const from = request.kind === 'snapshot' ? 0 : request.from;
    if (request.kind === 'journal' && request.base !== undefined) {
      const head = Buffer.alloc(32);
      await handle.read(head, 0, 32, 12);
      if (head.toString('hex') !== request.base) throw new ConflictError(`${name} continues another snapshot now; fetch it from 0`);
    }
    if (from > size) throw new ConflictError(`${name} is ${size} bytes, less than from=${from}; fetch it from 0`);
    const bytes = Buffer.alloc(size - from);
    let at = 0;
    while (at < bytes.length) {
      const { bytesRead } = await handle.read(bytes, at, bytes.length - at, from + at);
      if (bytesRead === 0) break;
      at += bytesRead;
    }
    const read = bytes.subarray(0, at);
    return { bytes: read, signature: signFile(feed.signingKey, name, from, read) };
  } finally {
    await handle.close();
  }
}

// Serves one file of the snapshot directory to an edge, by a name parsed against the feed: a snapshot streamed, a journal range signed.
import { open } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import type { Database } from 'better-sqlite3';
import { join } from 'node:path';
import { signPart } from '../../shared/feed/file-signature.js';
import { JOURNAL_HEADER_LENGTH, JOURNAL_SUFFIX } from '../../shared/snapshot/journal.js';
import { SNAPSHOT_SUFFIX } from '../../shared/snapshot/snapshot-file.js';
import { ConflictError, NotFoundError, ValidationError } from '../errors/catalogue.js';
import { findFeedRow } from '../store/feed.js';
import { TRANSFER_KEYS_FILE, TRANSFER_KEYS_STEM } from '../../shared/transfer/transfer-keys-file.js';
import type { EdgeFeed } from './edge-feed.js';

/** Where a journal's header keeps the checksum of the snapshot it continues. */
const JOURNAL_BASE_AT = 12;

/** What an edge asked for: a zone's snapshot, or bytes [from, to) of its journal as long as it continues snapshot `base`. */
export type FileRequest =
  | { readonly kind: 'snapshot'; readonly stem: string }
  /** The TSIG keys file; checked by the edge against the size and checksum the signed changes list gave. */
  | { readonly kind: 'transfer-keys' }
  | { readonly kind: 'journal'; readonly stem: string; readonly from: number; readonly to: number; readonly base: string };

/** A snapshot, read as it is sent: its checksum and size are in the signed changes list, which is what the edge checks it against. */
export interface SnapshotStream {
  readonly size: number;
  readonly stream: Readable;
}

export interface SignedJournal {
  readonly bytes: Buffer;
  /** Base64 Ed25519 signature over the file name, `from`, `base` and the bytes (shared/feed/file-signature.ts). */
  readonly signature: string;
}

const offsetParam = (query: URLSearchParams, name: string): number => {
  const text = query.get(name) ?? '';
  if (!/^[0-9]{1,15}$/.test(text)) throw new ValidationError(name, text, `${name} must be a byte offset (a non-negative integer)`);
  return Number(text);
};

/**
 * Parses `<stem>.snap`, or `<stem>.journal` with its `from`, `to` and `base` query
 * parameters (all required: an edge asks for exactly the bytes the signed feed announced).
 * The stem must be one the feed knows and has not removed: the file is then opened by the
 * feed's own spelling of it, so no request names a path of its choosing. NotFoundError (404)
 * otherwise; ValidationError (400) for a bad parameter.
 */
export function parseFileRequest(db: Database, file: string, query: URLSearchParams): FileRequest {
  if (file === TRANSFER_KEYS_FILE) {
    if (findFeedRow(db, TRANSFER_KEYS_STEM)?.snapshot == null) throw new NotFoundError(`Snapshot file ${JSON.stringify(file)}`);
    return { kind: 'transfer-keys' };
  }
  const suffix = file.endsWith(SNAPSHOT_SUFFIX) ? SNAPSHOT_SUFFIX : file.endsWith(JOURNAL_SUFFIX) ? JOURNAL_SUFFIX : undefined;
  const known = suffix === undefined ? undefined : findFeedRow(db, file.slice(0, -suffix.length));
  if (known === undefined || known.snapshot === null) throw new NotFoundError(`Snapshot file ${JSON.stringify(file)}`);
  if (suffix === SNAPSHOT_SUFFIX) return { kind: 'snapshot', stem: known.stem };
  const from = offsetParam(query, 'from');
  const to = offsetParam(query, 'to');
  if (to < from) throw new ValidationError('to', String(to), 'to must not be below from');
  const base = query.get('base') ?? '';
  if (!/^[0-9a-f]{64}$/.test(base)) throw new ValidationError('base', base, 'base must be a snapshot checksum (64 lower-case hex digits)');
  return { kind: 'journal', stem: known.stem, from, to, base };
}

async function openZoneFile(feed: EdgeFeed, name: string) {
  try {
    return await open(join(feed.snapshotsDir, name), 'r');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new NotFoundError(`Snapshot file ${JSON.stringify(name)}`);
    throw err;
  }
}

/**
 * The zone's snapshot as a stream of the file opened now (a later publish replaces the file,
 * not its bytes, so the stream stays whole). NotFoundError when it is gone.
 */
export async function openSnapshot(feed: EdgeFeed, stem: string): Promise<SnapshotStream> {
  return openWhole(feed, stem + SNAPSHOT_SUFFIX);
}

/** The transfer keys file as it is now (it holds secrets: only edge keys reach this). */
export function openTransferKeys(feed: EdgeFeed): Promise<SnapshotStream> {
  return openWhole(feed, TRANSFER_KEYS_FILE);
}

async function openWhole(feed: EdgeFeed, name: string): Promise<SnapshotStream> {
  const handle = await openZoneFile(feed, name);
  const size = (await handle.stat()).size;
  return { size, stream: handle.createReadStream({ autoClose: true }) };
}

/**
 * Bytes [from, to) of the zone's journal, signed with its base. ConflictError (409) when the
 * journal now continues another snapshot than `base`, or is shorter than `to` (the edge asks
 * the feed again); NotFoundError when it is gone. A journal only grows while its base stays,
 * so these bytes are the same whenever they are asked for.
 */
export async function readJournalRange(feed: EdgeFeed, request: Extract<FileRequest, { kind: 'journal' }>): Promise<SignedJournal> {
  const name = request.stem + JOURNAL_SUFFIX;
  const handle = await openZoneFile(feed, name);
  try {
    const size = (await handle.stat()).size;
    const head = Buffer.alloc(32);
    const { bytesRead } = size >= JOURNAL_HEADER_LENGTH ? await handle.read(head, 0, 32, JOURNAL_BASE_AT) : { bytesRead: 0 };
    if (bytesRead !== 32 || head.toString('hex') !== request.base) throw new ConflictError(`${name} continues another snapshot now; ask the feed again`);
    if (request.to > size) throw new ConflictError(`${name} is ${size} bytes, less than to=${request.to}; ask the feed again`);
    const bytes = Buffer.alloc(request.to - request.from);
    let at = 0;
    while (at < bytes.length) {
      const read = await handle.read(bytes, at, bytes.length - at, request.from + at);
      if (read.bytesRead === 0) throw new ConflictError(`${name} shrank while it was read; ask the feed again`);
      at += read.bytesRead;
    }
    return { bytes, signature: signPart(feed.signingKey, { name, from: request.from, base: request.base }, bytes) };
  } finally {
    await handle.close();
  }
}

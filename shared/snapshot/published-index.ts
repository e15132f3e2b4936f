// Finds RRsets of a zone's published files by owner name without decoding the whole zone:
// the ACME path of a zone that stages its changes patches a few RRsets of what is served, and
// must cost what it changes, not the size of the zone.
//
// The snapshot is read and verified once, and indexed by a hash of each RRset's owner (two
// 32-bit words per RRset, in typed arrays, so a million-RRset zone takes 16 MB, not a million
// strings); a lookup then reads just the RRsets at the owner's offsets from the file. The
// journal's deltas are applied on top as they are appended (refresh), read from where the
// last read stopped.
import { open, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { nameToWire } from '../dns/name.js';
import type { Name } from '../dns/name.js';
import type { RRset } from '../dns/rrset.js';
import { readRRsets, skipOwnerName, skipValues, SNAPSHOT_HEADER_LENGTH, snapshotBody, snapshotChecksum } from './codec.js';
import { decodeDelta } from './delta.js';
import { decodeJournalHeader, JOURNAL_HEADER_LENGTH, readJournalEntries } from './journal.js';
import { journalFileName, snapshotFileName } from './snapshot-file.js';
import { SnapshotError } from './snapshot-error.js';

/** The first read of an RRset at an offset; a bigger one is read again whole. */
const FIRST_READ = 4096;

export class PublishedIndex {
  readonly #dir: string;
  readonly #origin: Name;
  /** The body checksum of the snapshot indexed: the journal must continue this one. */
  readonly baseChecksum: Buffer;
  readonly #snapshotSize: number;
  /** Open addressing: owner hash per slot, and the RRset's file offset + 1 (0: empty slot). */
  readonly #hashes: Uint32Array;
  readonly #offsets: Uint32Array;
  readonly #mask: number;
  /** What the journal's deltas read so far changed, by owner then type (no records: removed). */
  readonly #overlay = new Map<Name, Map<number, RRset>>();
  #journalRead: number;

  private constructor(dir: string, origin: Name, snapshot: Buffer, body: Buffer) {
    this.#dir = dir;
    this.#origin = origin;
    this.baseChecksum = Buffer.from(snapshotChecksum(snapshot));
    this.#snapshotSize = snapshot.length;
    const count = countOf(body);
    let capacity = 16;
    while (capacity < count * 2) capacity *= 2;
    this.#hashes = new Uint32Array(capacity);
    this.#offsets = new Uint32Array(capacity);
    this.#mask = capacity - 1;
    this.#journalRead = JOURNAL_HEADER_LENGTH;
    forEachOwner(body, (start, end) => this.#insert(hashBytes(body, start, end), SNAPSHOT_HEADER_LENGTH + start));
  }

  /**
   * Indexes `origin`'s snapshot in `dir` and applies its journal's deltas. Rejects when there is
   * no snapshot or it does not verify (SnapshotError).
   */
  static async open(dir: string, origin: Name): Promise<PublishedIndex> {
    const snapshot = await readFile(join(dir, snapshotFileName(origin)));
    const index = new PublishedIndex(dir, origin, snapshot, snapshotBody(snapshot));
    await index.refresh(Number.MAX_SAFE_INTEGER);
    return index;
  }

  /**
   * Applies the deltas the journal holds up to byte `journalBytes` that were not read yet.
   * Throws SnapshotError when the journal continues another snapshot or a delta is damaged.
   */
  async refresh(journalBytes: number): Promise<void> {
    if (journalBytes <= this.#journalRead) return;
    const journal = await open(join(this.#dir, journalFileName(this.#origin))).catch((err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT') return undefined;
      throw err;
    });
    if (journal === undefined) return;
    try {
      const header = Buffer.alloc(JOURNAL_HEADER_LENGTH);
      const { bytesRead } = await journal.read(header, 0, JOURNAL_HEADER_LENGTH, 0);
      const decoded = decodeJournalHeader(header.subarray(0, bytesRead));
      if (decoded === undefined) return;
      if (!decoded.baseChecksum.equals(this.baseChecksum)) throw new SnapshotError('the journal continues another snapshot');
      const size = Math.min(journalBytes, (await journal.stat()).size);
      if (size <= this.#journalRead) return;
      const tail = Buffer.alloc(size - this.#journalRead);
      const read = await journal.read(tail, 0, tail.length, this.#journalRead);
      const { bodies, consumed } = readJournalEntries(tail.subarray(0, read.bytesRead));
      for (const body of bodies) for (const rrset of decodeDelta(body).rrsets) this.#apply(rrset);
      this.#journalRead += consumed;
    } finally {
      await journal.close();
    }
  }

  /** The RRsets published at `name`, in no particular order. */
  async rrsetsAt(name: Name): Promise<RRset[]> {
    const changed = this.#overlay.get(name);
    const found = (await this.#snapshotRRsetsAt(name)).filter((r) => !changed?.has(r.type));
    for (const rrset of changed?.values() ?? []) if (rrset.rdata.length > 0) found.push(rrset);
    return found;
  }

  /** The RRset published at `name` and `type`, or undefined. */
  async rrset(name: Name, type: number): Promise<RRset | undefined> {
    return (await this.rrsetsAt(name)).find((r) => r.type === type);
  }

  #insert(hash: number, offset: number): void {
    let slot = hash & this.#mask;
    while (this.#offsets[slot] !== 0) slot = (slot + 1) & this.#mask;
    this.#hashes[slot] = hash;
    this.#offsets[slot] = offset + 1;
  }

  #apply(rrset: RRset): void {
    let types = this.#overlay.get(rrset.name);
    if (types === undefined) this.#overlay.set(rrset.name, (types = new Map()));
    types.set(rrset.type, rrset);
  }

  async #snapshotRRsetsAt(name: Name): Promise<RRset[]> {
    const wire = nameToWire(name);
    const hash = hashBytes(wire, 0, wire.length);
    const offsets: number[] = [];
    for (let slot = hash & this.#mask; this.#offsets[slot] !== 0; slot = (slot + 1) & this.#mask) {
      if (this.#hashes[slot] === hash) offsets.push(this.#offsets[slot]! - 1);
    }
    if (offsets.length === 0) return [];
    const file = await open(join(this.#dir, snapshotFileName(this.#origin)));
    try {
      const found: RRset[] = [];
      for (const offset of offsets) {
        const rrset = await readRRsetAt(file, offset, this.#snapshotSize);
        if (rrset.name === name) found.push(rrset);
      }
      return found;
    } finally {
      await file.close();
    }
  }
}

async function readRRsetAt(file: Awaited<ReturnType<typeof open>>, offset: number, fileSize: number): Promise<RRset> {
  for (let length = FIRST_READ; ; length *= 2) {
    const want = Math.min(length, fileSize - offset);
    const buf = Buffer.alloc(want);
    const { bytesRead } = await file.read(buf, 0, want, offset);
    try {
      return readRRsets(buf.subarray(0, bytesRead), 0, 1).rrsets[0]!;
    } catch (err) {
      // Cut off by the read's end: read more, unless the file itself ends there.
      if (want < length || !(err instanceof RangeError || err instanceof SnapshotError)) throw err;
    }
  }
}

/** The RRset count of a verified snapshot body (after its origin). */
function countOf(body: Buffer): number {
  return body.readUInt32BE(skipOwnerName(body, 0));
}

/** Calls `visit` with the byte range of each RRset's owner in the body; throws SnapshotError when the body does not parse. */
function forEachOwner(body: Buffer, visit: (start: number, end: number) => void): void {
  let pos = skipOwnerName(body, 0);
  const count = body.readUInt32BE(pos);
  pos += 4;
  try {
    for (let i = 0; i < count; i++) {
      const start = pos;
      pos = skipOwnerName(body, pos);
      visit(start, pos);
      pos = skipValues(body, skipValues(body, pos + 6));
    }
  } catch (err) {
    throw new SnapshotError(`snapshot body does not parse: ${(err as Error).message}`, { cause: err });
  }
  if (pos !== body.length) throw new SnapshotError(`${body.length - pos} stray bytes after the last RRset`);
}

/** FNV-1a over bytes [start, end): owner names in a snapshot are in their canonical (lower-case) wire form. */
function hashBytes(buf: Uint8Array, start: number, end: number): number {
  let h = 0x811c9dc5;
  for (let i = start; i < end; i++) h = Math.imul(h ^ buf[i]!, 0x01000193);
  return h >>> 0;
}

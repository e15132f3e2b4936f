// The names of one zone as an open-addressing hash table over wire bytes: every name is an
// offset into one buffer (the snapshot body), numbered densely in the order added, and found
// by its bytes (while building) or by its key (per query) without making a string or an object.
//
// A name's bytes run from its offset to its root label. An empty non-terminal has no bytes of
// its own, but it is always a suffix of an owner name, so it points into that owner's bytes.
// ASCII letters compare case-insensitively (RFC 4343), though snapshots hold lower case.
//
// A table is built with NameTableBuilder (growable arrays) and then packed into a region of
// the zone's one Int32Array (a NameSet): a zone of a handful of names costs a few dozen
// integers, not a kilobyte of empty slots and arrays of its own.
import type { NameKey } from '../name-key.js';

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;
const MIN_SLOTS = 8;

function fold(byte: number): number {
  return byte >= 65 && byte <= 90 ? byte | 0x20 : byte;
}

/** FNV-1a over the case-folded wire name at `offset` (label lengths included, root label last). */
export function hashWireName(buf: Uint8Array, offset: number): number {
  let h = FNV_OFFSET;
  for (let i = offset; ; ) {
    const len = buf[i]!;
    h = Math.imul(h ^ len, FNV_PRIME);
    if (len === 0) return h;
    for (let j = i + 1; j <= i + len; j++) h = Math.imul(h ^ fold(buf[j]!), FNV_PRIME);
    i += len + 1;
  }
}

/** hashWireName of a key (keys are already folded). */
export function hashKey(key: NameKey): number {
  let h = FNV_OFFSET;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), FNV_PRIME);
  return h;
}

/** True when the wire names at offsets `a` and `b` of `buf` are equal (ASCII case folded). */
export function sameWireName(buf: Uint8Array, a: number, b: number): boolean {
  for (;;) {
    const len = buf[a]!;
    if (len !== buf[b]) return false;
    if (len === 0) return true;
    for (let j = 1; j <= len; j++) if (fold(buf[a + j]!) !== fold(buf[b + j]!)) return false;
    a += len + 1;
    b += len + 1;
  }
}

function sameKey(buf: Uint8Array, offset: number, key: NameKey): boolean {
  if (offset + key.length > buf.length) return false;
  for (let i = 0; i < key.length; i++) if (fold(buf[offset + i]!) !== key.charCodeAt(i)) return false;
  return true;
}

function slotsFor(count: number): number {
  let size = MIN_SLOTS;
  while (size < count * 2) size *= 2;
  return size;
}

/** A sealed name table packed into `ints` from `at`: slots, then offsets, then hashes. Read-only. */
export class NameSet {
  readonly #mask: number;
  readonly #offsetsAt: number;
  readonly #hashesAt: number;

  /** Use NameTableBuilder.packInto. */
  constructor(
    readonly buf: Buffer,
    readonly ints: Int32Array,
    readonly at: number,
    readonly count: number,
  ) {
    const slots = slotsFor(count);
    this.#mask = slots - 1;
    this.#offsetsAt = at + slots;
    this.#hashesAt = this.#offsetsAt + count;
  }

  /** Integers a set of `count` names takes in the packed array. */
  static packedSize(count: number): number {
    return slotsFor(count) + 2 * count;
  }

  /** The number of the name `key`, or -1. */
  findKey(key: NameKey): number {
    return this.findKeyHashed(key, hashKey(key));
  }

  /** findKey with the key's hash already computed (hashKey). */
  findKeyHashed(key: NameKey, hash: number): number {
    const ints = this.ints;
    for (let slot = hash & this.#mask; ; slot = (slot + 1) & this.#mask) {
      const id = ints[this.at + slot]!;
      if (id < 0 || (ints[this.#hashesAt + id] === hash && sameKey(this.buf, ints[this.#offsetsAt + id]!, key))) return id;
    }
  }

  /** Where the bytes of name `id` start in `buf`. */
  offsetOf(id: number): number {
    return this.ints[this.#offsetsAt + id]!;
  }
}

/** A growable name table used while indexing; packInto seals it. */
export class NameTableBuilder {
  buf: Buffer;
  #slots: Int32Array;
  #mask: number;
  /** Per name number: where its bytes start in `buf`, and its hash. */
  #offsets: Int32Array;
  #hashes: Int32Array;
  count = 0;

  /** An empty table over `buf`, sized for about `expected` names (it grows past that). */
  constructor(buf: Buffer, expected: number) {
    this.buf = buf;
    const size = slotsFor(expected);
    this.#slots = new Int32Array(size).fill(-1);
    this.#mask = size - 1;
    this.#offsets = new Int32Array(expected + 4);
    this.#hashes = new Int32Array(expected + 4);
  }

  /** Empties the table for names in `buf`, keeping its arrays (sized for about `expected` names). */
  reset(buf: Buffer, expected: number): void {
    this.buf = buf;
    this.count = 0;
    const size = slotsFor(expected);
    if (size === this.#slots.length) this.#slots.fill(-1);
    else this.#slots = new Int32Array(size).fill(-1);
    this.#mask = size - 1;
  }

  /** The number of the name whose bytes are at `offset`, or -1. */
  findAt(offset: number, hash: number): number {
    for (let slot = hash & this.#mask; ; slot = (slot + 1) & this.#mask) {
      const id = this.#slots[slot]!;
      if (id < 0 || (this.#hashes[id] === hash && sameWireName(this.buf, this.#offsets[id]!, offset))) return id;
    }
  }

  /** Adds the name at `offset` (not yet in the table) and returns its number: the count before. */
  add(offset: number, hash: number): number {
    const id = this.count++;
    if (id >= this.#offsets.length) {
      this.#offsets = grown(this.#offsets, this.#offsets.length * 2);
      this.#hashes = grown(this.#hashes, this.#hashes.length * 2);
    }
    this.#offsets[id] = offset;
    this.#hashes[id] = hash;
    // Keep the load factor at most 1/2 so probe runs stay short.
    if (this.count * 2 > this.#slots.length) this.#rehash(this.#slots.length * 2);
    else place(this.#slots, this.#mask, 0, this.#hashes[id]!, id);
    return id;
  }

  /** Where the bytes of name `id` start in `buf`. */
  offsetOf(id: number): number {
    return this.#offsets[id]!;
  }

  /** Integers packInto writes. */
  get packedSize(): number {
    return NameSet.packedSize(this.count);
  }

  /**
   * Writes the table into `ints` from `at` (packedSize integers) and returns the sealed set;
   * yields every `slice` names, so a sliced build of a million names keeps answering meanwhile.
   */
  *packInto(ints: Int32Array, at: number, slice: number): Generator<void, NameSet> {
    const slots = slotsFor(this.count);
    ints.fill(-1, at, at + slots);
    for (let id = 0; id < this.count; id++) {
      if (id % slice === slice - 1) yield;
      place(ints, slots - 1, at, this.#hashes[id]!, id);
    }
    ints.set(this.#offsets.subarray(0, this.count), at + slots);
    ints.set(this.#hashes.subarray(0, this.count), at + slots + this.count);
    return new NameSet(this.buf, ints, at, this.count);
  }

  #rehash(size: number): void {
    this.#slots = new Int32Array(size).fill(-1);
    this.#mask = size - 1;
    for (let id = 0; id < this.count; id++) place(this.#slots, this.#mask, 0, this.#hashes[id]!, id);
  }
}

function place(slots: Int32Array, mask: number, at: number, hash: number, id: number): void {
  let slot = hash & mask;
  while (slots[at + slot]! >= 0) slot = (slot + 1) & mask;
  slots[at + slot] = id;
}

function grown(array: Int32Array, size: number): Int32Array {
  const bigger = new Int32Array(size);
  bigger.set(array);
  return bigger;
}

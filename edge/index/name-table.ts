// The names of one zone as an open-addressing hash table over wire bytes: every name is an
// offset into one buffer (the snapshot body), numbered densely in the order added, and found
// by its bytes (while building) or by its key (per query) without making a string or an object.
//
// A name's bytes run from its offset to its root label. An empty non-terminal has no bytes of
// its own, but it is always a suffix of an owner name, so it points into that owner's bytes.
// ASCII letters compare case-insensitively (RFC 4343), though snapshots hold lower case.
import type { NameKey } from '../name-key.js';

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

function fold(byte: number): number {
  return byte >= 65 && byte <= 90 ? byte | 0x20 : byte;
}

/** FNV-1a over the case-folded wire name at `offset` (label lengths included, root label last). */
export function hashWireName(buf: Buffer, offset: number): number {
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
export function sameWireName(buf: Buffer, a: number, b: number): boolean {
  for (;;) {
    const len = buf[a]!;
    if (len !== buf[b]) return false;
    if (len === 0) return true;
    for (let j = 1; j <= len; j++) if (fold(buf[a + j]!) !== fold(buf[b + j]!)) return false;
    a += len + 1;
    b += len + 1;
  }
}

function sameKey(buf: Buffer, offset: number, key: NameKey): boolean {
  if (offset + key.length > buf.length) return false;
  for (let i = 0; i < key.length; i++) if (fold(buf[offset + i]!) !== key.charCodeAt(i)) return false;
  return true;
}

export class NameTable {
  readonly buf: Buffer;
  #slots: Int32Array;
  #mask: number;
  /** Per name number: where its bytes start in `buf`, and its hash. */
  offsets: Int32Array;
  hashes: Int32Array;
  count = 0;

  /** An empty table over `buf`, sized for about `expected` names (it grows past that). */
  constructor(buf: Buffer, expected: number) {
    this.buf = buf;
    let size = 1024;
    while (size < expected * 2) size *= 2;
    this.#slots = new Int32Array(size).fill(-1);
    this.#mask = size - 1;
    this.offsets = new Int32Array(expected + 16);
    this.hashes = new Int32Array(expected + 16);
  }

  /** The number of the name whose bytes are at `offset`, or -1. */
  findAt(offset: number, hash: number): number {
    for (let slot = hash & this.#mask; ; slot = (slot + 1) & this.#mask) {
      const id = this.#slots[slot]!;
      if (id < 0 || (this.hashes[id] === hash && sameWireName(this.buf, this.offsets[id]!, offset))) return id;
    }
  }

  /** The number of the name `key`, or -1. Reads only; safe on a table being served. */
  findKey(key: NameKey): number {
    const hash = hashKey(key);
    for (let slot = hash & this.#mask; ; slot = (slot + 1) & this.#mask) {
      const id = this.#slots[slot]!;
      if (id < 0 || (this.hashes[id] === hash && sameKey(this.buf, this.offsets[id]!, key))) return id;
    }
  }

  /** Adds the name at `offset` (not yet in the table) and returns its number: the count before. */
  add(offset: number, hash: number): number {
    const id = this.count++;
    if (id >= this.offsets.length) {
      this.offsets = grown(this.offsets, this.offsets.length * 2);
      this.hashes = grown(this.hashes, this.hashes.length * 2);
    }
    this.offsets[id] = offset;
    this.hashes[id] = hash;
    // Keep the load factor at most 1/2 so probe runs stay short.
    if (this.count * 2 > this.#slots.length) this.#rehash(this.#slots.length * 2);
    else this.#place(id);
    return id;
  }

  /** Drops the spare capacity of the per-name arrays once every name is in. */
  seal(): void {
    this.offsets = this.offsets.slice(0, this.count);
    this.hashes = this.hashes.slice(0, this.count);
  }

  #place(id: number): void {
    let slot = this.hashes[id]! & this.#mask;
    while (this.#slots[slot]! >= 0) slot = (slot + 1) & this.#mask;
    this.#slots[slot] = id;
  }

  #rehash(size: number): void {
    this.#slots = new Int32Array(size).fill(-1);
    this.#mask = size - 1;
    for (let id = 0; id < this.count; id++) this.#place(id);
  }
}

function grown(array: Int32Array, size: number): Int32Array {
  const bigger = new Int32Array(size);
  bigger.set(array);
  return bigger;
}

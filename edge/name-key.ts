// Names as hot-path lookup keys: the lower-cased, uncompressed wire form held in a latin1 string.
//
// A key is cheap to build from the question bytes (no text escaping) and its parent is a
// slice (drop the first length-prefixed label), so walking up from a query name to its zone
// costs a few string slices and map lookups. The root's key is a single NUL.
import { nameToWire } from '../shared/dns/name.js';
import type { Name } from '../shared/dns/name.js';

export type NameKey = string & { readonly __brand: 'NameKey' };

export const ROOT_KEY = '\0' as NameKey;

/** Latin-1 letters that String#toLowerCase would fold although DNS folds ASCII only (RFC 4343). */
const NON_ASCII_UPPER = /[\xc0-\xde]/;

/** The key of a canonical Name (already lower-case, so its wire form is the key). */
export function keyFromName(name: Name): NameKey {
  return nameToWire(name).toString('latin1') as NameKey;
}

/**
 * The key of the uncompressed wire name in `buf` from `start` to `end` (its root label
 * included), folding ASCII letters only. Expects a well-formed name (see wireNameEnd).
 */
export function keyFromWireBytes(buf: Buffer, start: number, end: number): NameKey {
  return foldKey(buf.toString('latin1', start, end));
}

/** Folds the ASCII letters of a latin1 wire-form name (RFC 4343): the key of any spelling. */
export function foldKey(raw: string): NameKey {
  // Label lengths are at most 63, below 'A', so folding the whole wire form folds only letters.
  const lower = raw.toLowerCase();
  if (lower === raw || !NON_ASCII_UPPER.test(raw)) return lower as NameKey;
  return raw.replace(/[A-Z]+/g, (s) => s.toLowerCase()) as NameKey;
}

/** The offset just past the uncompressed, already validated wire name at `offset`. */
export function wireNameEnd(buf: Uint8Array, offset: number): number {
  let pos = offset;
  while (buf[pos] !== 0) pos += buf[pos]! + 1;
  return pos + 1;
}

/** The key one label up, or null for the root. */
export function parentKey(key: NameKey): NameKey | null {
  if (key === ROOT_KEY) return null;
  return key.slice(key.charCodeAt(0) + 1) as NameKey;
}

/** True when `key` is `ancestor` or below it (whole labels). */
export function keyIsSubdomain(key: NameKey, ancestor: NameKey): boolean {
  let k: NameKey | null = key;
  while (k !== null && k.length >= ancestor.length) {
    if (k === ancestor) return true;
    k = parentKey(k);
  }
  return false;
}

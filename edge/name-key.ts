// Names as hot-path lookup keys: the lower-cased, uncompressed wire form held in a latin1 string.
//
// A key is cheap to build from the question bytes (no text escaping) and its parent is a
// slice (drop the first length-prefixed label), so walking up from a query name to its zone
// costs a few string slices and map lookups. The root's key is a single NUL.
import { nameToWire, readWireName } from '../shared/dns/name.js';
import type { Name } from '../shared/dns/name.js';

export type NameKey = string & { readonly __brand: 'NameKey' };

export const ROOT_KEY = '\0' as NameKey;

/** The key of a canonical Name (already lower-case, so its wire form is the key). */
export function keyFromName(name: Name): NameKey {
  return nameToWire(name).toString('latin1') as NameKey;
}

/** The key of an uncompressed wire name found at `offset` in `wire` (case-folded). */
export function keyFromWire(wire: Buffer, offset: number): NameKey {
  return keyFromName(readWireName(wire, offset).name);
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

/** The wildcard label's key prefix: a node whose key starts with it is `*.<parent>`. */
export const WILDCARD_PREFIX = '\x01*';

// Encoded answers kept per zone table generation, so a repeated question costs a copy and two
// patches (the ID and the client's spelling of the qname) instead of a lookup and an encode.
//
// A reload builds a new ZoneTable, and with it an empty cache: an answer can never outlive
// the zone data it was built from. Entries are keyed by everything else the answer depends on.
import type { ZoneTable } from './index/zone-table.js';

const MAX_ENTRIES = 50_000;
const caches = new WeakMap<ZoneTable, Map<string, Buffer>>();

/** The answer encoded earlier for `key` from `table`, if any (the caller copies before patching). */
export function cachedAnswer(table: ZoneTable, key: string): Buffer | undefined {
  return caches.get(table)?.get(key);
}

/** Remembers an answer; the whole cache of a table is dropped when it reaches its size bound. */
export function rememberAnswer(table: ZoneTable, key: string, response: Buffer): void {
  let cache = caches.get(table);
  if (cache === undefined) {
    cache = new Map();
    caches.set(table, cache);
  }
  if (cache.size >= MAX_ENTRIES) cache.clear();
  cache.set(key, response);
}

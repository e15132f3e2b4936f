// Encoded answers kept per zone table generation, so a repeated question costs a copy and two
// patches (the ID and the client's spelling of the qname) instead of a lookup and an encode.
//
// A reload builds a new ZoneTable, and with it an empty cache: an answer can never outlive
// the zone data it was built from. Entries are keyed by the qname and a number packing
// everything else the answer depends on (see answer.ts), so a hit builds no string.
import type { NameKey } from './name-key.js';
import type { ZoneTable } from './index/zone-table.js';

const MAX_ENTRIES = 50_000;

interface TableCache {
  size: number;
  readonly byName: Map<NameKey, Map<number, Buffer>>;
}

const caches = new WeakMap<ZoneTable, TableCache>();
/** The cache of the table most recently asked about: nearly every query uses the current one. */
let lastTable: ZoneTable | undefined;
let lastCache: TableCache | undefined;

function cacheOf(table: ZoneTable): TableCache {
  if (table === lastTable) return lastCache!;
  let cache = caches.get(table);
  if (cache === undefined) {
    cache = { size: 0, byName: new Map() };
    caches.set(table, cache);
  }
  lastTable = table;
  lastCache = cache;
  return cache;
}

/** The answer encoded earlier for (`key`, `variant`) from `table`, if any (the caller copies before patching). */
export function cachedAnswer(table: ZoneTable, key: NameKey, variant: number): Buffer | undefined {
  return cacheOf(table).byName.get(key)?.get(variant);
}

/** Remembers an answer; the whole cache of a table is dropped when it reaches its size bound. */
export function rememberAnswer(table: ZoneTable, key: NameKey, variant: number, response: Buffer): void {
  const cache = cacheOf(table);
  if (cache.size >= MAX_ENTRIES) {
    cache.byName.clear();
    cache.size = 0;
  }
  let variants = cache.byName.get(key);
  if (variants === undefined) {
    variants = new Map();
    cache.byName.set(key, variants);
  }
  if (!variants.has(variant)) cache.size++;
  variants.set(variant, response);
}

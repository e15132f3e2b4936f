// Encoded answers kept per zone table (a new one each reload), so a repeated question costs a copy and two
// patches (the ID and the client's spelling of the qname) instead of a lookup and an encode.
//
// A reload builds a new ZoneTable, and with it an empty cache: an answer can never outlive
// the zone data it was built from. Entries are keyed by the qname and a number packing
// everything else the answer depends on (see answer.ts), so a hit builds no string.
import type { NameKey } from './name-key.js';
import type { ZoneTable } from './index/zone-table.js';

/** Entries per generation; at most twice this many answers are held per table. */
const GENERATION_ENTRIES = 50_000;

type Generation = Map<NameKey, Map<number, Buffer>>;

/**
 * Two generations: new answers go into `current`; when it is full it becomes `previous` and
 * the older one is dropped. A hit in `previous` is copied forward, so answers still being asked
 * for survive a rotation, and a burst of one-off questions (random names) cannot empty the
 * cache of the popular ones at once.
 */
interface TableCache {
  size: number;
  current: Generation;
  previous: Generation;
}

const caches = new WeakMap<ZoneTable, TableCache>();
/** The cache of the table most recently asked about: nearly every query uses the current one. */
let lastTable: ZoneTable | undefined;
let lastCache: TableCache | undefined;

function cacheOf(table: ZoneTable): TableCache {
  if (table === lastTable) return lastCache!;
  let cache = caches.get(table);
  if (cache === undefined) {
    cache = { size: 0, current: new Map(), previous: new Map() };
    caches.set(table, cache);
  }
  lastTable = table;
  lastCache = cache;
  return cache;
}

function store(cache: TableCache, key: NameKey, variant: number, response: Buffer): void {
  if (cache.size >= GENERATION_ENTRIES) {
    cache.previous = cache.current;
    cache.current = new Map();
    cache.size = 0;
  }
  let variants = cache.current.get(key);
  if (variants === undefined) {
    variants = new Map();
    cache.current.set(key, variants);
  }
  if (!variants.has(variant)) cache.size++;
  variants.set(variant, response);
}

/** The answer encoded earlier for (`key`, `variant`) from `table`, if any (the caller copies before patching). */
export function cachedAnswer(table: ZoneTable, key: NameKey, variant: number): Buffer | undefined {
  const cache = cacheOf(table);
  const hit = cache.current.get(key)?.get(variant);
  if (hit !== undefined) return hit;
  const old = cache.previous.get(key)?.get(variant);
  if (old !== undefined) store(cache, key, variant, old);
  return old;
}

/** Remembers an answer for later queries against the same table. */
export function rememberAnswer(table: ZoneTable, key: NameKey, variant: number, response: Buffer): void {
  store(cacheOf(table), key, variant, response);
}

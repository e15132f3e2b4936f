// Encoded answers, so a repeated question costs a copy and two patches (the ID and the
// client's spelling of the qname) instead of a lookup and an encode.
//
// An answer is kept as long as what it was read from is unchanged: one zone's answer until
// that zone (or one nested around it) changes, anything else (REFUSED, a CNAME across zones,
// DS from the parent) until the table changes at all. So a change to one zone of a hundred
// thousand empties nothing else. Entries are keyed by the qname and a number packing
// everything else the answer depends on (see answer.ts), so a hit builds no string.
import type { NameKey } from './name-key.js';
import type { Currency } from './index/served-zone.js';
import type { ZoneTable } from './index/zone-table.js';

/** Entries per generation; at most twice this many answers are held per table. */
const GENERATION_ENTRIES = 50_000;

interface Entry {
  readonly response: Buffer;
  /** The zone the answer was read from, or null: then it holds while the table's generation is `generation`. */
  readonly zone: Currency | null;
  readonly generation: number;
}

type Generation = Map<NameKey, Map<number, Entry>>;

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
/** The cache of the table most recently asked about: nearly every query uses the same one. */
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

function store(cache: TableCache, key: NameKey, variant: number, entry: Entry): void {
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
  variants.set(variant, entry);
}

function fresh(entry: Entry | undefined, table: ZoneTable): entry is Entry {
  return entry !== undefined && (entry.zone === null ? entry.generation === table.generation : !entry.zone.retired);
}

/** The answer encoded earlier for (`key`, `variant`) if what it was read from is unchanged (the caller copies before patching). */
export function cachedAnswer(table: ZoneTable, key: NameKey, variant: number): Buffer | undefined {
  const cache = cacheOf(table);
  const hit = cache.current.get(key)?.get(variant);
  if (fresh(hit, table)) return hit.response;
  const old = cache.previous.get(key)?.get(variant);
  if (!fresh(old, table)) return undefined;
  store(cache, key, variant, old);
  return old.response;
}

/** Remembers an answer read from `zone` alone (see LookupResult.zone), or from the table as a whole (null). */
export function rememberAnswer(table: ZoneTable, key: NameKey, variant: number, response: Buffer, zone: Currency | null): void {
  store(cacheOf(table), key, variant, { response, zone, generation: table.generation });
}

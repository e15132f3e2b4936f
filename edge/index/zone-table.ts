// The set of zones served. Changing one zone costs what changed: the zone itself and the zones
// nested around it (its enclosing zones, found by walking parent names through the origin
// map, and the zones below it, found as one range of origins kept in canonical order); no
// pass over all zones.
//
// Queries and changes run on one thread, and every change is applied synchronously, so a
// query (or a UDP batch) sees the table before a change or after it, never in between. Each
// change bumps `generation` and retires the ServedZones it replaced, which is how the answer
// cache knows what it holds is stale.
import type { NameKey } from '../name-key.js';
import { parentKey } from '../name-key.js';
import { ServedZone } from './served-zone.js';
import type { ZoneData } from './zone-data.js';

/** `key` with its labels in reverse order (root first): names below a zone share its prefix. */
function reversedKey(key: NameKey): string {
  const labels: string[] = [];
  for (let i = 0; key.charCodeAt(i) !== 0; i += key.charCodeAt(i) + 1) labels.push(key.slice(i, i + key.charCodeAt(i) + 1));
  return labels.reverse().join('');
}

/** The first index of `sorted` whose value is not below `value`. */
function lowerBound(sorted: readonly string[], value: string): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Names strictly between `inner`'s apex and `outer`'s (which encloses it). */
function* pathBetween(inner: NameKey, outer: NameKey): Generator<NameKey> {
  for (let k = parentKey(inner); k !== null && k !== outer; k = parentKey(k)) yield k;
}

export class ZoneTable {
  readonly #zones = new Map<NameKey, ServedZone>();
  /** reversedKey of every origin, sorted. */
  readonly #order: string[] = [];
  readonly #byReversed = new Map<string, NameKey>();
  #generation = 0;

  /** Zones given here are served at once (the first directory scan builds the table in one pass). */
  constructor(zones: Iterable<ZoneData> = []) {
    this.setMany([...zones]);
  }

  /** Bumped by every change. */
  get generation(): number {
    return this.#generation;
  }

  get size(): number {
    return this.#zones.size;
  }

  /** Every zone served now. */
  served(): IterableIterator<ServedZone> {
    return this.#zones.values();
  }

  get origins() {
    return [...this.#zones.values()].map((z) => z.origin);
  }

  /** The most specific zone whose origin is `key` or an ancestor of it (nested zones: the child). */
  findZone(key: NameKey): ServedZone | undefined {
    for (let k: NameKey | null = key; k !== null; k = parentKey(k)) {
      const zone = this.#zones.get(k);
      if (zone !== undefined) return zone;
    }
    return undefined;
  }

  /** The zone whose origin is exactly `key`. */
  zoneAt(key: NameKey): ServedZone | undefined {
    return this.#zones.get(key);
  }

  /** The zone enclosing `zone`'s apex from above, when we serve one (RFC 4035 §3.1.4.1 DS). */
  parentOf(zone: ServedZone): ServedZone | undefined {
    const up = parentKey(zone.originKey);
    return up === null ? undefined : this.findZone(up);
  }

  /**
   * Serves `data`, adding its zone or replacing the one with the same origin. Touches only that
   * zone, the zones below it and (for a new origin) its enclosing zones. Synchronous.
   */
  set(data: ZoneData): void {
    const key = data.originKey;
    const isNew = !this.#zones.has(key);
    if (isNew) this.#insertOrigin(key);
    const around = this.#enclosingKeys(key);
    const below = this.#keysBelow(key);
    this.#serve(data, this.#pathNamesFrom(key, below));
    // An enclosing zone's own answers never depend on a zone below it, only on where such
    // zones are (their origins cut its names, and the names on the way are in the tree).
    if (isNew) {
      for (const outer of around) {
        const zone = this.#zones.get(outer)!;
        this.#serve(zone.data, withPath(zone.pathNames, key, outer, 1));
      }
    }
    for (const inner of below) this.#reserve(inner);
    this.#generation++;
  }

  /** Stops serving the zone at `key`; false when there was none. Touches only the zones around it. Synchronous. */
  remove(key: NameKey): boolean {
    const zone = this.#zones.get(key);
    if (zone === undefined) return false;
    zone.retire();
    this.#zones.delete(key);
    const reversed = reversedKey(key);
    this.#order.splice(lowerBound(this.#order, reversed), 1);
    this.#byReversed.delete(reversed);
    for (const outer of this.#enclosingKeys(key)) {
      const around = this.#zones.get(outer)!;
      this.#serve(around.data, withPath(around.pathNames, key, outer, -1));
    }
    for (const inner of this.#keysBelow(key)) this.#reserve(inner);
    this.#generation++;
    return true;
  }

  /** Serves every zone in `zones` (replacing ones with the same origins) in one pass over the whole table. */
  setMany(zones: readonly ZoneData[]): void {
    if (zones.length === 0) return;
    if (zones.length < 64) {
      for (const data of zones) this.set(data);
      return;
    }
    const all = new Map<NameKey, ZoneData>([...this.#zones.values()].map((z) => [z.originKey, z.data]));
    for (const data of zones) all.set(data.originKey, data);
    for (const zone of this.#zones.values()) zone.retire();
    this.#zones.clear();
    this.#byReversed.clear();
    const paths = new Map<NameKey, Map<NameKey, number>>();
    for (const key of all.keys()) {
      const reversed = reversedKey(key);
      this.#byReversed.set(reversed, key);
      for (let up = parentKey(key); up !== null; up = parentKey(up)) {
        if (!all.has(up)) continue;
        let path = paths.get(up);
        for (const name of pathBetween(key, up)) {
          if (path === undefined) paths.set(up, (path = new Map()));
          path.set(name, (path.get(name) ?? 0) + 1);
        }
      }
    }
    this.#order.length = 0;
    this.#order.push(...this.#byReversed.keys());
    this.#order.sort();
    const noPaths: ReadonlyMap<NameKey, number> = new Map();
    for (const [key, data] of all) {
      const enclosing: ZoneData[] = [];
      for (let up = parentKey(key); up !== null; up = parentKey(up)) {
        const outer = all.get(up);
        if (outer !== undefined) enclosing.push(outer);
      }
      this.#zones.set(key, new ServedZone(data, enclosing, paths.get(key) ?? noPaths));
    }
    this.#generation++;
  }

  #insertOrigin(key: NameKey): void {
    const reversed = reversedKey(key);
    this.#order.splice(lowerBound(this.#order, reversed), 0, reversed);
    this.#byReversed.set(reversed, key);
  }

  /** Origins we serve that are strict ancestors of `key`, nearest first. */
  #enclosingKeys(key: NameKey): NameKey[] {
    const keys: NameKey[] = [];
    for (let up = parentKey(key); up !== null; up = parentKey(up)) if (this.#zones.has(up)) keys.push(up);
    return keys;
  }

  /** Origins we serve strictly below `key`: one range of the sorted reversed origins. */
  #keysBelow(key: NameKey): NameKey[] {
    const prefix = reversedKey(key);
    const keys: NameKey[] = [];
    for (let i = lowerBound(this.#order, prefix); i < this.#order.length && this.#order[i]!.startsWith(prefix); i++) {
      if (this.#order[i]!.length > prefix.length) keys.push(this.#byReversed.get(this.#order[i]!)!);
    }
    return keys;
  }

  #pathNamesFrom(key: NameKey, below: readonly NameKey[]): Map<NameKey, number> {
    const path = new Map<NameKey, number>();
    for (const inner of below) for (const name of pathBetween(inner, key)) path.set(name, (path.get(name) ?? 0) + 1);
    return path;
  }

  /** Replaces the zone at data.originKey with a fresh ServedZone, retiring the old one. */
  #serve(data: ZoneData, pathNames: ReadonlyMap<NameKey, number>): void {
    const key = data.originKey;
    const old = this.#zones.get(key);
    old?.retire();
    const enclosing = this.#enclosingKeys(key).map((k) => this.#zones.get(k)!.data);
    this.#zones.set(key, new ServedZone(data, enclosing, pathNames));
  }

  /** A zone whose neighbours changed: same data and paths, fresh ServedZone. */
  #reserve(key: NameKey): void {
    const zone = this.#zones.get(key)!;
    this.#serve(zone.data, zone.pathNames);
  }
}

/** `paths` with the names between `inner` and `outer` counted `delta` more times (a copy). */
function withPath(paths: ReadonlyMap<NameKey, number>, inner: NameKey, outer: NameKey, delta: 1 | -1): Map<NameKey, number> {
  const next = new Map(paths);
  for (const name of pathBetween(inner, outer)) {
    const count = (next.get(name) ?? 0) + delta;
    if (count > 0) next.set(name, count);
    else next.delete(name);
  }
  return next;
}

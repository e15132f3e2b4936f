// The set of zones served, swapped as a whole: a query reads one ZoneTable reference and sees
// one consistent generation of every zone (copy-on-write; the loader builds a new table).
//
// NSD keeps every zone in one name tree, so a name that exists in one zone also exists (as
// an empty node) for a zone nested around it: glue a parent holds below a child's apex, and
// the names between a parent's apex and a child apex it does not delegate. The table adds
// such names to each zone as empty "phantom" nodes so lookups see the same tree NSD does.
import type { Name } from '../../shared/dns/name.js';
import { RRType } from '../../shared/dns/rr-type.js';
import { keyIsSubdomain, parentKey } from '../name-key.js';
import type { NameKey } from '../name-key.js';
import type { ZoneIndex, ZoneNode } from './zone-index.js';

export class ZoneTable {
  readonly #zones: ReadonlyMap<NameKey, ZoneIndex>;
  readonly #phantoms = new Map<ZoneIndex, Map<NameKey, ZoneNode>>();

  constructor(zones: Iterable<ZoneIndex> = []) {
    this.#zones = new Map([...zones].map((z) => [z.originKey, z]));
    for (const zone of this.#zones.values()) {
      for (const other of this.#zones.values()) {
        if (other === zone) continue;
        if (keyIsSubdomain(zone.originKey, other.originKey)) {
          // `other` encloses `zone`: its names below our apex exist in the tree.
          for (const key of namesBelow(other, zone.originKey)) this.#addPhantom(zone, key);
        } else if (keyIsSubdomain(other.originKey, zone.originKey)) {
          // `other` is nested in `zone`: the names down to its apex exist in the tree.
          for (let k = parentKey(other.originKey); k !== null && k !== zone.originKey; k = parentKey(k)) this.#addPhantom(zone, k);
        }
      }
    }
  }

  #addPhantom(zone: ZoneIndex, key: NameKey): void {
    if (zone.hasNode(key)) return;
    let phantoms = this.#phantoms.get(zone);
    if (phantoms === undefined) {
      phantoms = new Map();
      this.#phantoms.set(zone, phantoms);
    }
    if (phantoms.has(key)) return;
    const above = this.closestNode(zone, key);
    phantoms.set(key, {
      key,
      rrsets: new Map(),
      order: [],
      wildcard: undefined,
      delegation: above.delegation ?? (above.key !== zone.originKey && above.rrsets.has(RRType.NS) ? above : undefined),
      dnameAbove: above.key === zone.originKey ? undefined : above.rrsets.has(RRType.DNAME) ? above : above.dnameAbove,
    });
  }

  /** The node for `key` in `zone`: its own, or an empty one standing for another zone's name. */
  nodeIn(zone: ZoneIndex, key: NameKey): ZoneNode | undefined {
    return zone.node(key) ?? this.#phantoms.get(zone)?.get(key);
  }

  /** The nearest existing strict ancestor of `key` in `zone` (the apex at worst). */
  closestNode(zone: ZoneIndex, key: NameKey): ZoneNode {
    for (let k = parentKey(key); k !== null; k = parentKey(k)) {
      const node = this.nodeIn(zone, k);
      if (node !== undefined) return node;
      if (k === zone.originKey) break;
    }
    return zone.apex;
  }

  /** The most specific zone whose origin is `key` or an ancestor of it (nested zones: the child). */
  findZone(key: NameKey): ZoneIndex | undefined {
    for (let k: NameKey | null = key; k !== null; k = parentKey(k)) {
      const zone = this.#zones.get(k);
      if (zone !== undefined) return zone;
    }
    return undefined;
  }

  /** The zone whose origin is exactly `key`. */
  zoneAt(key: NameKey): ZoneIndex | undefined {
    return this.#zones.get(key);
  }

  /** The zone enclosing `zone`'s apex from above, when we serve one (RFC 4035 §3.1.4.1 DS). */
  parentOf(zone: ZoneIndex): ZoneIndex | undefined {
    const up = parentKey(zone.originKey);
    return up === null ? undefined : this.findZone(up);
  }

  /** A new table with `zone` added or replaced; this one is unchanged. */
  with(zone: ZoneIndex): ZoneTable {
    return new ZoneTable([...[...this.#zones.values()].filter((z) => z.originKey !== zone.originKey), zone]);
  }

  /** A new table without the zone at `origin`; this one is unchanged. */
  without(origin: Name): ZoneTable {
    return new ZoneTable([...this.#zones.values()].filter((z) => z.origin !== origin));
  }

  get origins(): Name[] {
    return [...this.#zones.values()].map((z) => z.origin);
  }
}

/** Names of `zone` strictly below `apex`, cached per zone index (the scan is linear in its size). */
const belowCache = new WeakMap<ZoneIndex, Map<NameKey, NameKey[]>>();

function namesBelow(zone: ZoneIndex, apex: NameKey): NameKey[] {
  let byApex = belowCache.get(zone);
  if (byApex === undefined) {
    byApex = new Map();
    belowCache.set(zone, byApex);
  }
  let names = byApex.get(apex);
  if (names === undefined) {
    names = [...zone.keys()].filter((k) => k !== apex && keyIsSubdomain(k, apex)).sort((a, b) => a.length - b.length);
    byApex.set(apex, names);
  }
  return names;
}

// The set of zones served, swapped as a whole: a query reads one ZoneTable reference and sees
// one consistent generation of every zone (copy-on-write; the loader builds a new table).
import type { Name } from '../../shared/dns/name.js';
import { parentKey } from '../name-key.js';
import type { NameKey } from '../name-key.js';
import type { ZoneIndex } from './zone-index.js';

export class ZoneTable {
  readonly #zones: ReadonlyMap<NameKey, ZoneIndex>;

  constructor(zones: Iterable<ZoneIndex> = []) {
    this.#zones = new Map([...zones].map((z) => [z.originKey, z]));
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

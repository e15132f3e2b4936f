// One zone as the table serves it: its data, plus what the zones nested around it add.
//
// NSD keeps every zone in one name tree, so a name that exists in one zone also exists (as
// an empty node) for a zone nested around it: glue a parent holds below a child's apex, and
// the names between a parent's apex and a child apex it does not delegate. A ServedZone
// shows those names as empty "phantom" nodes, so lookups see the same tree NSD does; they are
// found on demand (enclosing zones are asked whether they hold the name), so a zone with no
// zones around it pays nothing for them.
//
// Immutable: when the zone or a zone nested around it changes, the table makes a new
// ServedZone and retires this one, which is how answers cached from it are known to be stale.
import { RRType } from '../../shared/dns/rr-type.js';
import { keyIsSubdomain, parentKey } from '../name-key.js';
import type { NameKey } from '../name-key.js';
import type { IndexedRRset, ZoneData, ZoneNode } from './zone-data.js';

const NO_RRSETS: ReadonlyMap<number, IndexedRRset> = new Map();

/** Whether a ServedZone is still the table's; kept apart so that what refers to it does not keep the zone's data alive. */
export interface Currency {
  readonly retired: boolean;
}

export class ServedZone {
  readonly originKey: NameKey;
  readonly #currency = { retired: false };
  readonly #enclosing: readonly ZoneData[];
  readonly #phantoms = new Map<NameKey, ZoneNode>();
  readonly #hasNeighbours: boolean;

  /**
   * `enclosing`: the zones whose origins are strict ancestors of ours, nearest first.
   * `pathNames`: names strictly between our apex and the apex of a zone nested in ours, each
   * counted once per nested zone whose path crosses it.
   */
  constructor(
    readonly data: ZoneData,
    enclosing: readonly ZoneData[],
    readonly pathNames: ReadonlyMap<NameKey, number>,
  ) {
    this.originKey = data.originKey;
    this.#enclosing = enclosing;
    this.#hasNeighbours = enclosing.length > 0 || pathNames.size > 0;
  }

  /** Retired once the table replaced this zone (its data or its neighbours changed). */
  get currency(): Currency {
    return this.#currency;
  }

  /** Marks this zone as replaced (see Currency). */
  retire(): void {
    this.#currency.retired = true;
  }

  get origin() {
    return this.data.origin;
  }

  get apex(): ZoneNode {
    return this.data.apex;
  }

  /** The node for `key` in this zone: its own, or an empty one standing for another zone's name. */
  node(key: NameKey): ZoneNode | undefined {
    const own = this.data.node(key);
    if (own !== undefined || !this.#hasNeighbours) return own;
    return this.#phantom(key);
  }

  /** The nearest existing strict ancestor of `key` in this zone (the apex at worst). */
  closestNode(key: NameKey): ZoneNode {
    for (let k = parentKey(key); k !== null; k = parentKey(k)) {
      const node = this.node(k);
      if (node !== undefined) return node;
      if (k === this.originKey) break;
    }
    return this.data.apex;
  }

  #phantom(key: NameKey): ZoneNode | undefined {
    const known = this.#phantoms.get(key);
    if (known !== undefined) return known;
    if (key === this.originKey || !keyIsSubdomain(key, this.originKey)) return undefined;
    if (!this.pathNames.has(key) && !this.#enclosing.some((zone) => zone.hasNode(key))) return undefined;
    // An empty node inherits the cut and the DNAME above it, as in NSD's shared tree.
    const above = this.closestNode(key);
    const atApex = above.key === this.originKey;
    const phantom: ZoneNode = {
      key,
      rrsets: NO_RRSETS,
      order: [],
      wildcard: undefined,
      delegation: above.delegation ?? (!atApex && above.rrsets.has(RRType.NS) ? above : undefined),
      dnameAbove: atApex ? undefined : above.rrsets.has(RRType.DNAME) ? above : above.dnameAbove,
    };
    this.#phantoms.set(key, phantom);
    return phantom;
  }
}

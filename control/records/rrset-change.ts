// The records domain's value types: one parsed RRset change, and an RRset's stored content.
import type { Name } from '../../shared/dns/name.js';

/** What a change does to the RRset of (name, type). */
export type ChangeAction = 'UPSERT' | 'DELETE';

/**
 * One validated change. `records` are canonical presentation strings (formatRdata) without
 * duplicates. For UPSERT they are the RRset's new content (never empty); for DELETE an empty
 * list removes the whole RRset and a non-empty one removes just those values.
 */
export interface RRsetChange {
  readonly action: ChangeAction;
  readonly name: Name;
  readonly type: number;
  readonly ttl: number;
  readonly records: readonly string[];
}

/** An RRset's content as the domain sees it (the store's RRsetRow without the zone id). */
export interface RRsetData {
  readonly name: Name;
  readonly type: number;
  readonly ttl: number;
  readonly records: readonly string[];
}

// The record model both sides share: an RRset is every record of one name and type (class IN).
import type { Name } from './name.js';

/**
 * One RRset. `rdata` holds each record's RDATA in uncompressed wire form, without duplicates
 * (RFC 2181 §5), in the order they were given. All records of a set share one TTL (RFC 2181 §5.2).
 */
export interface RRset {
  readonly name: Name;
  readonly type: number;
  readonly ttl: number;
  readonly rdata: readonly Buffer[];
  /**
   * RRSIG RDATA over this RRset (RFC 4034 §3), when its zone is signed: they travel with the
   * RRset, so a change that replaces the RRset replaces its signatures, and they share its TTL
   * (RFC 4035 §2.2).
   */
  readonly signatures?: readonly Buffer[];
}

/** A zone's complete content: its origin and its RRsets, the apex SOA among them. */
export interface ZoneContent {
  readonly origin: Name;
  readonly rrsets: readonly RRset[];
}

// When an ALIAS target is resolved again: before what was served from it expires.
import type { AliasAddresses } from './resolve-alias.js';

/** Never sooner than this, however low the target's TTL: the resolver walks from the root each time. */
export const MIN_REFRESH_MS = 30_000;
/** After a failed resolution, when to try again (the addresses served stay as they were). */
export const RETRY_MS = 60_000;

/**
 * Three quarters into the TTL the addresses are served with, so resolvers holding them are
 * refreshed from current data; 0 (as soon as possible) when nothing was resolved yet.
 */
export function aliasRefreshAt(now: number, addresses: AliasAddresses | undefined): number {
  if (addresses === undefined) return 0;
  return now + Math.max(MIN_REFRESH_MS, addresses.ttl * 750);
}
